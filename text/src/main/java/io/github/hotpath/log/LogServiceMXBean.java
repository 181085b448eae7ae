package io.github.hotpath.log;

/**
 * A {@link ConcurrentLogService} as JMX sees it, registered as {@code io.github.hotpath:type=LogService,name=<name>}
 * when the builder's {@link ConcurrentLogService.Builder#jmx(boolean) jmx(true)} asks for it, and unregistered by
 * {@link ConcurrentLogService#close()}. Each attribute is the {@link LogMetrics} component of the same name; see
 * there for what it counts.
 *
 * <h2>Thread-safety and allocation</h2>
 * Called by JMX clients on their own threads. The attributes of one scrape share one {@link LogMetrics} snapshot
 * (see {@link io.github.hotpath.core.SnapshotCache}): reading them writes nothing the loggers or the writer read,
 * and allocates (the snapshot, JMX's boxing) only on the reading thread.
 */
public interface LogServiceMXBean {
    /** {@return the service's {@linkplain ConcurrentLogService.Builder#name(String) name}} */
    String getName();

    /** {@return {@link LogMetrics#accepted()}} */
    long getAccepted();

    /** {@return {@link LogMetrics#dropped()}: for any reason} */
    long getDropped();

    /** {@return {@link LogMetrics#droppedFull()}} */
    long getDroppedFull();

    /** {@return {@link LogMetrics#droppedClosed()}} */
    long getDroppedClosed();

    /** {@return {@link LogMetrics#droppedReentrant()}} */
    long getDroppedReentrant();

    /** {@return {@link LogMetrics#droppedTooDeep()}} */
    long getDroppedTooDeep();

    /** {@return {@link LogMetrics#written()}} */
    long getWritten();

    /** {@return {@link LogMetrics#failed()}} */
    long getFailed();

    /** {@return {@link LogMetrics#bytesWritten()}} */
    long getBytesWritten();

    /** {@return {@link LogMetrics#writeErrors()}} */
    long getWriteErrors();

    /** {@return {@link LogMetrics#abandoned()}} */
    long getAbandoned();

    /** {@return {@link LogMetrics#misused()}} */
    long getMisused();

    /** {@return {@link LogMetrics#temporaryEntries()}} */
    long getTemporaryEntries();

    /** {@return {@link LogMetrics#queueDepth()}} */
    long getQueueDepth();

    /** {@return {@link LogMetrics#capacity()}} */
    int getCapacity();
}
