package io.github.hotpath.worker;

import io.github.hotpath.core.Backoff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starting, shutting down, terminating and settling a worker pool: the parts of its life that wait for the workers
 * rather than hand jobs to them. See {@link ConcurrentWorkerPool}'s "Shutdown" section for the contract.
 */
final class Lifecycle<J> {
    /** How often the exit hook looks for a job that calls {@code System.exit} while it waits. */
    private static final long EXIT_CHECK_MILLIS = 50;
    /** How {@link #awaitSettled} waits for the workers: it is for tests and monitors, not for hot paths. */
    private static final Backoff SETTLE_WAIT =
        Backoff.spinYieldPark(100, 20, Duration.ofNanos(10_000), Duration.ofMillis(1));
    /** How {@link #shutdownNow()} waits for a submit that is between its state change and its offer. */
    private static final Backoff HANDOVER_WAIT =
        Backoff.spinYieldPark(0, 20, Duration.ofNanos(50_000), Duration.ofNanos(50_000));

    private final Worker<J>[] workers;
    private final JobSlots<J> slots;
    private final RunState runState;
    private final IdleWorkers idle;
    private final ClaimWaiters waiters;
    private final JobRunner<J> runner;
    private final PoolCounters counters;
    private final ExitHook exitHook;
    /** The bound of each of {@link #close()}'s two waits. */
    private final long closeTimeoutNanos;
    /** Serialises {@link #shutdownNow()}; private, so no user code can hold it. */
    private final ReentrantLock shutdownNowLock = new ReentrantLock();
    /** The thread taking jobs back in {@link #shutdownNow()} (it runs their reset actions), else null. */
    private volatile Thread takingBack;

    Lifecycle(final Worker<J>[] workers, final JobSlots<J> slots, final RunState runState, final IdleWorkers idle,
              final ClaimWaiters waiters, final JobRunner<J> runner, final PoolCounters counters,
              final ExitHook exitHook, final long closeTimeoutNanos) {
        this.workers = workers;
        this.slots = slots;
        this.runState = runState;
        this.idle = idle;
        this.waiters = waiters;
        this.runner = runner;
        this.counters = counters;
        this.exitHook = exitHook;
        this.closeTimeoutNanos = closeTimeoutNanos;
    }

    /** Registers the exit hook and starts the workers; if one fails to start, stops the others and rethrows. */
    void start() {
        exitHook.register();
        try {
            for (final Worker<J> w : workers) {
                w.thread().start();
            }
        } catch (final RuntimeException | Error e) {
            exitHook.remove();
            shutdownNow(); // the caller never gets this pool: the workers already started must not run for ever
            throw e;
        }
    }

    void shutdown() {
        runState.shutdown();
        idle.wakeAll();
        waiters.wakeAll();
    }

    long shutdownNow() {
        shutdownNowLock.lock();
        try {
            return takeBack();
        } finally {
            shutdownNowLock.unlock();
        }
    }

    /**
     * {@link #shutdownNow()} for the exit hook, which must not wait for ever: a take-back in progress on another
     * thread may be stuck (a reset action or error handler of it that called {@code System.exit} waits in the exit
     * for this very hook). Gives up after {@code timeoutNanos}; returns whether it took back.
     */
    private boolean shutdownNowAtExit(final long timeoutNanos) throws InterruptedException {
        if (!shutdownNowLock.tryLock(Math.max(timeoutNanos, 0), TimeUnit.NANOSECONDS)) {
            return false;
        }
        try {
            takeBack();
            return true;
        } finally {
            shutdownNowLock.unlock();
        }
    }

    /** The body of {@link #shutdownNow()}, under its lock. */
    private long takeBack() {
        // Announced before STOP: the workers end only once this take-back has counted every job it took.
        runState.enterOutsideRun();
        final Thread outer = takingBack; // this thread too, if a reset action of its take-back called it
        takingBack = Thread.currentThread();
        try {
            runState.stop();
            for (final Worker<J> w : workers) {
                w.thread().interrupt();
            }
            waiters.wakeAll();
            long count = 0;
            int step = 0;
            for (;;) {
                final int slot = slots.takeQueued();
                if (slot >= 0) {
                    runner.resetOnly(slot);
                    counters.notRun();
                    runner.free(slot);
                    count++;
                } else if (slots.anyQueued()) {
                    step = HANDOVER_WAIT.idle(step); // a submit between its state change and its offer
                } else {
                    return count;
                }
            }
        } finally {
            takingBack = outer;
            runState.exitOutsideRun();
        }
    }

