package io.github.hotpath.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A record starts in small arrays and moves to the full-size ones when it outgrows them (RecordBuffer, Storage):
 * whatever is appended, the record must read back exactly as it would from one array of the full size, which is
 * what {@link FullSizeModel} keeps (the buffer as it was before it had small arrays).
 */
class RecordBufferStorageTest {
    private static final int MAX_PARTS = 40;
    private static final int MAX_CHARS = 300;

    /** The buffer as it was before small arrays: one array of the full size for each of tags, numbers and chars. */
    private static final class FullSizeModel {
        final byte[] tags;
        final long[] nums;
        final char[] chars;
        int parts;
        int charCount;
        boolean truncated;
        /** Message text was cut: later message parts (neither a key nor a key's value) are left out. */
        boolean messageCut;

        FullSizeModel(final int maxParts, final int maxChars) {
            tags = new byte[maxParts];
            nums = new long[maxParts];
            chars = new char[maxChars];
        }

        boolean isMessagePart(final byte tag) {
            return (tag & RecordBuffer.KEY) == 0 && (parts == 0 || (tags[parts - 1] & RecordBuffer.KEY) == 0);
        }

        void primitive(final byte tag, final long bits) {
            if (messageCut && isMessagePart(tag) || parts == tags.length) {
                truncated = true;
                return;
            }
            tags[parts] = tag;
            nums[parts++] = bits;
        }

        boolean roomForKeyValue(final int keyLength) {
            if (parts + 2 > tags.length || keyLength > chars.length - charCount) {
                truncated = true;
                return false;
            }
            return true;
        }

        void text(final byte tag, final String text) {
            final boolean message = isMessagePart(tag);
            if (messageCut && message || parts == tags.length) {
                truncated = true;
                return;
            }
            int length = text.length();
            if (length > chars.length - charCount) {
                length = chars.length - charCount;
                truncated = true;
                messageCut |= message;
                if (length > 0 && Character.isHighSurrogate(text.charAt(length - 1))) {
                    length--;
                }
            }
            text.getChars(0, length, chars, charCount);
            charCount += length;
            tags[parts] = tag;
            nums[parts++] = length;
        }
    }

