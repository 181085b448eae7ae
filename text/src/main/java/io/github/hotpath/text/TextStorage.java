package io.github.hotpath.text;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The storage of a {@link TextBuilder} and everything that only reads it: capacity and its statistics, the
 * {@code CharSequence} reads, {@code toString()} and the UTF-8 output. The public methods are documented as
 * {@code TextBuilder}'s (the JDK's {@code StringBuilder} has the same shape over its package-private
 * {@code AbstractStringBuilder}); the package-private ones are the seams the appenders write through.
 *
 * <p>Latin-1 bytes while every char fits in one; UTF-16 chars from the first wider char until the content is
 * emptied. Writers reserve room, write after {@link #count} and then move {@link #count}: nothing they stage before
 * that is visible, which is what makes appends of throwing or self-referential sources safe.
 */
abstract class TextStorage implements CharSequence {
    /** The largest array length the JVMs accept reliably. */
    static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private final int initialCapacity;
    private final int retainedCapacityLimit;
    /** The content while {@link #wide} is false; unused while it is true. */
    byte[] latin;
    /** The content while {@link #wide} is true; allocated on the first char outside Latin-1. */
    char[] chars;
    /** Whether the content is in {@link #chars} (UTF-16) rather than {@link #latin}. */
    boolean wide;
    /** Latin-1 only: true when every byte of the content is ASCII (false means "maybe not"). */
    boolean ascii = true;
    /** The length. */
    int count;
    private int growCount;
    private int peakLength;
    private byte[] scratch;
    /**
     * Where ASCII text (digits, a number, an instant) is written when it cannot go straight into {@link #latin}: the
     * content is UTF-16, or the room left is below the text's worst-case length. Allocated on first use (64 bytes,
     * more for a longer fixed-point text) and kept.
     */
    private byte[] asciiScratch;

    TextStorage(final int initialCapacity, final int retainedCapacityLimit) {
        if (initialCapacity < 1 || initialCapacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("initialCapacity must be in [1, " + MAX_CAPACITY + "]: "
                + initialCapacity);
        }
        if (retainedCapacityLimit < initialCapacity) {
            throw new IllegalArgumentException("retainedCapacityLimit (" + retainedCapacityLimit
                + ") must be >= initialCapacity (" + initialCapacity + ")");
        }
        this.initialCapacity = initialCapacity;
        this.retainedCapacityLimit = retainedCapacityLimit;
        this.latin = new byte[initialCapacity];
    }

    // ---- capacity ----

    /**
     * The number of chars the builder can hold without growing, in its current storage (Latin-1 or UTF-16, see
     * {@link TextBuilder}).
     *
     * @return the length of the current array.
     */
    public int capacity() {
        return wide ? chars.length : latin.length;
    }

    /**
     * How many times an append had to grow the array since construction or the last {@link #resetStatistics()}: a
     * non-zero value in steady state means the initial capacity is too small for the renders it does.
     *
     * @return the number of growths.
     */
    public int growCount() {
        return growCount;
    }

    /**
     * The longest content the builder has held since construction or the last {@link #resetStatistics()}: the
     * initial capacity that would have avoided every growth. Allocates nothing.
     *
     * @return the peak {@link #length()}.
     */
    public int peakLength() {
        return Math.max(peakLength, count);
    }

    /** Sets {@link #growCount()} back to zero and {@link #peakLength()} to the current length. Allocates nothing. */
    public void resetStatistics() {
        growCount = 0;
        peakLength = count;
    }

    /** Latin-1 storage: the array, with room for {@code extra} bytes after {@link #count}. */
    byte[] reserveLatin(final int extra) {
        final byte[] a = latin;
        if (a.length - count >= extra) {
            return a;
        }
        return growLatin(count, extra);
    }

    /** Latin-1 storage: room for {@code extra} bytes after {@code keep}, keeping bytes {@code [0, keep)}. */
    byte[] growLatin(final int keep, final int extra) {
        final byte[] grown = new byte[newCapacity((long) keep + extra, latin.length)];
        System.arraycopy(latin, 0, grown, 0, keep);
        latin = grown;
        growCount++;
        return grown;
    }

    /** UTF-16 storage: the array, with room for {@code extra} chars after {@link #count}. */
    char[] reserveChars(final int extra) {
        final char[] a = chars;
        if (a.length - count >= extra) {
            return a;
        }
        return growChars(count, extra);
    }

    /** UTF-16 storage: room for {@code extra} chars after {@code keep}, keeping chars {@code [0, keep)}. */
    char[] growChars(final int keep, final int extra) {
        final char[] grown = new char[newCapacity((long) keep + extra, chars.length)];
        System.arraycopy(chars, 0, grown, 0, keep);
        chars = grown;
        growCount++;
        return grown;
    }

    private static int newCapacity(final long needed, final int current) {
        if (needed > MAX_CAPACITY) {
            throw new OutOfMemoryError("a TextBuilder cannot hold " + needed + " chars (at most " + MAX_CAPACITY
                + ")");
        }
        return (int) Math.min(MAX_CAPACITY, Math.max(needed, 2L * current + 2));
    }

    /** Moves the Latin-1 content to UTF-16 storage with room for {@code extra} more chars; returns that array. */
    char[] inflate(final int extra) {
        final long needed = (long) count + extra;
        char[] c = chars;
        if (c == null || c.length < needed) {
            final int current = c == null ? latin.length : c.length;
            c = new char[needed <= current ? current : newCapacity(needed, current)];
            if (needed > current) {
                growCount++;
            }
            chars = c;
        }
        final byte[] a = latin;
        for (int i = 0; i < count; i++) {
            c[i] = (char) (a[i] & 0xFF);
        }
        wide = true;
        return c;
    }

    /**
     * Room for exactly {@code len} ASCII bytes (digits, signs): the array to write them into from
     * {@link #asciiPosition(byte[])}, then {@link #commitAscii(byte[], int)}. Latin-1 storage grows if it must (the
     * length is exact, so the growth is real); UTF-16 content takes the bytes through {@link #asciiScratch}.
     */
    byte[] reserveAscii(final int len) {
        return wide ? asciiScratch(len) : reserveLatin(len);
    }

    /**
     * As {@link #reserveAscii(int)} for text of at most {@code max} bytes whose exact length is known only once it
     * is written (a {@code double}, an instant): straight into Latin-1 storage if the worst case fits, else through
     * {@link #asciiScratch}, so that the storage grows only if the text actually written does not fit, and
     * {@link #growCount()} and {@link #peakLength()} stay true.
     */
    byte[] reserveAsciiAtMost(final int max) {
        return !wide && latin.length - count >= max ? latin : asciiScratch(max);
    }

    private byte[] asciiScratch(final int max) {
        byte[] a = asciiScratch;
        if (a == null || a.length < max) {
            a = new byte[Math.max(max, 64)];
            asciiScratch = a;
        }
        return a;
    }

    /** Where the bytes go in the array {@link #reserveAscii(int)} or {@link #reserveAsciiAtMost(int)} returned. */
    int asciiPosition(final byte[] a) {
        return a == latin ? count : 0;
    }

    /** Accepts the ASCII bytes written up to {@code end} into {@code a}, the array a reserve returned. */
    void commitAscii(final byte[] a, final int end) {
        if (a == latin) {
            count = end;
            return;
        }
        final int at = count;
        if (!wide) {
            System.arraycopy(a, 0, reserveLatin(end), at, end);
        } else {
            final char[] c = reserveChars(end);
            for (int i = 0; i < end; i++) {
                c[at + i] = (char) a[i];
            }
        }
        count = at + end;
    }

    // ---- state ----

    /**
     * The number of chars in the builder.
     *
     * @return the length.
     */
    @Override
    public int length() {
        return count;
    }

    /**
     * The char at {@code index}. Allocates nothing.
     *
     * @param index from 0 to {@code length() - 1}.
     * @return the char.
     * @throws IndexOutOfBoundsException if {@code index} is outside the content.
     */
    @Override
    public char charAt(final int index) {
        Objects.checkIndex(index, count);
        return wide ? chars[index] : (char) (latin[index] & 0xFF);
    }

    /**
     * Whether the content is the same char sequence as {@code other}, as {@link String#contentEquals(CharSequence)}
     * says. Allocates nothing.
     *
     * @param other the text to compare with.
     * @return true if both have the same length and the same chars.
     * @throws NullPointerException if {@code other} is null.
     */
    public boolean contentEquals(final CharSequence other) {
        final int n = count;
        if (other.length() != n) {
            return false;
        }
        if (other instanceof TextStorage) {
            final TextStorage o = (TextStorage) other;
            if (!wide && !o.wide) {
                return Arrays.equals(latin, 0, n, o.latin, 0, n);
            }
            if (wide && o.wide) {
                return Arrays.equals(chars, 0, n, o.chars, 0, n);
            }
        }
        for (int i = 0; i < n; i++) {
            if (charAt(i) != other.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A {@code String} of the chars from {@code start} to {@code end}: <b>allocates</b> that {@code String}, as the
     * {@code CharSequence} contract requires. Use {@link TextBuilder#append(CharSequence, int, int)} on another
     * builder to copy a range without allocating.
     *
     * @param start the first index, inclusive.
     * @param end   the last index, exclusive.
     * @return a new {@code String}.
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, length()]}.
     */
    @Override
    public CharSequence subSequence(final int start, final int end) {
        Objects.checkFromToIndex(start, end, count);
        return wide ? new String(chars, start, end - start)
            : new String(latin, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * Sets the length, as {@link StringBuilder#setLength(int)} does: a shorter length truncates, a longer one pads
     * with {@code '\u0000'} chars. Allocates nothing unless the builder grows.
     *
     * @param newLength the new length, at least 0.
     * @throws IndexOutOfBoundsException if {@code newLength} is negative.
     */
    public void setLength(final int newLength) {
        if (newLength < 0) {
            throw new IndexOutOfBoundsException("newLength must be >= 0: " + newLength);
        }
        if (newLength <= count) {
            shorten(newLength);
            return;
        }
        final int extra = newLength - count;
        if (wide) {
            Arrays.fill(reserveChars(extra), count, newLength, '\0');
        } else {
            Arrays.fill(reserveLatin(extra), count, newLength, (byte) 0);
        }
        count = newLength;
    }

    /**
     * Empties the builder; an array that has grown past the retained-capacity limit is replaced by one of the initial
     * capacity (the only allocation, so that one huge render does not pin a huge array), and a UTF-16 array past the
     * limit is dropped. Statistics survive (see {@link #resetStatistics()}).
     */
    public void reset() {
        shorten(0);
        releaseGrownArrays();
    }

    /** Appends ASCII bytes (a constant such as {@code null}). */
    void appendAsciiBytes(final byte[] text) {
        final int n = text.length;
        final byte[] a = reserveAscii(n);
        final int pos = asciiPosition(a);
        System.arraycopy(text, 0, a, pos, n);
        commitAscii(a, pos + n);
    }

    /** Sets the length to {@code newLength <= count}, recording the peak; empty content goes back to Latin-1. */
    void shorten(final int newLength) {
        if (count > peakLength) {
            peakLength = count;
        }
        count = newLength;
        if (newLength == 0) {
            wide = false;
            ascii = true;
        }
    }

    /** Drops arrays that have grown past the retained-capacity limit; the content must be empty. */
    void releaseGrownArrays() {
        if (latin.length > retainedCapacityLimit) {
            latin = new byte[initialCapacity];
        }
        if (chars != null && chars.length > retainedCapacityLimit) {
            chars = null;
        }
    }

    /**
     * The content as a new {@code String}. For Latin-1 content (every char in U+0000..U+00FF) it allocates exactly
     * that {@code String}: its object and its compact byte array. Otherwise the JDK's {@code String} constructor
     * first tries Latin-1 compression and drops a transient {@code byte[length()]} before it allocates the UTF-16
     * array; that is the JDK's cost of any {@code String} made from chars.
     *
     * @return the content.
     */
    @Override
    public String toString() {
        return wide ? new String(chars, 0, count) : new String(latin, 0, count, StandardCharsets.ISO_8859_1);
    }

    // ---- UTF-8 ----

    /**
     * The number of bytes {@code writeUtf8} writes for the current content: 1 per ASCII char, 2 up to U+07FF, 4 per
     * surrogate pair, 3 otherwise (a lone surrogate becomes U+FFFD, 3 bytes). Allocates nothing.
     *
     * @return the UTF-8 length.
     * @throws ArithmeticException if it exceeds {@code Integer.MAX_VALUE} (content over ~715 million chars).
     */
    public int utf8Length() {
        Utf8.settle(this);
        return Math.toIntExact(Utf8.length(this, 0, count));
    }

    /**
     * Writes the content as UTF-8 into {@code dst} from {@code offset}, without an intermediate {@code String}.
     * Surrogate pairs become 4-byte sequences; a lone surrogate becomes U+FFFD ({@code EF BF BD}). Allocates
     * nothing.
     *
     * @param dst    the target array.
     * @param offset where the first byte goes.
     * @return the number of bytes written.
     * @throws IndexOutOfBoundsException if {@code offset} is outside {@code dst} or the bytes do not fit; then
     *                                   nothing is written.
     * @throws NullPointerException      if {@code dst} is null.
     */
    public int writeUtf8(final byte[] dst, final int offset) {
        Objects.checkFromToIndex(offset, dst.length, dst.length);
        final int room = dst.length - offset;
        if ((long) room < Utf8.maxLength(this)) { // else it fits without a scan: the copy finds out whether it is ASCII
            Utf8.settle(this);
            final long needed = Utf8.length(this, 0, count);
            if (needed > room) {
                throw new IndexOutOfBoundsException("the UTF-8 form needs " + needed + " bytes but only " + room
                    + " are free from offset " + offset + " in a byte[" + dst.length + "]");
            }
        }
        return Utf8.encode(this, 0, count, dst, offset) - offset;
    }

    /**
     * Writes the content as UTF-8 into {@code dst} from its position, which advances by the number of bytes
     * written; as {@link #writeUtf8(byte[], int)} otherwise. Heap buffers are written directly; direct buffers
     * through a scratch array the builder allocates once. Allocates nothing after that.
     *
     * @param dst the target buffer.
     * @return the number of bytes written.
     * @throws BufferOverflowException if the bytes do not fit in {@code dst.remaining()}; nothing is written.
     * @throws ReadOnlyBufferException if {@code dst} is read-only; nothing is written.
     * @throws NullPointerException    if {@code dst} is null.
     */
    public int writeUtf8(final ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        final int room = dst.remaining();
        if ((long) room < Utf8.maxLength(this)) { // as for byte[]: a scan only when the room could be too small
            Utf8.settle(this);
            if ((long) room < Utf8.maxLength(this) && Utf8.length(this, 0, count) > room) {
                throw new BufferOverflowException();
            }
        }
        final int start = dst.position();
        if (dst.hasArray()) {
            final int base = dst.arrayOffset();
            final int end = Utf8.encode(this, 0, count, dst.array(), base + start);
            dst.position(end - base);
            return end - base - start;
        }
        Utf8.settle(this); // ASCII content then goes in chunks as large as the scratch array
        final byte[] buf = scratch();
        int from = 0;
        while (from < count) {
            final int to = Utf8.chunkEnd(this, from, buf.length);
            dst.put(buf, 0, Utf8.encode(this, from, to, buf, 0));
            from = to;
        }
        return dst.position() - start;
    }

    /**
     * Writes the content as UTF-8 to {@code out}, in chunks through a scratch array the builder allocates once;
     * as {@link #writeUtf8(byte[], int)} otherwise. Allocates nothing after that first call (the stream may).
     *
     * @param out the target stream.
     * @throws IOException          if the stream fails; then part of the content may have been written.
     * @throws NullPointerException if {@code out} is null, also when the builder is empty.
     */
    public void writeUtf8(final OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        Utf8.settle(this);
        final byte[] buf = scratch();
        int from = 0;
        while (from < count) {
            final int to = Utf8.chunkEnd(this, from, buf.length);
            out.write(buf, 0, Utf8.encode(this, from, to, buf, 0));
            from = to;
        }
    }

    private byte[] scratch() {
        byte[] s = scratch;
        if (s == null) {
            s = new byte[Utf8.SCRATCH_BYTES];
            scratch = s;
        }
        return s;
    }
}
