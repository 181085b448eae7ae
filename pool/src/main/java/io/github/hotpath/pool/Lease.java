package io.github.hotpath.pool;

/**
 * The use of one pooled object, for {@code try}-with-resources: {@link #close()} releases the object to its pool.
 * <pre>{@code
 * try (Lease<RequestContext> lease = pool.lease()) {
 *     RequestContext ctx = lease.object();
 *     ...
 * } // reset and back in the pool
 * }</pre>
 *
 * <h2>Thread-safety</h2>
 * A lease belongs to one holder at a time. It may be closed by another thread than the one that took it, provided
 * the holder hands it over with a happens-before edge (a queue, a future, a lock), as for any mutable object.
 *
 * <h2>Allocation</h2>
 * In the default mode a lease allocates nothing: each pooled object has one lease object, reused by every
 * acquisition of that object. In {@linkplain PoolBuilder#strict(boolean) strict mode} every
 * {@link ConcurrentObjectPool#lease()} returns a new lease (and, when sampled for leak detection, records the
 * acquiring stack).
 *
 * <h2>Misuse</h2>
 * A lease carries the {@linkplain #handle() handle} (slot and generation) of its acquisition, and {@link #close()}
 * releases exactly that handle, so closing twice is rejected with a {@link PoolMisuseException} as long as the
 * object has not been handed out again. <b>Note:</b> in the default mode the lease object is reused, so a reference
 * kept past {@code close()} is indistinguishable from the next holder's reference once the object is acquired
 * again: a stale {@code close()} or {@link #object()} through it cannot be caught without allocating a lease per
 * acquisition. Strict mode does exactly that and catches every use after release; the explicit
 * {@link ConcurrentObjectPool#acquire() handle API} catches stale releases in every mode, because the caller holds
 * the generation in a {@code long} (35 bits of it: see {@link PoolMisuseException.Kind#STALE_RELEASE} for the one
 * case it cannot tell apart).
 *
 * @param <T> the type of the pooled object.
 */
public final class Lease<T> implements AutoCloseable {
    private final ConcurrentObjectPool<T> pool;
    private final Slot<T> slot;
    private final boolean strict;
    private long handle = ConcurrentObjectPool.NO_HANDLE;
    private LeakTracker tracker;

    Lease(final ConcurrentObjectPool<T> pool, final Slot<T> slot, final boolean strict) {
        this.pool = pool;
        this.slot = slot;
        this.strict = strict;
    }

    Lease<T> open(final long handle, final LeakTracker tracker) {
        this.handle = handle;
        this.tracker = tracker;
        return this;
    }

    /**
     * The leased object. In strict mode, throws if this lease was already closed.
     *
     * @return the pooled object, for use until {@link #close()}.
     * @throws PoolMisuseException in strict mode, when called after {@link #close()}.
     */
    public T object() {
        if (strict) {
            pool.requireCurrent(handle, "Lease.object()");
        }
        return slot.object;
    }

    /**
     * The handle of this acquisition, as {@link ConcurrentObjectPool#acquire()} would have returned it.
     *
     * @return the slot index and generation this lease holds.
     */
    public long handle() {
        return handle;
    }

    /**
     * Resets the object and returns it to the pool.
     *
     * @throws PoolMisuseException if this acquisition was already released (see the class comment for what the
     *                             default mode can and cannot catch).
     */
    @Override
    public void close() {
        final LeakTracker t = tracker;
        if (t != null) {
            tracker = null;
            t.closed();
        }
        pool.release(handle);
    }

    @Override
    public String toString() {
        return "Lease[" + HandleCodec.describe(handle) + "]";
    }
}
