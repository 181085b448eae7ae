package io.github.hotpath.text;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The hex and zero-padded appends against the JDK's {@code toHexString} and {@code String.format}, and every
 * number formatter in UTF-16 storage (after a char outside Latin-1) against the same formatter in Latin-1 storage.
 * Counts scale with {@link ReferenceScale}.
 */
class FormatReferenceTest {
    private final TextBuilder b = new TextBuilder(8);
    private final TextBuilder wide = new TextBuilder(8);

    @Test
    void hexAsToHexString() {
        final SplittableRandom random = new SplittableRandom(ReferenceScale.SEED + 11);
        for (long n = ReferenceScale.cases(1_000_000); n > 0; n--) {
            final long v = random.nextLong() >>> random.nextInt(64);
            check(Long.toHexString(v), b.clear().appendHex(v), v);
            check(Integer.toHexString((int) v), b.clear().appendHex((int) v), v);
            check(Long.toHexString(-v), b.clear().appendHex(-v), -v);
        }
    }

    @Test
    void zeroPaddedAsStringFormat() {
        final SplittableRandom random = new SplittableRandom(ReferenceScale.SEED + 12);
        for (long n = ReferenceScale.cases(200_000); n > 0; n--) {
            final long v = n == 1 ? Long.MIN_VALUE : random.nextLong() >> random.nextInt(64);
            final int width = random.nextInt(1, 65);
            check(String.format("%0" + width + "d", v), b.clear().appendZeroPadded(v, width), v);
            check(String.format("%0" + width + "x", v), b.clear().appendHexZeroPadded(v, width), v);
        }
        assertEquals(Long.toString(-42), b.clear().appendZeroPadded(-42, 0).toString());
        assertEquals("0", b.clear().appendHexZeroPadded(0, 0).toString());
        assertEquals("-9223372036854775808", b.clear().appendZeroPadded(Long.MIN_VALUE, 20).toString());
        assertEquals("-09223372036854775808", b.clear().appendZeroPadded(Long.MIN_VALUE, 21).toString());
    }

    @Test
    void numbersInUtf16StorageMatchLatin1() {
        final SplittableRandom random = new SplittableRandom(ReferenceScale.SEED + 13);
        for (long n = ReferenceScale.cases(200_000); n > 0; n--) {
            final long v = random.nextLong() >> random.nextInt(64);
            final double d = Double.longBitsToDouble(random.nextLong());
            final int digits = random.nextInt(19);
            b.clear().append(v).append((int) v).append(d).append((float) d).appendFixed(d, digits)
                .appendIsoInstantMillis(v).appendHex(v).appendZeroPadded(v, 30).append(v > 0);
            wide.clear().append('\u0100').append(v).append((int) v).append(d).append((float) d)
                .appendFixed(d, digits).appendIsoInstantMillis(v).appendHex(v).appendZeroPadded(v, 30).append(v > 0);
            if (!wide.toString().equals('\u0100' + b.toString())) {
                fail("UTF-16 storage wrote \"" + wide + "\", Latin-1 storage \"" + b + "\"");
            }
        }
    }

    private static void check(final String expected, final TextBuilder actual, final long v) {
        if (!actual.contentEquals(expected)) {
            fail("for " + v + ": expected " + expected + " but was " + actual);
        }
    }
}
