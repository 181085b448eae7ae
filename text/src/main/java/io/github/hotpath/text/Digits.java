package io.github.hotpath.text;

/**
 * Decimal digits of non-negative integers written straight into a {@code char[]}, two digits per division.
 * Stateless; the tables are built once at class initialisation.
 */
final class Digits {
    /** "00", "01", ... "99" back to back: the pair for {@code r} is at {@code 2 * r}. */
    private static final char[] PAIRS = new char[200];
    /** {@code POW10[i] == 10^i} for i in 0..18. */
    static final long[] POW10 = new long[19];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (char) ('0' + i / 10);
            PAIRS[2 * i + 1] = (char) ('0' + i % 10);
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

    /**
     * Writes the digits of {@code v >= 0} so that the last one is at {@code end - 1}. Blocks of eight digits are
     * split into independent halves, so the divisions do not wait on each other as a digit-by-digit loop would.
     */
    static void writeLong(final long v, final char[] buf, final int end) {
        if (v <= Integer.MAX_VALUE) {
            writeInt((int) v, buf, end);
            return;
        }
        final long high = v / 100_000_000L;
        write8((int) (v - high * 100_000_000L), buf, end - 8);
        if (high <= Integer.MAX_VALUE) {
            writeInt((int) high, buf, end - 8);
            return;
        }
        final long top = high / 100_000_000L; // at most 922
        write8((int) (high - top * 100_000_000L), buf, end - 16);
        writeInt((int) top, buf, end - 16);
    }

    /** Writes the digits of {@code v >= 0} so that the last one is at {@code end - 1}. */
    static void writeInt(int v, final char[] buf, int end) {
        if (v >= 100_000_000) {
            final int high = v / 100_000_000;
            write8(v - high * 100_000_000, buf, end - 8);
            end -= 8;
            v = high;
        } else if (v >= 10_000) {
            final int high = v / 10_000;
            write4(v - high * 10_000, buf, end - 4);
            end -= 4;
            v = high;
        }
        // v < 10,000 now
        if (v >= 100) {
            final int high = v / 100;
            pair(v - high * 100, buf, end - 2);
            end -= 2;
            v = high;
        }
        if (v >= 10) {
            pair(v, buf, end - 2);
        } else {
            buf[end - 1] = (char) ('0' + v);
        }
    }

    /** Writes exactly 8 digits of {@code 0 <= v < 10^8} from {@code pos}. */
    private static void write8(final int v, final char[] buf, final int pos) {
        final int high = v / 10_000;
        write4(high, buf, pos);
        write4(v - high * 10_000, buf, pos + 4);
    }

    /** Writes exactly 4 digits of {@code 0 <= v < 10^4} from {@code pos}. */
    private static void write4(final int v, final char[] buf, final int pos) {
        final int high = v / 100;
        pair(high, buf, pos);
        pair(v - high * 100, buf, pos + 2);
    }

    private static void pair(final int v, final char[] buf, final int pos) {
        buf[pos] = PAIRS[v << 1];
        buf[pos + 1] = PAIRS[(v << 1) + 1];
    }

    /** Writes exactly {@code width} digits of {@code 0 <= v < 10^width}, zero-padded, starting at {@code pos}. */
    static void writePadded(final long v, final int width, final char[] buf, final int pos) {
        final int len = length(v);
        for (int i = 0; i < width - len; i++) {
            buf[pos + i] = '0';
        }
        writeLong(v, buf, pos + width);
    }
}
