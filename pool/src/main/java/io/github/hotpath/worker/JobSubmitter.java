package io.github.hotpath.worker;

/**
 * The producer side of a worker pool: claiming a job (and, when none is free, the pool's {@link FullPolicy}),
 * submitting it and cancelling it, each a move of {@link JobSlots}' state machine plus the wake-up it owes: a
 * submit wakes an idle worker ({@link IdleWorkers#jobQueued()}), a cancel a waiting claimer (through
 * {@link JobRunner#free(int)}). Any thread; allocates nothing but the exceptions of misuse and of a shut-down pool.
 */
final class JobSubmitter<J> {
    private final JobSlots<J> slots;
    private final RunState runState;
    private final IdleWorkers idle;
    private final ClaimWaiters waiters;
    private final JobRunner<J> runner;
    private final PoolCounters counters;
    private final FullPolicy whenFull;
    private final long waitTimeoutNanos;

    JobSubmitter(final JobSlots<J> slots, final RunState runState, final IdleWorkers idle, final ClaimWaiters waiters,
                 final JobRunner<J> runner, final PoolCounters counters, final FullPolicy whenFull,
                 final long waitTimeoutNanos) {
        this.slots = slots;
        this.runState = runState;
        this.idle = idle;
        this.waiters = waiters;
        this.runner = runner;
        this.counters = counters;
        this.whenFull = whenFull;
        this.waitTimeoutNanos = waitTimeoutNanos;
    }

    /**
     * Claims a job for the calling thread; returns its slot, or -1 (counted) if the pool pushed back.
     *
     * @throws IllegalStateException if the pool has been shut down.
     */
    int claim() {
        if (!runState.accepting()) {
            throw shutDown("claim");
        }
        int slot = slots.claimFree();
        if (slot < 0) {
            slot = whenFull == FullPolicy.REJECT ? -1
                : waiters.awaitFreeSlot(slots, runState, whenFull == FullPolicy.CALLER_RUNS ? runner : null,
                    waitTimeoutNanos);
            if (slot < 0) {
                counters.rejected();
            }
        }
        return slot;
    }

    /**
     * Submits the job in {@code slot}, which the calling thread claimed.
     *
     * @throws IllegalStateException if the calling thread does not hold the job, or if the pool has been shut down
     *                               (the job is then reset and recycled without running).
     */
    void submit(final int slot) {
        if (!slots.queueOwned(slot)) {
            throw slots.notHeld("submit", slot);
        }
        if (!runState.accepting()) {
            // Not accepted: give it back, so that a late submit cannot leak a job object. It leaves the QUEUED state
            // first: shutdownNow() and the workers wait while a job is QUEUED, and the reset action is user code that
            // may call shutdownNow() or close() itself.
            slots.unqueue(slot);
            runner.resetOnly(slot);
            runner.free(slot);
            throw shutDown("submit");
        }
        slots.enqueue(slots.job(slot));
        idle.jobQueued();
    }

    /**
     * Gives back the job in {@code slot}, which the calling thread claimed, without submitting it.
     *
     * @throws IllegalStateException if the calling thread does not hold the job.
     */
    void cancel(final int slot) {
        if (!slots.cancelOwned(slot)) {
            throw slots.notHeld("cancel", slot);
        }
        runner.resetOnly(slot);
        runner.free(slot);
    }

    private static IllegalStateException shutDown(final String what) {
        return new IllegalStateException("cannot " + what + ": the worker pool has been shut down");
    }
}
