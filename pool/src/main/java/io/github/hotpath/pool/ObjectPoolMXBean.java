package io.github.hotpath.pool;

/**
 * A {@link ConcurrentObjectPool} as JMX sees it, registered as {@code io.github.hotpath:type=ObjectPool,name=<name>}
 * when the builder's {@link PoolBuilder#jmx(boolean) jmx(true)} asks for it, and unregistered by
 * {@link ConcurrentObjectPool#close()}. Each attribute is the {@link PoolMetrics} component of the same name; see
 * there for what it counts.
 *
 * <h2>Thread-safety and allocation</h2>
 * Called by JMX clients on their own threads. The attributes of one scrape share one {@link PoolMetrics} snapshot
 * (see {@link io.github.hotpath.core.SnapshotCache}): reading them writes nothing the pool's users read, and
 * allocates (the snapshot, JMX's boxing) only on the reading thread.
 */
public interface ObjectPoolMXBean {
    /** {@return the pool's {@linkplain PoolBuilder#name(String) name}} */
    String getName();

    /** {@return {@link PoolMetrics#acquired()}} */
    long getAcquired();

    /** {@return {@link PoolMetrics#released()}} */
    long getReleased();

    /** {@return {@link PoolMetrics#created()}: the misses} */
    long getCreated();

    /** {@return {@link PoolMetrics#dropped()}} */
    long getDropped();

    /** {@return {@link PoolMetrics#droppedOversize()}} */
    long getDroppedOversize();

    /** {@return {@link PoolMetrics#misuseRejected()}} */
    long getMisuseRejected();

    /** {@return {@link PoolMetrics#resetFailures()}} */
    long getResetFailures();

    /** {@return {@link PoolMetrics#leaksDetected()}} */
    long getLeaksDetected();

    /** {@return {@link PoolMetrics#exhausted()}} */
    long getExhausted();

    /** {@return {@link PoolMetrics#inUse()}} */
    long getInUse();

    /** {@return {@link PoolMetrics#idle()}} */
    long getIdle();

    /** {@return {@link PoolMetrics#highWaterMark()}} */
    long getHighWaterMark();

    /** {@return {@link PoolMetrics#idleCapacity()}} */
    int getIdleCapacity();

    /** {@return {@link PoolMetrics#maxTotal()}} */
    int getMaxTotal();

    /** {@return {@link PoolMetrics#hitRate()}, over the pool's whole life} */
    double getHitRate();
}
