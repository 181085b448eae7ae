package io.github.hotpath.text;

import io.github.hotpath.core.Resettable;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Objects;

/**
 * A presized, reusable, single-threaded text builder that formats numbers, timestamps and JSON strings and writes
 * UTF-8 bytes without allocating: the {@link StringBuilder} of a hot path.
 *
 * <pre>{@code
 * TextBuilder line = new TextBuilder(256);          // once, per thread or per pooled request
 * line.clear().append("latencyMicros=").append(latency).append(" ratio=").append(ratio);
 * line.writeUtf8(socketBuffer);                     // no String, no byte[] per call
 * }</pre>
 *
 * <h2>Thread-safety</h2>
 * None: an instance belongs to one thread at a time, like {@code StringBuilder}. Hand it to another thread only
 * through a safe publication (a pool, a queue, a lock); it has no memory effects of its own.
 *
 * <h2>Allocation</h2>
 * Every {@code append}, {@link #clear()}, {@link #setLength(int)}, {@link #utf8Length()} and every
 * {@code writeUtf8} allocate nothing once the builder has the capacity it needs. Allocations happen only:
 * <ul>
 *   <li>when an append needs more room than {@link #capacity()} (the builder grows to at least twice its size,
 *       copying; {@link #growCount()} counts these, so that presizing can be tuned);</li>
 *   <li>in {@link #reset()}, when the builder had grown past its retained-capacity limit and shrinks back to its
 *       initial capacity;</li>
 *   <li>once per builder: on the first {@link #appendFixed(double, int)} (a small formatter), on the first one
 *       whose value needs more than 64-bit arithmetic (|value| * 10^digits &gt;= 2^63: a limb array), and on the
 *       first {@link #writeUtf8(OutputStream)} or write into a direct {@link ByteBuffer} (a 4 KiB scratch array);
 *       all are then reused;</li>
 *   <li>in {@link #toString()} (exactly the resulting {@code String} for Latin-1 content, see there) and
 *       {@link #subSequence(int, int)} (a {@code String}, as the {@code CharSequence} contract requires).</li>
 * </ul>
 * The class initialisation of the number formatters computes their tables once (with {@code BigInteger}).
 *
 * <h2>Storage</h2>
 * UTF-16 {@code char}s, like a {@code String}'s content: any Unicode text is held as is. Latin-1 text takes the fast
 * paths: ASCII is copied to UTF-8 one byte per char in a tight loop, and {@code toString()} yields a compact
 * (Latin-1) {@code String}.
 *
 * <h2>Departures from {@code StringBuilder} and the {@code Resettable} contract</h2>
 * <ul>
 *   <li>{@code append(double)}/{@code append(float)} always produce the JDK 19+ text (the shortest decimal that
 *       reads back to the same value), also on JDK 17, whose own {@code Double.toString} is sometimes longer.</li>
 *   <li>{@link #setLength(int)} only shortens; it never pads with NUL chars.</li>
 *   <li>Lone surrogates are replaced by U+FFFD in UTF-8 output and in JSON escaping ({@code String.getBytes} uses
 *       {@code '?'}); the builder's chars themselves are kept as appended.</li>
 *   <li>{@link #reset()} empties the builder as a fresh one would be, but {@link #growCount()} and
 *       {@link #peakLength()} are tuning statistics that survive it (clear them with {@link #resetStatistics()}),
 *       and {@link #capacity()} reports the retained array.</li>
 * </ul>
 */
public final class TextBuilder implements CharSequence, Appendable, Resettable {
    /** The largest array length the JVMs accept reliably. */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;
    private static final int SCRATCH_BYTES = 4096;
    private static final char REPLACEMENT = '\uFFFD';
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String LONG_MIN = "-9223372036854775808";

    private final int initialCapacity;
    private final int retainedCapacityLimit;
    private char[] chars;
    private int count;
    private int growCount;
    private int peakLength;
    private byte[] scratch;
    private FixedPoint fixedPoint;

