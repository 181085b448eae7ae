package io.github.hotpath.pool;

/**
 * One holder's use of pooled objects, for {@code try}-with-resources: {@link #acquire()} takes an object, and
 * {@link #close()} resets it and returns it to the pool. A lease holds one acquisition at a time and belongs to the
 * holder that made it; the holder may reuse it for its next acquisition, which allocates nothing.
 * <pre>{@code
 * try (Lease<RequestContext> lease = pool.lease()) {         // a new lease, holding a new acquisition
 *     handle(lease.object());
 * }                                                           // reset and back in the pool
 *
 * Lease<RequestContext> lease = pool.newLease();  // or once per holder (a worker thread, a connection) ...
 * try (Lease<RequestContext> l = lease.acquire()) {  // ... and then per request: 0 B
 *     handle(l.object());
 * }
 * }</pre>
 *
 * <h2>Why a lease is never shared between holders</h2>
 * A lease object that the pool handed to one holder after another could not tell them apart: a reference kept past
 * {@code close()} would be the next holder's lease, and a second {@code close()} through it would release the next
 * holder's object. So the pool never reuses a lease; only its holder does. A lease therefore catches, in every
 * mode and exactly: {@link #object()} after {@link #close()} ({@link PoolMisuseException.Kind#USE_AFTER_RELEASE}) and
 * a second {@code close()} ({@link PoolMisuseException.Kind#DOUBLE_RELEASE}), each counted. It cannot release anybody
 * else's object; reusing it for a new acquisition is the holder's own decision.
 *
 * <h2>Thread-safety</h2>
 * Not thread-safe: one holder at a time. The holder may hand the lease (holding its acquisition) to another thread
 * with a happens-before edge (a queue, a future, a lock), which then uses and closes it.
 *
 * <h2>Allocation</h2>
 * {@link ConcurrentObjectPool#lease()} and {@link ConcurrentObjectPool#newLease()} allocate the lease (one small
 * object, which the JIT may scalar-replace but need not); {@link #acquire()}, {@link #object()} and {@link #close()}
 * allocate nothing. In
 * {@linkplain PoolBuilder#strict(boolean) strict mode}, a sampled acquisition also registers the lease with a
 * {@link java.lang.ref.Cleaner}, and a lease collected while it still holds its object is reported as a leak with the
 * stack that acquired it.
 *
 * <h2>Memory effects</h2>
 * As for {@link ConcurrentObjectPool#acquire()} and {@link ConcurrentObjectPool#release(long)}.
 *
 * @param <T> the type of the pooled object.
 */
public final class Lease<T> implements AutoCloseable {
    private final ConcurrentObjectPool<T> pool;
    /** The held acquisition, or {@link ConcurrentObjectPool#NO_HANDLE} while closed. */
    private long handle = ConcurrentObjectPool.NO_HANDLE;
    private T object;
    private LeakTracker tracker;

    Lease(final ConcurrentObjectPool<T> pool) {
        this.pool = pool;
    }

    /**
     * Takes an object from the pool into this lease, which must be closed (new, or closed since its last
     * acquisition), as {@link ConcurrentObjectPool#acquire()} does.
     *
     * @return this lease, for {@code try}-with-resources.
     * @throws IllegalStateException  if this lease still holds an object ({@link #close()} it first), or the pool
     *                                is closed.
     * @throws PoolExhaustedException if the pool is bounded and no object became available in time.
     */
    public Lease<T> acquire() {
        if (handle != ConcurrentObjectPool.NO_HANDLE) {
            throw new IllegalStateException("this lease still holds an object (" + HandleCodec.describe(handle)
                + "): close() it before acquiring again");
        }
        final long h = pool.acquire();
        object = pool.heldObject(h);
        handle = h;
        final Throwable site = pool.sampledSite(h);
        if (site != null) {
            tracker = LeakTracker.watch(pool, this, h, site);
        }
        return this;
    }

    /**
     * The leased object.
     *
     * @return the pooled object, for use until {@link #close()}.
     * @throws PoolMisuseException if this lease was closed ({@link PoolMisuseException.Kind#USE_AFTER_RELEASE}).
     */
    public T object() {
        if (handle == ConcurrentObjectPool.NO_HANDLE) {
            throw pool.misuse(PoolMisuseException.Kind.USE_AFTER_RELEASE, handle, "Lease.object() after close()");
        }
        return object;
    }

    /**
     * Resets the object and returns it to the pool; this lease may then {@linkplain #acquire() acquire} again.
     *
     * @throws PoolMisuseException if this lease was already closed ({@link PoolMisuseException.Kind#DOUBLE_RELEASE}).
     * @throws RuntimeException    what {@link ConcurrentObjectPool#release(long)} throws when the user's reset fails;
     *                             the lease is closed all the same.
     */
    @Override
    public void close() {
        final long h = handle;
        if (h == ConcurrentObjectPool.NO_HANDLE) {
            throw pool.misuse(PoolMisuseException.Kind.DOUBLE_RELEASE, h, "Lease.close(): already closed");
        }
        handle = ConcurrentObjectPool.NO_HANDLE;
        object = null;
        final LeakTracker t = tracker;
        if (t != null) {
            tracker = null;
            t.closed();
        }
        pool.release(h);
    }

    /** The held acquisition, or {@code NO_HANDLE} (tests). */
    long handle() {
        return handle;
    }

    @Override
    public String toString() {
        return "Lease[" + (handle == ConcurrentObjectPool.NO_HANDLE ? "closed" : HandleCodec.describe(handle)) + "]";
    }
}
