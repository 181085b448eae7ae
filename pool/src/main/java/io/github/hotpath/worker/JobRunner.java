package io.github.hotpath.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a taken job through the user's code and frees it: the handler, then the reset action, each failure passed to
 * the error handler (a job whose reset threw is replaced by a new one: see {@link JobSlots#replace}); then the job
 * goes back to the free queue and one waiting claimer is woken. The same for a worker, a CALLER_RUNS claimer
 * ({@link #runQueuedJobOnCaller()}) and a take-back; each counts the outcome between running and freeing, so that a
 * job seen free has been counted.
 */
final class JobRunner<J> {
    private final JobHandler<? super J> handler;
    private final Consumer<? super J> resetAction;
    private final JobErrorHandler<? super J> errorHandler;
    private final JobSlots<J> slots;
    private final ClaimWaiters waiters;
    private final RunState runState;
    private final PoolCounters counters;
    /**
     * By slot, the claimer running that slot's job under CALLER_RUNS, else null: so that a handler run there that
     * closes (or awaits) its own pool is known not to wait for itself. Written and read by that claimer only (a
     * thread finds itself only where it wrote itself).
     */
    private final Thread[] onCaller;

    JobRunner(final JobHandler<? super J> handler, final Consumer<? super J> resetAction,
              final JobErrorHandler<? super J> errorHandler, final JobSlots<J> slots, final ClaimWaiters waiters,
              final RunState runState, final PoolCounters counters) {
        this.handler = handler;
        this.resetAction = resetAction;
        this.errorHandler = errorHandler;
        this.slots = slots;
        this.waiters = waiters;
        this.runState = runState;
        this.counters = counters;
        this.onCaller = new Thread[slots.capacity()];
    }

    /**
     * CALLER_RUNS: takes one queued job and runs it on the calling thread, unless the pool is shut down (the
     * Dekker pair of {@link RunState}: announced before the run state is read).
     *
     * @return true if a job ran.
     */
    boolean runQueuedJobOnCaller() {
        return runQueuedJob(true);
    }

    /**
     * For the exit hook, when no worker is left to run the queue (each has ended or is the thread calling
     * {@code System.exit}): as {@link #runQueuedJobOnCaller()}, after shutdown too.
     *
     * @return true if a job ran.
     */
    boolean runQueuedJobAtExit() {
        return runQueuedJob(false);
    }

    private boolean runQueuedJob(final boolean onlyWhileAccepting) {
        runState.enterOutsideRun();
        try {
            if (onlyWhileAccepting && !runState.accepting()) {
                return false;
            }
            final int slot = slots.takeQueued();
            if (slot < 0) {
                return false;
            }
            onCaller[slot] = Thread.currentThread();
            final boolean ok;
            try {
                ok = run(slot);
            } finally {
                onCaller[slot] = null;
            }
            counters.ranOnCaller(ok);
            free(slot);
            return true;
        } finally {
            runState.exitOutsideRun();
        }
    }

    /** The claimers running a queued job now (CALLER_RUNS), each once per job; for the exit hook. */
    List<Thread> callerRunners() {
        final List<Thread> running = new ArrayList<>();
        for (final Thread t : onCaller) { // read from another thread: a racy view, enough for the exit hook
            if (t != null) {
                running.add(t);
            }
        }
        return running;
    }

    /** How many queued jobs {@code t} is running as a claimer (CALLER_RUNS, nested ones included). */
    int jobsRunOnCallerBy(final Thread t) {
        int n = 0;
        for (final Thread runner : onCaller) {
            if (runner == t) {
                n++;
            }
        }
        return n;
    }

    /** Whether {@code t} is a claimer running a queued job (CALLER_RUNS), perhaps nested in the handler of another. */
    boolean isRunningOnCaller(final Thread t) {
        return jobsRunOnCallerBy(t) > 0;
    }

    /**
     * Handles and resets the job in {@code slot} (RUNNING); does not free it.
     *
     * @return true if neither the handler nor the reset action threw.
     */
    boolean run(final int slot) {
        final J job = slots.job(slot);
        boolean ok = true;
        try {
            handler.handle(job);
        } catch (final Throwable t) {
            ok = false;
            report(job, t);
        }
        return reset(slot, job, ok) && ok; // a reset that fails after a failed handler is not reported twice
    }

    /**
     * Resets the job in {@code slot} without running it (cancelled, refused or taken back); does not free it.
     *
     * @return true if the reset action did not throw.
     */
    boolean resetOnly(final int slot) {
        return reset(slot, slots.job(slot), true);
    }

    /** Makes the job in {@code slot} free and wakes one waiting claimer. */
    void free(final int slot) {
        slots.free(slot);
        waiters.jobFreed(slot);
    }

    /**
     * Resets the job; if the reset action throws, the job, perhaps half reset, is replaced by a new one from the
     * factory so that no claimer gets it. Should the factory fail too, that failure is reported as well and the old
     * job is recycled as the reset left it: the pool keeps its capacity and nothing waits for a job that is gone.
     */
    private boolean reset(final int slot, final J job, final boolean reportFailure) {
        try {
            resetAction.accept(job);
            return true;
        } catch (final Throwable t) {
            if (reportFailure) {
                report(job, t);
            }
            try {
                slots.replace(slot);
            } catch (final Throwable factoryFailure) {
                report(job, factoryFailure);
            }
            return false;
        }
    }

    private void report(final J job, final Throwable error) {
        try {
            errorHandler.onError(job, error);
        } catch (final Throwable ignored) {
            // A faulty error handler must not kill a worker; the failure is counted all the same.
        }
    }
}