    /**
     * A builder with room for {@code initialCapacity} chars that shrinks back to that size on {@link #reset()} once
     * it has grown past four times that size.
     *
     * @param initialCapacity chars to allocate now, at least 1.
     * @throws IllegalArgumentException if {@code initialCapacity < 1} or too large for an array.
     */
    public TextBuilder(final int initialCapacity) {
        this(initialCapacity, (int) Math.min(MAX_CAPACITY, 4L * initialCapacity));
    }

    /**
     * A builder with room for {@code initialCapacity} chars that shrinks back to that size on {@link #reset()} when
     * it has grown past {@code retainedCapacityLimit} chars.
     *
     * @param initialCapacity       chars to allocate now, at least 1.
     * @param retainedCapacityLimit the largest capacity {@link #reset()} keeps, at least {@code initialCapacity}.
     * @throws IllegalArgumentException if {@code initialCapacity < 1}, too large for an array, or
     *                                  {@code retainedCapacityLimit < initialCapacity}.
     */
    public TextBuilder(final int initialCapacity, final int retainedCapacityLimit) {
        if (initialCapacity < 1 || initialCapacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("initialCapacity must be in [1, " + MAX_CAPACITY + "]: "
                + initialCapacity);
        }
        if (retainedCapacityLimit < initialCapacity) {
            throw new IllegalArgumentException("retainedCapacityLimit (" + retainedCapacityLimit
                + ") must be >= initialCapacity (" + initialCapacity + ")");
        }
        this.initialCapacity = initialCapacity;
        this.retainedCapacityLimit = retainedCapacityLimit;
        this.chars = new char[initialCapacity];
    }

    // ------------------------------------------------------------------------------------------------ capacity

    /**
     * The number of chars the builder can hold without growing.
     *
     * @return the length of the current array.
     */
    public int capacity() {
        return chars.length;
    }

    /**
     * How many times an append had to grow the array since construction or the last {@link #resetStatistics()}: a
     * non-zero value in steady state means the initial capacity is too small for the renders it does.
     *
     * @return the number of growths.
     */
    public int growCount() {
        return growCount;
    }

    /**
     * The longest content the builder has held since construction or the last {@link #resetStatistics()}: the
     * initial capacity that would have avoided every growth. Allocates nothing.
     *
     * @return the peak {@link #length()}.
     */
    public int peakLength() {
        return Math.max(peakLength, count);
    }

    /** Sets {@link #growCount()} back to zero and {@link #peakLength()} to the current length. Allocates nothing. */
    public void resetStatistics() {
        growCount = 0;
        peakLength = count;
    }

    private void notePeak() {
        if (count > peakLength) {
            peakLength = count;
        }
    }

    /**
     * Makes room for {@code extra} more chars and returns the array to write them into, from {@link #length()}.
     * Writers call {@link #commit(int)} afterwards.
     */
    char[] reserve(final int extra) {
        final char[] a = chars;
        if (a.length - count >= extra) {
            return a;
        }
        return grow(extra);
    }

    /** Accepts {@code n} chars written after {@link #length()} into the array {@link #reserve(int)} returned. */
    void commit(final int n) {
        count += n;
    }

    private char[] grow(final int extra) {
        final long needed = (long) count + extra;
        if (needed > MAX_CAPACITY) {
            throw new OutOfMemoryError("a TextBuilder cannot hold " + needed + " chars (at most " + MAX_CAPACITY
                + ")");
        }
        final int newCapacity = (int) Math.min(MAX_CAPACITY, Math.max(needed, 2L * chars.length + 2));
        final char[] grown = new char[newCapacity];
        System.arraycopy(chars, 0, grown, 0, count);
        chars = grown;
        growCount++;
        return grown;
    }

    // ------------------------------------------------------------------------------------------------ state

    /**
     * The number of chars in the builder.
     *
     * @return the length.
     */
    @Override
    public int length() {
        return count;
    }

    /**
     * The char at {@code index}.
     *
     * @param index from 0 to {@code length() - 1}.
     * @return the char.
     * @throws IndexOutOfBoundsException if {@code index} is outside the content.
     */
    @Override
    public char charAt(final int index) {
        Objects.checkIndex(index, count);
        return chars[index];
    }

