package io.github.hotpath.log;

import java.nio.ByteBuffer;

/**
 * The service's I/O on its {@link LogSink}: one write call per batch followed by a flush, and the counting of what
 * each call wrote or lost. A sink that throws costs the records of that call, counted as failed; the writer goes on.
 *
 * <p>Thread-safety: confined to the writer thread, or to a synchronous service's lock holder. Allocation: none,
 * except the first failure's report.
 */
final class SinkWriter {
    private final LogSink sink;
    private final LogCounters counters;
    /**
     * Whether to clear the calling thread's interrupt before each call: true on the writer thread, whose interrupt
     * means nothing to it and would close an interruptible channel during the write; false on a caller's thread
     * (synchronous service), whose interrupt belongs to the caller.
     */
    private final boolean clearInterrupt;

    SinkWriter(final LogSink sink, final LogCounters counters, final boolean clearInterrupt) {
        this.sink = sink;
        this.counters = counters;
        this.clearInterrupt = clearInterrupt;
        sink.countErrorsIn(counters);
    }

    /** Writes the buffer from its position to its limit, then flushes; counts {@code records} as written or failed. */
    void write(final ByteBuffer bytes, final int records) {
        final int length = bytes.remaining();
        if (clearInterrupt) {
            Thread.interrupted();
        }
        try {
            if (length > 0) {
                sink.write(bytes);
            }
            sink.flush();
            counters.wrote(records, length);
        } catch (final Throwable e) {
            counters.failed(records);
            counters.writeError();
            counters.report("writing to " + sink + " failed", e);
            LogCounters.rethrowIfFatal(e);
        }
    }

    void flush() {
        try {
            sink.flush();
        } catch (final Throwable e) {
            counters.writeError();
            counters.report("flushing " + sink + " failed", e);
            LogCounters.rethrowIfFatal(e);
        }
    }

    void close() {
        try {
            sink.close();
        } catch (final Throwable e) {
            counters.report("closing " + sink + " failed", e);
            LogCounters.rethrowIfFatal(e);
        }
    }
}
