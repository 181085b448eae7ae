package io.github.hotpath.text;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random sequences of every public {@link TextBuilder} operation, with nulls, negative, zero, huge and
 * self-referential arguments, against a model of the documented contract built on {@code StringBuilder}; and
 * {@link TextParser} on random ranges of random texts against the same parse of the range as a {@code String}.
 * After each step the builder holds exactly the model's text, and a rejected call changed nothing.
 */
class TextPropertyTest {
    private static final String[] PIECES = {"", "a", "key=value&", "\u00e9t\u00e9", "\u20ac", "\uD83D\uDE00",
        "\uD800", "\uDC00", "\"", "\\", "\n\t\r\b\f", "\u0000\u001f\u007f\u0085\u009f", "\u2028\u2029", "/",
        "long text ".repeat(20), "123", "-0.5e-3"};
    private static final int[] WIDTHS = {-1, 0, 1, 5, 16, 20, 21, 64, 65, Integer.MIN_VALUE, Integer.MAX_VALUE};

    private final SplittableRandom random = new SplittableRandom(ReferenceScale.SEED + 7);

    @Test
    void everyOperationKeepsTheContract() throws IOException {
        for (long sequence = ReferenceScale.cases(1_500); sequence > 0; sequence--) {
            final int capacity = 1 + random.nextInt(random.nextBoolean() ? 4 : 300);
            final TextBuilder b = new TextBuilder(capacity, capacity + random.nextInt(600));
            final StringBuilder model = new StringBuilder();
            for (int step = 0; step < 120; step++) {
                step(b, model);
                if (!b.contentEquals(model) || b.length() != model.length()) {
                    fail("after step " + step + ": builder \"" + b + "\" but model \"" + model + "\"");
                }
            }
            checkOutputs(b, model.toString());
        }
    }

    private CharSequence piece() {
        final String s = PIECES[random.nextInt(PIECES.length)];
        switch (random.nextInt(5)) {
            case 0:
                return new StringBuilder(s);
            case 1:
                return CharBuffer.wrap(s);
            case 2:
                return new TextBuilder(1).append(s);
            default:
                return s;
        }
    }

