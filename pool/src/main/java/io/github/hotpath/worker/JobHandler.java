package io.github.hotpath.worker;

/**
 * Processes one job of a {@link ConcurrentWorkerPool}. One handler serves every job of a pool.
 *
 * <h2>Thread-safety</h2>
 * The pool calls {@link #handle(Object)} concurrently from each of its worker threads (and, with
 * {@link WorkerPoolBuilder#whenFullCallerRuns()}, from claiming threads), each time with a different job: an
 * implementation that keeps state of its own must make it thread-safe. The job itself belongs to the calling thread
 * for the duration of the call and must not be kept after it returns: the pool resets it and hands it out again.
 *
 * <h2>Allocation</h2>
 * The pool allocates nothing around the call; whatever the handler allocates is its own.
 *
 * @param <J> the job type.
 */
@FunctionalInterface
public interface JobHandler<J> {
    /**
     * Processes one job. An exception (or error) thrown here is counted as a failure and passed to the pool's
     * {@link JobErrorHandler}; the worker survives and the job is reset and recycled all the same.
     *
     * @param job the job, as filled by the producer that submitted it.
     * @throws Exception if processing fails.
     */
    void handle(J job) throws Exception;
}
