package io.github.hotpath.worker;

/**
 * What {@link ConcurrentWorkerPool#claim()} does when every job object is in flight (claimed, queued or being
 * handled). Each outcome is counted: see {@link ConcurrentWorkerPool#rejected()} and
 * {@link ConcurrentWorkerPool#ranOnCaller()}.
 *
 * <h2>Allocation</h2>
 * None of the policies allocates: waiting parks the thread ({@code LockSupport}), a rejection is a {@code null}
 * return value, not an exception.
 */
public enum Backpressure {
    /**
     * Park the claiming thread until a job object is recycled, up to the pool's wait timeout; then give up:
     * {@code claim()} returns {@code null} (counted as rejected). The default.
     */
    WAIT,
    /** Give up at once: {@code claim()} returns {@code null}, counted as rejected. */
    REJECT,
    /**
     * Make the claiming thread do the work: it takes the oldest queued job and runs the handler on it itself
     * (counted in {@link ConcurrentWorkerPool#ranOnCaller()}), which frees a job object, and tries again. If
     * nothing is queued either (every job object is being handled or held by other claimers), it waits as
     * {@link #WAIT} does.
     *
     * <p>Note: unlike {@code ThreadPoolExecutor.CallerRunsPolicy}, which runs the task being submitted, the caller
     * runs a job that is already queued: with pre-allocated jobs there is no free object to fill until one is
     * recycled. The effect on the producer is the same: it slows to the speed of the consumers.
     */
    CALLER_RUNS
}
