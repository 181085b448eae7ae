package io.github.hotpath.text;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The shortest decimal that reads back to a given {@code double} or {@code float}, rendered exactly as JDK 19+
 * {@code Double.toString}/{@code Float.toString} render it, written straight into a Latin-1 {@code byte[]}.
 *
 * <p>The algorithm is Schubfach (R. Giulietti, "The Schubfach way to render doubles", 2020), written here from the
 * paper: scale the value and the two ends of its rounding interval by a 126-bit over-approximation {@code g} of
 * {@code 10^-k}, so that the interval is between 1 and 10 units wide; then the shortest decimal in it is either a
 * multiple of ten next to the scaled value or one of the two integers around it, and the nearest of those wins. The
 * table of {@code g} is computed with {@link BigInteger} at class initialisation (that allocates, once), instead of
 * being a literal table.
 *
 * <p>The JDK's specification asks for at least two digits when one would do ({@code 4.9E-324}, not {@code 5E-324});
 * that only changes the answer for subnormals whose significand is tiny, so those 2 x 99 values come from a small
 * table computed exactly with {@link BigDecimal} at class initialisation.
 */
final class ShortestDecimal {
    /** Room any rendering needs: "-2.2250738585072014E-308" is 24 chars. */
    static final int MAX_CHARS = 32;

    private static final byte[] INFINITY = {'I', 'n', 'f', 'i', 'n', 'i', 't', 'y'};
    private static final int K_MIN = -324;
    private static final int K_MAX = 292;
    private static final long MASK_63 = Long.MAX_VALUE;
    /** g1, g0 pairs for k = K_MIN..K_MAX: g = g1 * 2^63 + g0 = floor(10^-k * 2^(125 - flog2pow10(-k))) + 1. */
    private static final long[] G = new long[2 * (K_MAX - K_MIN + 1)];

    private static final int DOUBLE_Q_MIN = -1074;
    private static final int FLOAT_Q_MIN = -149;
    /** Subnormal significands below this use the exact tables (the "at least two digits" rule). */
    private static final int TINY = 100;
    private static final long[] DOUBLE_TINY_DIGITS = new long[TINY];
    private static final int[] DOUBLE_TINY_EXPONENT = new int[TINY];
    private static final long[] FLOAT_TINY_DIGITS = new long[TINY];
    private static final int[] FLOAT_TINY_EXPONENT = new int[TINY];

    static {
        for (int k = K_MIN; k <= K_MAX; k++) {
            final int e = -k;
            final int r = flog2pow10(e) - 125;
            final BigInteger g;
            if (e >= 0) {
                final BigInteger p = BigInteger.TEN.pow(e);
                g = (r <= 0 ? p.shiftLeft(-r) : p.shiftRight(r)).add(BigInteger.ONE);
            } else {
                g = BigInteger.ONE.shiftLeft(-r).divide(BigInteger.TEN.pow(-e)).add(BigInteger.ONE);
            }
            if (g.bitLength() != 126) {
                throw new AssertionError("g(" + k + ") has " + g.bitLength() + " bits");
            }
            G[2 * (k - K_MIN)] = g.shiftRight(63).longValueExact();
            G[2 * (k - K_MIN) + 1] = g.longValue() & MASK_63;
        }
        for (int c = 1; c < TINY; c++) {
            tiny(c, DOUBLE_Q_MIN, DOUBLE_TINY_DIGITS, DOUBLE_TINY_EXPONENT);
            tiny(c, FLOAT_Q_MIN, FLOAT_TINY_DIGITS, FLOAT_TINY_EXPONENT);
        }
    }

    private ShortestDecimal() {
    }

    /** floor(q * log10(2)), for |q| well beyond the exponent range of a double. */
    static int flog10pow2(final int q) {
        return (int) (q * 661_971_961_083L >> 41);
    }

    /** floor(log10(3/4 * 2^q)). */
    static int flog10threeQuartersPow2(final int q) {
        return (int) (q * 661_971_961_083L - 274_743_187_321L >> 41);
    }

    /** floor(e * log2(10)). */
    static int flog2pow10(final int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }

