package io.github.hotpath.pool;

/**
 * Thrown by {@link ConcurrentObjectPool#acquire()} and {@link ConcurrentObjectPool#lease()} when a pool bounded by
 * {@link PoolBuilder#whenEmptyReject(int)} or {@link PoolBuilder#whenEmptyWait(int,
 * java.time.Duration)} has every object in use and none came back in time. The pool is unchanged; the event is
 * counted in {@link PoolMetrics#exhausted()}.
 *
 * <h2>Allocation</h2>
 * Each throw allocates the exception. Callers that treat exhaustion as an ordinary outcome on a hot path should use
 * {@link ConcurrentObjectPool#tryAcquire()}, which returns {@link ConcurrentObjectPool#NO_HANDLE} instead.
 */
public final class PoolExhaustedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PoolExhaustedException(final String message) {
        super(message);
    }
}
