package io.github.hotpath.text;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link TextParser} against the JDK's parsers on random and edge-case inputs: every text the JDK accepts in the
 * syntax {@code TextParser} documents must give the same value (bit for bit), every text the JDK rejects must be
 * rejected, and the throwing and {@code tryParse} forms must agree. Counts scale with {@link ReferenceScale}.
 */
class ParseReferenceTest {
    private final ParseResult result = new ParseResult();
    private final StringBuilder text = new StringBuilder(64);

    @Test
    void intsOfEveryLengthSignAndPadding() {
        final SplittableRandom random = new SplittableRandom(ReferenceScale.SEED);
        for (long n = ReferenceScale.cases(1_000_000); n > 0; n--) {
            final int v = random.nextInt() >> random.nextInt(32);
            text.setLength(0);
            if (v >= 0 && random.nextInt(8) == 0) {
                text.append('+');
            }
            if (random.nextInt(8) == 0) {
                text.append(v < 0 ? "-" : "").append("0".repeat(random.nextInt(1, 30))).append(Math.abs((long) v));
            } else {
                text.append(v);
            }
            checkInt(text.toString());
        }
    }

    @Test
    void longsOfEveryLengthAndTheOverflowBoundary() {
        final SplittableRandom random = new SplittableRandom(ReferenceScale.SEED + 1);
        for (long n = ReferenceScale.cases(1_000_000); n > 0; n--) {
            final long v = random.nextLong() >> random.nextInt(64);
            checkLong(Long.toString(v));
            if ((n & 7) == 0) {
                // Near and past the ends of both ranges, with padding.
                final BigInteger edge = BigInteger.valueOf(random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE)
                    .add(BigInteger.valueOf(random.nextInt(-20, 21)));
                final String s = edge.toString();
                checkLong(s);
                checkLong(s.startsWith("-") ? "-000" + s.substring(1) : "000" + s);
                checkInt(BigInteger.valueOf(random.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE)
                    .add(BigInteger.valueOf(random.nextInt(-20, 21))).toString());
            }
        }
    }