    private static String randomText(final SplittableRandom random) {
        final int length = random.nextInt(4) == 0 ? random.nextInt(0, 120) : random.nextInt(0, 12);
        final StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(10)) {
                case 0:
                    sb.append((char) random.nextInt(0x100, 0xD800));
                    break;
                case 1:
                    sb.appendCodePoint(random.nextInt(0x10000, 0x10FFFF));
                    break;
                default:
                    sb.append((char) random.nextInt(0x20, 0x7F));
            }
        }
        return sb.toString();
    }

    /** Appends the same random record to the buffer and the model; returns a description for failure messages. */
    private static List<String> appendRandomRecord(final SplittableRandom random, final RecordBuffer r,
                                                   final FullSizeModel m) {
        final List<String> steps = new ArrayList<>();
        final int parts = random.nextInt(4) == 0 ? random.nextInt(0, 60) : random.nextInt(0, 12);
        for (int p = 0; p < parts; p++) {
            switch (random.nextInt(4)) {
                case 0: {
                    final long bits = random.nextLong();
                    steps.add("long " + bits);
                    r.primitive(RecordBuffer.LONG, bits);
                    m.primitive(RecordBuffer.LONG, bits);
                    break;
                }
                case 1: {
                    final String key = randomText(random);
                    final long value = random.nextLong();
                    steps.add("kv " + key.length());
                    final boolean room = r.roomForKeyValue(key.length());
                    assertEquals(m.roomForKeyValue(key.length()), room, "room for a key and value: " + steps);
                    if (room) {
                        r.text((byte) (RecordBuffer.TEXT | RecordBuffer.KEY), key, 0, key.length());
                        m.text((byte) (RecordBuffer.TEXT | RecordBuffer.KEY), key);
                        r.primitive(RecordBuffer.INT, value);
                        m.primitive(RecordBuffer.INT, value);
                    }
                    break;
                }
                default: {
                    final String text = randomText(random);
                    steps.add("text " + text.length());
                    r.text(RecordBuffer.TEXT, text, 0, text.length());
                    m.text(RecordBuffer.TEXT, text);
                }
            }
        }
        return steps;
    }

    private static void assertSameContent(final FullSizeModel m, final RecordBuffer r, final String context) {
        assertEquals(m.parts, r.parts, "parts: " + context);
        assertEquals(m.charCount, r.charCount, "chars: " + context);
        assertEquals(m.truncated, r.truncated, "truncated: " + context);
        assertEquals(Arrays.toString(Arrays.copyOf(m.tags, m.parts)), Arrays.toString(Arrays.copyOf(r.tags, r.parts)),
            "tags: " + context);
        assertEquals(Arrays.toString(Arrays.copyOf(m.nums, m.parts)), Arrays.toString(Arrays.copyOf(r.nums, r.parts)),
            "numbers: " + context);
        assertEquals(new String(m.chars, 0, m.charCount), new String(r.chars, 0, r.charCount), "text: " + context);
    }

    /** Sizes beyond the small arrays in both, in one only (parts or chars), and within them. */
    @ParameterizedTest
    @CsvSource({"40, 300", "8, 300", "16, 300", "17, 128", "40, 100", "16, 128", "2, 16"})
    void aRecordReadsBackAsFromOneFullSizeArrayWhereverItOutgrowsTheSmallOnes(final int maxParts,
                                                                             final int maxChars) {
        final SplittableRandom random = new SplittableRandom(20261130L + maxParts * 1000L + maxChars);
        final RecordBuffer[] buffers = RecordBuffer.many(3, maxParts, maxChars);
        int grown = 0;
        int truncated = 0;
        for (int i = 0; i < 30_000; i++) {
            final RecordBuffer r = buffers[i % buffers.length]; // reused: each record begins where another ended
            r.begin(Level.INFO, "storage", "main", 1L);
            final FullSizeModel m = new FullSizeModel(maxParts, maxChars);
            final List<String> steps = appendRandomRecord(random, r, m);
            assertSameContent(m, r, maxParts + "/" + maxChars + " record " + i + ": " + steps);
            if (r.chars.length > RecordBuffer.SMALL_CHARS || r.tags.length > RecordBuffer.SMALL_PARTS) {
                grown++;
            }
            if (r.truncated) {
                truncated++;
            }
        }
        if (maxParts > RecordBuffer.SMALL_PARTS || maxChars > RecordBuffer.SMALL_CHARS) {
            assertEquals(true, grown > 3_000, "too few records outgrew the small arrays to test it: " + grown);
        }
        assertEquals(true, truncated > 300, "too few records reached the limits to test them: " + truncated);
    }

    @Test
    void aBufferBeginsEveryRecordInItsSmallArrays() {
        final RecordBuffer r = new RecordBuffer(MAX_PARTS, MAX_CHARS);
        final byte[] smallTags = r.tags;
        final char[] smallChars = r.chars;
        assertEquals(RecordBuffer.SMALL_PARTS, smallTags.length);
        assertEquals(RecordBuffer.SMALL_CHARS, smallChars.length);

        r.begin(Level.INFO, "storage", "main", 1L);
        final String big = "x".repeat(RecordBuffer.SMALL_CHARS + 1);
        r.text(RecordBuffer.TEXT, big, 0, big.length());
        assertEquals(MAX_CHARS, r.chars.length, "a record larger than the small arrays did not move");
        assertEquals(big, new String(r.chars, 0, r.charCount));

        r.begin(Level.INFO, "storage", "main", 2L);
        assertSame(smallTags, r.tags, "the next record did not start in the small arrays");
        assertSame(smallChars, r.chars);
    }

    @Test
    void sizesWithinTheSmallArraysHaveNoFullSizeArraysAndTruncateAtTheirSize() {
        final RecordBuffer r = new RecordBuffer(4, 16);
        assertEquals(4, r.tags.length);
        assertEquals(16, r.chars.length);
        r.begin(Level.INFO, "storage", "main", 1L);
        r.text(RecordBuffer.TEXT, "0123456789abcdefXYZ", 0, 19);
        assertEquals("0123456789abcdef", new String(r.chars, 0, r.charCount));
        assertEquals(true, r.truncated);
    }
}
