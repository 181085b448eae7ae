package io.github.hotpath.log;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What a {@link LogSink} writes to: a stream, a channel, or a {@link RollingFile}. Given whole batches of whole
 * records, so that a target may act between two batches (a rolling file rolls there).
 *
 * <p>Thread-safety: confined to the writer thread, or to a synchronous service's lock holder.
 */
interface SinkTarget {
    /** Writes the buffer from its position to its limit, all of it. */
    void write(ByteBuffer batch) throws IOException;

    void flush() throws IOException;

    void close() throws IOException;

    /** Lets the target count failures of its own (a failed roll) as the service's write errors; none by default. */
    default void countErrorsIn(final LogCounters counters) {
    }
}
