package io.github.hotpath.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code appendFixed} against {@code new BigDecimal(v).setScale(n, HALF_UP)}, the documented reference. */
class FixedPointTest {
    private final TextBuilder b = new TextBuilder(16);

    static String expected(final double v, final int n) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        final String s = new BigDecimal(v).setScale(n, RoundingMode.HALF_UP).toPlainString();
        // BigDecimal has no negative zero: "-0.00" cannot occur, which is the documented behaviour.
        return s;
    }

    @ParameterizedTest
    @CsvSource({
        "0.125, 2, 0.13", "0.375, 2, 0.38", "2.675, 2, 2.67", "1.005, 2, 1.00", "-0.125, 2, -0.13",
        "-0.001, 2, 0.00", "-0.0, 3, 0.000", "0.5, 0, 1", "1.5, 0, 2", "2.5, 0, 3", "-2.5, 0, -3", "123.456, 1, 123.5",
        "1e-7, 6, 0.000000", "0x1p-20, 6, 0.000001", "0x1.8p-20, 6, 0.000001",
        "0.1, 18, 0.100000000000000006", "99.995, 2, 100.00",
        "1e18, 0, 1000000000000000000", "9.2e18, 2, 9200000000000000000.00", "NaN, 2, NaN",
        "Infinity, 2, Infinity", "-Infinity, 0, -Infinity"
    })
    void knownValues(final double v, final int n, final String text) {
        assertEquals(text, b.clear().appendFixed(v, n).toString());
        assertEquals(expected(v, n), text, "the table itself agrees with BigDecimal");
    }

    @Test
    void randomValuesOfEveryMagnitudeAgreeWithBigDecimal() {
        final SplittableRandom random = new SplittableRandom(99);
        for (long i = ReferenceScale.cases(50_000); i > 0; i--) { // values up to 1e308: BigDecimal is the slow part
            final double v = Double.longBitsToDouble(random.nextLong());
            final int n = random.nextInt(19);
            assertEquals(expected(v, n), b.clear().appendFixed(v, n).toString(), () -> "value " + v + " digits " + n);
        }
    }

    @Test
    void randomEverydayValuesAgreeWithBigDecimal() {
        final SplittableRandom random = new SplittableRandom(100);
        for (long i = ReferenceScale.cases(1_000_000); i > 0; i--) {
            final double v = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-8, 20));
            final int n = random.nextInt(19);
            assertEquals(expected(v, n), b.clear().appendFixed(v, n).toString(), () -> "value " + v + " digits " + n);
        }
    }

    @Test
    void tiesOnTheExactBinaryValueRoundAwayFromZero() {
        for (int k = 0; k < 1000; k++) {
            final double v = (k + 0.5) / 8; // exact in binary; the third fraction digit is 5 half of the time
            for (int n = 0; n <= 4; n++) {
                assertEquals(expected(v, n), b.clear().appendFixed(v, n).toString());
                assertEquals(expected(-v, n), b.clear().appendFixed(-v, n).toString());
            }
        }
    }

    @Test
    void extremes() {
        for (double v : new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, Double.MIN_NORMAL,
            1e300, 0x1p63, 0x1p64, 0x1p53, 4.9e-324}) {
            for (int n = 0; n <= 18; n++) {
                assertEquals(expected(v, n), b.clear().appendFixed(v, n).toString(), "value " + v + " digits " + n);
            }
        }
    }

    @Test
    void rejectsFractionDigitsOutOfRangeAndAppendsNothing() {
        b.clear().append("keep");
        assertThrows(IllegalArgumentException.class, () -> b.appendFixed(1.0, -1));
        assertThrows(IllegalArgumentException.class, () -> b.appendFixed(1.0, 19));
        assertEquals("keep", b.toString());
    }
}
