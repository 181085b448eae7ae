package io.github.hotpath.pool;

import io.github.hotpath.core.SnapshotCache;

/**
 * The registered {@link ObjectPoolMXBean}: each attribute reads the pool's snapshot through one
 * {@link SnapshotCache}, so the attributes of one scrape cost one {@link ConcurrentObjectPool#metrics()}.
 */
final class ObjectPoolJmx implements ObjectPoolMXBean {
    private final ConcurrentObjectPool<?> pool;
    private final SnapshotCache<ConcurrentObjectPool<?>, PoolMetrics> cache =
        new SnapshotCache<>(ConcurrentObjectPool::metrics);

    ObjectPoolJmx(final ConcurrentObjectPool<?> pool) {
        this.pool = pool;
    }

    private PoolMetrics m(final int attribute) {
        return cache.read(attribute, pool);
    }

    @Override
    public String getName() {
        return pool.name();
    }

    @Override
    public long getAcquired() {
        return m(0).acquired();
    }

    @Override
    public long getReleased() {
        return m(1).released();
    }

    @Override
    public long getCreated() {
        return m(2).created();
    }

    @Override
    public long getDropped() {
        return m(3).dropped();
    }

    @Override
    public long getDroppedOversize() {
        return m(4).droppedOversize();
    }

    @Override
    public long getMisuseRejected() {
        return m(5).misuseRejected();
    }

    @Override
    public long getResetFailures() {
        return m(6).resetFailures();
    }

    @Override
    public long getLeaksDetected() {
        return m(7).leaksDetected();
    }

    @Override
    public long getExhausted() {
        return m(8).exhausted();
    }

    @Override
    public long getInUse() {
        return m(9).inUse();
    }

    @Override
    public long getIdle() {
        return m(10).idle();
    }

    @Override
    public long getHighWaterMark() {
        return m(11).highWaterMark();
    }

    @Override
    public int getIdleCapacity() {
        return m(12).idleCapacity();
    }

    @Override
    public int getMaxTotal() {
        return m(13).maxTotal();
    }

    @Override
    public double getHitRate() {
        return m(14).hitRate();
    }
}
