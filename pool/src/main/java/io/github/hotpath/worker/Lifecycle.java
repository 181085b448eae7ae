package io.github.hotpath.worker;

import io.github.hotpath.core.Backoff;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
    private final Object shutdownNowLock = new Object();

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
        synchronized (shutdownNowLock) {
            // Announced before STOP: the workers end only once this take-back has counted every job it took.
            runState.enterOutsideRun();
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
                runState.exitOutsideRun();
            }
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
     * The exit hook's action: close, and say on stderr if accepted jobs did not run before the JVM exits. If one of
     * the pool's own jobs called {@code System.exit}, its thread waits in the exit for this hook and never ends its
     * job: the hook then lets the other workers run the queue, up to the close timeout, without waiting for it.
     */
    void closeAtExit() {
        final long notRunBefore = counters.notRunCount();
        Thread exiting = null;
        shutdown();
        try {
            // As close(), but watching for a job that calls System.exit, perhaps only after the exit began.
            exiting = awaitTerminationOrExit(closeTimeoutNanos);
            if (exiting == null && !isTerminated()) {
                shutdownNow();
                exiting = awaitTerminationOrExit(closeTimeoutNanos);
            }
            if (exiting != null) {
                awaitAllButItsOwn(exiting, closeTimeoutNanos);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (exiting != null && slots.anyQueued()) {
            shutdownNow();
        }
        final long lost = counters.notRunCount() - notRunBefore;
        final boolean stillRunning = exiting == null && !isTerminated();
        if (lost > 0 || stillRunning) {
            System.err.println("hotpath worker pool (worker " + workers[0].thread().getName() + "): the JVM exits"
                + " and the pool was not closed; " + lost + " accepted job(s) did not run within the close timeout"
                + (stillRunning ? ", and a worker is still running a job" : ""));
        }
    }

    /**
     * Waits until every worker has ended, or the timeout, checking every {@value #EXIT_CHECK_MILLIS} ms whether one
     * of the pool's threads calls {@code System.exit}; returns that thread (then it stops waiting), or null.
     */
    private Thread awaitTerminationOrExit(final long timeoutNanos) throws InterruptedException {
        final long start = System.nanoTime();
        while (true) {
            final long remaining = timeoutNanos - (System.nanoTime() - start);
            if (awaitTermination(Math.min(Math.max(remaining, 0), TimeUnit.MILLISECONDS.toNanos(EXIT_CHECK_MILLIS)))) {
                return null;
            }
            final Thread exiting = threadCallingExit();
            if (exiting != null || remaining <= 0) {
                return exiting;
            }
        }
    }

    /**
     * The thread, among the workers and the claimers running a job of this pool, that is inside
     * {@code System.exit} (or {@code Runtime.exit}): it waits there for the exit hooks, this pool's among them. Null
     * if none. Reads stack traces: for the exit hook only.
     */
    private Thread threadCallingExit() {
        for (final Worker<J> w : workers) {
            if (isCallingExit(w.thread())) {
                return w.thread();
            }
        }
        for (final Thread t : runner.callerRunners()) {
            if (isCallingExit(t)) {
                return t;
            }
        }
        return null;
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
     * Waits until every accepted job has run but those {@code exiting} is running (its own, and jobs its handler runs
     * nested under CALLER_RUNS), or the timeout.
     */
    private void awaitAllButItsOwn(final Thread exiting, final long timeoutNanos) throws InterruptedException {
        final int its = (isWorker(exiting) ? 1 : 0) + runner.jobsRunOnCallerBy(exiting);
        final long start = System.nanoTime();
        int step = 0;
        while (inFlightCount() > its && step >= 0) {
            step = settleStep(step, start, timeoutNanos);
        }
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
     * Whether {@code t} runs this pool's jobs: a worker, or a claimer running one under CALLER_RUNS. Such a thread
     * cannot wait for the pool to terminate or settle: its own job is part of what it would wait for.
     */
    private boolean runsJobs(final Thread t) {
        return isWorker(t) || runner.isRunningOnCaller(t);
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
