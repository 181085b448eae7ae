package io.github.hotpath.log;

import io.github.hotpath.text.TextBuilder;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Lays a {@link RecordBuffer} out as one line of the configured {@link LogFormat}, into a {@link TextBuilder}.
 * Message parts come first (in the order they were appended), then the key-value fields (in their order), then the
 * truncation marker, then a throwable's stack trace.
 *
 * <p>Every piece of text (message text, chars, thread and logger names, keys, text values) goes through
 * {@link TextBuilder#appendJsonEscaped(CharSequence)} in both formats, so no value can end the line (CWE-117).
 *
 * <p>Thread-safety: confined to the writer thread (or to a synchronous service under its lock). Allocation: none,
 * except for a record that carries a throwable, whose stack trace is rendered through a {@code StringWriter}.
 */
final class LineFormatter {
    /** What a truncated record ends with, in the plain format. */
    static final String TRUNCATED_MARKER = "\u2026[truncated]";
    private static final String TRUE = "true";
    private static final String FALSE = "false";
    private static final int NAME_CACHE = 16;

    private final LogFormat format;
    private final char[] oneChar = new char[1];
    private final char[] pair = new char[2];
    private final FieldSet fields;
    /** {@code yyyy-MM-ddTHH:mm:ss.} of {@link #cachedSecond}: records come in time order, so it is mostly reused. */
    private final TextBuilder secondPrefix = new TextBuilder(32);
    private long cachedSecond = Long.MIN_VALUE;
    /**
     * Escaped thread names by their number in {@link NameTable#THREADS}, in {@value #NAME_CACHE} cells (number mod
     * cells): the records of a few threads interleave in the ring, and escaping a long name again for each change of
     * thread cost a quarter of the line. A number's name never changes, so a cell is right while its number is.
     */
    private final TextBuilder[] escapedNames = new TextBuilder[NAME_CACHE];
    private final int[] escapedNameIds = new int[NAME_CACHE];
    /** The escaped form of {@link #cachedThreadName}, a name without a number, compared by reference. */
    private final TextBuilder escapedThreadName = new TextBuilder(64);
    private String cachedThreadName;
    /**
     * The head of the previous plain line ({@code "timestamp LEVEL  [thread] logger - "}) and what it was made of:
     * a record of the same millisecond, level, thread and logger (by their numbers) copies it whole instead of
     * building it again from six pieces. Records of one thread come in runs (a burst, or a turn of the waiting room),
     * and the head is about half of a short line.
     */
    private final TextBuilder plainHead = new TextBuilder(160);
    private long headMillis;
    private int headLevel = -1;
    private int headThread = NameTable.NONE;
    private int headLogger = NameTable.NONE;
    /** The names a field may not take in this format (see {@link FieldSet}). */
    private final String[] reserved;

    LineFormatter(final LogFormat format, final int maxParts) {
        this.format = format;
        this.reserved = format == LogFormat.ECS ? FieldSet.RESERVED_ECS : FieldSet.RESERVED;
        this.fields = new FieldSet(maxParts);
        for (int i = 0; i < NAME_CACHE; i++) {
            escapedNames[i] = new TextBuilder(64);
            escapedNameIds[i] = NameTable.NONE;
        }
    }

    void format(final RecordBuffer r, final TextBuilder out) {
        if (format == LogFormat.JSON) {
            json(r, out);
        } else if (format == LogFormat.ECS) {
            EcsLines.line(this, r, out);
        } else {
            plain(r, out);
        }
    }

    /** The line the writer emits after records were dropped, for one reason ("the log queue was full"). */
    void dropNotice(final long epochMillis, final long dropped, final String reason, final String threadName,
                    final TextBuilder out) {
        if (format == LogFormat.ECS) {
            EcsLines.dropNotice(this, epochMillis, dropped, reason, threadName, out);
        } else if (format == LogFormat.JSON) {
            timestamp(epochMillis, out.append("{\"ts\":\"")).append("\",\"level\":\"WARN\",\"logger\":");
            out.appendJsonString(ConcurrentLogService.INTERNAL_LOGGER_NAME).append(",\"thread\":");
            out.appendJsonString(threadName).append(",\"msg\":\"").append(dropped)
                .append(" records dropped: ").append(reason).append("\",\"dropped\":").append(dropped).append("}\n");
        } else {
            timestamp(epochMillis, out).append(' ').append(Level.WARN.padded()).append(" [");
            out.appendJsonEscaped(threadName).append("] ").append(ConcurrentLogService.INTERNAL_LOGGER_NAME)
                .append(" - ").append(dropped).append(" records dropped: ").append(reason).append('\n');
        }
    }

    /** Appends the escaped name of the record's thread, escaping it only when it is not cached. */
    TextBuilder threadName(final RecordBuffer r, final TextBuilder out) {
        final int id = r.threadNameId();
        if (id == NameTable.NONE) {
            return threadName(r.threadName(), out);
        }
        final int cell = id & (NAME_CACHE - 1);
        final TextBuilder escaped = escapedNames[cell];
        if (escapedNameIds[cell] != id) {
            escaped.clear();
            escaped.appendJsonEscaped(NameTable.THREADS.name(id));
            escapedNameIds[cell] = id;
        }
        return out.append(escaped);
    }

    /** Appends the escaped thread name, escaping it only when it differs from the previous one. */
    TextBuilder threadName(final String name, final TextBuilder out) {
        if (name != cachedThreadName) {
            escapedThreadName.clear();
            escapedThreadName.appendJsonEscaped(name);
            cachedThreadName = name;
        }
        return out.append(escapedThreadName);
    }

    /**
     * The ISO-8601 UTC timestamp with milliseconds, as {@link TextBuilder#appendIsoInstantMillis(long)} writes it,
     * reusing the date and time of the previous record's second.
     */
    TextBuilder timestamp(final long epochMillis, final TextBuilder out) {
        final long second = Math.floorDiv(epochMillis, 1000L);
        final int millis = (int) Math.floorMod(epochMillis, 1000L);
        if (second != cachedSecond) {
            secondPrefix.clear();
            secondPrefix.appendIsoInstantMillis(second * 1000L);
            if (secondPrefix.length() != 24) { // a year outside 0000-9999: no cache
                cachedSecond = Long.MIN_VALUE;
                return out.appendIsoInstantMillis(epochMillis);
            }
            secondPrefix.setLength(20);
            cachedSecond = second;
        }
        return out.append(secondPrefix).append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
            .append((char) ('0' + millis % 10)).append('Z');
    }

    private void plain(final RecordBuffer r, final TextBuilder out) {
        final int thread = r.threadNameId();
        final int logger = r.loggerNameId();
        if (thread == NameTable.NONE || logger == NameTable.NONE) {
            plainHead(r, out); // a name without a number: nothing to key the copy on
        } else {
            if (r.epochMillis != headMillis || r.levelOrdinal() != headLevel || thread != headThread
                || logger != headLogger) {
                headLevel = -1; // not valid while it is being rebuilt (a failure half-way must not leave it valid)
                plainHead.clear();
                plainHead(r, plainHead);
                headMillis = r.epochMillis;
                headThread = thread;
                headLogger = logger;
                headLevel = r.levelOrdinal();
            }
            out.append(plainHead);
        }
        message(r, out);
        fields(r, out, " ", "=", false);
        if (r.truncated) {
            out.append(TRUNCATED_MARKER);
        }
        out.append('\n');
        if (r.thrown != null) {
            plainStackTrace(r.thrown, out);
        }
    }

    /** Appends the head of a plain line: {@code "timestamp LEVEL  [thread] logger - "}. */
    private void plainHead(final RecordBuffer r, final TextBuilder out) {
        timestamp(r.epochMillis, out).append(' ').append(r.level().padded()).append(" [");
        threadName(r, out).append("] ").append(r.escapedLoggerName()).append(" - ");
    }

    private void json(final RecordBuffer r, final TextBuilder out) {
        timestamp(r.epochMillis, out.append("{\"ts\":\"")).append("\",\"level\":\"")
            .append(r.level().label()).append("\",\"logger\":\"");
        out.append(r.escapedLoggerName()).append("\",\"thread\":\"");
        threadName(r, out).append("\",\"msg\":\"");
        message(r, out);
        out.append('"');
        fields(r, out, ",\"", "\":", true);
        if (r.truncated) {
            out.append(",\"truncated\":true");
        }
        if (r.thrown != null) {
            out.append(",\"stack\":\"");
            out.appendJsonEscaped(stackTrace(r.thrown));
            out.append('"');
        }
        out.append("}\n");
    }

    /**
     * The message parts (every part that is neither a key nor a key's value), escaped, without quotes. The text of
     * adjacent message parts is escaped as one run, as if it had been appended to one builder: a surrogate pair
     * split across two parts ({@code append('\uD83D').append('\uDE00')}, or a text cut inside a pair) stays a pair;
     * only a surrogate without its other half becomes U+FFFD.
     */
    void message(final RecordBuffer r, final TextBuilder out) {
        final byte[] tags = r.tags;
        final long[] nums = r.nums;
        final int parts = r.parts;
        int at = 0;
        char carry = 0;
        for (int i = 0; i < parts; i++) {
            final byte tag = tags[i];
            if ((tag & RecordBuffer.KEY) != 0) { // a field: skip its key and value
                at += (int) nums[i];
                i++;
                if (tags[i] == RecordBuffer.TEXT) {
                    at += (int) nums[i];
                }
            } else if (tag == RecordBuffer.TEXT) {
                carry = run(r.chars, at, (int) nums[i], carry, out);
                at += (int) nums[i];
            } else if (tag == RecordBuffer.CHAR) {
                oneChar[0] = (char) nums[i];
                carry = run(oneChar, 0, 1, carry, out);
            } else {
                carry = endRun(carry, out);
                value(r, tag, nums[i], at, out, false);
            }
        }
        endRun(carry, out);
    }

    /**
     * Escapes {@code length} chars of {@code src} from {@code from} as the continuation of a run of message text.
     * {@code carry} is a high surrogate held back from the end of the run so far (0 if none): it pairs with a low
     * surrogate starting this text. Returns the high surrogate this text ends with, held back in turn, or 0.
     */
    private char run(final char[] src, final int from, final int length, final char carry, final TextBuilder out) {
        if (length == 0) {
            return carry;
        }
        int start = from;
        if (carry != 0) {
            if (Character.isLowSurrogate(src[start])) {
                pair[0] = carry;
                pair[1] = src[start++];
                out.appendJsonEscaped(pair, 0, 2);
            } else {
                endRun(carry, out);
            }
        }
        int end = from + length;
        char next = 0;
        if (end > start && Character.isHighSurrogate(src[end - 1])) {
            next = src[--end];
        }
        if (end > start) {
            out.appendJsonEscaped(src, start, end - start);
        }
        return next;
    }

    /** Ends a run of message text: a high surrogate held back with nothing to pair with is escaped alone. */
    private char endRun(final char carry, final TextBuilder out) {
        if (carry != 0) {
            pair[0] = carry;
            out.appendJsonEscaped(pair, 0, 1);
        }
        return 0;
    }

    /**
     * The key-value fields in order, each as {@code before key between value}; {@code typed} writes JSON values and
     * renames keys that pose as the line's own (see {@link FieldSet}). A key repeated later is left out: the last
     * value wins.
     */
    void fields(final RecordBuffer r, final TextBuilder out, final String before, final String between,
                        final boolean typed) {
        final FieldSet set = fields;
        set.index(r);
        final int count = set.count();
        for (int f = 0; f < count; f++) {
            if (!set.kept(f)) {
                continue;
            }
            final int key = set.keyPart(f);
            final int keyAt = set.keyAt(f);
            final int keyLength = (int) r.nums[key];
            out.append(before);
            if (typed && FieldSet.posesAsReserved(reserved, r.chars, keyAt, keyLength)) {
                out.append('_');
            }
            text(r, keyAt, keyLength, out);
            out.append(between);
            value(r, r.tags[key + 1], r.nums[key + 1], set.valueAt(f), out, typed);
        }
    }

    /**
     * Appends one value part; {@code typed} writes JSON values (quoted strings, {@code null}, numbers, non-finite
     * numbers as strings), otherwise the bare text. Returns the char position after the part's text.
     */
    private int value(final RecordBuffer r, final byte tag, final long bits, final int at, final TextBuilder out,
                      final boolean typed) {
        switch (tag) {
            case RecordBuffer.TEXT:
                if (typed) {
                    out.append('"');
                }
                final int next = text(r, at, (int) bits, out);
                if (typed) {
                    out.append('"');
                }
                return next;
            case RecordBuffer.NULL:
                out.append("null");
                return at;
            case RecordBuffer.INT:
                out.append((int) bits);
                return at;
            case RecordBuffer.LONG:
                out.append(bits);
                return at;
            case RecordBuffer.FLOAT:
                final float f = Float.intBitsToFloat((int) bits);
                if (typed && !Float.isFinite(f)) {
                    out.append('"').append(f).append('"');
                } else {
                    out.append(f);
                }
                return at;
            case RecordBuffer.DOUBLE:
                final double d = Double.longBitsToDouble(bits);
                if (typed && !Double.isFinite(d)) {
                    out.append('"').append(d).append('"');
                } else {
                    out.append(d);
                }
                return at;
            case RecordBuffer.BOOLEAN:
                out.append(bits != 0 ? TRUE : FALSE);
                return at;
            case RecordBuffer.CHAR:
                if (typed) {
                    out.append('"');
                }
                oneChar[0] = (char) bits;
                out.appendJsonEscaped(oneChar, 0, 1);
                if (typed) {
                    out.append('"');
                }
                return at;
            default:
                throw new IllegalStateException("corrupt record: unknown part tag " + tag);
        }
    }

    private int text(final RecordBuffer r, final int at, final int length, final TextBuilder out) {
        out.appendJsonEscaped(r.chars, at, length);
        return at + length;
    }

    /**
     * Each line of the stack trace on its own line, escaped, starting with at least one tab: a line the JDK indents
     * keeps its tabs (so a suppressed exception's frames, two tabs deep, stay apart from the outer frames), one it
     * does not (the first, a "Caused by:") gets one. Allocates.
     */
    private static void plainStackTrace(final Throwable thrown, final TextBuilder out) {
        final String trace = stackTrace(thrown);
        int start = 0;
        final int length = trace.length();
        while (start < length) {
            int end = trace.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            final int contentEnd = end > start && trace.charAt(end - 1) == '\r' ? end - 1 : end;
            int contentStart = start;
            while (contentStart < contentEnd && trace.charAt(contentStart) == '\t') {
                contentStart++; // the JDK's indentation: kept as tabs, not escaped
                out.append('\t');
            }
            if (contentStart == start) {
                out.append('\t');
            }
            out.appendJsonEscaped(trace.substring(contentStart, contentEnd));
            out.append('\n');
            start = end + 1;
        }
    }

    static String stackTrace(final Throwable thrown) {
        final StringWriter text = new StringWriter(512);
        try (PrintWriter printer = new PrintWriter(text)) {
            thrown.printStackTrace(printer);
        } catch (final Throwable e) {
            // A throwable whose printing fails (a broken getMessage or toString throwing an Error, a cause chain
            // deep enough to overflow the stack) must not kill the writer. The fallback calls no method of either
            // throwable that user code could override.
            LogCounters.rethrowIfFatal(e);
            return thrown.getClass().getName() + " (its stack trace could not be printed: "
                + e.getClass().getName() + ")";
        }
        return text.toString();
    }
}
