package io.github.hotpath.text;

/**
 * UTF-8 encoding of a {@link TextBuilder}'s content straight from its storage. Stateless.
 *
 * <p>ASCII content in Latin-1 storage (the common case: the builder knows it from its appends) is one array copy;
 * other Latin-1 content takes one or two bytes a char; UTF-16 content one to three bytes a char and four a surrogate
 * pair, with U+FFFD for a lone surrogate.
 */
final class Utf8 {
    /** The size of the scratch array for streams and direct buffers. */
    static final int SCRATCH_BYTES = 4096;

    private Utf8() {
    }

    /** A bound on the UTF-8 length that needs no scan: 1, 2 or 3 bytes a char. */
    static long maxLength(final TextStorage b) {
        return (long) b.count * (b.wide ? 3 : b.ascii ? 1 : 2);
    }

    /** The exact UTF-8 length of chars {@code [from, to)}. */
    static long length(final TextStorage b, final int from, final int to) {
        long n = to - from;
        if (!b.wide) {
            if (b.ascii) {
                return n;
            }
            final byte[] a = b.latin;
            for (int i = from; i < to; i++) {
                n += a[i] >>> 31; // 1 more for every byte >= 0x80
            }
            return n;
        }
        final char[] a = b.chars;
        for (int i = from; i < to; i++) {
            final char c = a[i];
            if (c >= 0x80) {
                if (c < 0x800) {
                    n += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(a[i + 1])) {
                    n += 2; // 4 bytes for 2 chars
                    i++;
                } else {
                    n += 2;
                }
            }
        }
        return n;
    }

    /** The end of a chunk from {@code from} whose UTF-8 form fits in {@code bytes}, not splitting a pair. */
    static int chunkEnd(final TextStorage b, final int from, final int bytes) {
        final int max = b.wide ? bytes / 3 : b.ascii ? bytes : bytes / 2;
        int to = (int) Math.min(b.count, (long) from + max);
        if (b.wide && to < b.count && Character.isHighSurrogate(b.chars[to - 1])) {
            to--;
        }
        return to;
    }

    /** Encodes chars {@code [from, to)} at {@code dst[pos...]}, which must have room; returns the end position. */
    static int encode(final TextStorage b, final int from, final int to, final byte[] dst, final int pos) {
        if (!b.wide) {
            if (b.ascii) {
                System.arraycopy(b.latin, from, dst, pos, to - from);
                return pos + to - from;
            }
            return encodeLatin(b.latin, from, to, dst, pos);
        }
        return encodeChars(b.chars, from, to, dst, pos);
    }

    private static int encodeLatin(final byte[] a, final int from, final int to, final byte[] dst, int pos) {
        for (int i = from; i < to; i++) {
            final byte c = a[i];
            if (c >= 0) {
                dst[pos++] = c;
            } else {
                dst[pos++] = (byte) (0xC0 | (c & 0xFF) >>> 6);
                dst[pos++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return pos;
    }

    private static int encodeChars(final char[] a, final int from, final int to, final byte[] dst, int pos) {
        int i = from;
        // ASCII run first: one byte per char.
        while (i < to) {
            final char c = a[i];
            if (c >= 0x80) {
                break;
            }
            dst[pos++] = (byte) c;
            i++;
        }
        for (; i < to; i++) {
            final char c = a[i];
            if (c < 0x80) {
                dst[pos++] = (byte) c;
            } else if (c < 0x800) {
                dst[pos++] = (byte) (0xC0 | c >>> 6);
                dst[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
                dst[pos++] = (byte) (0xE0 | c >>> 12);
                dst[pos++] = (byte) (0x80 | c >>> 6 & 0x3F);
                dst[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(a[i + 1])) {
                final int cp = Character.toCodePoint(c, a[++i]);
                dst[pos++] = (byte) (0xF0 | cp >>> 18);
                dst[pos++] = (byte) (0x80 | cp >>> 12 & 0x3F);
                dst[pos++] = (byte) (0x80 | cp >>> 6 & 0x3F);
                dst[pos++] = (byte) (0x80 | cp & 0x3F);
            } else {
                dst[pos++] = (byte) 0xEF; // U+FFFD
                dst[pos++] = (byte) 0xBF;
                dst[pos++] = (byte) 0xBD;
            }
        }
        return pos;
    }
}