    /**
     * The specification's answer for the subnormal {@code c * 2^q}, computed exactly: the decimal of minimal length m
     * in the rounding interval that is nearest to the value (ties to an even last digit), where m is at least 2.
     */
    private static void tiny(final int c, final int q, final long[] digits, final int[] exponents) {
        final BigDecimal v = new BigDecimal(BigInteger.valueOf(c).multiply(BigInteger.valueOf(5).pow(-q)), -q);
        final BigDecimal half = new BigDecimal(BigInteger.valueOf(5).pow(-q + 1), -q + 1);
        final boolean closed = (c & 1) == 0;
        for (int m = 1; m <= 17; m++) {
            final BigDecimal d = v.round(new MathContext(Math.max(m, 2), RoundingMode.HALF_EVEN));
            final BigDecimal shortest = v.round(new MathContext(m, RoundingMode.HALF_EVEN));
            final int cmp = shortest.subtract(v).abs().compareTo(half);
            if (cmp < 0 || cmp == 0 && closed) {
                final BigDecimal s = d.stripTrailingZeros();
                digits[c] = s.unscaledValue().longValueExact();
                exponents[c] = -s.scale();
                return;
            }
        }
        throw new AssertionError("no decimal for subnormal " + c);
    }

    /**
     * Writes {@code v} as JDK 19+ {@code Double.toString} would, at {@code pos}; {@code buf} must have
     * {@link #MAX_CHARS} free chars there.
     *
     * @return the position after the last char written.
     */
    static int writeDouble(final double v, final byte[] buf, final int pos) {
        final long bits = Double.doubleToRawLongBits(v);
        final long t = bits & ((1L << 52) - 1);
        final int be = (int) (bits >>> 52) & 0x7FF;
        if (be == 0x7FF) {
            return special(t != 0, bits < 0, buf, pos);
        }
        return finite(bits < 0, t, be, 52, DOUBLE_Q_MIN, DOUBLE_TINY_DIGITS, DOUBLE_TINY_EXPONENT, buf, pos);
    }

    /**
     * Writes {@code v} as JDK 19+ {@code Float.toString} would, at {@code pos}; {@code buf} must have
     * {@link #MAX_CHARS} free chars there.
     *
     * @return the position after the last char written.
     */
    static int writeFloat(final float v, final byte[] buf, final int pos) {
        final int bits = Float.floatToRawIntBits(v);
        final int t = bits & ((1 << 23) - 1);
        final int be = bits >>> 23 & 0xFF;
        if (be == 0xFF) {
            return special(t != 0, bits < 0, buf, pos);
        }
        return finite(bits < 0, t, be, 23, FLOAT_Q_MIN, FLOAT_TINY_DIGITS, FLOAT_TINY_EXPONENT, buf, pos);
    }

    /**
     * A finite value from its sign, trailing significand bits {@code t} and biased exponent {@code be}, for a format
     * with {@code fractionBits} explicit significand bits and smallest exponent {@code qMin}.
     */
    private static int finite(final boolean negative, final long t, final int be, final int fractionBits,
                              final int qMin, final long[] tinyDigits, final int[] tinyExponents, final byte[] buf,
                              int pos) {
        if (negative) {
            buf[pos++] = '-';
        }
        if (be == 0) {
            if (t == 0) {
                return zero(buf, pos);
            }
            if (t < TINY) {
                return format(tinyDigits[(int) t], tinyExponents[(int) t], buf, pos);
            }
            return decimal(t, qMin, false, buf, pos);
        }
        final long c = t | 1L << fractionBits; // the implicit bit
        final int q = be - 1 + qMin;
        if (q < 0 && q >= -fractionBits) {
            // An integer below 2^(fractionBits + 1) has an interval narrower than 1 around it: it is its own
            // shortest decimal, with no scaling needed (100.0, 12345.0).
            final long f = c >> -q;
            if (f << -q == c) {
                return format(f, 0, buf, pos);
            }
        }
        // A power of two (t == 0) above the smallest exponent has an asymmetric interval.
        return decimal(c, q, t == 0 && be > 1, buf, pos);
    }

    private static int special(final boolean nan, final boolean negative, final byte[] buf, int pos) {
        if (nan) {
            buf[pos++] = 'N';
            buf[pos++] = 'a';
            buf[pos++] = 'N';
            return pos;
        }
        if (negative) {
            buf[pos++] = '-';
        }
        System.arraycopy(INFINITY, 0, buf, pos, INFINITY.length);
        return pos + INFINITY.length;
    }

    private static int zero(final byte[] buf, final int pos) {
        buf[pos] = '0';
        buf[pos + 1] = '.';
        buf[pos + 2] = '0';
        return pos + 3;
    }

