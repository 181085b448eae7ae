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

    /** Writes the digits of {@code v >= 0} so that the last one is at {@code end - 1}. */
    static void writeLong(long v, final char[] buf, final int end) {
        int pos = end;
        while (v > Integer.MAX_VALUE) {
            final long q = v / 100_000_000L;
            int r = (int) (v - q * 100_000_000L);
            v = q;
            for (int i = 0; i < 4; i++) {
                final int q2 = r / 100;
                final int pair = (r - q2 * 100) << 1;
                r = q2;
                buf[--pos] = PAIRS[pair + 1];
                buf[--pos] = PAIRS[pair];
            }
        }
        writeInt((int) v, buf, pos);
    }

    /** Writes the digits of {@code v >= 0} so that the last one is at {@code end - 1}. */
    static void writeInt(int v, final char[] buf, final int end) {
        int pos = end;
        while (v >= 100) {
            final int q = v / 100;
            final int pair = (v - q * 100) << 1;
            v = q;
            buf[--pos] = PAIRS[pair + 1];
            buf[--pos] = PAIRS[pair];
        }
        if (v >= 10) {
            buf[--pos] = PAIRS[(v << 1) + 1];
            buf[--pos] = PAIRS[v << 1];
        } else {
            buf[--pos] = (char) ('0' + v);
        }
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
