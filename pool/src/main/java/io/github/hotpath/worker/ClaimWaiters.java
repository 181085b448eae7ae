package io.github.hotpath.worker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Claimers that wait for a free job, and the handshake that wakes exactly one of them each time a job is freed,
 * with no lost wake-up.
 *
 * <h2>Protocol</h2>
 * A waiter ({@link #awaitFreeSlot}) counts itself, registers in one of {@value #SLOTS} slots, and only then polls the
 * free queue; a thread that frees a job offers it and only then reads the count (a Dekker pair: either the waiter's
 * poll sees the job, or the freeing thread sees the waiter). To wake one, the freeing thread takes a registered
 * waiter <em>out of its slot</em> by compare-and-set and unparks it: that waiter now owes the pool a look at the free
 * queue. A woken waiter that finds the job already taken registers again and polls again before it parks. A waiter
 * that leaves without a job (timeout, interrupt) and finds that it was taken out of its slot passes the wake-up on
 * ({@link #leave}), so a job freed for a waiter that gave up at the same moment wakes another. A waiter that finds
 * every slot taken polls at a bounded interval instead ({@link #UNREGISTERED_POLL_NANOS}).
 *
 * <p>Waiting here is a blocking wait with a deadline and a waker, like a {@code Condition}'s, not a backoff: it
 * parks with {@code LockSupport}, which allocates nothing on platform threads. On a virtual thread (JDK 21+),
 * parking unmounts it and the JDK's scheduler allocates (see {@link ConcurrentWorkerPool}'s allocation section).
 */
final class ClaimWaiters {
    /** Registered waiters, each of which a freed job can wake directly. */
    static final int SLOTS = 16;
    /** A waiter that found no slot polls at this interval instead of waiting to be woken. */
    static final long UNREGISTERED_POLL_NANOS = 100_000;

    private final AtomicReferenceArray<Thread> slots = new AtomicReferenceArray<>(SLOTS);
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * Waits for a free job and claims it for the calling thread.
     *
     * @param jobs        the pool's jobs.
     * @param runState    the pool's run state: a shutdown ends the wait with an exception.
     * @param callerRuns  runs queued jobs on the caller while it waits (CALLER_RUNS), or null (WAIT).
     * @param timeoutNanos the longest wait.
     * @return the slot of the claimed job, or -1 if the wait timed out or the calling thread is interrupted.
     * @throws IllegalStateException if the pool is shut down.
     */
    int awaitFreeSlot(final JobSlots<?> jobs, final RunState runState, final JobRunner<?> callerRuns,
                      final long timeoutNanos) {
        final Thread me = Thread.currentThread();
        final long start = System.nanoTime();
        int registered = enter(me);
        int slot = -1;
        try {
            for (;;) {
                // Shut down first: a claimer woken by shutdown() must not take a job freed at the same moment.
                if (!runState.accepting()) {
                    throw new IllegalStateException("cannot claim: the worker pool has been shut down");
                }
                slot = jobs.claimFree();
                if (slot >= 0) {
                    return slot;
                }
                if (me.isInterrupted()) {
                    return -1; // before running a queued job: a handler must not start with a stray interrupt
                }
                if (callerRuns != null && callerRuns.runQueuedJobOnCaller()) {
                    continue;
                }
                final long remaining = timeoutNanos - (System.nanoTime() - start);
                if (remaining <= 0) {
                    return -1;
                }
                if (registered >= 0 && slots.get(registered) != me) {
                    registered = register(me); // woken for a job another claimer took: register, then poll again
                    continue;
                }
                if (registered < 0 && (registered = register(me)) >= 0) {
                    continue; // a slot came free: registered, so poll again before parking
                }
                LockSupport.parkNanos(this,
                    registered < 0 ? Math.min(remaining, UNREGISTERED_POLL_NANOS) : remaining);
            }
        } finally {
            leave(registered, me, slot >= 0);
        }
    }

    /** Counts a thread as waiting and registers it; returns its slot, or -1 if every slot is taken. */
    int enter(final Thread me) {
        waiting.getAndIncrement();
        return register(me);
    }

    /** Registers a waiting thread in a free slot; returns it, or -1 if every slot is taken. */
    private int register(final Thread me) {
        for (int i = 0; i < SLOTS; i++) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, me)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Deregisters a waiter that stops waiting; if it leaves without a job although a freed job woke it, wakes
     * another waiter in its place.
     */
    void leave(final int slot, final Thread me, final boolean gotJob) {
        final boolean woken = slot >= 0 && !slots.compareAndSet(slot, me, null);
        waiting.getAndDecrement();
        if (woken && !gotJob) {
            wakeOne(slot + 1);
        }
    }

    /** The thread registered in {@code slot}, or null (for tests). */
    Thread waiterAt(final int slot) {
        return slots.get(slot);
    }

    /** Called after a job was made free: wakes one registered waiter, if any waits. */
    void jobFreed(final int hint) {
        if (waiting.get() > 0) {
            wakeOne(hint);
        }
    }

    /** Takes one registered waiter out of its slot, starting the search at {@code hint}, and unparks it. */
    private void wakeOne(final int hint) {
        for (int i = 0; i < SLOTS; i++) {
            final int s = (hint + i) & (SLOTS - 1);
            final Thread t = slots.get(s);
            if (t != null && slots.compareAndSet(s, t, null)) {
                LockSupport.unpark(t);
                return;
            }
        }
    }

    /** Unparks every registered waiter without taking it out of its slot (they see the shutdown for themselves). */
    void wakeAll() {
        for (int i = 0; i < SLOTS; i++) {
            final Thread t = slots.get(i);
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
