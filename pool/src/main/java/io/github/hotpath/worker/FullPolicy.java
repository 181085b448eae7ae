package io.github.hotpath.worker;

/**
 * What a claim does when every job object is in flight; chosen by {@link WorkerPoolBuilder#whenFullWait},
 * {@link WorkerPoolBuilder#whenFullReject()} or {@link WorkerPoolBuilder#whenFullCallerRuns()}.
 */
enum FullPolicy {
    /** Park until a job is freed, up to the wait timeout; then give up ({@code null}, counted as rejected). */
    WAIT,
    /** Give up at once ({@code null}, counted as rejected). */
    REJECT,
    /** Run the oldest queued job on the claiming thread, which frees a job object; wait as WAIT if none is queued. */
    CALLER_RUNS
}
