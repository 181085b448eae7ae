package io.github.hotpath.log;

import io.github.hotpath.core.SnapshotCache;

/**
 * The registered {@link LogServiceMXBean}: each attribute reads the service's snapshot through one
 * {@link SnapshotCache}, so the attributes of one scrape cost one {@link ConcurrentLogService#metrics()}.
 */
final class LogServiceJmx implements LogServiceMXBean {
    private final ConcurrentLogService service;
    private final SnapshotCache<ConcurrentLogService, LogMetrics> cache =
        new SnapshotCache<>(ConcurrentLogService::metrics);

    LogServiceJmx(final ConcurrentLogService service) {
        this.service = service;
    }

    private LogMetrics m(final int attribute) {
        return cache.read(attribute, service);
    }

    @Override
    public String getName() {
        return service.name();
    }

    @Override
    public long getAccepted() {
        return m(0).accepted();
    }

    @Override
    public long getDropped() {
        return m(1).dropped();
    }

    @Override
    public long getDroppedFull() {
        return m(2).droppedFull();
    }

    @Override
    public long getDroppedClosed() {
        return m(3).droppedClosed();
    }

    @Override
    public long getDroppedReentrant() {
        return m(4).droppedReentrant();
    }

    @Override
    public long getDroppedTooDeep() {
        return m(5).droppedTooDeep();
    }

    @Override
    public long getWritten() {
        return m(6).written();
    }

    @Override
    public long getFailed() {
        return m(7).failed();
    }

    @Override
    public long getBytesWritten() {
        return m(8).bytesWritten();
    }

    @Override
    public long getWriteErrors() {
        return m(9).writeErrors();
    }

    @Override
    public long getAbandoned() {
        return m(10).abandoned();
    }

    @Override
    public long getMisused() {
        return m(11).misused();
    }

    @Override
    public long getTemporaryEntries() {
        return m(14).temporaryEntries();
    }

    @Override
    public long getQueueDepth() {
        return m(12).queueDepth();
    }

    @Override
    public int getCapacity() {
        return m(13).capacity();
    }
}
