package io.github.hotpath.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextBuilderTest {
    @Test
    void appendsCharSequencesOfEveryKindAndRanges() {
        final TextBuilder other = new TextBuilder(4).append("tb");
        final TextBuilder b = new TextBuilder(2)
            .append("str").append(new StringBuilder("sb")).append(other).append(java.nio.CharBuffer.wrap("cb"))
            .append("0123456789", 3, 6).append(new StringBuilder("abcdef"), 1, 2).append(other, 1, 2)
            .append(java.nio.CharBuffer.wrap("xyz"), 2, 3);
        assertEquals("strsbtbcb345bbz", b.toString());
    }

    @Test
    void nullAppendsNullLikeStringBuilder() {
        final TextBuilder b = new TextBuilder(2).append((CharSequence) null).append((CharSequence) null, 1, 3);
        final StringBuilder jdk = new StringBuilder().append((CharSequence) null).append((CharSequence) null, 1, 3);
        assertEquals(jdk.toString(), b.toString());
    }

    @Test
    void badRangesThrowAndAppendNothing() {
        final TextBuilder b = new TextBuilder(2).append("keep");
        assertThrows(IndexOutOfBoundsException.class, () -> b.append("abc", 2, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.append("abc", -1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.append("abc", 0, 4));
        assertEquals("keep", b.toString());
    }

    @Test
    void charSequenceContract() {
        final TextBuilder b = new TextBuilder(8).append("hello");
        assertEquals(5, b.length());
        assertEquals('e', b.charAt(1));
        assertEquals("ell", b.subSequence(1, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> b.charAt(5));
        assertThrows(IndexOutOfBoundsException.class, () -> b.charAt(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.subSequence(2, 6));
    }

    @Test
    void appendingItselfDoublesTheContent() {
        final TextBuilder b = new TextBuilder(3).append("abc");
        b.append(b);
        assertEquals("abcabc", b.toString());
    }

    @Test
    void setLengthTruncatesOrPadsWithNulLikeStringBuilder() {
        final TextBuilder b = new TextBuilder(8).append("hello");
        b.setLength(2);
        assertEquals("he", b.toString());
        b.setLength(4);
        assertEquals("he\0\0", b.toString());
        assertThrows(IndexOutOfBoundsException.class, () -> b.setLength(-1));
        assertEquals("he\0\0", b.toString());
    }

    @Test
    void truncateShortensOnly() {
        final TextBuilder b = new TextBuilder(8).append("hello");
        assertEquals("he", b.truncate(2).toString());
        assertThrows(IndexOutOfBoundsException.class, () -> b.truncate(3));
        assertThrows(IndexOutOfBoundsException.class, () -> b.truncate(-1));
        assertEquals("he", b.toString());
    }

    @Test
    void growthIsCountedAndClearKeepsCapacity() {
        final TextBuilder b = new TextBuilder(4);
        assertEquals(4, b.capacity());
        assertEquals(0, b.growCount());
        b.append("abcd");
        assertEquals(0, b.growCount(), "exactly full is not a growth");
        b.append('e');
        assertEquals(1, b.growCount());
        assertEquals(10, b.capacity(), "grows to 2n + 2");
        b.clear();
        assertEquals(0, b.length());
        assertEquals(10, b.capacity());
        b.append("x".repeat(100));
        assertEquals(2, b.growCount());
        assertEquals(100, b.capacity(), "grows to what is needed when that is more than 2n + 2");
        assertEquals(100, b.peakLength());
        b.clear().append("abc");
        assertEquals(100, b.peakLength(), "the peak survives clear()");
        b.resetStatistics();
        assertEquals(0, b.growCount());
        assertEquals(3, b.peakLength(), "after resetStatistics the peak is the current length");
        b.append("x".repeat(7)).setLength(1);
        b.reset();
        assertEquals(10, b.peakLength(), "setLength and reset record the peak before they shorten");
    }

    @Test
    void resetShrinksOnlyPastTheRetainedLimit() {
        final TextBuilder b = new TextBuilder(10, 30);
        b.append("x".repeat(22)); // 10 -> 22
        b.reset();
        assertEquals(0, b.length());
        assertEquals(22, b.capacity(), "22 <= 30 is retained");
        b.append("x".repeat(31));
        b.reset();
        assertEquals(10, b.capacity(), "31 > 30 shrinks back to the initial capacity");
        assertEquals("", b.toString());
        assertEquals(2, b.growCount(), "statistics survive reset");

        final TextBuilder byDefault = new TextBuilder(10);
        byDefault.append("x".repeat(40)).reset();
        assertEquals(40, byDefault.capacity(), "the default limit is 4 x initial");
        byDefault.append("x".repeat(41)).reset();
        assertEquals(10, byDefault.capacity());
    }

    @Test
    void rejectsBadConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new TextBuilder(0));
        assertThrows(IllegalArgumentException.class, () -> new TextBuilder(10, 9));
        assertThrows(IllegalArgumentException.class, () -> new TextBuilder(Integer.MAX_VALUE));
    }

    @Test
    void isAnAppendable() throws java.io.IOException {
        final Appendable a = new TextBuilder(4);
        a.append("x=").append('1').append("abc", 1, 2);
        assertEquals("x=1b", a.toString());
    }

    /** Was: a double, a float or an instant reserved its longest text, so a builder that had room still grew. */
    @Test
    void numbersAndInstantsGrowOnlyWhenTheTextWrittenDoesNotFit() {
        final TextBuilder b = new TextBuilder(63).append("x".repeat(60)).append(1.5);
        assertEquals(63, b.length());
        assertEquals(0, b.growCount(), "63 chars in a capacity of 63");
        assertEquals(63, b.capacity());
        final TextBuilder instant = new TextBuilder(24).appendIsoInstantMillis(0);
        assertEquals("1970-01-01T00:00:00.000Z", instant.toString());
        assertEquals(0, instant.growCount());
        final TextBuilder nanos = new TextBuilder(33).append("at=").appendIsoInstant(0, 5);
        assertEquals("at=1970-01-01T00:00:00.000000005Z", nanos.toString());
        assertEquals(0, nanos.growCount());
        final TextBuilder f = new TextBuilder(4).append(2.5f).append('|');
        assertEquals("2.5|", f.toString());
        assertEquals(0, f.growCount());
        final TextBuilder tooSmall = new TextBuilder(3).append(1.25);
        assertEquals("1.25", tooSmall.toString());
        assertEquals(1, tooSmall.growCount(), "4 chars do not fit in 3: a real growth");
        assertEquals(4, tooSmall.peakLength());
    }

    /** Was: numbers after a wide char went through the Latin-1 array, regrown (and counted) after each reset. */
    @Test
    void numbersInUtf16ContentDoNotCountAGrowthThatDidNotHappen() {
        final TextBuilder b = new TextBuilder(15);
        int afterFirst = -1;
        for (int i = 0; i < 100; i++) {
            b.append('\u20ac').append(2.5).append(-7L).appendZeroPadded(42, 4).appendIsoInstantMillis(0);
            assertEquals("\u20ac2.5-70042" + "1970-01-01T00:00:00.000Z", b.toString());
            b.reset();
            if (i == 0) {
                afterFirst = b.growCount();
            }
        }
        assertEquals(afterFirst, b.growCount(), "the 34 chars need room once, not once per render");
        assertEquals(34, b.peakLength());
        final TextBuilder tiny = new TextBuilder(4);
        for (int i = 0; i < 100; i++) {
            tiny.append('\u20ac').append(2.5).reset();
            tiny.append(1.5).reset();
        }
        assertEquals(0, tiny.growCount(), "4 chars at most, in a capacity of 4");
        assertEquals(4, tiny.peakLength());
    }
}
