package io.github.hotpath.text;

import io.github.hotpath.testing.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON escaping, checked by parsing the result back with the tests' one strict JSON decoder ({@link Json}). */
class JsonEscapeTest {
    private final TextBuilder b = new TextBuilder(4);

    /** What the documented escaping should preserve: the input with each lone surrogate replaced by U+FFFD. */
    static String withLoneSurrogatesReplaced(final String s) {
        final StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "plain|\"plain\"",
        "quote\" and back\\slash|\"quote\\\" and back\\\\slash\"",
        "slash / stays|\"slash / stays\"",
    })
    void knownEscapes(final String in, final String json) {
        assertEquals(json, b.clear().appendJsonString(in).toString());
    }

    @Test
    void controlCharactersAndLineSeparatorsAreEscaped() {
        final String in = "a\nb\rc\td\be\ff\u0000g\u001fh\u2028i\u2029j\u007fk\u0085l\u009fm\u00a0";
        final String out = b.clear().appendJsonEscaped(in).toString();
        assertEquals("a\\nb\\rc\\td\\be\\ff\\u0000g\\u001fh\\u2028i\\u2029j\\u007fk\\u0085l\\u009fm\u00a0",
            out);
        for (int i = 0; i < out.length(); i++) {
            final char c = out.charAt(i);
            assertTrue(c >= 0x20 && (c < 0x7F || c > 0x9F) && c != 0x2028 && c != 0x2029,
                "no raw line break or control char (C0, DEL, C1 such as NEL) may remain");
        }
        assertEquals(in, Json.parseString(b.clear().appendJsonString(in)));
    }

    @Test
    void everyCharBelow0x80AndTheSeparatorsRoundTrip() {
        final StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        all.append('\u2028').append('\u2029').append("\uD83D\uDE00");
        assertEquals(all.toString(), Json.parseString(b.clear().appendJsonString(all)));
    }

    @Test
    void loneSurrogatesBecomeTheReplacementCharacter() {
        assertEquals("a\uFFFDb\uFFFD\uD83D\uDE00\uFFFD",
            b.clear().appendJsonEscaped("a\uD800b\uDC00\uD83D\uDE00\uD83D").toString());
    }

    @Test
    void randomUnicodeRoundTrips() {
        final SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            final String s = Utf8Test.randomText(random, random.nextInt(40));
            final String expected = withLoneSurrogatesReplaced(s);
            assertEquals(expected, Json.parseString(b.clear().appendJsonString(s)),
                () -> "input " + Utf8Test.hex(s));
        }
    }

    @Test
    void escapingItselfReadsTheOriginalContent() {
        final TextBuilder self = new TextBuilder(4).append("a\"b");
        self.appendJsonEscaped(self);
        assertEquals("a\"ba\\\"b", self.toString());
    }

    @Test
    void afterExistingContentTheFirstEscapeIsFoundAtItsOwnIndex() {
        assertEquals("prefix:ab\\ncd", b.clear().append("prefix:").appendJsonEscaped("ab\ncd").toString());
    }

    @Test
    void nullIsTheJsonLiteral() {
        assertEquals("null", b.clear().appendJsonString(null).toString());
        assertEquals("null", b.clear().appendJsonEscaped(null).toString());
    }

    @Test
    void escapesGrowTheBuilderCorrectly() {
        final TextBuilder tiny = new TextBuilder(1);
        final String in = "\u0001".repeat(1000) + "x";
        assertEquals(in, Json.parseString(tiny.appendJsonString(in)));
        assertEquals(6 * 1000 + 3, tiny.length());
    }
}
