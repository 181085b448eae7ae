package io.github.hotpath.log;

import java.util.Objects;

/**
 * One log entry being built, obtained from {@link Logger#info()} and its siblings: append message parts and
 * key-value fields, then {@link #log()}, as Log4j 2's {@code LogBuilder} and SLF4J 2's {@code LoggingEventBuilder}
 * end. (Named {@code LogEntry} rather than {@code LogRecord}, which is {@code java.util.logging}'s class.)
 * <pre>{@code
 * log.info().append("request done status=").append(status).append(" latency=").append(latencyNanos)
 *     .kv("ratio", ratio).kv("path", path).log();
 * }</pre>
 *
 * <h2>Thread-safety</h2>
 * An entry belongs to the thread that obtained it, until {@code log()}. Do not keep it, share it, or use it after
 * {@code log()}.
 *
 * <h2>Allocation</h2>
 * None: every method copies its argument (a primitive's bits, a text's chars) into the entry's pre-allocated
 * record; no boxing, no varargs. {@link #exception(Throwable)} keeps a reference, and the writer's printing of the
 * stack trace allocates.
 *
 * <h2>Memory effects</h2>
 * The entry copies text when it is appended: the caller may change or reuse a {@code StringBuilder} right after
 * {@code append} returns. Actions before {@code log()} happen-before the writer formats the record.
 *
 * <h2>Misuse</h2>
 * An entry that is never logged is discarded when the same thread next begins an entry on the same service, and
 * counted in {@link LogMetrics#abandoned()}; it cannot corrupt another entry, and a thread that dies holding one
 * holds nothing the writer waits for. An entry begun while the same thread is inside a {@code CharSequence} being
 * appended (its {@code charAt} or {@code length} logs) is ignored and counted in {@link LogMetrics#dropped()}, so
 * the outer entry stays whole; so is an entry logged by a throwable's {@code toString} while the writer or a
 * synchronous {@code log()} formats it. A {@code log()} too deep in the stack to queue the record (in a
 * {@code StackOverflowError} handler) drops it and counts it, rather than throw. Text beyond the service's maximum
 * record length, or parts beyond its maximum part count, are cut and the line ends with a visible marker. A
 * {@code null} text prints {@code null} (in JSON, a {@code null} value). Disabled levels return a shared entry on
 * which every method does nothing.
 *
 * <p>Note: unlike {@link Appendable}, the methods do not throw {@code IOException}, and an entry is not a
 * {@link CharSequence}.
 */
public final class LogEntry {
    /** The shared entry of disabled levels: every method does nothing. */
    static final LogEntry DISABLED = new LogEntry(null, null);

    private final Handoff handoff;
    /** The buffer being filled; exchanged for a spare one when logged to the ring. Null when disabled. */
    RecordBuffer buffer;
    /** Between {@code begin} and {@code log()}. */
    boolean open;

    LogEntry(final Handoff handoff, final RecordBuffer buffer) {
        this.handoff = handoff;
        this.buffer = buffer;
    }

    /**
     * Appends text, copying its chars now; {@code null} appends {@code null}.
     *
     * @param text the text, or null.
     * @return this entry.
     */
    public LogEntry append(final CharSequence text) {
        final RecordBuffer b = buffer;
        if (b != null) {
            b.text(RecordBuffer.TEXT, text);
        }
        return this;
    }

    /**
     * Appends chars {@code start} (inclusive) to {@code end} (exclusive) of a text, copying them now.
     *
     * @param text  the text.
     * @param start the first char to append.
     * @param end   one past the last char to append.
     * @return this entry.
     * @throws NullPointerException      if {@code text} is null on an enabled entry.
     * @throws IndexOutOfBoundsException if the range is not within the text, on an enabled entry.
     */
    public LogEntry append(final CharSequence text, final int start, final int end) {
        final RecordBuffer b = buffer;
        if (b != null) {
            b.text(RecordBuffer.TEXT, Objects.requireNonNull(text, "text"), start, end);
        }
        return this;
    }

    /**
     * Appends one char.
     *
     * @param value the char.
     * @return this entry.
     */
    public LogEntry append(final char value) {
        final RecordBuffer b = buffer;
        if (b != null) {
            b.primitive(RecordBuffer.CHAR, value);
        }
        return this;
    }

    /**
     * Appends {@code true} or {@code false}.
     *
     * @param value the value.
     * @return this entry.
     */
    public LogEntry append(final boolean value) {
        final RecordBuffer b = buffer;
        if (b != null) {
            b.primitive(RecordBuffer.BOOLEAN, value ? 1 : 0);
        }
        return this;
    }

    /**
     * Appends an {@code int} in decimal.
     *
     * @param value the value.
     * @return this entry.
     */
    public LogEntry append(final int value) {
        final RecordBuffer b = buffer;
        if (b != null) {
            b.primitive(RecordBuffer.INT, value);
        }
        return this;
    }

