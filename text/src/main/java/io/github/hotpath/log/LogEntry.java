package io.github.hotpath.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * An entry belongs to the thread that obtained it, until {@code log()}; then the service gives it to the next
 * thread that logs. Do not keep it, share it, or use it after {@code log()}: every method checks that the calling
 * thread owns the entry, and a call from any other thread, or after {@code log()}, does nothing and is counted in
 * {@link LogMetrics#misused()}. (The check cannot tell a stale reference from a new one when the same thread has
 * begun a new entry and been given the same object again: then the stale calls land in the new entry.)
 *
 * <h2>Allocation</h2>
 * None, and nothing per thread: entries are taken from a bounded set the service allocates when it is built. Every
 * method copies its argument (a primitive's bits, a text's chars) into the entry's pre-allocated record; no boxing,
 * no varargs. {@link #exception(Throwable)} keeps a reference, and the writer's printing of the
 * stack trace allocates.
 *
 * <h2>Memory effects</h2>
 * The entry copies text when it is appended: the caller may change or reuse a {@code StringBuilder} right after
 * {@code append} returns. Actions before {@code log()} happen-before the writer formats the record.
 *
 * <h2>Misuse</h2>
 * An entry that is never logged holds nothing the writer waits for, and cannot corrupt another entry: the service
 * reclaims it, counted in {@link LogMetrics#abandoned()}, when it needs it (see {@code maxOpenEntries}) and it is ten
 * seconds old, or when its thread has ended. A thread may hold several entries at once (an argument that logs while it
 * is computed gets an entry of its own, a temporary one if every entry is open). An entry begun while the same thread
 * is inside a {@code CharSequence} being appended (its {@code charAt} or {@code length} logs) is ignored and counted in
 * {@link LogMetrics#dropped()}, so the outer entry stays whole; so is an entry logged by a throwable's {@code toString}
 * while the writer or a synchronous {@code log()} formats it. A {@code log()} too deep in the stack to queue the record
 * (in a {@code StackOverflowError} handler) drops it and counts it, rather than throw. Text beyond the service's
 * maximum record length, or parts beyond its maximum part count, are cut and the line ends with a visible marker. A
 * {@code null} text prints {@code null} (in JSON, a {@code null} value). Disabled levels return a shared entry on which
 * every method does nothing.
 *
 * <h2>Fields</h2>
 * The key-value fields are a map: a key given twice keeps its last value, and the line carries it once. In JSON, a
 * key that would pose as one of the line's own names ({@code level}, {@code ts}, {@code msg}, …) is written with an
 * underscore before it (see {@link LogFormat#JSON}).
 *
 * <p>Note: unlike {@link Appendable}, the methods do not throw {@code IOException}, and an entry is not a
 * {@link CharSequence}.
 */
public final class LogEntry {
    /**
     * The owner, as a thread id: the id of the thread that took the entry, {@link EntryPool#FREE} when free,
     * {@link EntryPool#RETIRED} when retired. An id rather than the {@code Thread}, so that taking and giving back
     * are a CAS and a store of a {@code long}, with no garbage collector's write barrier on the hot path.
     */
    static final VarHandle OWNER;
    /** The shared entry of disabled levels: every method does nothing. */
    static final LogEntry DISABLED = new LogEntry(null, null);

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(LogEntry.class, "owner", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EntryPool pool;
    /** The buffer being filled; exchanged for a spare one when logged to the ring. Null when disabled. */
    RecordBuffer buffer;
    /**
     * Records the entry may still offer without queueing behind waiting producers: its share of a round of the
     * {@link RingWaitingRoom}, valid while the room's credit epoch is {@link #creditEpoch}. Owner only.
     */
    long credit;
    /** The credit epoch {@link #credit} belongs to. */
    long creditEpoch;
    /** Read plainly by the owner (its own write); taken, given back and retired through {@link #OWNER}. */
    @SuppressWarnings("unused")
    private long owner;
    /**
     * The thread of the latest owner, written by it after taking the entry and only when it differs: what the pool
     * asks whether an owner is still alive (valid only while its id equals {@link #owner}).
     */
    volatile Thread ownerThread;
    /** The owner's home cell in the pool. */
    private int home;
    /** When it was begun, to tell a forgotten entry from one in use. */
    long beganMillis;
    /** Set while the owner is inside a caller's {@code CharSequence} copying it into this entry. */
    boolean inForeignCode;
    /** The name of the thread that began the latest record, and its number in {@link NameTable#THREADS}. */
    private String threadName;
    private int threadNameId = NameTable.NONE;

    LogEntry(final EntryPool pool, final RecordBuffer buffer) {
        this.pool = pool;
        this.buffer = buffer;
    }

    /** Begins a new record in the entry, which the calling thread {@code me} has just taken. */
    void begin(final Thread me, final int home, final Level level, final int loggerNameId,
               final String escapedLoggerName, final long epochMillis) {
        if (ownerThread != me) { // a thread that logs again takes its entry again: usually no write
            ownerThread = me;
        }
        final String name = me.getName();
        if (name != threadName) { // the same thread again (or one of the same name): no look-up, no write
            threadNameId = NameTable.THREADS.idOf(name);
            threadName = name;
        }
        this.home = home;
        this.beganMillis = epochMillis;
        this.inForeignCode = false;
        buffer.begin(level, loggerNameId, escapedLoggerName, threadNameId, name, epochMillis);
    }

    /**
     * The buffer if the calling thread owns this entry; null for the disabled entry, or, counted as misuse, for an
     * entry the calling thread does not own (used after {@code log()}, or from another thread).
     */
    private RecordBuffer owned() {
        final RecordBuffer b = buffer;
        if (b == null) {
            return null;
        }
        if (owner != Thread.currentThread().getId()) {
            pool.counters.misused.incrementAndGet();
            return null;
        }
        return b;
    }

    /**
     * Appends text, copying its chars now; {@code null} appends {@code null}. If its {@code length()} or
     * {@code charAt} throws, the exception reaches the caller and the entry is as it was before the call.
     *
     * @param text the text, or null.
     * @return this entry.
     */
    public LogEntry append(final CharSequence text) {
        final RecordBuffer b = owned();
        if (b != null) {
            text(b, RecordBuffer.TEXT, text);
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
        final RecordBuffer b = owned();
        if (b != null) {
            Objects.requireNonNull(text, "text");
            if (RecordBuffer.trusted(text)) {
                Objects.checkFromToIndex(start, end, text.length());
                b.text(RecordBuffer.TEXT, text, start, end);
            } else {
                final long me = enterForeignCode();
                try {
                    Objects.checkFromToIndex(start, end, text.length());
                    b.text(RecordBuffer.TEXT, text, start, end);
                } finally {
                    leaveForeignCode(me);
                }
            }
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
        final RecordBuffer b = owned();
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
        final RecordBuffer b = owned();
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
        final RecordBuffer b = owned();
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
        final RecordBuffer b = owned();
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
        final RecordBuffer b = owned();
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
        final RecordBuffer b = owned();
        if (b != null) {
            b.primitive(RecordBuffer.DOUBLE, Double.doubleToRawLongBits(value));
        }
        return this;
    }

    /**
     * Adds a text field, copying key and value now; a {@code null} value is JSON {@code null} (plain: {@code null}).
     * If the key's or the value's {@code length()} or {@code charAt} throws, the exception reaches the caller and the
     * entry is as it was before the call.
     *
     * @param key   the field name; {@code null} is written as {@code null}.
     * @param value the value, or null.
     * @return this entry.
     */
    public LogEntry kv(final CharSequence key, final CharSequence value) {
        final RecordBuffer b = key(key);
        if (b != null) {
            try {
                text(b, RecordBuffer.TEXT, value);
            } catch (final RuntimeException | Error failed) { // the value's own length() or charAt() threw
                b.dropKey(); // else the record would end with a key and no value, and could not be written
                throw failed;
            }
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
        final RecordBuffer b = owned();
        if (b != null) {
            b.thrown = thrown;
        }
        return this;
    }

    /**
     * Hands the entry to the service: queued for the writer (asynchronous) or written now (synchronous), and gives
     * the entry back to the service. When the queue is full, waits for room or drops the record, as the service was
     * built to ({@code whenFullWait()} or {@code whenFullDrop()}). A second call, or a call from a thread that does
     * not own the entry, does nothing and is counted in {@link LogMetrics#misused()}.
     */
    public void log() {
        if (owned() != null) {
            try {
                pool.handoff.hand(this);
            } finally {
                pool.giveBack(this);
            }
        }
    }

    /** Copies a whole text (or a null part) into the buffer, guarded as foreign code unless its type is trusted. */
    private void text(final RecordBuffer b, final byte tag, final CharSequence text) {
        if (text == null || RecordBuffer.trusted(text)) {
            b.text(tag, text, 0, text == null ? 0 : text.length());
            return;
        }
        final long me = enterForeignCode();
        try {
            b.text(tag, text, 0, text.length());
        } finally {
            leaveForeignCode(me);
        }
    }

    /** The key part of a field: the buffer to add the value to, or null if there is no room (or no entry). */
    private RecordBuffer key(final CharSequence key) {
        final RecordBuffer b = owned();
        if (b == null) {
            return null;
        }
        final CharSequence k = key == null ? "null" : key;
        final int length;
        if (RecordBuffer.trusted(k)) {
            length = k.length();
        } else {
            final long me = enterForeignCode();
            try {
                length = k.length();
            } finally {
                leaveForeignCode(me);
            }
        }
        if (!b.roomForKeyValue(length)) {
            return null;
        }
        text(b, (byte) (RecordBuffer.TEXT | RecordBuffer.KEY), k);
        return b;
    }

    /**
     * Marks the owner as inside a caller's {@code CharSequence}, whose methods might log: entries it begins until
     * {@link #leaveForeignCode} are refused (see {@link EntryPool}).
     */
    private long enterForeignCode() {
        final long me = Thread.currentThread().getId();
        inForeignCode = true;
        pool.enterForeignCode(home, me);
        return me;
    }

    private void leaveForeignCode(final long me) {
        inForeignCode = false;
        pool.leaveForeignCode(home, me);
    }
}
