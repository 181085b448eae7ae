package io.github.hotpath.worker;

/**
 * A snapshot of a {@link ConcurrentWorkerPool}'s counters, taken by {@link ConcurrentWorkerPool#metrics()}.
 *
 * <p>Every count but the three gauges ({@code queueDepth}, {@code inFlight}, and the configuration {@code capacity}
 * and {@code workers}) only grows over the pool's life. The counters are read one after the other while the pool
 * runs, so a snapshot is not one instant; but outcomes are read before {@code submitted}, so
 * {@code submitted >= completed + failed + notRun} holds in every snapshot, with equality once the pool has
 * terminated (or {@linkplain ConcurrentWorkerPool#awaitSettled(java.time.Duration) settled} with nothing submitted
 * meanwhile).
 *
 * <h2>Thread-safety and allocation</h2>
 * Immutable. Taking a snapshot allocates this record (on the reading thread only) and writes nothing the pool's
 * threads read.
 *
 * @param submitted   jobs accepted by {@code submit}.
 * @param completed   jobs handled without failure, by workers and (with {@code whenFullCallerRuns()}) by claimers.
 * @param failed      jobs whose handler or reset action threw.
 * @param notRun      accepted jobs that {@link ConcurrentWorkerPool#shutdownNow()} took back without running.
 * @param rejected    claims that returned {@code null} (translator submits that returned {@code false}): rejected
 *                    at once, timed out while waiting, or interrupted while waiting.
 * @param ranOnCaller jobs handled (completed or failed) on a claiming thread under {@code whenFullCallerRuns()}.
 * @param parks       times a worker parked because the queue was empty: how often the pool went idle (each park
 *                    costs a wake-up of a few microseconds on a later submit).
 * @param queueDepth  jobs submitted and not yet taken (a moment's estimate).
 * @param inFlight    job objects not free: claimed, queued or being handled (a moment's estimate).
 * @param capacity    the number of job objects.
 * @param workers     the number of worker threads.
 */
public record WorkerPoolMetrics(long submitted, long completed, long failed, long notRun, long rejected,
                                long ranOnCaller, long parks, int queueDepth, int inFlight, int capacity,
                                int workers) {
    /**
     * Accepted jobs not yet counted as completed, failed or not run: queued or being handled.
     *
     * @return {@code submitted - completed - failed - notRun}, never negative.
     */
    public long outstanding() {
        return Math.max(0, submitted - completed - failed - notRun);
    }
}
