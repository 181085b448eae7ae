package io.github.hotpath.text;

import java.math.BigInteger;

/**
 * Decimal text to the nearest {@code double}, correctly rounded (ties to even), as {@link TextParser} documents it.
 * Stateless; the table of powers of ten is computed once at class initialisation (with {@link BigInteger}).
 *
 * <p>One pass reads the syntax and keeps the first 19 significant digits as an unsigned {@code long} {@code w} and
 * the decimal exponent {@code q}, so that the text is {@code w * 10^q} (plus a tail if digits were dropped). Then,
 * in order:
 * <ol>
 *   <li>Clinger's fast path: {@code w <= 2^53} and {@code |q| <= 22}: both {@code w} and {@code 10^|q|} are exact
 *       doubles, so one IEEE multiplication or division rounds correctly.</li>
 *   <li>A 128-bit product (the idea of Eisel and Lemire, argued here from its error bound): {@code 10^q} is kept as a
 *       128-bit truncation {@code T} with {@code T <= 10^q / 2^t < T + 1}; the normalised {@code w} times {@code T}
 *       gives 192 bits whose top 128, {@code H}, bound the exact value: {@code H <= x < H + 2} in units of the
 *       product's 64th bit. Rounding {@code H} to 53 bits is then right unless the bits below the last kept bit are
 *       within 2 units of the midpoint, i.e. exactly {@code half - 1} or {@code half}: then it is undecided. With
 *       dropped digits the text lies between {@code w} and {@code w + 1}: both are rounded and must agree.</li>
 *   <li>Otherwise an exact comparison of the whole digit string with the midpoint above the truncated candidate
 *       ({@link ExactDecimal}).</li>
 * </ol>
 */
final class DoubleParser {
    /** Smallest and largest decimal exponents with a table entry: beyond them the value is 0 or infinite. */
    private static final int Q_MIN = -343;
    private static final int Q_MAX = 308;
    private static final long[] T_HIGH = new long[Q_MAX - Q_MIN + 1];
    private static final long[] T_LOW = new long[Q_MAX - Q_MIN + 1];
    /** {@code 10^q ~ T * 2^T_EXP[q - Q_MIN]}, T in [2^127, 2^128). */
    private static final int[] T_EXP = new int[Q_MAX - Q_MIN + 1];
    private static final double[] EXACT = new double[23];
    private static final long INFINITY_BITS = 0x7FF0_0000_0000_0000L;
    private static final int SIGNIFICANT = 19;
    private static final String NOT_A_NUMBER = "not part of a number";
    private static final String NO_EXPONENT = "no exponent digit";

    static {
        final BigInteger two128 = BigInteger.ONE.shiftLeft(128);
        for (int q = Q_MIN; q <= Q_MAX; q++) {
            final BigInteger t;
            final int exponent;
            if (q >= 0) {
                final BigInteger p = BigInteger.TEN.pow(q);
                final int b = p.bitLength();
                t = b <= 128 ? p.shiftLeft(128 - b) : p.shiftRight(b - 128); // exact, or truncated
                exponent = b - 128;
            } else {
                final BigInteger d = BigInteger.TEN.pow(-q);
                final int b = d.bitLength();
                t = BigInteger.ONE.shiftLeft(127 + b).divide(d); // floor, in [2^127, 2^128) as d is no power of 2
                exponent = -(127 + b);
            }
            if (t.bitLength() != 128 || t.compareTo(two128) >= 0) {
                throw new AssertionError("10^" + q + " has no 128-bit form");
            }
            T_HIGH[q - Q_MIN] = t.shiftRight(64).longValue();
            T_LOW[q - Q_MIN] = t.longValue();
            T_EXP[q - Q_MIN] = exponent;
        }
        double p = 1;
        for (int i = 0; i < EXACT.length; i++) {
            EXACT[i] = p;
            p *= 10;
        }
    }

    private DoubleParser() {
    }

