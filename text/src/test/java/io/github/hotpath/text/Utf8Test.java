package io.github.hotpath.text;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UTF-8 output against {@code String.getBytes(UTF_8)}, lone surrogates against the documented U+FFFD. */
class Utf8Test {
    /** Random text mixing ASCII, Latin-1, 2- and 3-byte chars, surrogate pairs, and (sometimes) lone surrogates. */
    static String randomText(final SplittableRandom random, final int length) {
        final StringBuilder s = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(8)) {
                case 0: case 1: case 2: s.append((char) random.nextInt(0x80)); break;
                case 3: s.append((char) random.nextInt(0x80, 0x800)); break;
                case 4: s.append((char) random.nextInt(0x800, 0xD800)); break;
                case 5: s.append((char) random.nextInt(0xE000, 0x10000)); break;
                case 6: s.appendCodePoint(random.nextInt(0x10000, 0x110000)); break;
                default: s.append((char) random.nextInt(0xD800, 0xE000)); break; // lone, or pairs by chance
            }
        }
        return s.toString();
    }

    static String hex(final String s) {
        final StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
        return out.toString();
    }

    static byte[] expectedUtf8(final String s) {
        return JsonEscapeTest.withLoneSurrogatesReplaced(s).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void randomUnicodeMatchesGetBytesInEveryOutput() throws IOException {
        final SplittableRandom random = new SplittableRandom(5);
        final TextBuilder b = new TextBuilder(16);
        for (int i = 0; i < 20_000; i++) {
            final String s = randomText(random, random.nextInt(i % 100 == 0 ? 5000 : 60));
            final byte[] expected = expectedUtf8(s);
            b.clear().append(s);
            assertEquals(expected.length, b.utf8Length(), () -> "utf8Length of " + hex(s));

            final byte[] array = new byte[expected.length + 7];
            assertEquals(expected.length, b.writeUtf8(array, 3));
            assertArrayEquals(expected, Arrays.copyOfRange(array, 3, 3 + expected.length),
                () -> "byte[] of " + hex(s));

            for (ByteBuffer buffer : new ByteBuffer[] {ByteBuffer.allocate(expected.length + 5),
                ByteBuffer.allocateDirect(expected.length + 5), ByteBuffer.allocate(expected.length + 9).slice()}) {
                buffer.position(2);
                assertEquals(expected.length, b.writeUtf8(buffer));
                assertEquals(2 + expected.length, buffer.position());
                final byte[] got = new byte[expected.length];
                buffer.position(2);
                buffer.get(got);
                assertArrayEquals(expected, got, () -> buffer + " of " + hex(s));
            }

            final ByteArrayOutputStream stream = new ByteArrayOutputStream();
            b.writeUtf8(stream);
            assertArrayEquals(expected, stream.toByteArray(), () -> "stream of " + hex(s));
        }
    }

    /**
     * Latin-1 content written before anything asked whether it is ASCII: into a target with room for any outcome
     * (the copy finds out) and into an exact one (a scan first), then again after more appends, so that the
     * remembered answer is checked too.
     */
    @Test
    void latinContentWrittenWithoutAPriorScanMatchesGetBytes() {
        final SplittableRandom random = new SplittableRandom(16);
        final TextBuilder b = new TextBuilder(8);
        for (int i = 0; i < 20_000; i++) {
            b.clear();
            final StringBuilder expected = new StringBuilder();
            final int parts = random.nextInt(1, 12);
            final boolean asciiOnly = random.nextBoolean();
            for (int p = 0; p < parts; p++) {
                final char[] text = new char[random.nextInt(0, i % 50 == 0 ? 300 : 20)];
                for (int c = 0; c < text.length; c++) {
                    text[c] = (char) random.nextInt(asciiOnly || random.nextInt(8) > 0 ? 0x80 : 0x100);
                }
                final String s = new String(text);
                switch (random.nextInt(3)) {
                    case 0: b.append(s); expected.append(s); break;
                    case 1: b.append(i); expected.append(i); break;
                    default: b.append(s, 0, s.length()).append('='); expected.append(s).append('='); break;
                }
            }
            final byte[] want = expected.toString().getBytes(StandardCharsets.UTF_8);
            final int first = random.nextInt(3); // the first write meets content not yet known to be ASCII
            if (first == 0) {
                final byte[] roomy = new byte[2 * b.length() + 5];
                assertEquals(want.length, b.writeUtf8(roomy, 5));
                assertArrayEquals(want, Arrays.copyOfRange(roomy, 5, 5 + want.length), () -> "roomy " + expected);
            } else {
                final ByteBuffer buffer = first == 1 ? ByteBuffer.allocate(2 * b.length() + 5)
                    : ByteBuffer.allocateDirect(2 * b.length() + 5);
                buffer.position(5);
                assertEquals(want.length, b.writeUtf8(buffer));
                final byte[] got = new byte[want.length];
                buffer.position(5);
                buffer.get(got);
                assertArrayEquals(want, got, () -> buffer + " " + expected);
            }
            final byte[] exact = new byte[want.length];
            assertEquals(want.length, b.writeUtf8(exact, 0));
            assertArrayEquals(want, exact, () -> "exact " + expected);
            b.append('\u00e9');
            expected.append('\u00e9');
            final byte[] more = expected.toString().getBytes(StandardCharsets.UTF_8);
            final byte[] again = new byte[2 * b.length()];
            assertEquals(more.length, b.writeUtf8(again, 0));
            assertArrayEquals(more, Arrays.copyOf(again, more.length), () -> "after U+00E9 " + expected);
        }
    }

    @Test
    void surrogatePairsAcrossTheStreamChunkBoundaryStayWhole() throws IOException {
        final TextBuilder b = new TextBuilder(16);
        for (int prefix = 1360; prefix < 1370; prefix++) {
            final String s = "a".repeat(prefix) + "\uD83D\uDE00".repeat(3000);
            b.clear().append(s);
            final ByteArrayOutputStream stream = new ByteArrayOutputStream();
            b.writeUtf8(stream);
            assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), stream.toByteArray(), "prefix " + prefix);
            final ByteBuffer direct = ByteBuffer.allocateDirect(b.utf8Length());
            b.writeUtf8(direct);
            direct.flip();
            final byte[] got = new byte[direct.remaining()];
            direct.get(got);
            assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), got, "direct, prefix " + prefix);
        }
    }

    @Test
    void loneSurrogatesBecomeEfBfBd() {
        final TextBuilder b = new TextBuilder(8).append("\uD800x\uDFFF");
        final byte[] out = new byte[16];
        final int n = b.writeUtf8(out, 0);
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD, 'x', (byte) 0xEF, (byte) 0xBF,
            (byte) 0xBD}, Arrays.copyOf(out, n));
    }

    @Test
    void tooSmallTargetsAreRejectedAndNothingIsWritten() {
        final TextBuilder b = new TextBuilder(8).append("h\u00e9llo \u20ac"); // 1+2+1+1+1+1+3 = 10 bytes
        assertEquals(10, b.utf8Length());
        final byte[] small = new byte[11];
        final IndexOutOfBoundsException e =
            assertThrows(IndexOutOfBoundsException.class, () -> b.writeUtf8(small, 2));
        assertTrue(e.getMessage().contains("needs 10 bytes but only 9"), e.getMessage());
        assertArrayEquals(new byte[11], small, "nothing written");
        assertThrows(IndexOutOfBoundsException.class, () -> b.writeUtf8(small, 12));
        assertThrows(IndexOutOfBoundsException.class, () -> b.writeUtf8(small, -1));
        assertEquals(10, b.writeUtf8(small, 1));

        for (ByteBuffer buffer : new ByteBuffer[] {ByteBuffer.allocate(9), ByteBuffer.allocateDirect(9)}) {
            assertThrows(BufferOverflowException.class, () -> b.writeUtf8(buffer));
            assertEquals(0, buffer.position(), "nothing written");
            assertEquals(0, buffer.get(0));
        }
        assertThrows(ReadOnlyBufferException.class, () -> b.writeUtf8(ByteBuffer.allocate(20).asReadOnlyBuffer()));
    }

    @Test
    void emptyBuilderWritesNothing() throws IOException {
        final TextBuilder b = new TextBuilder(1);
        assertEquals(0, b.writeUtf8(new byte[0], 0));
        assertEquals(0, b.writeUtf8(ByteBuffer.allocate(0)));
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        b.writeUtf8(stream);
        assertEquals(0, stream.size());
    }
}
