package io.github.hotpath.worker;

import io.github.hotpath.core.Backoff;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The handshake between producers and idle workers: who is searching the queue, who is parked, and who wakes whom,
 * so that a submitted job is never left queued beside parked workers, and a producer pays for an unpark only when
 * no worker is awake to take its job.
 *
 * <h2>Protocol</h2>
 * A worker that finds the queue empty counts itself <em>searching</em> and idles through its {@link Backoff}; while
 * any worker searches, a producer wakes nobody (that worker takes the job, or re-checks the queue when it stops
 * searching and passes a wake-up on: {@link #stopSearching()}). Before a step of the backoff that parks, the worker
 * stops searching, counts itself idle, raises its parked flag, re-checks the queue and only then parks. A producer
 * offers its job and then reads the two counts ({@link #jobQueued()}): the offer's CAS and the worker's count
 * increment are ordered in the synchronization order, so one of the two sides sees the other (a Dekker pair).
 * A waker lowers a worker's flag by compare-and-set before it unparks it, so each parked worker is woken once and
 * the idle count matches the raised flags.
 */
final class IdleWorkers {
    private final Worker<?>[] workers;
    private final JobSlots<?> slots;
    private final RunState runState;
    private final AtomicInteger idle = new AtomicInteger();
    private final AtomicInteger searching = new AtomicInteger();

    IdleWorkers(final Worker<?>[] workers, final JobSlots<?> slots, final RunState runState) {
        this.workers = workers;
        this.slots = slots;
        this.runState = runState;
    }

    /** Called by a producer after it queued a job: wakes a parked worker unless one is awake on the queue. */
    void jobQueued() {
        if (searching.get() == 0 && idle.get() > 0) {
            wakeOne();
        }
    }

    /** A worker found the queue empty: from now on producers may skip waking anybody. */
    void startSearching() {
        searching.getAndIncrement();
    }

    /**
     * A worker stops searching (it took a job, or it is about to park): the last searcher to stop takes over the
     * wake-ups that producers skipped while it searched, so a job queued beside a parked worker wakes it (fan-in
     * handlers, where one job waits for another, depend on it).
     */
    void stopSearching() {
        if (searching.decrementAndGet() == 0 && idle.get() > 0 && !slots.queueEmpty()) {
            wakeOne();
        }
    }

    /**
     * Announces that {@code worker} parks, re-checks the queue, and parks it for the backoff's step if the queue is
     * still empty and the pool still accepting; the worker must have stopped searching.
     *
     * @return the backoff step to continue from.
     */
    int park(final Worker<?> worker, final int step, final Backoff backoff) {
        announce(worker);
        int next = step;
        // Re-check after announcing: a producer that offered before seeing the announcement is seen here.
        if (slots.queueEmpty() && runState.accepting()) {
            worker.countPark();
            next = backoff.idle(step);
        }
        if (worker.lowerParkedFlag()) {
            idle.getAndDecrement(); // did not park, or woken by shutdown, an interrupt, the backoff's timeout
        }
        if (runState.accepting()) {
            Thread.interrupted(); // an interrupt aimed at a handler must not turn parking into spinning
        }
        return next;
    }

    /** Counts {@code worker} idle and raises its parked flag: from now on a waker may wake it. */
    void announce(final Worker<?> worker) {
        // Count first, then raise the flag: a waker that succeeds on the flag then always decrements this worker's
        // own count, never that of another parked worker. A producer that reads the count before the flag is up
        // wakes nobody, but the re-check in park() sees its job.
        idle.getAndIncrement();
        worker.raiseParkedFlag();
    }

    private void wakeOne() {
        for (final Worker<?> w : workers) {
            if (w.lowerParkedFlag()) {
                idle.getAndDecrement();
                w.countWakeUp();
                LockSupport.unpark(w.thread());
                return;
            }
        }
    }

    /** Unparks every worker (shutdown): each re-reads the run state. */
    void wakeAll() {
        for (final Worker<?> w : workers) {
            LockSupport.unpark(w.thread());
        }
    }
}