    /**
     * A {@code String} of the chars from {@code start} to {@code end}: <b>allocates</b> that {@code String}, as the
     * {@code CharSequence} contract requires. Use {@link #append(CharSequence, int, int)} on another builder to copy
     * a range without allocating.
     *
     * @param start the first index, inclusive.
     * @param end   the last index, exclusive.
     * @return a new {@code String}.
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, length()]}.
     */
    @Override
    public CharSequence subSequence(final int start, final int end) {
        Objects.checkFromToIndex(start, end, count);
        return new String(chars, start, end - start);
    }

    /**
     * Truncates the content to {@code newLength} chars. Allocates nothing.
     *
     * <p>Note: unlike {@link StringBuilder#setLength(int)}, it cannot lengthen the content.
     *
     * @param newLength from 0 to {@link #length()}.
     * @throws IndexOutOfBoundsException if {@code newLength} is negative or greater than {@link #length()}.
     */
    public void setLength(final int newLength) {
        if (newLength < 0 || newLength > count) {
            throw new IndexOutOfBoundsException("newLength " + newLength + " is outside [0, " + count + "]");
        }
        notePeak();
        count = newLength;
    }

    /**
     * Empties the builder and keeps its capacity. Allocates nothing.
     *
     * @return this builder.
     */
    public TextBuilder clear() {
        notePeak();
        count = 0;
        return this;
    }

    /**
     * Empties the builder; if it has grown past its retained-capacity limit, replaces its array by a new one of the
     * initial capacity (the only allocation, so that one huge render does not pin a huge array). Statistics survive
     * (see {@link #resetStatistics()}).
     */
    @Override
    public void reset() {
        notePeak();
        count = 0;
        if (chars.length > retainedCapacityLimit) {
            chars = new char[initialCapacity];
        }
    }

    /**
     * The content as a new {@code String}. When every char is Latin-1 (U+0000 to U+00FF), allocates exactly that
     * {@code String}: its object and its compact byte array. Otherwise the JDK's {@code String} constructor first
     * tries Latin-1 compression and drops a transient {@code byte[length()]} before it allocates the UTF-16 array
     * (measured on JDK 17 and 25: 128 bytes instead of 88 for 24 chars); that is the JDK's cost of any
     * {@code String} made from chars, {@code StringBuilder.toString()} included.
     *
     * @return the content.
     */
    @Override
    public String toString() {
        return new String(chars, 0, count);
    }

    // ------------------------------------------------------------------------------------------------ appends

    /**
     * Appends a {@code CharSequence}, or {@code "null"}. {@code String}, {@code StringBuilder} and
     * {@code TextBuilder} are copied in bulk. Allocates nothing unless the builder grows.
     *
     * @param csq the text, or null.
     * @return this builder.
     */
    @Override
    public TextBuilder append(final CharSequence csq) {
        if (csq == null) {
            return appendNull();
        }
        return append(csq, 0, csq.length());
    }

    /**
     * Appends {@code csq.subSequence(start, end)} without creating it, or the same range of {@code "null"}.
     * Allocates nothing unless the builder grows.
     *
     * @param csq   the text, or null.
     * @param start the first index, inclusive.
     * @param end   the last index, exclusive.
     * @return this builder.
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, csq.length()]}; nothing is appended.
     */
    @Override
    public TextBuilder append(final CharSequence csq, final int start, final int end) {
        final CharSequence s = csq == null ? "null" : csq;
        Objects.checkFromToIndex(start, end, s.length());
        final int n = end - start;
        final char[] a = reserve(n);
        if (s instanceof String) {
            ((String) s).getChars(start, end, a, count);
        } else if (s instanceof TextBuilder) {
            System.arraycopy(((TextBuilder) s).chars, start, a, count, n);
        } else if (s instanceof StringBuilder) {
            ((StringBuilder) s).getChars(start, end, a, count);
        } else {
            final int pos = count;
            for (int i = 0; i < n; i++) {
                a[pos + i] = s.charAt(start + i);
            }
        }
        count += n;
        return this;
    }

