package io.github.hotpath.pool;

import java.lang.ref.Cleaner;

/**
 * Watches one sampled strict-mode lease: if the lease becomes unreachable while its acquisition is still in use, the
 * object was never released, and the pool reports a leak with the stack that acquired it. Holds no reference to the
 * lease (or the cleaner could never run).
 */
final class LeakTracker implements Runnable {
    /** One daemon thread for every strict pool of the JVM, started only when the first lease is sampled. */
    private static final class Holder {
        static final Cleaner CLEANER = Cleaner.create();
    }

    private final ConcurrentObjectPool<?> pool;
    private final long handle;
    private final Throwable site;
    private volatile boolean closed;
    private Cleaner.Cleanable cleanable;

    private LeakTracker(final ConcurrentObjectPool<?> pool, final long handle, final Throwable site) {
        this.pool = pool;
        this.handle = handle;
        this.site = site;
    }

    static LeakTracker watch(
        final ConcurrentObjectPool<?> pool, final Lease<?> lease, final long handle, final Throwable site) {
        final LeakTracker tracker = new LeakTracker(pool, handle, site);
        tracker.cleanable = Holder.CLEANER.register(lease, tracker);
        return tracker;
    }

    /** The lease was closed: deregister without reporting. */
    void closed() {
        closed = true;
        cleanable.clean();
    }

    @Override
    public void run() {
        if (!closed && pool.isInUse(handle)) {
            pool.reportLeak(site);
        }
    }
}