    /** Parses {@code s[start, end)}, a valid range; errors are thrown ({@code r == null}) or put into {@code r}. */
    static double parse(final CharSequence s, final int start, final int end, final ParseResult r) {
        if (start == end) {
            return fail(r, s, start, end, start, TextParser.EMPTY);
        }
        int i = start;
        char c = s.charAt(i);
        final boolean negative = c == '-';
        if (negative || c == '+') {
            if (++i == end) {
                return fail(r, s, start, end, i, TextParser.NO_DIGITS);
            }
            c = s.charAt(i);
        }
        if (c == 'N' || c == 'I') {
            return word(s, start, end, i, negative, r);
        }
        long w = 0; // the first 19 significant digits, unsigned
        int kept = 0;
        long q = 0; // the text is w * 10^q, plus the dropped digits
        boolean digits = false;
        boolean dropped = false; // a non-zero digit was dropped
        int firstSignificant = -1;
        for (; i < end; i++) {
            c = s.charAt(i);
            final int d = c - '0';
            if (d < 0 || d > 9) {
                break;
            }
            digits = true;
            if (kept < SIGNIFICANT) {
                if (kept > 0 || d != 0) {
                    if (kept == 0) {
                        firstSignificant = i;
                    }
                    w = w * 10 + d;
                    kept++;
                }
            } else {
                q++;
                dropped |= d != 0;
            }
        }
        if (i < end && c == '.') {
            for (i++; i < end; i++) {
                c = s.charAt(i);
                final int d = c - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                digits = true;
                if (kept < SIGNIFICANT) {
                    if (kept > 0 || d != 0) {
                        if (kept == 0) {
                            firstSignificant = i;
                        }
                        w = w * 10 + d;
                        kept++;
                    }
                    q--;
                } else {
                    dropped |= d != 0;
                }
            }
        }
        if (!digits) {
            return fail(r, s, start, end, i, i == end ? TextParser.NO_DIGITS : TextParser.NOT_A_DIGIT);
        }
        if (i < end && (c == 'e' || c == 'E')) {
            if (++i == end) {
                return fail(r, s, start, end, i, NO_EXPONENT);
            }
            c = s.charAt(i);
            final boolean negativeExponent = c == '-';
            if (negativeExponent || c == '+') {
                i++;
            }
            final int exponentStart = i;
            long exponent = 0;
            for (; i < end; i++) {
                final int d = s.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                if (exponent < 1_000_000_000_000L) { // saturate: far beyond any double, and no overflow
                    exponent = exponent * 10 + d;
                }
            }
            if (i == exponentStart) {
                return fail(r, s, start, end, i, i == end ? NO_EXPONENT : TextParser.NOT_A_DIGIT);
            }
            q += negativeExponent ? -exponent : exponent;
        }
        if (i != end) {
            return fail(r, s, start, end, i, NOT_A_NUMBER);
        }
        final double magnitude = w == 0 ? 0.0 : value(w, q, kept, dropped, s, firstSignificant, end, r);
        final double v = negative ? -magnitude : magnitude;
        if (r != null) {
            r.succeed(v);
        }
        return v;
    }

    /** {@code NaN} or {@code Infinity} from {@code at} to the end. */
    private static double word(final CharSequence s, final int start, final int end, final int at,
                               final boolean negative, final ParseResult r) {
        final String expected = s.charAt(at) == 'N' ? "NaN" : "Infinity";
        int i = 0;
        while (i < expected.length() && at + i < end && s.charAt(at + i) == expected.charAt(i)) {
            i++;
        }
        if (i < expected.length() || at + i != end) {
            return fail(r, s, start, end, at + i, NOT_A_NUMBER);
        }
        final double v = expected.length() == 3 ? Double.NaN
            : negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        if (r != null) {
            r.succeed(v);
        }
        return v;
    }

    private static double fail(final ParseResult r, final CharSequence s, final int start, final int end,
                               final int index, final String reason) {
        if (r == null) {
            throw TextParser.numberError(s, start, end, index, reason, "a double");
        }
        r.fail(index, reason);
        return 0;
    }

