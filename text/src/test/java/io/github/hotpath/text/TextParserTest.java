package io.github.hotpath.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documented syntax of {@link TextParser}, case by case, with the JDK as the reference for every value it
 * accepts, and the error positions and messages. The randomized comparison with the JDK is in
 * {@link ParseReferenceTest}.
 */
class TextParserTest {
    private final ParseResult result = new ParseResult();

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "+0", "7", "+7", "-7", "0042", "-0042", "2147483647", "-2147483648",
        "+2147483647", "000000000000000000000000000002147483647", "-000000000000000000000000000002147483648"})
    void acceptsIntsAsTheJdkDoes(final String text) {
        assertEquals(Integer.parseInt(text), TextParser.parseInt(text));
        assertTrue(TextParser.tryParseInt(text, 0, text.length(), result));
        assertEquals(Integer.parseInt(text), result.intValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "9223372036854775807", "-9223372036854775808", "+9223372036854775807",
        "00000000000000000000000009223372036854775807", "-00000000000000000000000009223372036854775808",
        "123456789012345678", "1234567890123456789", "-1234567890123456789"})
    void acceptsLongsAsTheJdkDoes(final String text) {
        assertEquals(Long.parseLong(text), TextParser.parseLong(text));
        assertTrue(TextParser.tryParseLong(text, 0, text.length(), result));
        assertEquals(Long.parseLong(text), result.longValue());
    }

    @Test
    void intErrorsNameTheIndexAndReason() {
        intError("", 0, "empty text");
        intError("+", 1, "no digit");
        intError("-", 1, "no digit");
        intError("12x4", 2, "not a decimal digit");
        intError(" 12", 0, "not a decimal digit");
        intError("12 ", 2, "not a decimal digit");
        intError("1_000", 1, "not a decimal digit");
        intError("+-1", 1, "not a decimal digit");
        intError("2147483648", 9, "out of range for an int");
        intError("-2147483649", 10, "out of range for an int");
        intError("99999999999x", 9, "out of range for an int"); // the overflow comes first
        intError("\u0661\u0662", 0, "not a decimal digit"); // Arabic-Indic digits: the JDK accepts them, we don't
        longError("9223372036854775808", 18, "out of range for a long");
        longError("-9223372036854775809", 19, "out of range for a long");
        longError("99999999999999999999", 18, "out of range for a long");
        longError("100000000000000000000", 19, "out of range for a long");
        longError("0000000000000000000000000000000000099999999999999999999", 53, "out of range for a long");
    }

    private void intError(final String text, final int index, final String reason) {
        final NumberFormatException e = assertThrows(NumberFormatException.class, () -> TextParser.parseInt(text));
        assertTrue(e.getMessage().startsWith(reason + " at index " + index + " in \"" + text + "\""), e.getMessage());
        assertFalse(TextParser.tryParseInt(text, 0, text.length(), result));
        assertEquals(index, result.errorIndex());
        assertEquals(reason, result.errorReason());
        assertThrows(IllegalStateException.class, result::intValue);
    }

    private void longError(final String text, final int index, final String reason) {
        final NumberFormatException e = assertThrows(NumberFormatException.class, () -> TextParser.parseLong(text));
        assertTrue(e.getMessage().startsWith(reason + " at index " + index), e.getMessage());
        assertFalse(TextParser.tryParseLong(text, 0, text.length(), result));
        assertEquals(index, result.errorIndex());
        assertEquals(reason, result.errorReason());
    }

    @Test
    void rangesReadInPlaceAndErrorsIndexTheWholeText() {
        assertEquals(12345, TextParser.parseInt("t-12345", 2, 7));
        assertEquals(-42L, TextParser.parseLong("id=-42;", 3, 6));
        assertEquals(1.5, TextParser.parseDouble("x=1.5&", 2, 5));
        assertTrue(TextParser.parseBoolean("flag=TRUE", 5, 9));
        final NumberFormatException e = assertThrows(NumberFormatException.class,
            () -> TextParser.parseInt("t-12x4", 2, 6));
        assertEquals("not a decimal digit at index 4 in \"12x4\" (parsing an int from chars 2 to 6 of the text)",
            e.getMessage());
        assertFalse(TextParser.tryParseDouble("a=1.5f", 2, 6, result));
        assertEquals(5, result.errorIndex());
        assertEquals(0, TextParser.parseInt(new TextBuilder(8).append("x0"), 1, 2));
        assertEquals(77, TextParser.parseInt(new StringBuilder("77")));
        assertEquals(-3.25, TextParser.parseDouble(new TextBuilder(8).append("-3.25")));
    }

    @Test
    void longTextsAreCutInTheMessage() {
        final String text = "1".repeat(500) + "x";
        final NumberFormatException e = assertThrows(NumberFormatException.class, () -> TextParser.parseDouble(text));
        assertTrue(e.getMessage().startsWith("not part of a number at index 500 in \"111"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void badArgumentsThrowInBothForms() {
        assertThrows(NullPointerException.class, () -> TextParser.parseInt(null));
        assertThrows(NullPointerException.class, () -> TextParser.tryParseInt(null, 0, 0, result));
        assertThrows(NullPointerException.class, () -> TextParser.tryParseInt("1", 0, 1, null));
        assertThrows(IndexOutOfBoundsException.class, () -> TextParser.parseLong("12", 1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> TextParser.tryParseDouble("12", -1, 1, result));
        assertThrows(IndexOutOfBoundsException.class, () -> TextParser.parseBoolean("true", 2, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "+0", "0.0", "-0.0", "1", "1.", ".5", "-.5", "+.5", "1.5", "00001.5000",
        "1e5", "1E5", "1e+5", "1e-5", "1.e5", ".5e-3", "123.456", "0.1", "0.3", "4.35", "1e23", "8.41e21",
        "9007199254740993", "9007199254740992.5", "2.2250738585072012e-308", "2.2250738585072014E-308",
        "4.9e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400", "1e400", "0e999999999999",
        "1e-999999999999", "1e999999999999", "1.7976931348623157e308", "1.7976931348623158e308",
        "1.7976931348623159e308", "NaN", "-NaN", "+NaN", "Infinity", "-Infinity", "+Infinity",
        "3.141592653589793238462643383279502884197169399375105820974944592307816406286",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124999999999999999999999",
        "1.00000000000000011102230246251565404236316680908203125000000000000000000001",
        "9999999999999999999", "18446744073709551615", "18446744073709551616", "99999999999999999999999"})
    void acceptsDoublesAsTheJdkDoes(final String text) {
        final double expected = Double.parseDouble(text);
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(TextParser.parseDouble(text)), text);
        assertTrue(TextParser.tryParseDouble(text, 0, text.length(), result));
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(result.doubleValue()));
    }

    @Test
    void doubleErrorsNameTheIndexAndReason() {
        doubleError("", 0, "empty text");
        doubleError("-", 1, "no digit");
        doubleError(".", 1, "no digit");
        doubleError("-.e5", 2, "not a decimal digit");
        doubleError("1e", 2, "no exponent digit");
        doubleError("1e+", 3, "no exponent digit");
        doubleError("1e+-5", 3, "not a decimal digit");
        doubleError("1.5f", 3, "not part of a number"); // the JDK accepts type suffixes; we don't
        doubleError("1.5D", 3, "not part of a number");
        doubleError("0x1p3", 1, "not part of a number"); // nor hexadecimal floats
        doubleError(" 1", 0, "not a decimal digit"); // nor surrounding whitespace
        doubleError("1 ", 1, "not part of a number");
        doubleError("1_0", 1, "not part of a number");
        doubleError("1.2.3", 3, "not part of a number");
        doubleError("nan", 0, "not a decimal digit");
        doubleError("Infinityx", 8, "not part of a number");
        doubleError("Inf", 3, "not part of a number");
        doubleError("NaN0", 3, "not part of a number");
    }

    private void doubleError(final String text, final int index, final String reason) {
        final NumberFormatException e = assertThrows(NumberFormatException.class,
            () -> TextParser.parseDouble(text));
        assertTrue(e.getMessage().startsWith(reason + " at index " + index), e.getMessage());
        assertFalse(TextParser.tryParseDouble(text, 0, text.length(), result));
        assertEquals(index, result.errorIndex());
        assertEquals(reason, result.errorReason());
        assertThrows(IllegalStateException.class, result::doubleValue);
    }

    @Test
    void booleansAreTrueOrFalseInAnyAsciiCase() {
        assertTrue(TextParser.parseBoolean("true"));
        assertTrue(TextParser.parseBoolean("TrUe"));
        assertFalse(TextParser.parseBoolean("false"));
        assertFalse(TextParser.parseBoolean("FALSE"));
        booleanError("", 0, "empty text");
        booleanError("yes", 0, "neither true nor false");
        booleanError("tru", 3, "neither true nor false");
        booleanError("truex", 4, "neither true nor false");
        booleanError("fa1se", 2, "neither true nor false");
        booleanError("\u0074rue\u0000", 4, "neither true nor false");
        booleanError("\u0163rue", 0, "neither true nor false"); // 0x163 | 0x20 is not 't'
        assertTrue(TextParser.tryParseBoolean("x=true", 2, 6, result));
        assertTrue(result.booleanValue());
    }

    private void booleanError(final String text, final int index, final String reason) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> TextParser.parseBoolean(text));
        assertTrue(e.getMessage().startsWith(reason + " at index " + index), e.getMessage());
        assertFalse(TextParser.tryParseBoolean(text, 0, text.length(), result));
        assertEquals(index, result.errorIndex());
    }

    @Test
    void aResultReportsOnlyWhatItsLastParseGave() {
        assertThrows(IllegalStateException.class, result::intValue, "nothing parsed yet");
        assertEquals(-1, result.errorIndex());
        assertTrue(TextParser.tryParseInt("123456789", 0, 9, result));
        assertEquals(123_456_789, result.intValue());
        assertThrows(IllegalStateException.class, result::longValue, "an int is not a long");
        assertEquals("int 123456789", result.toString());
        assertFalse(TextParser.tryParseInt("12x", 0, 3, result));
        assertEquals("error at index 2: not a decimal digit", result.toString());
        assertTrue(TextParser.tryParseLong("12", 0, 2, result));
        assertEquals(-1, result.errorIndex(), "a success clears the last error");
        assertEquals(null, result.errorReason());
    }

    @Test
    void theExactPathHandlesTheLongestDigitStrings() {
        // Midpoints written out in full: 2^-1075 (751 significant digits) and the one above MAX_VALUE.
        final BigDecimal tiny = new BigDecimal(Double.MIN_VALUE).divide(BigDecimal.valueOf(2));
        final BigDecimal top = new BigDecimal(Double.MAX_VALUE).add(new BigDecimal(BigInteger.ONE.shiftLeft(1024)))
            .divide(BigDecimal.valueOf(2));
        for (final BigDecimal midpoint : new BigDecimal[] {tiny, top}) {
            for (final String text : new String[] {midpoint.toPlainString(), midpoint.toString(),
                midpoint.toPlainString() + "0000000001", midpoint.toPlainString() + "0".repeat(2000),
                midpoint.toPlainString() + "0".repeat(2000) + "1",
                midpoint.subtract(midpoint.ulp().movePointLeft(3)).toPlainString()}) {
                assertEquals(Double.doubleToLongBits(Double.parseDouble(text)),
                    Double.doubleToLongBits(TextParser.parseDouble(text)), text);
            }
        }
        final String nines = "9".repeat(5000);
        for (final String text : new String[] {nines, "0." + nines, nines + "e-5000", nines + "e-5308",
            nines + "e-5325", "0." + "0".repeat(330) + nines}) {
            assertEquals(Double.doubleToLongBits(Double.parseDouble(text)),
                Double.doubleToLongBits(TextParser.parseDouble(text)), text);
        }
    }
}
