package io.github.hotpath.text;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Regressions from the outside check of issue 10: a builder appended to itself reads its content as it was before
 * the call, an append whose source throws leaves the builder as it was, and a null target throws even when there is
 * nothing to write.
 */
class SelfReferenceAndFailureTest {
    /** A CharSequence whose charAt throws at one index, as a broken or concurrently changed source would. */
    static final class ThrowingSequence implements CharSequence {
        private final String text;
        private final int failAt;

        ThrowingSequence(final String text, final int failAt) {
            this.text = text;
            this.failAt = failAt;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(final int index) {
            if (index == failAt) {
                throw new IllegalStateException("charAt(" + index + ") failed");
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(final int start, final int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    @Test
    void appendJsonStringOfItselfQuotesTheContentAsItWas() {
        final TextBuilder b = new TextBuilder(1).append('x');
        assertEquals("x\"x\"", b.appendJsonString(b).toString());
        final TextBuilder quoted = new TextBuilder(4).append("a\"b");
        assertEquals("a\"b\"a\\\"b\"", quoted.appendJsonString(quoted).toString());
        final TextBuilder wide = new TextBuilder(4).append("\u20ac\n");
        assertEquals("\u20ac\n\"\u20ac\\n\"", wide.appendJsonString(wide).toString());
    }

    @Test
    void appendJsonEscapedOfItselfEscapesTheContentAsItWas() {
        final TextBuilder b = new TextBuilder(2).append("\"\\");
        assertEquals("\"\\\\\"\\\\", b.appendJsonEscaped(b).toString());
    }

    @Test
    void appendOfItselfInEveryFormReadsTheContentAsItWas() {
        final TextBuilder b = new TextBuilder(1).append("ab");
        assertEquals("abab", b.append(b).toString());
        assertEquals("ababba", b.append(b, 1, 3).toString());
        assertEquals(true, b.contentEquals(b));
        final TextBuilder wide = new TextBuilder(1).append("\u0101b");
        assertEquals("\u0101b\u0101b", wide.append(wide).toString());
    }

    @Test
    void appendJsonStringOfAThrowingSequenceLeavesTheBuilderAsItWas() {
        for (final String text : new String[] {"plain", "needs \"escape\"", "wide \u20ac text"}) {
            for (int failAt = 0; failAt < text.length(); failAt++) {
                final TextBuilder b = new TextBuilder(4).append("keep");
                final ThrowingSequence s = new ThrowingSequence(text, failAt);
                assertThrows(IllegalStateException.class, () -> b.appendJsonString(s));
                assertEquals("keep", b.toString(), "no opening quote left behind");
                assertThrows(IllegalStateException.class, () -> b.appendJsonEscaped(s));
                assertThrows(IllegalStateException.class, () -> b.append(s));
                assertThrows(IllegalStateException.class, () -> b.append(s, 0, text.length()));
                assertEquals("keep", b.toString());
                assertEquals(4, b.utf8Length());
                assertEquals("keep\"ok\"", b.appendJsonString("ok").toString(), "and it goes on working");
            }
        }
    }

    @Test
    void writeUtf8ToANullTargetThrowsEvenWhenEmpty() {
        final TextBuilder empty = new TextBuilder(1);
        assertThrows(NullPointerException.class, () -> empty.writeUtf8((OutputStream) null));
        assertThrows(NullPointerException.class, () -> empty.writeUtf8((java.nio.ByteBuffer) null));
        assertThrows(NullPointerException.class, () -> empty.writeUtf8(null, 0));
    }

    @Test
    void aStreamThatFailsIsReportedAndTheBuilderKeepsItsContent() {
        final TextBuilder b = new TextBuilder(4).append("text");
        final OutputStream failing = new OutputStream() {
            @Override
            public void write(final int x) throws IOException {
                throw new IOException("disk full");
            }
        };
        assertThrows(IOException.class, () -> b.writeUtf8(failing));
        assertEquals("text", b.toString());
    }
}
