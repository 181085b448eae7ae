package io.github.hotpath.text;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link TextParser} against the JDK's parsers on random and edge-case inputs: every text the JDK accepts in the
 * syntax {@code TextParser} documents must give the same value (bit for bit), every text the JDK rejects must be
 * rejected, and the throwing and {@code tryParse} forms must agree. Counts scale with {@link ReferenceScale}.
 */
class ParseReferenceTest {
    /** The documented double syntax (TextParser's Javadoc), as a regular expression. */
    private static final Pattern DOUBLE_SYNTAX =
        Pattern.compile("[+-]?(NaN|Infinity|([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?)");
    /** The documented int and long syntax. */
    private static final Pattern INTEGER_SYNTAX = Pattern.compile("[+-]?[0-9]+");
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

    /**
     * What the JDK accepts beyond the documented syntax (hexadecimal floats, the suffixes {@code f F d D},
     * surrounding whitespace) must be rejected; all else must match the JDK. Counts how often each side was hit, so
     * that the fuzz cannot silently stop producing the texts it is for.
     */
    @Test
    void doublesOutsideTheDocumentedSyntaxAreRejectedWhereTheJdkAcceptsThem() {
        final SplittableRandom random = new SplittableRandom(ReferenceScale.SEED + 7);
        final String[] tokens = {"0", "1", "9", "7", ".", "e", "E", "p", "P", "+", "-", "0x", "0X", "1.8p1", "a", "f",
            "F", "d", "D", " ", "\t", "\n", "NaN", "Infinity"};
        int documented = 0;
        int jdkOnly = 0;
        for (long n = ReferenceScale.cases(100_000); n > 0; n--) { // most texts throw twice: fewer cases
            text.setLength(0);
            for (int i = random.nextInt(1, 7); i > 0; i--) {
                text.append(tokens[random.nextInt(tokens.length)]);
            }
            final String s = text.toString();
            if (DOUBLE_SYNTAX.matcher(s).matches()) {
                documented++;
                checkDouble(s);
            } else {
                if (jdkAcceptsDouble(s)) {
                    jdkOnly++;
                }
                checkRejectedDouble(s);
            }
        }
        for (final String s : new String[] {"0x1.8p1", "0X1P-3", "-0x1p0d", "1f", "1.5F", "2d", "3.D", "1e5f", " 1",
            "1 ", "\t2.5\n", " NaN", "-Infinity\n"}) {
            if (!jdkAcceptsDouble(s)) {
                fail("the JDK was expected to accept \"" + s + "\"");
            }
            checkRejectedDouble(s);
        }
        if (documented < cases(100) || jdkOnly < cases(100)) {
            fail("the fuzz hit the documented syntax " + documented + " times and the JDK-only syntax " + jdkOnly);
        }
    }

    /**
     * Ints and longs whose text is outside the documented syntax (non-ASCII digits, which {@code Character.digit}
     * accepts, whitespace, underscores) are rejected; in the syntax they match the JDK.
     */
    @Test
    void integersWithNonAsciiDigitsOrSpacesAreRejectedWhereTheJdkAcceptsThem() {
        final SplittableRandom random = new SplittableRandom(ReferenceScale.SEED + 8);
        final String alphabet = "0123456789+-\u0663\u0966\uff11\u0e53 _";
        int jdkOnly = 0;
        for (long n = ReferenceScale.cases(300_000); n > 0; n--) {
            text.setLength(0);
            for (int i = random.nextInt(1, 14); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(random.nextBoolean() ? 10 : alphabet.length())));
            }
            final String s = text.toString();
            if (INTEGER_SYNTAX.matcher(s).matches()) {
                checkInt(s);
                checkLong(s);
                continue;
            }
            if (jdkAcceptsLong(s)) {
                jdkOnly++;
            }
            if (TextParser.tryParseInt(s, 0, s.length(), result) || TextParser.tryParseLong(s, 0, s.length(), result)) {
                fail("\"" + s + "\" is outside the documented syntax but was accepted: " + result);
            }
        }
        if (jdkOnly < cases(100)) {
            fail("the fuzz hit texts only the JDK accepts " + jdkOnly + " times");
        }
    }

    /** {@code true} and {@code false} in every ASCII case are accepted; anything else, near misses included, not. */
    @Test
    void booleansInAnyAsciiCaseAndNothingElse() {
        final SplittableRandom random = new SplittableRandom(ReferenceScale.SEED + 9);
        final String letters = "truefalsTRUEFALSx\u0130\u0131 ";
        for (long n = ReferenceScale.cases(300_000); n > 0; n--) { // half the texts throw: fewer cases
            text.setLength(0);
            if (random.nextBoolean()) {
                final String word = random.nextBoolean() ? "true" : "false";
                for (int i = 0; i < word.length(); i++) {
                    final char c = word.charAt(i);
                    text.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
                }
                if (random.nextInt(4) == 0) { // a near miss: one char changed, dropped or added
                    final int at = random.nextInt(text.length());
                    switch (random.nextInt(3)) {
                        case 0: text.setCharAt(at, letters.charAt(random.nextInt(letters.length()))); break;
                        case 1: text.deleteCharAt(at); break;
                        default: text.insert(at, letters.charAt(random.nextInt(letters.length()))); break;
                    }
                }
            } else {
                for (int i = random.nextInt(7); i > 0; i--) {
                    text.append(letters.charAt(random.nextInt(letters.length())));
                }
            }
            final String s = text.toString();
            final boolean isTrue = asciiEqualsIgnoreCase(s, "true");
            final boolean valid = isTrue || asciiEqualsIgnoreCase(s, "false");
            final boolean accepted = TextParser.tryParseBoolean(s, 0, s.length(), result);
            Boolean thrown;
            try {
                thrown = TextParser.parseBoolean(s);
            } catch (final IllegalArgumentException e) {
                thrown = null;
            }
            if (accepted != valid || accepted && result.booleanValue() != isTrue
                || !java.util.Objects.equals(thrown, valid ? isTrue : null)
                || valid && isTrue != Boolean.parseBoolean(s)) {
                fail("boolean \"" + s + "\": tryParseBoolean " + accepted + " " + result + ", parseBoolean " + thrown);
            }
        }
    }

    /** Case-insensitive for ASCII letters only ({@code String.equalsIgnoreCase} also folds the dotted I). */
    private static boolean asciiEqualsIgnoreCase(final String s, final String lower) {
        if (s.length() != lower.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long cases(final long n) {
        return ReferenceScale.cases(n);
    }

    private static boolean jdkAcceptsDouble(final String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (final NumberFormatException e) {
            return false;
        }
    }

    private static boolean jdkAcceptsLong(final String s) {
        try {
            Long.parseLong(s);
            return true;
        } catch (final NumberFormatException e) {
            return false;
        }
    }

    private void checkRejectedDouble(final String s) {
        if (TextParser.tryParseDouble(s, 0, s.length(), result)) {
            fail("\"" + s + "\" is outside the documented syntax but was accepted: " + result);
        }
        try {
            fail("\"" + s + "\" is outside the documented syntax but parseDouble gave " + TextParser.parseDouble(s));
        } catch (final NumberFormatException expected) {
            // documented
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