    /** The positive double nearest to {@code w * 10^q} (plus a non-zero tail if {@code dropped}); {@code w != 0}. */
    private static double value(final long w, final long q, final int kept, final boolean dropped,
                                final CharSequence s, final int firstSignificant, final int end,
                                final ParseResult r) {
        if (q > Q_MAX) {
            return Double.POSITIVE_INFINITY; // >= 10^309
        }
        if (q < Q_MIN) {
            return 0.0; // < 10^19 * 10^-344 = 10^-325, below half the smallest subnormal
        }
        if (!dropped) {
            if (q >= -22 && q <= 22 && w >= 0 && w <= 1L << 53) {
                final double d = w;
                return q >= 0 ? d * EXACT[(int) q] : d / EXACT[(int) -q];
            }
            final long bits = rounded(w, (int) q, false);
            if (bits >= 0) {
                return Double.longBitsToDouble(bits);
            }
        } else {
            final long low = rounded(w, (int) q, false);
            if (low >= 0 && low == rounded(w + 1, (int) q, false)) {
                return Double.longBitsToDouble(low);
            }
        }
        final long candidate = rounded(w, (int) q, true);
        final int field = (int) (candidate >>> 52);
        final long m = field == 0 ? candidate : candidate & (1L << 52) - 1 | 1L << 52;
        final int lsb = field == 0 ? -1074 : field - 1075;
        final ExactDecimal exact = r != null ? r.exact() : new ExactDecimal();
        final int cmp = exact.compareWithMidpoint(s, firstSignificant, end, q + kept, m, lsb);
        return Double.longBitsToDouble(cmp > 0 || cmp == 0 && (m & 1) != 0 ? candidate + 1 : candidate);
    }

    /**
     * The bits of the double nearest to {@code w * 10^q} ({@code w} unsigned and non-zero, {@code q} in the table),
     * or -1 if the 128-bit product cannot decide; with {@code truncate}, the bits of the candidate rounded down
     * instead (the exact value lies between it and the double above).
     */
    static long rounded(final long w, final int q, final boolean truncate) {
        final int index = q - Q_MIN;
        final int clz = Long.numberOfLeadingZeros(w);
        final long wn = w << clz;
        final long tHigh = T_HIGH[index];
        final long highLow = wn * tHigh;
        final long highHigh = unsignedMultiplyHigh(wn, tHigh);
        final long lowHigh = unsignedMultiplyHigh(wn, T_LOW[index]);
        final long hLow = highLow + lowHigh;
        final long hHigh = highHigh + (Long.compareUnsigned(hLow, highLow) < 0 ? 1 : 0); // H, 127 or 128 bits
        final int base = T_EXP[index] - clz + 64; // x ~ H * 2^base
        final int lead = 127 - Long.numberOfLeadingZeros(hHigh) + base; // exponent of H's leading bit
        final int lsb = Math.max(lead - 52, -1074); // exponent of the result's last bit
        if (lsb > 971) {
            return INFINITY_BITS; // x >= 2^1024
        }
        final int k = lsb - base; // H's bit at the result's last place: 74 or 75 for normal values
        final long m;
        final long restHigh;
        final long halfHigh;
        if (k < 128) {
            m = hHigh >>> (k - 64);
            restHigh = hHigh & (1L << (k - 64)) - 1;
            halfHigh = 1L << (k - 65);
        } else if (k == 128) {
            m = 0;
            restHigh = hHigh;
            halfHigh = Long.MIN_VALUE; // 2^63, unsigned
        } else {
            // half = 2^(k-1) >= 2^128 > H: rounds to 0 unless H is 2^128 - 1, which is within 2 of the midpoint.
            return truncate || k > 129 || hHigh != -1L || hLow != -1L ? 0 : -1;
        }
        if (truncate) {
            return encode(m, lsb);
        }
        if (restHigh == halfHigh && hLow == 0 || restHigh == halfHigh - 1 && hLow == -1L) {
            return -1; // the exact value may be on either side of the midpoint, or on it
        }
        final boolean up = Long.compareUnsigned(restHigh, halfHigh) > 0 || restHigh == halfHigh;
        return encode(up ? m + 1 : m, lsb);
    }

    /**
     * The bits of {@code m * 2^lsb} ({@code m < 2^53}; {@code m < 2^52} iff subnormal, then {@code lsb == -1074});
     * a carry into bit 53 moves to the next exponent, and past the largest one to infinity.
     */
    private static long encode(final long m, final int lsb) {
        final long bits = ((long) (lsb + 1075) << 52) + m - (1L << 52);
        return Math.min(bits, INFINITY_BITS);
    }

    /** The high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh is JDK 18+). */
    private static long unsignedMultiplyHigh(final long a, final long b) {
        return Math.multiplyHigh(a, b) + (a >> 63 & b) + (b >> 63 & a);
    }
}
