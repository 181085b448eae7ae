package io.github.hotpath.worker;

/**
 * A {@link ConcurrentWorkerPool} as JMX sees it, registered as {@code io.github.hotpath:type=WorkerPool,name=<name>}
 * when the builder's {@link WorkerPoolBuilder#jmx(boolean) jmx(true)} asks for it, and unregistered by
 * {@link ConcurrentWorkerPool#close()}. Each attribute is the {@link WorkerPoolMetrics} component of the same name;
 * see there for what it counts.
 *
 * <h2>Thread-safety and allocation</h2>
 * Called by JMX clients on their own threads. The attributes of one scrape share one {@link WorkerPoolMetrics}
 * snapshot (see {@link io.github.hotpath.core.SnapshotCache}): reading them writes nothing the pool's threads read,
 * and allocates (the snapshot, JMX's boxing) only on the reading thread.
 */
public interface WorkerPoolMXBean {
    /** {@return the pool's {@linkplain WorkerPoolBuilder#name(String) name}} */
    String getName();

    /** {@return {@link WorkerPoolMetrics#submitted()}} */
    long getSubmitted();

    /** {@return {@link WorkerPoolMetrics#completed()}} */
    long getCompleted();

    /** {@return {@link WorkerPoolMetrics#failed()}} */
    long getFailed();

    /** {@return {@link WorkerPoolMetrics#notRun()}} */
    long getNotRun();

    /** {@return {@link WorkerPoolMetrics#rejected()}} */
    long getRejected();

    /** {@return {@link WorkerPoolMetrics#ranOnCaller()}} */
    long getRanOnCaller();

    /** {@return {@link WorkerPoolMetrics#parks()}} */
    long getParks();

    /** {@return {@link WorkerPoolMetrics#outstanding()}} */
    long getOutstanding();

    /** {@return {@link WorkerPoolMetrics#queueDepth()}} */
    int getQueueDepth();

    /** {@return {@link WorkerPoolMetrics#inFlight()}} */
    int getInFlight();

    /** {@return {@link WorkerPoolMetrics#capacity()}} */
    int getCapacity();

    /** {@return {@link WorkerPoolMetrics#workers()}} */
    int getWorkers();

    /** {@return {@link ConcurrentWorkerPool#isShutdown()}} */
    boolean isShutdown();
}
