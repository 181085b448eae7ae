package io.github.hotpath.log;

/**
 * A reusable read-only window on a range of a {@code char[]}, so that copied record text can be handed to the text
 * builder's escaping methods as a {@link CharSequence} without allocating. Only {@link #charAt} and
 * {@link #length} are on the hot path; {@link #subSequence} and {@link #toString} allocate.
 *
 * <p>Thread-safety: confined to one thread (the writer, or a synchronous logger under its lock).
 */
final class CharArrayView implements CharSequence {
    private char[] array;
    private int offset;
    private int length;

    CharArrayView set(final char[] array, final int offset, final int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
        return this;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(final int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " outside [0, " + length + ")");
        }
        return array[offset + index];
    }

    @Override
    public CharSequence subSequence(final int start, final int end) {
        return toString().subSequence(start, end);
    }

    @Override
    public String toString() {
        return new String(array, offset, length);
    }
}