    /**
     * Appends one char (a lone surrogate is kept as is). Allocates nothing unless the builder grows.
     *
     * @param c the char.
     * @return this builder.
     */
    @Override
    public TextBuilder append(final char c) {
        reserve(1)[count++] = c;
        return this;
    }

    /**
     * Appends {@code "true"} or {@code "false"}. Allocates nothing unless the builder grows.
     *
     * @param b the value.
     * @return this builder.
     */
    public TextBuilder append(final boolean b) {
        return append(b ? "true" : "false");
    }

    /**
     * Appends the decimal text of {@code v}, as {@link Integer#toString(int)} would. Allocates nothing unless the
     * builder grows.
     *
     * @param v the value; {@code Integer.MIN_VALUE} included.
     * @return this builder.
     */
    public TextBuilder append(final int v) {
        return append((long) v); // the long writer takes the int path for int-sized magnitudes
    }

    /**
     * Appends the decimal text of {@code v}, as {@link Long#toString(long)} would. Allocates nothing unless the
     * builder grows.
     *
     * @param v the value; {@code Long.MIN_VALUE} included.
     * @return this builder.
     */
    public TextBuilder append(final long v) {
        if (v == Long.MIN_VALUE) {
            return append(LONG_MIN);
        }
        final long magnitude = v < 0 ? -v : v;
        final int len = Digits.length(magnitude);
        final int total = len + (v < 0 ? 1 : 0);
        final char[] a = reserve(total);
        if (v < 0) {
            a[count] = '-';
        }
        Digits.writeLong(magnitude, a, count + total);
        count += total;
        return this;
    }

    /**
     * Appends the shortest decimal that reads back to {@code v}, exactly as JDK 19+ {@link Float#toString(float)}
     * writes it ({@code 1.0E10}, {@code 0.001}, {@code -0.0}, {@code NaN}, {@code Infinity}), on every JDK.
     * Allocates nothing unless the builder grows.
     *
     * @param v the value.
     * @return this builder.
     */
    public TextBuilder append(final float v) {
        count = ShortestDecimal.writeFloat(v, reserve(ShortestDecimal.MAX_CHARS), count);
        return this;
    }

    /**
     * Appends the shortest decimal that reads back to {@code v}, exactly as JDK 19+ {@link Double#toString(double)}
     * writes it: plain notation for 10^-3 &lt;= |v| &lt; 10^7 ({@code 123.45}, {@code 100.0}), otherwise
     * computerized scientific notation ({@code 1.0E7}, {@code 4.9E-324}), and {@code -0.0}, {@code NaN},
     * {@code Infinity}. JDK 17's own {@code Double.toString} is sometimes longer (JDK-4511638); this is not.
     * Allocates nothing unless the builder grows.
     *
     * @param v the value.
     * @return this builder.
     */
    public TextBuilder append(final double v) {
        count = ShortestDecimal.writeDouble(v, reserve(ShortestDecimal.MAX_CHARS), count);
        return this;
    }

    /**
     * Appends {@code v} in fixed-point notation with exactly {@code fractionDigits} digits after the point (none
     * and no point for 0), rounded half-up (ties away from zero) from the exact binary value of {@code v}: the text
     * of {@code new BigDecimal(v).setScale(fractionDigits, RoundingMode.HALF_UP).toPlainString()}. So
     * {@code appendFixed(0.125, 2)} gives {@code 0.13} (0.125 is exact in binary), while
     * {@code appendFixed(2.675, 2)} gives {@code 2.67} (the double is 2.67499999...). A minus sign appears only if the
     * rounded value is not zero ({@code -0.001} with 2 digits gives {@code 0.00}). NaN and infinities are written
     * as by {@link #append(double)}. Large values are written in full ({@code 1e300} gives 301 digits).
     *
     * <p>Allocates nothing unless the builder grows, except a scratch array once per builder on the first value
     * with |v| * 10^fractionDigits &gt;= 2^63.
     *
     * @param v              the value.
     * @param fractionDigits digits after the point, 0 to 18.
     * @return this builder.
     * @throws IllegalArgumentException if {@code fractionDigits} is outside [0, 18]; nothing is appended.
     */
    public TextBuilder appendFixed(final double v, final int fractionDigits) {
        if (fractionDigits < 0 || fractionDigits > FixedPoint.MAX_FRACTION_DIGITS) {
            throw new IllegalArgumentException("fractionDigits must be in [0, " + FixedPoint.MAX_FRACTION_DIGITS
                + "]: " + fractionDigits);
        }
        FixedPoint f = fixedPoint;
        if (f == null) {
            f = new FixedPoint();
            fixedPoint = f;
        }
        f.append(this, v, fractionDigits);
        return this;
    }