    /** One random operation on both; each throws on the builder exactly when the contract says so. */
    private void step(final TextBuilder b, final StringBuilder model) throws IOException {
        final int op = random.nextInt(22);
        final CharSequence s = random.nextInt(10) == 0 ? null : random.nextInt(6) == 0 ? b : piece();
        final String text = s == null ? "null" : s.toString(); // the source as it is before the call
        switch (op) {
            case 0:
                b.append(s);
                model.append(text);
                break;
            case 1: {
                final int start = random.nextInt(-2, text.length() + 3);
                final int end = random.nextInt(-2, text.length() + 3);
                if (start < 0 || end > text.length() || start > end) {
                    final String before = b.toString();
                    assertThrows(IndexOutOfBoundsException.class, () -> b.append(s, start, end));
                    assertEquals(before, b.toString());
                } else {
                    b.append(s, start, end);
                    model.append(text, start, end);
                }
                break;
            }
            case 2: {
                final char c = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) random.nextInt(0x100);
                b.append(c);
                model.append(c);
                break;
            }
            case 3: {
                final long v = random.nextLong() >> random.nextInt(64);
                if (random.nextBoolean()) {
                    b.append((int) v);
                    model.append((int) v);
                } else {
                    b.append(v == 1 ? Long.MIN_VALUE : v);
                    model.append(v == 1 ? Long.MIN_VALUE : v);
                }
                break;
            }
            case 4: {
                final double v = Double.longBitsToDouble(random.nextLong());
                final boolean flag = random.nextBoolean();
                b.append(v).append((float) v).append(flag);
                // The formatters themselves are proven against the JDK in their own tests.
                model.append(new TextBuilder(32).append(v)).append(new TextBuilder(32).append((float) v)).append(flag);
                break;
            }
            case 5: {
                final double v = random.nextBoolean() ? random.nextDouble() * 1e6 - 5e5
                    : Double.longBitsToDouble(random.nextLong());
                final int digits = random.nextInt(-2, 21);
                if (digits < 0 || digits > 18) {
                    assertThrows(IllegalArgumentException.class, () -> b.appendFixed(v, digits));
                } else {
                    b.appendFixed(v, digits);
                    model.append(Double.isFinite(v) ? new BigDecimal(v).setScale(digits, RoundingMode.HALF_UP)
                        .toPlainString() : new TextBuilder(16).append(v));
                }
                break;
            }
            case 6:
            case 7: {
                final boolean quoted = op == 6;
                if (quoted) {
                    b.appendJsonString(s);
                    model.append(s == null ? "null" : '"' + json(text) + '"');
                } else {
                    b.appendJsonEscaped(s);
                    model.append(s == null ? "null" : json(text));
                }
                break;
            }
            case 8: {
                final long v = random.nextLong() >> random.nextInt(64);
                final int width = WIDTHS[random.nextInt(WIDTHS.length)];
                if (width < 0 || width > 64) {
                    assertThrows(IllegalArgumentException.class, () -> b.appendZeroPadded(v, width));
                    assertThrows(IllegalArgumentException.class, () -> b.appendHexZeroPadded(v, width));
                } else {
                    b.appendZeroPadded(v, width).appendHexZeroPadded(v, width).appendHex(v).appendHex((int) v);
                    model.append(width == 0 ? Long.toString(v) : String.format("%0" + width + "d", v))
                        .append(width == 0 ? Long.toHexString(v) : String.format("%0" + width + "x", v))
                        .append(Long.toHexString(v)).append(Integer.toHexString((int) v));
                }
                break;
            }
            case 9: {
                final int n = random.nextInt(-3, model.length() + 8);
                if (n < 0) {
                    assertThrows(IndexOutOfBoundsException.class, () -> b.setLength(n));
                } else {
                    b.setLength(n);
                    model.setLength(n);
                }
                break;
            }
            case 10: {
                final int n = random.nextInt(-3, model.length() + 3);
                if (n < 0 || n > model.length()) {
                    assertThrows(IndexOutOfBoundsException.class, () -> b.truncate(n));
                } else {
                    b.truncate(n);
                    model.setLength(n);
                }
                break;
            }
            case 11:
                if (random.nextBoolean()) {
                    b.clear();
                } else {
                    b.reset();
                }
                model.setLength(0);
                break;
            case 12: {
                final int i = random.nextInt(-2, model.length() + 2);
                if (i < 0 || i >= model.length()) {
                    assertThrows(IndexOutOfBoundsException.class, () -> b.charAt(i));
                } else {
                    assertEquals(model.charAt(i), b.charAt(i));
                }
                break;
            }
            case 13: {
                assertEquals(true, b.contentEquals(b));
                assertThrows(NullPointerException.class, () -> b.contentEquals(null));
                final String other = random.nextBoolean() ? model.toString() : text;
                assertEquals(model.toString().contentEquals(other), b.contentEquals(other));
                assertEquals(model.toString().contentEquals(other), b.contentEquals(new TextBuilder(1).append(other)));
                break;
            }
            case 14: {
                final int start = random.nextInt(-2, model.length() + 2);
                final int end = random.nextInt(-2, model.length() + 2);
                if (start < 0 || end > model.length() || start > end) {
                    assertThrows(IndexOutOfBoundsException.class, () -> b.subSequence(start, end));
                } else {
                    assertEquals(model.substring(start, end), b.subSequence(start, end));
                }
                break;
            }
            case 15: {
                final long second = random.nextLong() >> random.nextInt(64);
                final int nanos = random.nextInt(8) == 0 ? random.nextInt() : random.nextInt(1_000_000_000);
                if (nanos < 0 || nanos > 999_999_999) {
                    assertThrows(IllegalArgumentException.class, () -> b.appendIsoInstant(second, nanos));
                } else {
                    b.appendIsoInstant(second, nanos).appendIsoInstantMillis(second);
                    model.append(new TextBuilder(48).appendIsoInstant(second, nanos))
                        .append(new TextBuilder(48).appendIsoInstantMillis(second));
                }
                break;
            }
            case 16:
                checkOutputs(b, model.toString());
                break;
            case 20:
            case 21: {
                final char[] chars = text.toCharArray();
                final int offset = random.nextInt(-1, chars.length + 2);
                final int len = random.nextInt(-1, chars.length + 2);
                if (offset < 0 || len < 0 || offset + len > chars.length) {
                    assertThrows(IndexOutOfBoundsException.class, () -> b.append(chars, offset, len));
                    assertThrows(IndexOutOfBoundsException.class, () -> b.appendJsonEscaped(chars, offset, len));
                } else if (op == 20) {
                    b.append(chars, offset, len);
                    model.append(chars, offset, len);
                } else {
                    b.appendJsonEscaped(chars, offset, len);
                    model.append(json(new String(chars, offset, len)));
                }
                break;
            }
            default: {
                final SelfReferenceAndFailureTest.ThrowingSequence failing =
                    new SelfReferenceAndFailureTest.ThrowingSequence(
                        text + "\u20ac", random.nextInt(text.length() + 1));
                final String before = b.toString();
                assertThrows(IllegalStateException.class, () -> {
                    switch (op) {
                        case 17:
                            b.append(failing);
                            break;
                        case 18:
                            b.appendJsonString(failing);
                            break;
                        default:
                            b.appendJsonEscaped(failing);
                    }
                });
                assertEquals(before, b.toString());
            }
        }
    }

    /** UTF-8 in every output form, against the JDK's encoder with U+FFFD for lone surrogates. */
    private void checkOutputs(final TextBuilder b, final String expectedText) throws IOException {
        final byte[] expected = utf8(expectedText);
        assertEquals(expected.length, b.utf8Length());
        final int offset = random.nextInt(4);
        final byte[] exact = new byte[offset + expected.length];
        assertEquals(expected.length, b.writeUtf8(exact, offset));
        assertArrayEquals(expected, Arrays.copyOfRange(exact, offset, exact.length));
        if (expected.length > 0) {
            final byte[] small = new byte[offset + expected.length - 1];
            assertThrows(IndexOutOfBoundsException.class, () -> b.writeUtf8(small, offset));
            assertArrayEquals(new byte[small.length], small, "nothing written");
            assertThrows(BufferOverflowException.class, () -> b.writeUtf8(ByteBuffer.allocate(expected.length - 1)));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> b.writeUtf8(exact, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.writeUtf8(exact, exact.length + 1));
        assertThrows(ReadOnlyBufferException.class, () -> b.writeUtf8(ByteBuffer.allocate(8).asReadOnlyBuffer()));
        for (final ByteBuffer buffer : new ByteBuffer[] {ByteBuffer.allocate(expected.length + 3),
            ByteBuffer.allocateDirect(expected.length + 3)}) {
            buffer.position(2);
            assertEquals(expected.length, b.writeUtf8(buffer));
            assertEquals(2 + expected.length, buffer.position());
            final byte[] got = new byte[expected.length];
            buffer.position(2);
            buffer.get(got);
            assertArrayEquals(expected, got);
        }
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        b.writeUtf8(stream);
        assertArrayEquals(expected, stream.toByteArray());
        assertThrows(NullPointerException.class, () -> b.writeUtf8((OutputStream) null));
        assertEquals(expectedText, b.toString());
    }

    static byte[] utf8(final String s) {
        final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)
            .replaceWith(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD});
        try {
            final ByteBuffer out = encoder.encode(CharBuffer.wrap(s));
            final byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            return bytes;
        } catch (final CharacterCodingException e) {
            throw new AssertionError(e);
        }
    }

    /** The documented JSON escaping, written plainly. */
    static String json(final String s) {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    out.append(c).append(s.charAt(++i));
                } else {
                    out.append('\uFFFD');
                }
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\b') {
                out.append("\\b");
            } else if (c == '\f') {
                out.append("\\f");
            } else if (c < 0x20 || c >= 0x7F && c <= 0x9F || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void parsingAnyRangeOfAnyTextMatchesParsingItAsAString() {
        final String[] tokens = {"0", "7", "-", "+", ".", "e", "9", "x", " ", "\u0663", "true", "FALSE", "NaN"};
        final ParseResult result = new ParseResult();
        final TextBuilder builder = new TextBuilder(4);
        for (long n = ReferenceScale.cases(150_000); n > 0; n--) {
            final StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(8); i > 0; i--) {
                sb.append(tokens[random.nextInt(tokens.length)]);
            }
            final String text = sb.toString();
            final CharSequence s = random.nextBoolean() ? text : builder.clear().append(text);
            final int start = random.nextInt(-1, text.length() + 2);
            final int end = random.nextInt(-1, text.length() + 2);
            if (start < 0 || end > text.length() || start > end) {
                assertThrows(IndexOutOfBoundsException.class, () -> TextParser.parseInt(s, start, end));
                assertThrows(IndexOutOfBoundsException.class, () -> TextParser.tryParseDouble(s, start, end, result));
                continue;
            }
            final String range = text.substring(start, end);
            check(TextParser.tryParseInt(s, start, end, result), result, TextParser.tryParseInt(range, 0,
                range.length(), new ParseResult()), start, () -> TextParser.parseInt(s, start, end));
            check(TextParser.tryParseLong(s, start, end, result), result, TextParser.tryParseLong(range, 0,
                range.length(), new ParseResult()), start, () -> TextParser.parseLong(s, start, end));
            check(TextParser.tryParseDouble(s, start, end, result), result, TextParser.tryParseDouble(range, 0,
                range.length(), new ParseResult()), start, () -> TextParser.parseDouble(s, start, end));
            check(TextParser.tryParseBoolean(s, start, end, result), result, TextParser.tryParseBoolean(range, 0,
                range.length(), new ParseResult()), start, () -> TextParser.parseBoolean(s, start, end));
        }
        assertThrows(NullPointerException.class, () -> TextParser.parseDouble(null, 0, 0));
        assertThrows(NullPointerException.class, () -> TextParser.tryParseBoolean("true", 0, 4, null));
    }

    private static void check(final boolean accepted, final ParseResult result, final boolean acceptedAsString,
                              final int start, final org.junit.jupiter.api.function.Executable throwing) {
        assertEquals(acceptedAsString, accepted);
        if (!accepted) {
            final int index = result.errorIndex();
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, throwing);
            assertEquals(true, e.getMessage().contains(" at index " + index + " "), e.getMessage());
            assertEquals(true, index >= start, "the index is into the whole text");
        }
    }
}
