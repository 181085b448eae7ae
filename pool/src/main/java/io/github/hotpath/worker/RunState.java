package io.github.hotpath.worker;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a worker pool accepts jobs, and which threads other than its workers may still be taking or handling
 * queued jobs. The workers end only when the pool is shut down, nothing accepted is left queued and no such outside
 * run is in progress, so that termination means every accepted job has been counted.
 *
 * <p>Each outside run (a CALLER_RUNS claimer running a queued job, {@code shutdownNow()} taking jobs back) announces
 * itself in {@link #enterOutsideRun()} <em>before</em> it reads the run state, and a worker that decides to end reads
 * the run state <em>before</em> {@link #noOutsideRuns()}: a Dekker pair, so either the worker sees the run and waits
 * for it, or the run sees the shutdown and takes nothing.
 */
final class RunState {
    /** Claims and submits are accepted. */
    static final int ACCEPTING = 0;
    /** Shut down: no new jobs; the workers run every accepted job, then end. */
    static final int SHUTDOWN = 1;
    /** Shut down now: queued jobs are taken back without running; the workers end after their current job. */
    static final int STOP = 2;

    private final AtomicInteger state = new AtomicInteger(ACCEPTING);
    private final AtomicInteger outsideRuns = new AtomicInteger();

    int get() {
        return state.get();
    }

    boolean accepting() {
        return state.get() == ACCEPTING;
    }

    /** Moves from ACCEPTING to SHUTDOWN; no effect in any other state. */
    void shutdown() {
        state.compareAndSet(ACCEPTING, SHUTDOWN);
    }

    /** Moves to STOP, whatever the state. */
    void stop() {
        state.set(STOP);
    }

    void enterOutsideRun() {
        outsideRuns.getAndIncrement();
    }

    void exitOutsideRun() {
        outsideRuns.getAndDecrement();
    }

    boolean noOutsideRuns() {
        return outsideRuns.get() == 0;
    }
}