    /**
     * Appends the UTC instant {@code epochMillis} in ISO-8601 with exactly three fraction digits, e.g.
     * {@code 2026-11-26T18:00:00.123Z}. Years before 0000 are written with a minus sign and at least four digits
     * ({@code -0001-12-31T23:59:59.999Z}), years after 9999 with a plus sign ({@code +10000-01-01T00:00:00.000Z}),
     * as {@code java.time.Instant.toString()} does; every {@code long} is accepted. Allocates nothing unless the
     * builder grows; no {@code java.time} object is created.
     *
     * <p>Note: unlike {@code Instant.toString()}, which drops a zero fraction, the fraction always has 3 digits.
     *
     * @param epochMillis milliseconds since 1970-01-01T00:00:00Z, negative before.
     * @return this builder.
     */
    public TextBuilder appendIsoInstantMillis(final long epochMillis) {
        count = IsoInstant.write(Math.floorDiv(epochMillis, 1000L), (int) Math.floorMod(epochMillis, 1000L), 3,
            reserve(IsoInstant.MAX_CHARS), count);
        return this;
    }

    /**
     * Appends the UTC instant {@code epochSecond + nanos} in ISO-8601 with exactly nine fraction digits, e.g.
     * {@code 2026-11-26T18:00:00.123456789Z}; years as in {@link #appendIsoInstantMillis(long)}. Every
     * {@code long} second is accepted. Allocates nothing unless the builder grows.
     *
     * <p>Note: unlike {@code Instant.toString()}, the fraction always has 9 digits.
     *
     * @param epochSecond seconds since 1970-01-01T00:00:00Z, negative before.
     * @param nanos       nanoseconds within the second, 0 to 999,999,999.
     * @return this builder.
     * @throws IllegalArgumentException if {@code nanos} is out of range; nothing is appended.
     */
    public TextBuilder appendIsoInstant(final long epochSecond, final int nanos) {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanos must be in [0, 999999999]: " + nanos);
        }
        count = IsoInstant.write(epochSecond, nanos, 9, reserve(IsoInstant.MAX_CHARS), count);
        return this;
    }

    /**
     * Appends {@code s} as a JSON string: a quote, {@linkplain #appendJsonEscaped(CharSequence) the escaped
     * content}, a quote. {@code null} appends the JSON literal {@code null} (no quotes). Allocates nothing unless
     * the builder grows.
     *
     * @param s the text, or null.
     * @return this builder.
     */
    public TextBuilder appendJsonString(final CharSequence s) {
        if (s == null) {
            return appendNull();
        }
        append('"');
        appendJsonEscaped(s);
        return append('"');
    }

    /**
     * Appends the content of {@code s} escaped for a JSON string, without quotes: {@code "} and {@code \} are
     * escaped with a backslash; control characters U+0000 to U+001F as {@code \b \t \n \f \r} or
     * <code>&#92;u00XX</code>, and DEL and the C1 controls U+007F to U+009F (NEL, U+0085, is a line break to some
     * log viewers) as <code>&#92;u00XX</code>; U+2028 and U+2029 as <code>&#92;u2028</code> and
     * <code>&#92;u2029</code> (so that the text is also valid JavaScript and no line separator can split a log line);
     * a lone surrogate is replaced by U+FFFD; everything else, including {@code /} and surrogate pairs, is copied.
     * {@code null} appends
     * {@code null}. Allocates nothing unless the builder grows.
     *
     * @param s the text, or null.
     * @return this builder.
     */
    public TextBuilder appendJsonEscaped(final CharSequence s) {
        if (s == null) {
            return appendNull();
        }
        final int n = s.length();
        // Most text needs no escape: copy it in bulk, then scan the copy; escape from the first char that needs it.
        final int start = count;
        append(s, 0, n);
        char[] a = chars;
        int first = start;
        while (first < count && plainInJson(a[first])) {
            first++;
        }
        if (first == count) {
            return this;
        }
        int pos = first;
        count = first;
        for (int i = first - start; i < n; i++) {
            final char c = s.charAt(i);
            if (plainInJson(c)) {
                a[pos++] = c; // room for every char of s was reserved
                continue;
            }
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                // A pair takes its two reserved slots; a lone surrogate takes one for U+FFFD.
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    a[pos++] = c;
                    a[pos++] = s.charAt(++i);
                } else {
                    a[pos++] = REPLACEMENT;
                }
                continue;
            }
            // An escape: up to 6 chars for this one, and one for each char still to come.
            if (a.length - pos < 6 + (n - i - 1)) {
                count = pos;
                a = reserve(6 + (n - i - 1));
            }
            a[pos++] = '\\';
            switch (c) {
                case '"':
                    a[pos++] = '"';
                    break;
                case '\\':
                    a[pos++] = '\\';
                    break;
                case '\b':
                    a[pos++] = 'b';
                    break;
                case '\f':
                    a[pos++] = 'f';
                    break;
                case '\n':
                    a[pos++] = 'n';
                    break;
                case '\r':
                    a[pos++] = 'r';
                    break;
                case '\t':
                    a[pos++] = 't';
                    break;
                default:
                    a[pos++] = 'u';
                    a[pos++] = HEX[c >>> 12];
                    a[pos++] = HEX[c >>> 8 & 0xF];
                    a[pos++] = HEX[c >>> 4 & 0xF];
                    a[pos++] = HEX[c & 0xF];
            }
        }
        count = pos;
        return this;
    }

    /** Whether {@code c} is copied as is into a JSON string. */
    private static boolean plainInJson(final char c) {
        return c >= 0x20 && (c < 0x7F || c > 0x9F) && c != '"' && c != '\\' && (c < 0x2028 || c > 0x2029)
            && (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE);
    }

    private TextBuilder appendNull() {
        final char[] a = reserve(4);
        a[count] = 'n';
        a[count + 1] = 'u';
        a[count + 2] = 'l';
        a[count + 3] = 'l';
        count += 4;
        return this;
    }

    // ------------------------------------------------------------------------------------------------ UTF-8

    /**
     * The number of bytes {@code writeUtf8} writes for the current content: 1 per ASCII char, 2 up to U+07FF, 4 per
     * surrogate pair, 3 otherwise (a lone surrogate becomes U+FFFD, 3 bytes). Allocates nothing.
     *
     * @return the UTF-8 length.
     * @throws ArithmeticException if it exceeds {@code Integer.MAX_VALUE} (content over ~715 million chars).
     */
    public int utf8Length() {
        return Math.toIntExact(utf8Length(0, count));
    }

    private long utf8Length(final int from, final int to) {
        final char[] a = chars;
        long n = to - from;
        for (int i = from; i < to; i++) {
            final char c = a[i];
            if (c >= 0x80) {
                if (c < 0x800) {
                    n += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(a[i + 1])) {
                    n += 2; // 4 bytes for 2 chars
                    i++;
                } else {
                    n += 2;
                }
            }
        }
        return n;
    }

    /**
     * Writes the content as UTF-8 into {@code dst} from {@code offset}, without an intermediate {@code String}.
     * Surrogate pairs become 4-byte sequences; a lone surrogate becomes U+FFFD ({@code EF BF BD}). Allocates
     * nothing.
     *
     * @param dst    the target array.
     * @param offset where the first byte goes.
     * @return the number of bytes written.
     * @throws IndexOutOfBoundsException if {@code offset} is outside {@code dst} or the bytes do not fit; then
     *                                   nothing is written.
     */
    public int writeUtf8(final byte[] dst, final int offset) {
        Objects.checkFromToIndex(offset, dst.length, dst.length);
        final int room = dst.length - offset;
        if ((long) room < 3L * count) {
            final long needed = utf8Length(0, count);
            if (needed > room) {
                throw new IndexOutOfBoundsException("the UTF-8 form needs " + needed + " bytes but only " + room
                    + " are free from offset " + offset + " in a byte[" + dst.length + "]");
            }
        }
        return encode(0, count, dst, offset) - offset;
    }

    /**
     * Writes the content as UTF-8 into {@code dst} from its position, which advances by the number of bytes
     * written; as {@link #writeUtf8(byte[], int)} otherwise. Heap buffers are written directly; direct buffers
     * through a scratch array the builder allocates once. Allocates nothing after that.
     *
     * @param dst the target buffer.
     * @return the number of bytes written.
     * @throws BufferOverflowException if the bytes do not fit in {@code dst.remaining()}; nothing is written.
     * @throws ReadOnlyBufferException if {@code dst} is read-only; nothing is written.
     */
    public int writeUtf8(final ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        final int room = dst.remaining();
        if ((long) room < 3L * count && utf8Length(0, count) > room) {
            throw new BufferOverflowException();
        }
        final int start = dst.position();
        if (dst.hasArray()) {
            final int base = dst.arrayOffset();
            final int end = encode(0, count, dst.array(), base + start);
            dst.position(end - base);
            return end - base - start;
        }
        final byte[] buf = scratch();
        int from = 0;
        while (from < count) {
            final int to = chunkEnd(from, buf.length / 3);
            final int n = encode(from, to, buf, 0);
            dst.put(buf, 0, n);
            from = to;
        }
        return dst.position() - start;
    }

    /**
     * Writes the content as UTF-8 to {@code out}, in chunks through a scratch array the builder allocates once;
     * as {@link #writeUtf8(byte[], int)} otherwise. Allocates nothing after that first call (the stream may).
     *
     * @param out the target stream.
     * @throws IOException if the stream fails; then part of the content may have been written.
     */
    public void writeUtf8(final OutputStream out) throws IOException {
        final byte[] buf = scratch();
        int from = 0;
        while (from < count) {
            final int to = chunkEnd(from, buf.length / 3);
            out.write(buf, 0, encode(from, to, buf, 0));
            from = to;
        }
    }

    private byte[] scratch() {
        byte[] s = scratch;
        if (s == null) {
            s = new byte[SCRATCH_BYTES];
            scratch = s;
        }
        return s;
    }

    /** The end of a chunk of at most {@code max} chars from {@code from} that does not split a surrogate pair. */
    private int chunkEnd(final int from, final int max) {
        int to = (int) Math.min(count, (long) from + max);
        if (to < count && Character.isHighSurrogate(chars[to - 1])) {
            to--;
        }
        return to;
    }

    /** Encodes chars [from, to) at dst[pos...], which must have room; returns the position after the last byte. */
    private int encode(final int from, final int to, final byte[] dst, int pos) {
        final char[] a = chars;
        int i = from;
        // ASCII run first: one byte per char.
        while (i < to) {
            final char c = a[i];
            if (c >= 0x80) {
                break;
            }
            dst[pos++] = (byte) c;
            i++;
        }
        for (; i < to; i++) {
            final char c = a[i];
            if (c < 0x80) {
                dst[pos++] = (byte) c;
            } else if (c < 0x800) {
                dst[pos++] = (byte) (0xC0 | c >>> 6);
                dst[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
                dst[pos++] = (byte) (0xE0 | c >>> 12);
                dst[pos++] = (byte) (0x80 | c >>> 6 & 0x3F);
                dst[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(a[i + 1])) {
                final int cp = Character.toCodePoint(c, a[++i]);
                dst[pos++] = (byte) (0xF0 | cp >>> 18);
                dst[pos++] = (byte) (0x80 | cp >>> 12 & 0x3F);
                dst[pos++] = (byte) (0x80 | cp >>> 6 & 0x3F);
                dst[pos++] = (byte) (0x80 | cp & 0x3F);
            } else {
                dst[pos++] = (byte) 0xEF; // U+FFFD
                dst[pos++] = (byte) 0xBF;
                dst[pos++] = (byte) 0xBD;
            }
        }
        return pos;
    }
}
