package io.github.hotpath.text;

import io.github.hotpath.core.Resettable;

import java.io.OutputStream;
import java.nio.ByteBuffer;
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
 * Every {@code append}, {@link #clear()}, {@link #setLength(int)}, {@link #truncate(int)}, {@link #charAt(int)},
 * {@link #contentEquals(CharSequence)}, {@link #utf8Length()} and every {@code writeUtf8} allocate nothing once the
 * builder has the capacity it needs. Allocations happen only:
 * <ul>
 *   <li>when an append needs more room than {@link #capacity()} (the builder grows to at least twice its size,
 *       copying; {@link #growCount()} counts these, so that presizing can be tuned);</li>
 *   <li>once per builder, on the first char outside Latin-1 (see Storage), and on the first
 *       {@link #appendFixed(double, int)} (a small formatter), on the first one whose value needs more than 64-bit
 *       arithmetic (a limb array), on the first number or instant appended to UTF-16 content or into less room
 *       than its longest text (a 64-byte scratch array: the builder grows only if the text written does not fit),
 *       and on the first {@link #writeUtf8(OutputStream)} or write into a direct {@link ByteBuffer} (a 4 KiB scratch
 *       array); all are then reused;</li>
 *   <li>in {@link #reset()}, when the builder had grown past its retained-capacity limit;</li>
 *   <li>in {@link #toString()} (exactly the resulting {@code String} for Latin-1 content, see there) and
 *       {@link #subSequence(int, int)} (a {@code String}, as the {@code CharSequence} contract requires).</li>
 * </ul>
 * The class initialisation of the number formatters computes their tables once (with {@code BigInteger}).
 *
 * <h2>Storage</h2>
 * Like the JDK's own {@code String} and {@code StringBuilder}: Latin-1 bytes (one per char) while every char is
 * in U+0000..U+00FF, so digits are stored two per write and ASCII text is copied to UTF-8 as is; the
 * first wider char inflates the content to UTF-16 {@code char}s (an array allocated once per builder and kept), and
 * the builder goes back to Latin-1 when it is emptied ({@link #clear()}, {@link #reset()}, a length of 0). Any
 * Unicode text is held as appended.
 *
 * <h2>Departures from {@code StringBuilder} and the {@code Resettable} contract</h2>
 * <ul>
 *   <li>{@code append(double)}/{@code append(float)} always produce the JDK 19+ text (the shortest decimal that
 *       reads back to the same value), also on JDK 17, whose own {@code Double.toString} is sometimes longer.</li>
 *   <li>Lone surrogates are replaced by U+FFFD in UTF-8 output and in JSON escaping ({@code String.getBytes} uses
 *       {@code '?'}); the builder's chars themselves are kept as appended.</li>
 *   <li>A builder appended to itself, in any form ({@code append(b)}, {@code appendJsonString(b)}), reads its
 *       content as it was before the call.</li>
 *   <li>An append whose {@code CharSequence} throws (a failing {@code charAt}) leaves the content as it was.</li>
 *   <li>{@link #reset()} empties the builder as a fresh one would be, but {@link #growCount()} and
 *       {@link #peakLength()} are tuning statistics that survive it (clear them with {@link #resetStatistics()}),
 *       and {@link #capacity()} reports the retained array.</li>
 * </ul>
 */
public final class TextBuilder extends TextStorage implements Appendable, Resettable {
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

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
        super(initialCapacity, retainedCapacityLimit);
    }

    /**
     * Shortens the content to its first {@code newLength} chars. Allocates nothing.
     *
     * @param newLength from 0 to {@link #length()}.
     * @return this builder.
     * @throws IndexOutOfBoundsException if {@code newLength} is negative or greater than {@link #length()}; then
     *                                   nothing changes.
     */
    public TextBuilder truncate(final int newLength) {
        if (newLength < 0 || newLength > count) {
            throw new IndexOutOfBoundsException("newLength " + newLength + " is outside [0, " + count + "]");
        }
        shorten(newLength);
        return this;
    }

    /**
     * Empties the builder and keeps its capacity. Allocates nothing.
     *
     * @return this builder.
     */
    public TextBuilder clear() {
        return truncate(0);
    }

    // ---- appends ----

    /**
     * Appends a {@code CharSequence}, or {@code "null"}. {@code String}, {@code StringBuilder} and
     * {@code TextBuilder} are copied in bulk. Allocates nothing unless the builder grows.
     *
     * @param csq the text, or null.
     * @return this builder.
     */
    @Override
    public TextBuilder append(final CharSequence csq) {
        if (csq instanceof String) {
            return append((String) csq);
        }
        if (csq == null) {
            appendAsciiBytes(NULL);
            return this;
        }
        return append(csq, 0, csq.length());
    }

    /**
     * Appends a {@code String}, or {@code "null"}: one array copy when both are Latin-1, as
     * {@link StringBuilder#append(String)} does. Allocates nothing unless the builder grows.
     *
     * @param s the text, or null.
     * @return this builder.
     */
    public TextBuilder append(final String s) {
        if (s != null && !wide) { // the common case, kept small enough to inline into the caller
            final int n = s.length();
            if (TextCopy.copyString(s, 0, n, reserveLatin(n), count) == 0xFF) {
                count += n;
                ascii = false; // not known: UTF-8 output finds out
                return this;
            }
        }
        if (s == null) {
            appendAsciiBytes(NULL);
            return this;
        }
        return append(s, 0, s.length());
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
        final int or = TextCopy.stage(this, s, start, end, 0);
        count += end - start;
        if (or >= 0x80) {
            ascii = false;
        }
        return this;
    }

    /**
     * Appends {@code len} chars of {@code str} from {@code offset}, as {@link StringBuilder#append(char[], int, int)}
     * does: the copy path for text kept in a {@code char[]} (a log record's chars). Allocates nothing unless the
     * builder grows.
     *
     * @param str    the chars.
     * @param offset the first index.
     * @param len    the number of chars.
     * @return this builder.
     * @throws IndexOutOfBoundsException if the range is not within {@code str}; nothing is appended.
     */
    public TextBuilder append(final char[] str, final int offset, final int len) {
        Objects.checkFromIndexSize(offset, len, str.length);
        final int or = TextCopy.stage(this, str, offset, offset + len, 0);
        count += len;
        if (or >= 0x80) {
            ascii = false;
        }
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
        if (!wide) {
            if (c <= 0xFF) {
                reserveLatin(1)[count++] = (byte) c;
                if (c >= 0x80) {
                    ascii = false;
                }
                return this;
            }
            inflate(1);
        }
        reserveChars(1)[count++] = c;
        return this;
    }

    /**
     * Appends {@code "true"} or {@code "false"}. Allocates nothing unless the builder grows.
     *
     * @param b the value.
     * @return this builder.
     */
    public TextBuilder append(final boolean b) {
        appendAsciiBytes(b ? TRUE : FALSE);
        return this;
    }

    /**
     * Appends the decimal text of {@code v}, as {@link Integer#toString(int)} would. Allocates nothing unless the
     * builder grows.
     *
     * @param v the value; {@code Integer.MIN_VALUE} included.
     * @return this builder.
     */
    public TextBuilder append(final int v) {
        final int len = Digits.textLength(v);
        if (wide) {
            return append((long) v);
        }
        final byte[] a = reserveLatin(len);
        final int at = count;
        Digits.writeText(v, len, a, at);
        count = at + len;
        return this;
    }

    /**
     * Appends the decimal text of {@code v}, as {@link Long#toString(long)} would. Allocates nothing unless the
     * builder grows.
     *
     * @param v the value; {@code Long.MIN_VALUE} included.
     * @return this builder.
     */
    public TextBuilder append(final long v) {
        final int len = Digits.textLength(v);
        if (!wide) { // the common case without the UTF-16 detour of reserveAscii
            final byte[] a = reserveLatin(len);
            final int at = count;
            Digits.writeText(v, len, a, at);
            count = at + len;
            return this;
        }
        final byte[] a = reserveAscii(len);
        Digits.writeText(v, len, a, 0); // UTF-16 content: through the scratch, at 0
        commitAscii(a, len);
        return this;
    }

    /**
     * Appends the decimal text of {@code v} zero-padded on the left to at least {@code width} chars, the minus sign
     * included, as {@code String.format("%0" + width + "d", v)} does ({@code -0042} for -42 and width 5). A text
     * longer than {@code width} is not cut. Allocates nothing unless the builder grows.
     *
     * @param v     the value; {@code Long.MIN_VALUE} included.
     * @param width the least number of chars, 0 to 64.
     * @return this builder.
     * @throws IllegalArgumentException if {@code width} is outside [0, 64]; nothing is appended.
     */
    public TextBuilder appendZeroPadded(final long v, final int width) {
        checkWidth(width);
        final int len = Math.max(width, Digits.textLength(v));
        final byte[] a = reserveAscii(len);
        final int pos = asciiPosition(a);
        Digits.writeZeroPadded(v, len, a, pos);
        commitAscii(a, pos + len);
        return this;
    }

    private static void checkWidth(final int width) {
        if (width < 0 || width > 64) {
            throw new IllegalArgumentException("width must be in [0, 64]: " + width);
        }
    }

    /**
     * Appends {@code v} in lower-case hexadecimal as an unsigned number, as {@link Integer#toHexString(int)} does
     * ({@code ffffffff} for -1). Allocates nothing unless the builder grows.
     *
     * @param v the value.
     * @return this builder.
     */
    public TextBuilder appendHex(final int v) {
        return appendHexZeroPadded(v & 0xFFFF_FFFFL, 1);
    }

    /**
     * Appends {@code v} in lower-case hexadecimal as an unsigned number, as {@link Long#toHexString(long)} does.
     * Allocates nothing unless the builder grows.
     *
     * @param v the value.
     * @return this builder.
     */
    public TextBuilder appendHex(final long v) {
        return appendHexZeroPadded(v, 1);
    }

    /**
     * Appends {@code v} in lower-case hexadecimal as an unsigned number zero-padded on the left to at least
     * {@code width} digits, as {@code String.format("%0" + width + "x", v)} does ({@code 00000000000000ff} for 255
     * and width 16, the form of a trace id). Allocates nothing unless the builder grows.
     *
     * @param v     the value.
     * @param width the least number of digits, 0 to 64.
     * @return this builder.
     * @throws IllegalArgumentException if {@code width} is outside [0, 64]; nothing is appended.
     */
    public TextBuilder appendHexZeroPadded(final long v, final int width) {
        checkWidth(width);
        final int len = Math.max(width, Digits.hexLength(v));
        final byte[] a = reserveAscii(len);
        final int pos = asciiPosition(a);
        Digits.writeHex(v, len, a, pos + len);
        commitAscii(a, pos + len);
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
        final byte[] a = reserveAsciiAtMost(ShortestDecimal.MAX_CHARS);
        commitAscii(a, ShortestDecimal.writeFloat(v, a, asciiPosition(a)));
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
        final byte[] a = reserveAsciiAtMost(ShortestDecimal.MAX_CHARS);
        commitAscii(a, ShortestDecimal.writeDouble(v, a, asciiPosition(a)));
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
        final byte[] a = reserveAsciiAtMost(IsoInstant.MAX_CHARS);
        commitAscii(a, IsoInstant.write(Math.floorDiv(epochMillis, 1000L), (int) Math.floorMod(epochMillis, 1000L), 3,
            a, asciiPosition(a)));
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
        final byte[] a = reserveAsciiAtMost(IsoInstant.MAX_CHARS);
        commitAscii(a, IsoInstant.write(epochSecond, nanos, 9, a, asciiPosition(a)));
        return this;
    }

    /**
     * Appends {@code s} as a JSON string: a quote, {@linkplain #appendJsonEscaped(CharSequence) the escaped
     * content}, a quote. {@code null} appends the JSON literal {@code null} (no quotes). Allocates nothing unless
     * the builder grows.
     *
     * @param s the text, or null; this builder itself is read as it was before the call.
     * @return this builder.
     */
    public TextBuilder appendJsonString(final CharSequence s) {
        if (s == null) {
            appendAsciiBytes(NULL);
            return this;
        }
        JsonEscape.append(this, s, true);
        return this;
    }

    /**
     * Appends the content of {@code s} escaped for a JSON string, without quotes: {@code "} and {@code \} are
     * escaped with a backslash; control characters U+0000 to U+001F as {@code \b \t \n \f \r} or
     * <code>&#92;u00XX</code>, and DEL and the C1 controls U+007F to U+009F (NEL, U+0085, is a line break to some
     * log viewers) as <code>&#92;u00XX</code>; U+2028 and U+2029 as <code>&#92;u2028</code> and
     * <code>&#92;u2029</code> (so that the text is also valid JavaScript and no line separator can split a log line);
     * a lone surrogate is replaced by U+FFFD; everything else, including {@code /} and surrogate pairs, is copied.
     * {@code null} appends {@code null}. Allocates nothing unless the builder grows.
     *
     * @param s the text, or null; this builder itself is read as it was before the call.
     * @return this builder.
     */
    public TextBuilder appendJsonEscaped(final CharSequence s) {
        if (s == null) {
            appendAsciiBytes(NULL);
            return this;
        }
        JsonEscape.append(this, s, false);
        return this;
    }

    /**
     * Appends {@code len} chars of {@code str} from {@code offset} escaped as
     * {@link #appendJsonEscaped(CharSequence)} escapes them, without quotes. Allocates nothing unless the builder
     * grows.
     *
     * @param str    the chars.
     * @param offset the first index.
     * @param len    the number of chars.
     * @return this builder.
     * @throws IndexOutOfBoundsException if the range is not within {@code str}; nothing is appended.
     */
    public TextBuilder appendJsonEscaped(final char[] str, final int offset, final int len) {
        Objects.checkFromIndexSize(offset, len, str.length);
        JsonEscape.append(this, str, offset, offset + len);
        return this;
    }

}
