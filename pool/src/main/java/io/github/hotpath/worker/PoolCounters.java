package io.github.hotpath.worker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of a worker pool that more than one thread writes (the workers keep their own, single-writer ones),
 * and the one place that reads every counter into a {@link WorkerPoolMetrics} snapshot. Each is written only off
 * the hand-off's fast path: on a push-back, a caller-run job or a take-back.
 */
final class PoolCounters {
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong notRun = new AtomicLong();
    // Apart, so that completed and failed are sums of counters that only grow, and never go down between reads.
    private final AtomicLong callerCompleted = new AtomicLong();
    private final AtomicLong callerFailed = new AtomicLong();

    void rejected() {
        rejected.getAndIncrement();
    }

    void notRun() {
        notRun.getAndIncrement();
    }

    void ranOnCaller(final boolean ok) {
        if (ok) {
            callerCompleted.getAndIncrement();
        } else {
            callerFailed.getAndIncrement();
        }
    }

    long notRunCount() {
        return notRun.get();
    }

    /**
     * Reads every counter. The outcomes are read before the accepted count, so a snapshot never shows more jobs
     * finished than accepted: {@code submitted >= completed + failed + notRun} in every snapshot.
     */
    WorkerPoolMetrics snapshot(final JobSlots<?> slots, final Worker<?>[] workers) {
        final long onCallerCompleted = callerCompleted.get();
        final long onCallerFailed = callerFailed.get();
        long completed = onCallerCompleted;
        long failed = onCallerFailed;
        long parks = 0;
        for (final Worker<?> w : workers) {
            completed += w.completed();
            failed += w.failed();
            parks += w.parks();
        }
        final long notRunNow = notRun.get();
        final long ranOnCaller = onCallerCompleted + onCallerFailed;
        final long submitted = slots.accepted();
        return new WorkerPoolMetrics(submitted, completed, failed, notRunNow, rejected.get(), ranOnCaller, parks,
            slots.queueDepth(), slots.notFree(), slots.capacity(), workers.length);
    }
}
