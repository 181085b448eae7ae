package io.github.hotpath.text;

/**
 * The exact comparison behind {@link DoubleParser}'s last resort: a decimal digit string against the midpoint
 * between two adjacent doubles, in big integers of 32-bit limbs. Single-threaded; each instance owns its two limb
 * arrays (about 1 KiB), so that a caller who keeps one allocates nothing.
 *
 * <p>Only the first 800 significant digits are taken as they are; the rest only say whether the text is above
 * them. That is exact: a midpoint {@code (2m + 1) * 2^e} of doubles has at most 767 significant decimal digits, so a
 * text that differs from it differs within its first 768 digits, and one whose first 800 digits equal it is above
 * it exactly when a later digit is not zero. The limbs then need at most about 2,710 bits (800 digits times
 * {@code 5^1123} at the bottom of the subnormals), well within the 4,096 kept.
 */
final class ExactDecimal {
    static final int MAX_DIGITS = 800;
    private static final int LIMBS = 128;
    private static final int FIVE_POW_13 = 1_220_703_125;
    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000};
    private static final int[] POW5 = {1, 5, 25, 125, 625, 3_125, 15_625, 78_125, 390_625, 1_953_125, 9_765_625,
        48_828_125, 244_140_625, FIVE_POW_13};

    private final int[] x = new int[LIMBS];
    private final int[] y = new int[LIMBS];

    /**
     * Compares the decimal {@code 0.d1d2d3... * 10^decimalPoint}, whose digits start at {@code s[firstDigit]} (one
     * {@code '.'} among them is skipped; they end at the first other char or at {@code end}), with the midpoint
     * {@code (2m + 1) * 2^(lsb - 1)}.
     *
     * @return negative, zero or positive as the decimal is below, on or above the midpoint.
     */
    int compareWithMidpoint(final CharSequence s, final int firstDigit, final int end, final long decimalPoint,
                            final long m, final int lsb) {
        int xLength = 0;
        int digits = 0;
        boolean above = false; // a non-zero digit after the first MAX_DIGITS
        int chunk = 0;
        int chunkDigits = 0;
        for (int i = firstDigit; i < end; i++) {
            final char c = s.charAt(i);
            if (c == '.') {
                continue;
            }
            final int d = c - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (digits == MAX_DIGITS) {
                if (d != 0) {
                    above = true;
                    break;
                }
                continue;
            }
            chunk = chunk * 10 + d;
            digits++;
            if (++chunkDigits == 9) {
                xLength = multiplyAdd(x, xLength, POW10[9], chunk);
                chunk = 0;
                chunkDigits = 0;
            }
        }
        if (chunkDigits > 0) {
            xLength = multiplyAdd(x, xLength, POW10[chunkDigits], chunk);
        }
        final long q = decimalPoint - digits; // the decimal is x * 10^q = x * 5^q * 2^q
        final long midpoint = 2 * m + 1;
        y[0] = (int) midpoint;
        y[1] = (int) (midpoint >>> 32);
        int yLength = y[1] != 0 ? 2 : 1;
        if (q >= 0) {
            xLength = multiplyPow5(x, xLength, q);
        } else {
            yLength = multiplyPow5(y, yLength, -q);
        }
        final long shift = q - (lsb - 1L);
        if (shift >= 0) {
            xLength = shiftLeft(x, xLength, shift);
        } else {
            yLength = shiftLeft(y, yLength, -shift);
        }
        final int cmp = compare(x, xLength, y, yLength);
        return cmp == 0 && above ? 1 : cmp;
    }

    /** {@code a = a * factor + add} for unsigned limbs; returns the new length. */
    private static int multiplyAdd(final int[] a, final int length, final int factor, final int add) {
        long carry = add;
        for (int i = 0; i < length; i++) {
            final long t = (a[i] & 0xFFFF_FFFFL) * factor + carry;
            a[i] = (int) t;
            carry = t >>> 32;
        }
        if (carry == 0) {
            return length;
        }
        checkRoom(length + 1);
        a[length] = (int) carry;
        return length + 1;
    }

    private static int multiplyPow5(final int[] a, int length, final long n) {
        long left = n;
        while (left >= 13) {
            length = multiplyAdd(a, length, FIVE_POW_13, 0);
            left -= 13;
        }
        return left == 0 ? length : multiplyAdd(a, length, POW5[(int) left], 0);
    }

    private static int shiftLeft(final int[] a, final int length, final long n) {
        if (length == 0 || n == 0) {
            return length;
        }
        checkRoom(length + (n >>> 5) + 1);
        final int words = (int) (n >>> 5);
        final int bits = (int) (n & 31);
        int newLength = length + words;
        if (bits == 0) {
            for (int i = length - 1; i >= 0; i--) {
                a[i + words] = a[i];
            }
        } else {
            a[length + words] = a[length - 1] >>> (32 - bits);
            for (int i = length - 1; i > 0; i--) {
                a[i + words] = a[i] << bits | a[i - 1] >>> (32 - bits);
            }
            a[words] = a[0] << bits;
            if (a[length + words] != 0) {
                newLength++;
            }
        }
        for (int i = 0; i < words; i++) {
            a[i] = 0;
        }
        return newLength;
    }

    private static int compare(final int[] a, final int aLength, final int[] b, final int bLength) {
        if (aLength != bLength) {
            return aLength < bLength ? -1 : 1;
        }
        for (int i = aLength - 1; i >= 0; i--) {
            if (a[i] != b[i]) {
                return Integer.compareUnsigned(a[i], b[i]);
            }
        }
        return 0;
    }

    private static void checkRoom(final long limbs) {
        if (limbs > LIMBS) {
            throw new AssertionError("an exact decimal needs " + limbs + " limbs, more than the " + LIMBS
                + " its bound allows");
        }
    }
}