    /**
     * Appends a {@code long} in decimal.
     *
     * @param value the value.
     * @return this entry.
     */
    public LogEntry append(final long value) {
        final RecordBuffer b = buffer;
        if (b != null) {
            b.primitive(RecordBuffer.LONG, value);
        }
        return this;
    }

    /**
     * Appends a {@code float}, formatted by the writer as the text builder formats it.
     *
     * @param value the value.
     * @return this entry.
     */
    public LogEntry append(final float value) {
        final RecordBuffer b = buffer;
        if (b != null) {
            b.primitive(RecordBuffer.FLOAT, Float.floatToRawIntBits(value));
        }
        return this;
    }

    /**
     * Appends a {@code double}, formatted by the writer as the text builder formats it.
     *
     * @param value the value.
     * @return this entry.
     */
    public LogEntry append(final double value) {
        final RecordBuffer b = buffer;
        if (b != null) {
            b.primitive(RecordBuffer.DOUBLE, Double.doubleToRawLongBits(value));
        }
        return this;
    }

    /**
     * Adds a text field, copying key and value now; a {@code null} value is JSON {@code null} (plain: {@code null}).
     *
     * @param key   the field name; {@code null} is written as {@code null}.
     * @param value the value, or null.
     * @return this entry.
     */
    public LogEntry kv(final CharSequence key, final CharSequence value) {
        final RecordBuffer b = key(key);
        if (b != null) {
            b.text(RecordBuffer.TEXT, value);
        }
        return this;
    }

    /**
     * Adds a {@code char} field (a one-char string in JSON).
     *
     * @param key   the field name.
     * @param value the value.
     * @return this entry.
     */
    public LogEntry kv(final CharSequence key, final char value) {
        final RecordBuffer b = key(key);
        if (b != null) {
            b.primitive(RecordBuffer.CHAR, value);
        }
        return this;
    }

    /**
     * Adds a {@code boolean} field.
     *
     * @param key   the field name.
     * @param value the value.
     * @return this entry.
     */
    public LogEntry kv(final CharSequence key, final boolean value) {
        final RecordBuffer b = key(key);
        if (b != null) {
            b.primitive(RecordBuffer.BOOLEAN, value ? 1 : 0);
        }
        return this;
    }

    /**
     * Adds an {@code int} field (a JSON number).
     *
     * @param key   the field name.
     * @param value the value.
     * @return this entry.
     */
    public LogEntry kv(final CharSequence key, final int value) {
        final RecordBuffer b = key(key);
        if (b != null) {
            b.primitive(RecordBuffer.INT, value);
        }
        return this;
    }

    /**
     * Adds a {@code long} field (a JSON number).
     *
     * @param key   the field name.
     * @param value the value.
     * @return this entry.
     */
    public LogEntry kv(final CharSequence key, final long value) {
        final RecordBuffer b = key(key);
        if (b != null) {
            b.primitive(RecordBuffer.LONG, value);
        }
        return this;
    }

    /**
     * Adds a {@code float} field (a JSON number, or a string for NaN and infinities).
     *
     * @param key   the field name.
     * @param value the value.
     * @return this entry.
     */
    public LogEntry kv(final CharSequence key, final float value) {
        final RecordBuffer b = key(key);
        if (b != null) {
            b.primitive(RecordBuffer.FLOAT, Float.floatToRawIntBits(value));
        }
        return this;
    }

    /**
     * Adds a {@code double} field (a JSON number, or a string for NaN and infinities).
     *
     * @param key   the field name.
     * @param value the value.
     * @return this entry.
     */
    public LogEntry kv(final CharSequence key, final double value) {
        final RecordBuffer b = key(key);
        if (b != null) {
            b.primitive(RecordBuffer.DOUBLE, Double.doubleToRawLongBits(value));
        }
        return this;
    }

    /**
     * Attaches a throwable, whose stack trace the writer prints after the line (plain) or in a {@code "stack"}
     * field (JSON). The writer formats it later, on its own thread: a throwable whose message or cause the caller
     * changes after {@code log()} may print the changed state. Printing the stack trace allocates.
     *
     * @param thrown the throwable; null attaches nothing.
     * @return this entry.
     */
    public LogEntry exception(final Throwable thrown) {
        final RecordBuffer b = buffer;
        if (b != null) {
            b.thrown = thrown;
        }
        return this;
    }

    /**
     * Hands the entry to the service: queued for the writer (asynchronous) or written now (synchronous). When the
     * queue is full, waits for room or drops the record, as the service was built to ({@code whenFullWait()} or
     * {@code whenFullDrop()}). A second call does nothing.
     */
    public void log() {
        if (open) {
            open = false;
            handoff.hand(this);
        }
    }

    private RecordBuffer key(final CharSequence key) {
        final RecordBuffer b = buffer;
        if (b == null) {
            return null;
        }
        final CharSequence k = key == null ? "null" : key;
        if (!b.roomForKeyValue(b.length(k))) {
            return null;
        }
        b.text((byte) (RecordBuffer.TEXT | RecordBuffer.KEY), k);
        return b;
    }
}
