package io.github.hotpath.log;

/**
 * What a logging thread does when the asynchronous queue is full.
 *
 * <p>Thread-safety: an enum, immutable.
 */
public enum WhenFull {
    /**
     * The default: the record is not logged, {@link LogMetrics#dropped()} counts it, and once the writer has made
     * room it writes one line saying how many records were dropped. The logging thread never waits.
     */
    DROP,
    /**
     * The logging thread waits (spinning, then parking for short bounded periods) until the writer has made room:
     * nothing is lost, but a slow sink stalls every thread that logs, which can stall the whole service. A thread
     * waiting when the service is {@linkplain ConcurrentLogService#close() closed} is woken and its record is
     * counted as dropped.
     */
    BLOCK
}