    /**
     * The core of Schubfach for {@code c * 2^q}; {@code asymmetric} when the value is a power of two whose lower
     * neighbour is half as far as the upper one.
     */
    private static int decimal(final long c, final int q, final boolean asymmetric, final byte[] buf, final int pos) {
        // Everything is scaled by 4 so that the half and quarter steps of the interval ends are integers.
        final int out = (int) c & 1; // an odd significand does not round-trip its interval ends
        final long cb = c << 2;
        final long cbr = cb + 2;
        final long cbl;
        final int k;
        if (asymmetric) {
            cbl = cb - 1;
            k = flog10threeQuartersPow2(q);
        } else {
            cbl = cb - 2;
            k = flog10pow2(q);
        }
        final int h = q + flog2pow10(-k) + 2;
        final int index = 2 * (k - K_MIN);
        final long g1 = G[index];
        final long g0 = G[index + 1];
        final long vb = scaled(g1, g0, cb << h);
        final long vbl = scaled(g1, g0, cbl << h);
        final long vbr = scaled(g1, g0, cbr << h);
        final long s = vb >> 2;
        if (s >= 100) {
            // A multiple of ten in the interval has one digit less than any other candidate.
            final long down10 = s / 10 * 10;
            final long up10 = down10 + 10;
            final boolean downIn = vbl + out <= down10 << 2;
            final boolean upIn = (up10 << 2) + out <= vbr;
            if (downIn != upIn) {
                return format(downIn ? down10 : up10, k, buf, pos);
            }
        }
        final long up = s + 1;
        final boolean downIn = vbl + out <= s << 2;
        final boolean upIn = (up << 2) + out <= vbr;
        if (downIn != upIn) {
            return format(downIn ? s : up, k, buf, pos);
        }
        // Both in: the nearer one; a tie (possible only when vb is exact, i.e. even) goes to the even digit.
        final long cmp = vb - ((s + up) << 1);
        return format(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : up, k, buf, pos);
    }

    /**
     * floor(g * cp / 2^127), with the lowest bit forced to 1 when the discarded part is not zero, so that an
     * inexact result can never look like an exact tie or an exact interval end.
     */
    private static long scaled(final long g1, final long g0, final long cp) {
        final long lowHigh = Math.multiplyHigh(g0, cp);
        final long highLow = g1 * cp;
        final long highHigh = Math.multiplyHigh(g1, cp);
        final long middle = (highLow >>> 1) + lowHigh;
        final long floor = highHigh + (middle >>> 63);
        return floor | ((middle & MASK_63) + MASK_63) >>> 63;
    }

    /**
     * Renders {@code f * 10^e} (0 &lt; f &lt; 10^17) with the JDK's rules: plain notation for 10^-3 &lt;= v &lt; 10^7,
     * otherwise {@code d.dddE[-]n}; always at least one digit after the point, no other trailing zero. Trailing zeros
     * of {@code f} (from the integer path and the multiple-of-ten candidate) are divided away first, so exactly the
     * significant digits are written, right-aligned, and only the integer part moves to make room for the point.
     */
    static int format(long f, int e, final byte[] buf, final int pos) {
        // At most 16 trailing zeros (f < 10^17): 8 at a time, then 4, 2 and 1, instead of up to 16 dependent
        // divisions by 10 (a price such as 1234.5 arrives as 12345000000000000).
        while (f % 100_000_000L == 0) {
            f /= 100_000_000L;
            e += 8;
        }
        if (f % 10_000 == 0) {
            f /= 10_000;
            e += 4;
        }
        if (f % 100 == 0) {
            f /= 100;
            e += 2;
        }
        if (f % 10 == 0) {
            f /= 10;
            e++;
        }
        final int len = Digits.length(f);
        final int n = e + len; // value = 0.d1d2...dlen * 10^n
        if (0 < n && n <= 7) {
            if (len <= n) { // an integer: its digits, zeros up to the point, ".0"
                Digits.writeLong(f, buf, pos + len);
                for (int i = pos + len; i < pos + n; i++) {
                    buf[i] = '0';
                }
                buf[pos + n] = '.';
                buf[pos + n + 1] = '0';
                return pos + n + 2;
            }
            Digits.writeLong(f, buf, pos + 1 + len);
            for (int i = 0; i < n; i++) {
                buf[pos + i] = buf[pos + i + 1];
            }
            buf[pos + n] = '.';
            return pos + 1 + len;
        }
        if (-3 < n && n <= 0) {
            int p = pos;
            buf[p++] = '0';
            buf[p++] = '.';
            for (int i = n; i < 0; i++) {
                buf[p++] = '0';
            }
            Digits.writeLong(f, buf, p + len);
            return p + len;
        }
        Digits.writeLong(f, buf, pos + 1 + len);
        buf[pos] = buf[pos + 1];
        buf[pos + 1] = '.';
        int p = pos + 1 + len;
        if (len == 1) {
            buf[p++] = '0';
        }
        buf[p++] = 'E';
        int x = n - 1;
        if (x < 0) {
            buf[p++] = '-';
            x = -x;
        }
        final int xLen = Digits.length(x);
        Digits.writeInt(x, buf, p + xLen);
        return p + xLen;
    }
}
