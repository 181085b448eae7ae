package io.github.hotpath.log;

import io.github.hotpath.text.TextBuilder;

/**
 * The raw content of one record: primitives as their bits, text as copied chars, never a reference to a caller's
 * mutable object (only to immutable {@code String}s the service owns: the logger and thread names, and to a
 * {@code Throwable} the caller handed over). Filled by one logging thread, then handed to the writer through the
 * ring, which orders the hand-over (see {@link RecordRing}).
 *
 * <p>Every part is a tag in {@link #tags} and a number in {@link #nums}: the value's bits for a primitive, the
 * length of its chars in {@link #chars} for text (text parts take their chars in order). A key is a text part with
 * {@link #KEY} set, always followed by its value. The record never grows: a part that does not fit is cut (text) or
 * left out (any other part), and {@link #truncated} says so.
 */
final class RecordBuffer {
    static final byte TEXT = 1;
    static final byte NULL = 2;
    static final byte INT = 3;
    static final byte LONG = 4;
    static final byte FLOAT = 5;
    static final byte DOUBLE = 6;
    static final byte BOOLEAN = 7;
    static final byte CHAR = 8;
    /** Set on a text part that is the key of the next part. */
    static final byte KEY = 0x10;
    private static final Level[] LEVELS = Level.values();

    final byte[] tags;
    final long[] nums;
    final char[] chars;
    int parts;
    int charCount;
    boolean truncated;

    long epochMillis;
    /**
     * The level's ordinal, and the logger's and thread's names by their numbers in {@link NameTable}: a record holds
     * numbers, not references, so that filling it dirties no card of the garbage collector (see {@link NameTable}).
     * A name the table has no number for ({@link NameTable#NONE}) is held as a reference, written only when it
     * differs from the one the record already holds.
     */
    private byte levelOrdinal;
    private int loggerNameId;
    /** The logger's name, already escaped (see {@link Logger}), when it has no number; else null. */
    private String escapedLoggerName;
    private int threadNameId;
    /** The thread's name when it has no number; else null. */
    private String threadName;
    Throwable thrown;

    RecordBuffer(final int maxParts, final int maxChars) {
        tags = new byte[maxParts];
        nums = new long[maxParts];
        chars = new char[maxChars];
    }

    /**
     * Begins a record. {@code loggerNameId} and {@code threadNameId} are the names' numbers in
     * {@link NameTable#LOGGERS} and {@link NameTable#THREADS}, or {@link NameTable#NONE}; the names themselves are
     * written into the record only then (and only when they differ from what it holds).
     */
    void begin(final Level level, final int loggerNameId, final String escapedLoggerName, final int threadNameId,
               final String threadName, final long epochMillis) {
        levelOrdinal = (byte) level.ordinal();
        this.loggerNameId = loggerNameId;
        final String loggerName = loggerNameId == NameTable.NONE ? escapedLoggerName : null;
        if (this.escapedLoggerName != loggerName) {
            this.escapedLoggerName = loggerName;
        }
        this.threadNameId = threadNameId;
        final String thread = threadNameId == NameTable.NONE ? threadName : null;
        if (this.threadName != thread) {
            this.threadName = thread;
        }
        this.epochMillis = epochMillis;
        if (thrown != null) {
            thrown = null;
        }
        parts = 0;
        charCount = 0;
        truncated = false;
    }

    /** Begins a record, looking its names' numbers up (tests, and callers that keep no number at hand). */
    void begin(final Level level, final String escapedLoggerName, final String threadName, final long epochMillis) {
        begin(level, NameTable.LOGGERS.idOf(escapedLoggerName), escapedLoggerName, NameTable.THREADS.idOf(threadName),
            threadName, epochMillis);
    }

    Level level() {
        return LEVELS[levelOrdinal];
    }

    /** The level's ordinal. */
    int levelOrdinal() {
        return levelOrdinal;
    }

    /** The logger name's number in {@link NameTable#LOGGERS}, or {@link NameTable#NONE}. */
    int loggerNameId() {
        return loggerNameId;
    }

    /** The logger's name, escaped. */
    String escapedLoggerName() {
        return loggerNameId == NameTable.NONE ? escapedLoggerName : NameTable.LOGGERS.name(loggerNameId);
    }

    /** The thread name's number in {@link NameTable#THREADS}, or {@link NameTable#NONE}. */
    int threadNameId() {
        return threadNameId;
    }

    String threadName() {
        return threadNameId == NameTable.NONE ? threadName : NameTable.THREADS.name(threadNameId);
    }

    /** Forgets the references the record holds, so that a record waiting in the ring keeps nothing alive. */
    void releaseReferences() {
        thrown = null;
    }

    void primitive(final byte tag, final long bits) {
        if (parts == tags.length) {
            truncated = true;
            return;
        }
        tags[parts] = tag;
        nums[parts++] = bits;
    }

    /** Room for a key and its value: two parts and the whole key. */
    boolean roomForKeyValue(final int keyLength) {
        if (parts + 2 > tags.length || keyLength > chars.length - charCount) {
            truncated = true;
            return false;
        }
        return true;
    }

    /**
     * Copies chars {@code start} to {@code end} of a text as one part ({@code null}: a null part). The caller has
     * checked the range, and brackets the call as foreign code unless the text is {@link #trusted}.
     */
    void text(final byte tag, final CharSequence text, final int start, final int end) {
        if (text == null) {
            primitive((byte) (NULL | (tag & KEY)), 0);
        } else {
            copyText(tag, text, start, end);
        }
    }

    /** Types whose {@code length} and {@code charAt} run no caller code, so copying them needs no guard. */
    static boolean trusted(final CharSequence text) {
        return text instanceof String || text instanceof StringBuilder || text instanceof TextBuilder;
    }

    private void copyText(final byte tag, final CharSequence text, final int start, final int end) {
        if (parts == tags.length) {
            truncated = true;
            return;
        }
        final int room = chars.length - charCount;
        int length = end - start;
        if (length > room) {
            length = room;
            truncated = true;
            // Never leave half of a surrogate pair at the cut.
            if (length > 0 && Character.isHighSurrogate(text.charAt(start + length - 1))) {
                length--;
            }
        }
        copy(text, start, start + length, chars, charCount);
        charCount += length;
        tags[parts] = tag;
        nums[parts++] = length;
    }

    private static void copy(final CharSequence from, final int start, final int end, final char[] to, final int at) {
        if (from instanceof String) {
            ((String) from).getChars(start, end, to, at);
        } else if (from instanceof StringBuilder) {
            ((StringBuilder) from).getChars(start, end, to, at);
        } else {
            for (int i = start, j = at; i < end; i++, j++) {
                to[j] = from.charAt(i);
            }
        }
    }
}
