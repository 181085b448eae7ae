package io.github.hotpath.worker;

import io.github.hotpath.core.SnapshotCache;

/**
 * The registered {@link WorkerPoolMXBean}: each attribute reads the pool's snapshot through one
 * {@link SnapshotCache}, so the attributes of one scrape cost one {@link ConcurrentWorkerPool#metrics()}.
 */
final class WorkerPoolJmx implements WorkerPoolMXBean {
    private final ConcurrentWorkerPool<?> pool;
    private final SnapshotCache<ConcurrentWorkerPool<?>, WorkerPoolMetrics> cache =
        new SnapshotCache<>(ConcurrentWorkerPool::metrics);

    WorkerPoolJmx(final ConcurrentWorkerPool<?> pool) {
        this.pool = pool;
    }

    private WorkerPoolMetrics m(final int attribute) {
        return cache.read(attribute, pool);
    }

    @Override
    public String getName() {
        return pool.name();
    }

    @Override
    public long getSubmitted() {
        return m(0).submitted();
    }

    @Override
    public long getCompleted() {
        return m(1).completed();
    }

    @Override
    public long getFailed() {
        return m(2).failed();
    }

    @Override
    public long getNotRun() {
        return m(3).notRun();
    }

    @Override
    public long getRejected() {
        return m(4).rejected();
    }

    @Override
    public long getRanOnCaller() {
        return m(5).ranOnCaller();
    }

    @Override
    public long getParks() {
        return m(6).parks();
    }

    @Override
    public long getOutstanding() {
        return m(7).outstanding();
    }

    @Override
    public int getQueueDepth() {
        return m(8).queueDepth();
    }

    @Override
    public int getInFlight() {
        return m(9).inFlight();
    }

    @Override
    public int getCapacity() {
        return m(10).capacity();
    }

    @Override
    public int getWorkers() {
        return m(11).workers();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }
}
