package io.github.hotpath.text;

/**
 * JSON string escaping into a {@link TextBuilder}, as {@link TextBuilder#appendJsonEscaped(CharSequence)} specifies
 * it. Stateless.
 *
 * <p>The text is read exactly once: it is first staged after the builder's content (see {@link TextCopy}), where
 * one scan finds the first char that needs an escape and the exact escaped length; most text needs none and is
 * then done. Otherwise the staged chars are expanded in place from the right end, so that no char is overwritten
 * before it is read. The builder's length moves only at the end: a source that throws leaves no opening quote
 * behind, and a builder escaped into itself reads its content as it was before the call.
 */
final class JsonEscape {
    /** Extra chars each Latin-1 char takes when escaped: 0 (copied), 1 ({@code \n}) or 5 (<code>&#92;u00XX</code>). */
    private static final byte[] EXTRA = new byte[256];
    /** The letter after the backslash of a short escape, or 0. */
    private static final byte[] SHORT = new byte[128];
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final char REPLACEMENT = '\uFFFD';

    static {
        for (int c = 0; c < 0x20; c++) {
            EXTRA[c] = 5;
        }
        for (int c = 0x7F; c <= 0x9F; c++) {
            EXTRA[c] = 5;
        }
        final String escaped = "\"\\\b\f\n\r\t";
        final String letters = "\"\\bfnrt";
        for (int i = 0; i < escaped.length(); i++) {
            EXTRA[escaped.charAt(i)] = 1;
            SHORT[escaped.charAt(i)] = (byte) letters.charAt(i);
        }
    }

    private JsonEscape() {
    }

    /** Appends {@code s} escaped, between quotes if {@code quoted}. */
    static void append(final TextBuilder b, final CharSequence s, final boolean quoted) {
        final int n = s.length(); // first: a builder appended to itself is read as it was before the call
        final int gap = quoted ? 1 : 0;
        escapeStaged(b, n, gap, TextCopy.stage(b, s, 0, n, gap));
    }

    /** Appends {@code src[start, end)} escaped, without quotes. */
    static void append(final TextBuilder b, final char[] src, final int start, final int end) {
        escapeStaged(b, end - start, 0, TextCopy.stage(b, src, start, end, 0));
    }

    /** Escapes the {@code n} chars staged {@code gap} chars after the content, and commits them. */
    private static void escapeStaged(final TextBuilder b, final int n, final int gap, final int or) {
        final int total;
        if (b.wide) {
            total = escapeChars(b, b.count + gap, n, gap);
        } else {
            total = escapeLatin(b, b.count + gap, n, gap);
            if (or >= 0x80) {
                b.ascii = false;
            }
        }
        b.count += total;
    }

    /** Escapes the staged Latin-1 bytes {@code [from, from + n)}, quoting if {@code gap} is 1; returns the length. */
    private static int escapeLatin(final TextBuilder b, final int from, final int n, final int gap) {
        byte[] a = b.latin;
        final int stop = from + n;
        int first = from;
        while (first < stop && EXTRA[a[first] & 0xFF] == 0) {
            first++;
        }
        int extra = 0;
        for (int i = first; i < stop; i++) {
            extra += EXTRA[a[i] & 0xFF];
        }
        final int total = gap + n + extra + gap;
        if (a.length - b.count < total) {
            a = b.growLatin(stop, total - (stop - b.count));
        }
        int w = stop + extra;
        for (int i = stop - 1; i >= first; i--) {
            final int c = a[i] & 0xFF;
            final int e = EXTRA[c];
            if (e == 0) {
                a[--w] = (byte) c;
            } else {
                w -= e + 1;
                a[w] = '\\';
                if (e == 1) {
                    a[w + 1] = SHORT[c];
                } else {
                    unicode(c, a, w);
                }
            }
        }
        if (gap != 0) {
            a[b.count] = '"';
            a[stop + extra] = '"';
        }
        return total;
    }

    private static void unicode(final int c, final byte[] a, final int w) {
        a[w + 1] = 'u';
        a[w + 2] = HEX[c >>> 12];
        a[w + 3] = HEX[c >>> 8 & 0xF];
        a[w + 4] = HEX[c >>> 4 & 0xF];
        a[w + 5] = HEX[c & 0xF];
    }

    /** Extra chars {@code c} takes when escaped. */
    private static int extra(final char c) {
        if (c < 0x100) {
            return EXTRA[c];
        }
        return c == '\u2028' || c == '\u2029' ? 5 : 0;
    }

    /**
     * Escapes the staged UTF-16 chars {@code [from, from + n)}, quoting if {@code gap} is 1; returns the length. Lone
     * surrogates are replaced in the scan (the same length), so the expansion sees only chars and whole pairs.
     */
    private static int escapeChars(final TextBuilder b, final int from, final int n, final int gap) {
        char[] a = b.chars;
        final int stop = from + n;
        int first = stop;
        int extra = 0;
        for (int i = from; i < stop; i++) {
            final char c = a[i];
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (Character.isHighSurrogate(c) && i + 1 < stop && Character.isLowSurrogate(a[i + 1])) {
                    i++;
                } else {
                    a[i] = REPLACEMENT;
                }
                continue;
            }
            final int e = extra(c);
            if (e != 0) {
                first = Math.min(first, i);
                extra += e;
            }
        }
        final int total = gap + n + extra + gap;
        if (a.length - b.count < total) {
            a = b.growChars(stop, total - (stop - b.count));
        }
        int w = stop + extra;
        for (int i = stop - 1; i >= first; i--) {
            final char c = a[i];
            final int e = extra(c);
            if (e == 0) {
                a[--w] = c;
            } else {
                w -= e + 1;
                a[w] = '\\';
                if (e == 1) {
                    a[w + 1] = (char) SHORT[c];
                } else {
                    a[w + 1] = 'u';
                    a[w + 2] = (char) HEX[c >>> 12];
                    a[w + 3] = (char) HEX[c >>> 8 & 0xF];
                    a[w + 4] = (char) HEX[c >>> 4 & 0xF];
                    a[w + 5] = (char) HEX[c & 0xF];
                }
            }
        }
        if (gap != 0) {
            a[b.count] = '"';
            a[stop + extra] = '"';
        }
        return total;
    }
}
