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
 * {@link #KEY} set, always followed by its value. Its limits never change: a part that does not fit is cut (text) or
 * left out (any other part), and {@link #truncated} says so. Once message text has been cut, later message parts are
 * left out too, even those that would fit (a number takes no chars): the message stays the start of what was logged,
 * rather than a cut text with later values glued on. Fields (a key and its value) are not message parts.
 *
 * <h2>Storage</h2>
 * A record starts in small arrays ({@value #SMALL_PARTS} parts, {@value #SMALL_CHARS} chars) allocated next to
 * the buffer, and moves to arrays of the full size ({@code maxParts}, {@code maxChars}) only when it outgrows them
 * (copying what it holds: a few hundred bytes at most). The full-size arrays of a set of buffers (a ring's, an
 * entry pool's) are allocated together, apart from the buffers ({@link Large}), and are not referenced by a buffer
 * that does not use them: so that the ring's records, which its callers and the writer touch one after another,
 * lie close together (about 0.5 KB a buffer instead of about 2.7 KB with the default sizes), even after the garbage
 * collector has moved them (it copies an object's referents next to it). Four callers on two cores, a ring of 8,192
 * records, 30 s a run, JDK 25 (2026-11-30), runs hours apart: a median of 702 to 894 ns per record (4 runs) against
 * 823 to 987 with full-size arrays only (3 runs); quarter-seconds slower than 1.5 µs per record 5 to 42 of 120
 * against 11 to 40, no clear change. With a waiting room tried the same day and reverted, interleaved runs gave 691
 * and 695 against 830 and 1,032, and 13 and 7 slow quarter-seconds against 14 and 50. Nothing is allocated when a
 * record moves.
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
    /** Parts a record holds before it moves to the full-size arrays. */
    static final int SMALL_PARTS = 16;
    /** Chars a record holds before it moves to the full-size arrays. */
    static final int SMALL_CHARS = 128;
    private static final Level[] LEVELS = Level.values();

    /** The arrays the record is in: the small ones, or the full-size ones once it outgrew them. */
    byte[] tags;
    long[] nums;
    char[] chars;
    private final byte[] smallTags;
    private final long[] smallNums;
    private final char[] smallChars;
    /** The full-size arrays of this buffer's set, or null if the small ones are the full size. */
    private final Large large;
    /** This buffer's index in {@link #large}. */
    private final int largeIndex;
    int parts;
    int charCount;
    boolean truncated;
    /** Message text was cut: later message parts are left out. */
    private boolean messageCut;

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

    /** A buffer with its own full-size arrays (tests, and entries made one at a time). */
    RecordBuffer(final int maxParts, final int maxChars) {
        this(maxParts, maxChars, Large.of(1, maxParts, maxChars), 0);
    }

    private RecordBuffer(final int maxParts, final int maxChars, final Large large, final int largeIndex) {
        smallTags = new byte[Math.min(maxParts, SMALL_PARTS)];
        smallNums = new long[smallTags.length];
        smallChars = new char[Math.min(maxChars, SMALL_CHARS)];
        tags = smallTags;
        nums = smallNums;
        chars = smallChars;
        this.large = large;
        this.largeIndex = largeIndex;
    }

    /**
     * {@code count} buffers whose full-size arrays are allocated after all of them, together (see Storage), as a
     * ring or an entry pool needs them.
     */
    static RecordBuffer[] many(final int count, final int maxParts, final int maxChars) {
        final RecordBuffer[] buffers = new RecordBuffer[count];
        final Large large = Large.of(count, maxParts, maxChars); // its arrays come only after the buffers
        for (int i = 0; i < count; i++) {
            buffers[i] = new RecordBuffer(maxParts, maxChars, large, i);
        }
        if (large != null) {
            large.allocate();
        }
        return buffers;
    }

    /**
     * The full-size arrays of a set of buffers, by buffer index; referenced by a buffer only while its record is in
     * them. Null when the small arrays are already the full size.
     */
    static final class Large {
        private final byte[][] tags;
        private final long[][] nums;
        private final char[][] chars;
        private final int maxParts;
        private final int maxChars;

        private Large(final int count, final int maxParts, final int maxChars) {
            tags = new byte[count][];
            nums = new long[count][];
            chars = new char[count][];
            this.maxParts = maxParts;
            this.maxChars = maxChars;
        }

        static Large of(final int count, final int maxParts, final int maxChars) {
            if (maxParts <= SMALL_PARTS && maxChars <= SMALL_CHARS) {
                return null;
            }
            final Large large = new Large(count, maxParts, maxChars);
            if (count == 1) {
                large.allocate();
            }
            return large;
        }

        private void allocate() {
            for (int i = 0; i < tags.length; i++) {
                if (tags[i] == null) {
                    tags[i] = new byte[maxParts];
                    nums[i] = new long[maxParts];
                    chars[i] = new char[maxChars];
                }
            }
        }
    }

    /**
     * Moves the record into its full-size arrays, copying what it holds; false if it is in them already (or the
     * small arrays are the full size): then it is full.
     */
    private boolean grow() {
        if (large == null || tags != smallTags) {
            return false;
        }
        final byte[] t = large.tags[largeIndex];
        final long[] n = large.nums[largeIndex];
        final char[] c = large.chars[largeIndex];
        System.arraycopy(tags, 0, t, 0, parts);
        System.arraycopy(nums, 0, n, 0, parts);
        System.arraycopy(chars, 0, c, 0, charCount);
        tags = t;
        nums = n;
        chars = c;
        return true;
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
        if (tags != smallTags) { // the previous record outgrew the small arrays: start in them again
            tags = smallTags;
            nums = smallNums;
            chars = smallChars;
        }
        parts = 0;
        charCount = 0;
        truncated = false;
        messageCut = false;
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
        if (messageCut && isMessagePart(tag)) {
            truncated = true;
            return;
        }
        if (parts == tags.length && !(grow() && parts < tags.length)) {
            truncated = true;
            return;
        }
        tags[parts] = tag;
        nums[parts++] = bits;
    }

    /** Room for a key and its value: two parts and the whole key. */
    boolean roomForKeyValue(final int keyLength) {
        if (fitsKeyValue(keyLength) || grow() && fitsKeyValue(keyLength)) {
            return true;
        }
        truncated = true;
        return false;
    }

    private boolean fitsKeyValue(final int keyLength) {
        return parts + 2 <= tags.length && keyLength <= chars.length - charCount;
    }

    /**
     * Takes back the last part, a key whose value could not be added (its copy threw): a key is always followed by
     * its value.
     */
    void dropKey() {
        final int last = parts - 1;
        if (last >= 0 && (tags[last] & KEY) != 0) {
            if ((tags[last] & ~KEY) == TEXT) {
                charCount -= (int) nums[last];
            }
            parts = last;
        }
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

    /** Whether a part with {@code tag}, added now, is part of the message: neither a key nor a key's value. */
    private boolean isMessagePart(final byte tag) {
        return (tag & KEY) == 0 && (parts == 0 || (tags[parts - 1] & KEY) == 0);
    }

    private void copyText(final byte tag, final CharSequence text, final int start, final int end) {
        if (messageCut && isMessagePart(tag)) {
            truncated = true;
            return;
        }
        if (parts == tags.length && !(grow() && parts < tags.length)) {
            truncated = true;
            return;
        }
        int length = end - start;
        if (length > chars.length - charCount) {
            grow();
        }
        final int room = chars.length - charCount;
        if (length > room) {
            length = room;
            truncated = true;
            messageCut |= isMessagePart(tag); // parts is unchanged yet: the same answer as before the cut
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