    @Test
    void integerSyntaxFuzz() {
        final SplittableRandom random = new SplittableRandom(ReferenceScale.SEED + 2);
        final String alphabet = "0123456789+- x";
        for (long n = ReferenceScale.cases(100_000); n > 0; n--) {
            text.setLength(0);
            for (int i = random.nextInt(14); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(random.nextBoolean() ? 10 : alphabet.length())));
            }
            checkInt(text.toString());
            checkLong(text.toString());
        }
    }

    @Test
    void doublesReadBackFromTheirShortestText() {
        final SplittableRandom random = new SplittableRandom(ReferenceScale.SEED + 3);
        final TextBuilder shortest = new TextBuilder(32);
        for (long n = ReferenceScale.cases(1_000_000); n > 0; n--) {
            final double v = Double.longBitsToDouble(random.nextLong());
            checkDouble(shortest.clear().append(v).toString());
            if ((n & 3) == 0) {
                checkDouble(Double.toString(v)); // JDK 17's text is sometimes longer: a different input
            }
        }
    }

    @Test
    void randomDecimalsOfAnyLengthAndExponent() {
        final SplittableRandom random = new SplittableRandom(ReferenceScale.SEED + 4);
        for (long n = ReferenceScale.cases(1_000_000); n > 0; n--) {
            text.setLength(0);
            if (random.nextInt(4) == 0) {
                text.append(random.nextBoolean() ? '-' : '+');
            }
            if (random.nextInt(8) == 0) {
                text.append("0".repeat(random.nextInt(1, 12)));
            }
            final int digits = random.nextInt(8) == 0 ? random.nextInt(1, 60) : random.nextInt(1, 21);
            final int point = random.nextInt(digits + 2) - 1; // -1: no point
            for (int i = 0; i < digits; i++) {
                if (i == point) {
                    text.append('.');
                }
                text.append((char) ('0' + random.nextInt(10)));
            }
            if (point == digits) {
                text.append('.');
            }
            if (random.nextInt(4) != 0) {
                text.append(random.nextBoolean() ? 'e' : 'E');
                final int e = random.nextInt(8) == 0 ? random.nextInt(-400, 400) : random.nextInt(-30, 30);
                text.append(e < 0 || random.nextBoolean() ? "" : "+").append(e);
            }
            checkDouble(text.toString());
        }
    }

    @Test
    void midpointsBetweenAdjacentDoublesAndTheirNeighbours() {
        // Exactly halfway (ties to even), and just below and above with long digit strings: the exact path.
        final SplittableRandom random = new SplittableRandom(ReferenceScale.SEED + 5);
        final BigDecimal two = BigDecimal.valueOf(2);
        for (long n = ReferenceScale.cases(15_000); n > 0; n--) {
            final long bits = random.nextInt(4) == 0 ? random.nextLong(1L << 52) // subnormal
                : random.nextLong(0x7FF0_0000_0000_0000L);
            final double v = Double.longBitsToDouble(bits);
            final double up = Math.nextUp(v);
            final BigDecimal high = Double.isInfinite(up) ? new BigDecimal(BigInteger.ONE.shiftLeft(1024))
                : new BigDecimal(up);
            final BigDecimal midpoint = new BigDecimal(v).add(high).divide(two);
            final BigDecimal nudge = midpoint.ulp().movePointLeft(random.nextInt(1, 25));
            checkDouble(midpoint.toString());
            checkDouble(midpoint.add(nudge).toString());
            checkDouble(midpoint.subtract(nudge).toString());
            // The same, cut to 17-25 significant digits: near-midpoints that the 128-bit product must decide.
            final BigDecimal cut = midpoint.round(new java.math.MathContext(random.nextInt(17, 26)));
            checkDouble(cut.toString());
        }
    }

    @Test
    void doubleSyntaxFuzz() {
        final SplittableRandom random = new SplittableRandom(ReferenceScale.SEED + 6);
        final String[] tokens = {"0", "1", "9", "5", "00", ".", ".", "e", "E", "+", "-", "NaN", "Infinity", "x", "_"};
        for (long n = ReferenceScale.cases(100_000); n > 0; n--) {
            text.setLength(0);
            for (int i = random.nextInt(7); i > 0; i--) {
                text.append(tokens[random.nextInt(tokens.length)]);
            }
            checkDouble(text.toString());
        }
    }

    @Test
    void subnormalsAndTheEndsOfTheRange() {
        for (long bits = 0; bits < 20_000; bits++) {
            checkDouble(Double.toString(Double.longBitsToDouble(bits)));
            checkDouble(new BigDecimal(Double.longBitsToDouble(bits)).toString());
        }
        for (int e = -345; e <= 330; e++) {
            for (final String mantissa : new String[] {"1", "9", "2.4703282292062327", "2.4703282292062328",
                "1.7976931348623157", "1.7976931348623158", "1.7976931348623159", "4.9406564584124654",
                "2.2250738585072011", "2.2250738585072012", "9.999999999999999999999"}) {
                checkDouble(mantissa + "e" + e);
            }
        }
    }

    private void checkInt(final String s) {
        Integer expected;
        try {
            expected = Integer.parseInt(s, 0, s.length(), 10);
        } catch (final NumberFormatException e) {
            expected = null;
        }
        Integer actual;
        try {
            actual = TextParser.parseInt(s);
        } catch (final NumberFormatException e) {
            actual = null;
        }
        final boolean accepted = TextParser.tryParseInt(s, 0, s.length(), result);
        if (!java.util.Objects.equals(expected, actual) || accepted != (actual != null)
            || accepted && result.intValue() != actual) {
            fail("int \"" + s + "\": JDK " + expected + ", TextParser " + actual + ", tryParseInt " + result);
        }
    }

    private void checkLong(final String s) {
        Long expected;
        try {
            expected = Long.parseLong(s, 0, s.length(), 10);
        } catch (final NumberFormatException e) {
            expected = null;
        }
        Long actual;
        try {
            actual = TextParser.parseLong(s);
        } catch (final NumberFormatException e) {
            actual = null;
        }
        final boolean accepted = TextParser.tryParseLong(s, 0, s.length(), result);
        if (!java.util.Objects.equals(expected, actual) || accepted != (actual != null)
            || accepted && result.longValue() != actual) {
            fail("long \"" + s + "\": JDK " + expected + ", TextParser " + actual + ", tryParseLong " + result);
        }
    }

    private void checkDouble(final String s) {
        Long expected;
        try {
            expected = Double.doubleToLongBits(Double.parseDouble(s));
        } catch (final NumberFormatException e) {
            expected = null;
        }
        Long actual;
        try {
            actual = Double.doubleToLongBits(TextParser.parseDouble(s));
        } catch (final NumberFormatException e) {
            actual = null;
        }
        final boolean accepted = TextParser.tryParseDouble(s, 0, s.length(), result);
        if (!java.util.Objects.equals(expected, actual) || accepted != (actual != null)
            || accepted && Double.doubleToLongBits(result.doubleValue()) != actual) {
            fail("double \"" + s + "\": JDK " + (expected == null ? null : Double.longBitsToDouble(expected))
                + ", TextParser " + (actual == null ? null : Double.longBitsToDouble(actual)) + ", tryParseDouble "
                + result);
        }
    }
}
