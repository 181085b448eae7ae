package io.github.hotpath.log;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Running counters of one {@link ConcurrentLogService}: what was accepted, dropped, written, and how deep the queue
 * is. Every count is since the service was built and only grows (except {@link #queueDepth()}).
 *
 * <p>After {@link ConcurrentLogService#flush()} or {@link ConcurrentLogService#close()} returns, and with no thread
 * logging meanwhile, {@code accepted() == written() + failed()} (also after the writer stopped on a fatal error: what
 * it could not write is counted as failed); and over any run, {@code accepted() + dropped()} equals the number of
 * records committed on enabled levels (a re-entrant record, begun while the same thread is inside the logger, counts
 * as committed and dropped; a record whose commit was forgotten counts only in {@link #abandoned()}).
 *
 * <p>Thread-safety: any thread may read; each reader is a volatile read. Allocation: none.
 */
public final class LogMetrics {
    private final ConcurrentLogService service;
    /** Dropped because the queue was full or the service closed: the writer's drop notice reports these. */
    final AtomicLong dropped = new AtomicLong();
    /** Dropped because re-entrant or too deep in the stack: counted in {@link #dropped()}, not in the notice. */
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong abandoned = new AtomicLong();
    volatile long syncAccepted;
    volatile long written;
    volatile long failed;
    volatile long bytesWritten;
    volatile long writeErrors;

    LogMetrics(final ConcurrentLogService service) {
        this.service = service;
    }

    /**
     * Records accepted: handed to the writer (asynchronous) or written on the calling thread (synchronous).
     *
     * @return the count since the service was built.
     */
    public long accepted() {
        return service.acceptedCount();
    }

    /**
     * Records not logged: the queue was full under {@link WhenFull#DROP}, the service was closed (also a
     * {@link WhenFull#BLOCK} thread woken by close) or its writer had stopped, the record was re-entrant (begun
     * while the same thread was inside the logger), or {@code commit()} overflowed the stack before the record was
     * queued.
     *
     * @return the count since the service was built.
     */
    public long dropped() {
        return dropped.get() + rejected.get();
    }

    /**
     * Records written to the sink (the write call returned).
     *
     * @return the count since the service was built.
     */
    public long written() {
        return written;
    }

    /**
     * Records accepted but not written: the sink failed (see {@link #writeErrors()}), formatting failed, the writer
     * stopped on a fatal error before writing them, or close gave up on a slot a producer claimed but never
     * published.
     *
     * @return the count since the service was built.
     */
    public long failed() {
        return failed;
    }

    /**
     * Bytes written to the sink, drop notices included.
     *
     * @return the count since the service was built.
     */
    public long bytesWritten() {
        return bytesWritten;
    }

    /**
     * Write or flush calls on the sink that threw; the first error is also printed to standard error.
     *
     * @return the count since the service was built.
     */
    public long writeErrors() {
        return writeErrors;
    }

    /**
     * Records whose {@code commit()} was forgotten: the thread began another record on the same service before
     * committing, and the uncommitted one was discarded.
     *
     * @return the count since the service was built.
     */
    public long abandoned() {
        return abandoned.get();
    }

    /**
     * Records accepted and not yet taken by the writer (always 0 for a synchronous service).
     *
     * @return the current depth, a moment's snapshot.
     */
    public long queueDepth() {
        return service.queueDepth();
    }

    @Override
    public String toString() {
        return "accepted=" + accepted() + " dropped=" + dropped() + " written=" + written() + " failed=" + failed()
            + " bytesWritten=" + bytesWritten() + " writeErrors=" + writeErrors() + " abandoned=" + abandoned()
            + " queueDepth=" + queueDepth();
    }
}
