package io.github.hotpath.worker;

/**
 * Receives the failures of a {@link ConcurrentWorkerPool}'s {@link JobHandler} (and of its reset action).
 *
 * <h2>Thread-safety</h2>
 * Called concurrently from every thread that runs jobs, on that thread, after the failure and before the job is
 * reset: the job still holds what the producer put in it. Implementations must be thread-safe and must not keep the
 * job.
 *
 * <h2>Allocation</h2>
 * The pool allocates nothing to call it (the exception is the handler's own). The
 * {@linkplain #reportToStderr() default} allocates only when it prints.
 *
 * @param <J> the job type.
 */
@FunctionalInterface
public interface JobErrorHandler<J> {
    /**
     * Called once for each failed job. Whatever this method throws is ignored, so that a faulty error handler
     * cannot kill a worker.
     *
     * @param job   the job whose handling (or reset) failed, not yet reset.
     * @param error what the handler threw.
     */
    void onError(J job, Throwable error);

    /**
     * The default: prints the first failure with its stack trace to {@code System.err}, then at most one line a
     * second saying how many failures there were since the last line, so a handler that fails on every job cannot
     * flood the log. Failures are always counted by the pool ({@link WorkerPoolMetrics#failed()}) whatever the
     * error handler does.
     *
     * @param <J> the job type.
     * @return a new rate-limited reporter; each pool should have its own.
     */
    static <J> JobErrorHandler<J> reportToStderr() {
        return new RateLimitedErrorReporter<>(System.err, 1_000_000_000L);
    }

    /**
     * An error handler that does nothing: failures are only counted by the pool.
     *
     * @param <J> the job type.
     * @return an error handler that ignores every failure.
     */
    static <J> JobErrorHandler<J> ignore() {
        return (job, error) -> {
        };
    }
}
