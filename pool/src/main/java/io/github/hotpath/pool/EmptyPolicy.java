package io.github.hotpath.pool;

/**
 * What a pool does when no idle object is available; chosen with {@link PoolBuilder#whenEmptyCreate()},
 * {@link PoolBuilder#whenEmptyReject(int)} or {@link PoolBuilder#whenEmptyWait(int, java.time.Duration)}.
 */
enum EmptyPolicy {
    /** Build a new object and count a miss. */
    CREATE,
    /** Build one if fewer than the bound are alive, else reject at once and count it. */
    REJECT,
    /** Build one if fewer than the bound are alive, else wait up to a timeout for a release. */
    WAIT
}
