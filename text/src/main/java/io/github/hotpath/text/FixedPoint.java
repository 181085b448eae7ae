package io.github.hotpath.text;

/**
 * Fixed-point rendering of a {@code double} with a given number of fraction digits, rounded half-up (ties away from
 * zero) from the exact binary value: the same digits as
 * {@code new BigDecimal(value).setScale(fractionDigits, RoundingMode.HALF_UP).toPlainString()}.
 *
 * <p>Values whose scaled magnitude fits in a {@code long} take a 128-bit arithmetic path; larger ones (up to
 * {@code Double.MAX_VALUE}, 309 integer digits) use base-10^9 limbs in a scratch array that each instance allocates
 * once, on its first large value. Single-threaded, like the builder that owns it.
 */
final class FixedPoint {
    /** Largest number of fraction digits accepted. */
    static final int MAX_FRACTION_DIGITS = 18;
    private static final int LIMB = 1_000_000_000;
    /** 2^1024 * 10^18 has 327 digits: 37 limbs. */
    private static final int MAX_LIMBS = 40;

    private int[] limbs;
    private int count;

    /**
     * Appends {@code v} with {@code n} fraction digits to {@code out}. NaN and infinities are written as by
     * {@code Double.toString}. A minus sign is written only when the rounded value is not zero.
     */
    void append(final TextBuilder out, final double v, final int n) {
        final long bits = Double.doubleToRawLongBits(v);
        final int be = (int) (bits >>> 52) & 0x7FF;
        final long t = bits & ((1L << 52) - 1);
        if (be == 0x7FF) {
            out.append(v);
            return;
        }
        final long c = be == 0 ? t : t | 1L << 52;
        final int q = be == 0 ? -1074 : be - 1075;
        final boolean negative = bits < 0;
        if (c == 0) {
            writeLong(out, false, 0, n);
            return;
        }
        if (q >= 0) {
            if (q <= 10 && c << q <= Long.MAX_VALUE / Digits.POW10[n]) {
                writeLong(out, negative, (c << q) * Digits.POW10[n], n);
                return;
            }
        } else {
            // c * 10^n as 128 bits (< 2^113), then floor(/ 2^(p-1)), + 1, / 2: half-up division by 2^p.
            final long m = Digits.POW10[n];
            final long lo = c * m;
            final long hi = Math.multiplyHigh(c, m);
            final int s = -q - 1;
            long r;
            boolean fits = true;
            if (s >= 128) {
                r = 0;
            } else if (s >= 64) {
                r = hi >>> (s - 64);
            } else if (s == 0) {
                r = lo;
                fits = hi == 0;
            } else {
                r = lo >>> s | hi << (64 - s);
                fits = hi >>> s == 0;
            }
            if (fits && r >= 0) {
                writeLong(out, negative, (r + 1) >>> 1, n);
                return;
            }
        }
        appendLarge(out, negative, c, q, n);
    }

    private static void writeLong(final TextBuilder out, final boolean negative, final long scaled, final int n) {
        final int digits = Digits.length(scaled);
        final int intDigits = Math.max(1, digits - n);
        final int total = (negative && scaled != 0 ? 1 : 0) + intDigits + (n > 0 ? 1 + n : 0);
        final byte[] buf = out.reserveAscii(total);
        int pos = out.asciiPosition(buf);
        final int end = pos + total;
        if (negative && scaled != 0) {
            buf[pos++] = '-';
        }
        if (n == 0) {
            Digits.writeLong(scaled, buf, pos + digits);
        } else if (digits <= n) {
            buf[pos++] = '0';
            buf[pos++] = '.';
            for (int i = digits; i < n; i++) {
                buf[pos++] = '0';
            }
            Digits.writeLong(scaled, buf, pos + digits);
        } else {
            Digits.writeLong(scaled, buf, pos + digits + 1);
            shiftLeft(buf, pos, intDigits);
            buf[pos + intDigits] = '.';
        }
        out.commitAscii(buf, end);
    }

    private void appendLarge(final TextBuilder out, final boolean negative, final long c, final int q, final int n) {
        if (limbs == null) {
            limbs = new int[MAX_LIMBS];
        }
        limbs[0] = (int) (c % LIMB);
        limbs[1] = (int) (c / LIMB);
        count = limbs[1] == 0 ? 1 : 2;
        for (int i = n; i > 0; i -= 9) {
            multiplyAdd((int) Digits.POW10[Math.min(i, 9)], 0);
        }
        if (q >= 0) {
            for (int i = q; i > 0; i -= 29) {
                multiplyAdd(1 << Math.min(i, 29), 0);
            }
        } else {
            for (int i = -q - 1; i > 0; i -= 29) {
                divide(Math.min(i, 29));
            }
            multiplyAdd(1, 1);
            divide(1);
        }
        final int top = limbs[count - 1];
        final int digits = Digits.length(top) + 9 * (count - 1);
        final boolean zero = count == 1 && top == 0;
        final int intDigits = Math.max(1, digits - n);
        final int total = (negative && !zero ? 1 : 0) + intDigits + (n > 0 ? 1 + n : 0);
        final byte[] buf = out.reserveAscii(total);
        int pos = out.asciiPosition(buf);
        final int end = pos + total;
        if (negative && !zero) {
            buf[pos++] = '-';
        }
        if (digits <= n) {
            buf[pos++] = '0';
            buf[pos++] = '.';
            for (int i = digits; i < n; i++) {
                buf[pos++] = '0';
            }
            writeLimbs(buf, pos + digits);
        } else if (n == 0) {
            writeLimbs(buf, pos + digits);
        } else {
            writeLimbs(buf, pos + digits + 1);
            shiftLeft(buf, pos, intDigits);
            buf[pos + intDigits] = '.';
        }
        out.commitAscii(buf, end);
    }

    /** Moves {@code buf[pos + 1 .. pos + n]} one place left (a loop: System.arraycopy costs more for a few chars). */
    private static void shiftLeft(final byte[] buf, final int pos, final int n) {
        for (int i = 0; i < n; i++) {
            buf[pos + i] = buf[pos + i + 1];
        }
    }

    private void writeLimbs(final byte[] buf, final int end) {
        int pos = end;
        for (int i = 0; i < count - 1; i++) {
            pos -= 9;
            Digits.writePadded(limbs[i], 9, buf, pos);
        }
        Digits.writeInt(limbs[count - 1], buf, pos);
    }

    /** limbs = limbs * m + a, m &lt;= 10^9, a &lt; 10^9. */
    private void multiplyAdd(final int m, final long a) {
        long carry = a;
        for (int i = 0; i < count; i++) {
            final long x = (long) limbs[i] * m + carry;
            limbs[i] = (int) (x % LIMB);
            carry = x / LIMB;
        }
        while (carry != 0) {
            limbs[count++] = (int) (carry % LIMB);
            carry /= LIMB;
        }
    }

    /** limbs = floor(limbs / 2^s), s &lt;= 29. */
    private void divide(final int s) {
        long rem = 0;
        final long mask = (1L << s) - 1;
        for (int i = count - 1; i >= 0; i--) {
            final long x = rem * LIMB + limbs[i];
            limbs[i] = (int) (x >>> s);
            rem = x & mask;
        }
        while (count > 1 && limbs[count - 1] == 0) {
            count--;
        }
    }
}
