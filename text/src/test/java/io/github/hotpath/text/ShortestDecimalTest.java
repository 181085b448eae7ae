package io.github.hotpath.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code append(double)} and {@code append(float)} must write the text of JDK 19+ {@code Double.toString} and
 * {@code Float.toString} on every JDK. The hard cases carry their JDK 25 text as a literal, so they check the text on
 * JDK 17 too (several of them are cases where JDK 17's own text is longer); the random bit patterns check that the
 * text reads back to the same value on any JDK, and compare with the running JDK's text from JDK 19 on.
 */
class ShortestDecimalTest {
    static final boolean JDK_HAS_SHORTEST = Runtime.version().feature() >= 19;
    static final long RANDOM_DOUBLES = ReferenceScale.cases(2_000_000);
    static final long RANDOM_FLOATS = ReferenceScale.cases(2_000_000);

    private final TextBuilder b = new TextBuilder(64);

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "0, 0.0",
        "8000000000000000, -0.0",
        "7ff8000000000000, NaN",
        "7ff0000000000000, Infinity",
        "fff0000000000000, -Infinity",
        "1, 4.9E-324",
        "7fefffffffffffff, 1.7976931348623157E308",
        "10000000000000, 2.2250738585072014E-308",
        "fffffffffffff, 2.225073858507201E-308",
        "44b52d02c7e14af6, 1.0E23",
        "447c7e83209e90b2, 8.41E21",
        "3f60624dd2f1a9fc, 0.002",
        "3f50624dd2f1a9fc, 0.001",
        "3f50624dd2f1a9fb, 9.999999999999998E-4",
        "416312d000000000, 1.0E7",
        "416312cfffffffff, 9999999.999999998",
        "3ee4f8b588e368f1, 1.0E-5",
        "3d30000000000000, 5.684341886080802E-14",
        "4480f0cf064dd592, 1.0E22",
        "14, 9.9E-323",
        "2, 9.9E-324",
        "3, 1.5E-323",
        "4, 2.0E-323",
        "405edd2f1a9fbe77, 123.456",
        "3fb999999999999a, 0.1",
        "3fd3333333333333, 0.3",
        "4059000000000000, 100.0",
        "3ff0000000000000, 1.0",
        "bff0000000000000, -1.0",
        "4011666666666666, 4.35",
        "438f67ea69ed3795, 2.82879384806159E17",
        "16e3600, 1.18575755E-316",
        "8cdcdea440, 2.989102097996E-312",
        "434018601510c000, 9.0608011534336E15",
        "43d055dc36f24000, 4.708356024711512E18",
        "43e052961c6f8000, 9.409340012568248E18",
        "41678c29c0000000, 1.2345678E7",
        "1, 4.9E-324",
        "421bf08eb0000000, 3.0E10",
        "3e7ad7f29abcaf48, 1.0E-7",
        "435141f4bf38cb29, 1.9430376160308388E16",
        "c40e3ee5e02e9b8d, -6.9741824662760956E19",
        "43ce674b4b31190f, 4.3816050601147837E18"
    })
    void hardDoublesHaveTheJdk19Text(final String hexBits, final String expected) {
        final double v = Double.longBitsToDouble(Long.parseUnsignedLong(hexBits, 16));
        assertEquals(expected, b.clear().append(v).toString(), "bits " + hexBits);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "0, 0.0",
        "80000000, -0.0",
        "7fc00000, NaN",
        "7f800000, Infinity",
        "ff800000, -Infinity",
        "1, 1.4E-45",
        "7f7fffff, 3.4028235E38",
        "800000, 1.1754944E-38",
        "7fffff, 1.1754942E-38",
        "4b189680, 1.0E7",
        "4b18967f, 9999999.0",
        "3a83126f, 0.001",
        "3a83126e, 9.999999E-4",
        "3dcccccd, 0.1",
        "501502f9, 1.0E10",
        "3b03126f, 0.002",
        "4, 5.6E-45",
        "6, 8.4E-45",
        "7, 9.8E-45",
        "4c000000, 3.3554432E7",
        "50061c46, 9.0E9",
        "3a83126f, 0.001",
        "2, 2.8E-45",
        "5, 7.0E-45",
        "7, 9.8E-45",
        "65a96816, 1.0E23",
        "5d1502f9, 6.7108864E17",
        "88, 1.9E-43"
    })
    void hardFloatsHaveTheJdk19Text(final String hexBits, final String expected) {
        final float v = Float.intBitsToFloat(Integer.parseUnsignedInt(hexBits, 16));
        assertEquals(expected, b.clear().append(v).toString(), "bits " + hexBits);
    }

    @Test
    void randomDoubleBitPatternsReadBackAndMatchTheJdk() {
        final SplittableRandom random = new SplittableRandom(0x5EED_D0B1EL + ReferenceScale.SEED);
        for (long i = 0; i < RANDOM_DOUBLES; i++) {
            checkDouble(Double.longBitsToDouble(random.nextLong()));
        }
    }

    @Test
    void randomFloatBitPatternsReadBackAndMatchTheJdk() {
        final SplittableRandom random = new SplittableRandom(0x5EED_F10A7L + ReferenceScale.SEED);
        for (long i = 0; i < RANDOM_FLOATS; i++) {
            checkFloat(Float.intBitsToFloat(random.nextInt()));
        }
    }

    @Test
    void smallSubnormalsFollowTheTwoDigitRule() {
        // Significands below 100 come from the exact table; the rest from the algorithm. Both are checked here.
        for (long c = 1; c < 5_000; c++) {
            checkDouble(Double.longBitsToDouble(c));
            checkDouble(-Double.longBitsToDouble(c));
            checkFloat(Float.intBitsToFloat((int) c));
        }
    }

    @Test
    void powersOfTenAndTheirNeighbours() {
        for (int e = -325; e <= 309; e++) {
            final double d = Double.parseDouble("1e" + e);
            checkDouble(d);
            checkDouble(Math.nextUp(d));
            checkDouble(Math.nextDown(d));
            final float f = Float.parseFloat("1e" + e);
            checkFloat(f);
            checkFloat(Math.nextUp(f));
            checkFloat(Math.nextDown(f));
        }
    }

    @Test
    void powersOfTwoAndTheirNeighbours() {
        // Powers of two have the asymmetric rounding interval.
        for (int e = -1074; e <= 1023; e++) {
            final double d = Math.scalb(1.0, e);
            checkDouble(d);
            checkDouble(Math.nextUp(d));
            checkDouble(Math.nextDown(d));
        }
        for (int e = -149; e <= 127; e++) {
            final float f = Math.scalb(1.0f, e);
            checkFloat(f);
            checkFloat(Math.nextUp(f));
            checkFloat(Math.nextDown(f));
        }
    }

    @Test
    void notationSwitchesAtOneThousandthAndTenMillion() {
        assertEquals("0.001", b.clear().append(0.001).toString());
        assertEquals("9.999999999999998E-4", b.clear().append(Math.nextDown(0.001)).toString());
        assertEquals("9999999.999999998", b.clear().append(Math.nextDown(1e7)).toString());
        assertEquals("1.0E7", b.clear().append(1e7).toString());
        assertEquals("1234567.0", b.clear().append(1234567.0).toString());
        assertEquals("-0.0012", b.clear().append(-0.0012).toString());
        assertEquals("1.0E-4", b.clear().append(1e-4f).toString());
    }

    @Test
    void integersInTheDoubleRangePrintLikeTheJdk() {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            checkDouble((double) (random.nextLong() >> random.nextInt(64)));
            checkFloat((float) (random.nextInt() >> random.nextInt(32)));
        }
    }

    @Test
    void appendsAfterExistingContent() {
        assertEquals("x=1.5,y=-2.5E-10", b.clear().append("x=").append(1.5).append(",y=").append(-2.5e-10f)
            .toString());
    }

    private void checkDouble(final double v) {
        final String text = b.clear().append(v).toString();
        final double back = Double.parseDouble(text);
        check(text, Double.doubleToLongBits(back) == Double.doubleToLongBits(v), back, Double.toString(v),
            Long.toHexString(Double.doubleToRawLongBits(v)));
    }

    private void checkFloat(final float v) {
        final String text = b.clear().append(v).toString();
        final float back = Float.parseFloat(text);
        check(text, Float.floatToIntBits(back) == Float.floatToIntBits(v), back, Float.toString(v),
            Integer.toHexString(Float.floatToRawIntBits(v)));
    }

    private static void check(final String text, final boolean readsBack, final Object back, final String jdkText,
                              final String bits) {
        if (!readsBack) {
            fail("does not read back: " + text + " for bits " + bits + " (reads as " + back + ")");
        }
        if (JDK_HAS_SHORTEST && !text.equals(jdkText)) {
            fail("differs from the JDK's toString: " + text + " vs " + jdkText + " for bits " + bits);
        }
    }
}