    boolean awaitTermination(final long timeoutNanos) throws InterruptedException {
        if (runsJobs(Thread.currentThread())) {
            return false; // a worker cannot see itself end
        }
        final long start = System.nanoTime();
        for (final Worker<J> w : workers) {
            final long remaining = timeoutNanos - (System.nanoTime() - start);
            if (remaining > 0) {
                TimeUnit.NANOSECONDS.timedJoin(w.thread(), remaining);
            }
            if (w.thread().isAlive()) {
                return false;
            }
        }
        return true;
    }

    boolean isTerminated() {
        for (final Worker<J> w : workers) {
            if (w.thread().isAlive()) {
                return false;
            }
        }
        return true;
    }

    void close() {
        shutdown();
        if (runsJobs(Thread.currentThread())) {
            return; // a handler cannot wait for its own worker to end: the workers run the accepted jobs, then end
        }
        try {
            if (!awaitTermination(closeTimeoutNanos)) {
                shutdownNow();
                awaitTermination(closeTimeoutNanos);
            }
        } catch (final InterruptedException e) {
            shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The exit hook's action: close (within twice the close timeout, as {@link #close()}), and say on stderr if
     * accepted jobs did not run before the JVM exits. A job of the pool that called {@code System.exit} never ends:
     * its thread waits in the exit for the hooks, this one among them. The hook then waits only for the other jobs,
     * and if no worker is left to run the queue (the one worker is that thread), a thread of its own runs it.
     */
    void closeAtExit() {
        final long notRunBefore = counters.notRunCount();
        final long start = System.nanoTime();
        final long bound = closeTimeoutNanos > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * closeTimeoutNanos;
        boolean exitSeen = false;
        boolean othersDone = true;
        shutdown();
        try {
            // As close(), but watching for a job that calls System.exit, perhaps only after the exit began.
            exitSeen = awaitTerminationOrExit(start, closeTimeoutNanos);
            if (!exitSeen && !isTerminated()) {
                shutdownNowAtExit(bound - (System.nanoTime() - start));
                exitSeen = awaitTerminationOrExit(start, bound);
            }
            if (exitSeen) {
                // As close(): the queue runs for one close timeout (a log service's exit hook waits as long for
                // the jobs to log), then what is still queued is taken back, and the running jobs get the rest.
                othersDone = awaitAllButTheExiting(start, closeTimeoutNanos, true);
                if (!othersDone && slots.anyQueued()) {
                    shutdownNowAtExit(bound - (System.nanoTime() - start));
                }
                if (!othersDone) {
                    othersDone = awaitAllButTheExiting(start, bound, false);
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        final long queued = slots.queuedCount(); // left queued: a take-back could not run
        final long lost = counters.notRunCount() - notRunBefore + queued;
        final boolean stillRunning = exitSeen ? !othersDone : !isTerminated();
        if (lost > 0 || stillRunning) {
            System.err.println("hotpath worker pool (worker " + workers[0].thread().getName() + "): the JVM exits"
                + " and the pool was not closed; " + lost + " accepted job(s) did not run within the close timeout"
                + (stillRunning ? ", and a job is still running" : ""));
        }
    }

    /**
     * Waits until every worker has ended, or {@code timeoutNanos} after {@code start}, checking every
     * {@value #EXIT_CHECK_MILLIS} ms whether a thread of the pool calls {@code System.exit}: true (at once) if one
     * does.
     */
    private boolean awaitTerminationOrExit(final long start, final long timeoutNanos) throws InterruptedException {
        final long slice = TimeUnit.MILLISECONDS.toNanos(EXIT_CHECK_MILLIS);
        while (true) {
            final long remaining = timeoutNanos - (System.nanoTime() - start);
            if (awaitTermination(Math.min(Math.max(remaining, 0), slice))) {
                return false;
            }
            if (!threadsCallingExit().isEmpty()) {
                return true;
            }
            if (remaining <= 0) {
                return false;
            }
        }
    }

    /**
     * Waits until every accepted job has run but those of the threads calling {@code System.exit} (their own, and
     * jobs their handlers run nested under CALLER_RUNS), or {@code timeoutNanos} after {@code start}; looks for such
     * threads again on each step (a second may come). If no worker can run the queue, starts a thread that does.
     *
     * @return true if nothing else is left queued or running.
     */
    private boolean awaitAllButTheExiting(final long start, final long timeoutNanos, final boolean mayDrain)
        throws InterruptedException {
        boolean drainStarted = !mayDrain;
        int step = 0;
        while (true) {
            final List<Thread> exiting = threadsCallingExit();
            int theirs = 0;
            final Thread back = takingBack;
            for (final Thread t : exiting) {
                theirs += (isWorker(t) ? 1 : 0) + runner.jobsRunOnCallerBy(t) + (t == back ? 1 : 0);
            }
            if (inFlightCount() <= theirs) {
                return true;
            }
            if (!drainStarted && slots.anyQueued() && noWorkerCanRunTheQueue(exiting)) {
                final Thread drain = new Thread(() -> {
                    while (runner.runQueuedJobAtExit()) {
                        // one job after another, until none is queued
                    }
                }, workers[0].thread().getName() + "-exit-drain");
                drain.setDaemon(true);
                drain.start();
                drainStarted = true;
            }
            step = settleStep(step, start, timeoutNanos);
            if (step < 0) {
                return false;
            }
        }
    }

    /** Whether every worker has ended or is one of the threads calling {@code System.exit}. */
    private boolean noWorkerCanRunTheQueue(final List<Thread> exiting) {
        for (final Worker<J> w : workers) {
            if (w.thread().isAlive() && !exiting.contains(w.thread())) {
                return false;
            }
        }
        return true;
    }

    private int inFlightCount() {
        int n = 0;
        for (int slot = 0; slot < slots.capacity(); slot++) {
            if (slots.inFlight(slot)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The threads, among the workers and the claimers running a job of this pool, that are inside
     * {@code System.exit} (or {@code Runtime.exit}): each waits there for the exit hooks, this pool's among them.
     * Reads stack traces: for the exit hook only.
     */
    private List<Thread> threadsCallingExit() {
        final List<Thread> exiting = new ArrayList<>();
        for (final Worker<J> w : workers) {
            if (isCallingExit(w.thread())) {
                exiting.add(w.thread());
            }
        }
        for (final Thread t : runner.callerRunners()) {
            if (!exiting.contains(t) && isCallingExit(t)) {
                exiting.add(t);
            }
        }
        final Thread back = takingBack; // a reset action or error handler of a take-back may call it
        if (back != null && !exiting.contains(back) && isCallingExit(back)) {
            exiting.add(back);
        }
        return exiting;
    }

    private static boolean isCallingExit(final Thread t) {
        if (t == null || !t.isAlive()) {
            return false;
        }
        for (final StackTraceElement frame : t.getStackTrace()) {
            if ("java.lang.Shutdown".equals(frame.getClassName()) && "exit".equals(frame.getMethodName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits until every job accepted before the call has been completed, failed or counted as not run: first until
     * the queue's consumer has passed every such job (the queue is FIFO), then until no job taken by then is still
     * queued or running, and every job no thread holds is back in the free queue (so that a {@code metrics()} taken
     * after it counts nothing in flight when nothing else runs). Conservative: a job accepted after the call and in
     * flight in the same slot is waited for too, so under continuous load it may wait longer (never returns early).
     */
    boolean awaitSettled(final long timeoutNanos) throws InterruptedException {
        if (runsJobs(Thread.currentThread())) {
            return false; // the calling worker's own job was accepted before the call and is still running
        }
        final long start = System.nanoTime();
        final long target = slots.accepted();
        int step = 0;
        while (slots.taken() < target) {
            step = settleStep(step, start, timeoutNanos);
            if (step < 0) {
                return false;
            }
        }
        final int capacity = slots.capacity();
        for (int slot = 0; slot < capacity; slot++) {
            while (slots.inFlight(slot)) {
                step = settleStep(step, start, timeoutNanos);
                if (step < 0) {
                    return false;
                }
            }
        }
        while (!slots.recycled()) { // the last jobs are between their FREE mark and the free queue
            step = settleStep(step, start, timeoutNanos);
            if (step < 0) {
                return false;
            }
        }
        return true;
    }

    private static int settleStep(final int step, final long start, final long timeoutNanos)
        throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting for the worker pool to settle");
        }
        if (System.nanoTime() - start >= timeoutNanos) {
            return -1;
        }
        return SETTLE_WAIT.idle(step);
    }

    /**
     * Whether {@code t} runs this pool's jobs or their reset actions: a worker, a claimer running one under
     * CALLER_RUNS, or the thread taking jobs back in {@link #shutdownNow()}. Such a thread cannot wait for the pool
     * to terminate or settle: its own work is part of what it would wait for.
     */
    private boolean runsJobs(final Thread t) {
        return isWorker(t) || runner.isRunningOnCaller(t) || t == takingBack;
    }

    boolean isWorker(final Thread t) {
        for (final Worker<J> w : workers) {
            if (w.thread() == t) {
                return true;
            }
        }
        return false;
    }
}
