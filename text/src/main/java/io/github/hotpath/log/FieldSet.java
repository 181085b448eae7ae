package io.github.hotpath.log;

import java.util.Arrays;

/**
 * The key-value fields of one record, indexed for writing: where each key and value is, which fields to write, and
 * which keys must be renamed so as not to pose as a field the line writes itself.
 *
 * <p>The policy, the same in both formats: a record's fields are a map, and <b>the last value of a key wins</b>
 * (the one a last-wins JSON reader would show anyway); earlier fields with the same key are left out. Keys are
 * compared as they are printed: two keys that differ only in lone surrogates (both printed as U+FFFD) are the same
 * key. In JSON, a key that is one of the line's own names ({@link #RESERVED}) preceded by any number of underscores
 * (none included) is written with one more underscore: {@code level} becomes {@code _level}, {@code _level} becomes
 * {@code __level}, while {@code _id} stays. That renaming is one-to-one and never yields a reserved name, so no field
 * can pose as the level, the timestamp or the message, nor collide with a renamed one.
 *
 * <p>Thread-safety: confined to the writer thread (or a synchronous service's lock holder). Allocation: none after
 * construction; its tables hold one entry per possible field ({@code maxParts / 2}).
 */
final class FieldSet {
    /** The names the JSON format writes itself. */
    static final String[] RESERVED = {"ts", "level", "logger", "thread", "msg", "truncated", "stack"};
    /**
     * The names the {@link LogFormat#ECS} line writes itself, and the objects its dotted names make in a store that
     * expands dots (Elasticsearch): a field {@code log} beside {@code log.level} is a mapping conflict there.
     */
    static final String[] RESERVED_ECS = {"@timestamp", "log.level", "log.logger", "process.thread.name", "message",
        "ecs.version", "error.type", "error.message", "error.stack_trace", "truncated", "log", "process",
        "process.thread", "ecs", "error"};
    /**
     * Of {@link #RESERVED_ECS}, the values (its first ten names; the rest are objects): a key below one of them
     * ({@code log.level.source}) would make it an object in a store that expands dots, a mapping conflict too, so it
     * is renamed as well.
     */
    private static final String[] ECS_VALUES = Arrays.copyOf(RESERVED_ECS, 10);

    private final int[] keyPart;
    private final int[] keyAt;
    private final int[] valueAt;
    private final int[] hashes;
    private final boolean[] kept;
    /** Open-addressing table of field numbers + 1, valid where {@link #stamps} equals {@link #stamp}. */
    private final int[] table;
    private final int[] stamps;
    private int stamp;
    private int count;

    FieldSet(final int maxParts) {
        final int fields = maxParts / 2 + 1;
        keyPart = new int[fields];
        keyAt = new int[fields];
        valueAt = new int[fields];
        hashes = new int[fields];
        kept = new boolean[fields];
        final int size = Integer.highestOneBit(Math.max(2, 2 * fields - 1)) << 1;
        table = new int[size];
        stamps = new int[size];
    }

    /** Indexes the fields of {@code r}; then {@link #count()} and the accessors describe them. */
    void index(final RecordBuffer r) {
        final byte[] tags = r.tags;
        final long[] nums = r.nums;
        final int parts = r.parts;
        int n = 0;
        int at = 0;
        for (int i = 0; i < parts; i++) {
            final byte tag = tags[i];
            if ((tag & RecordBuffer.KEY) != 0) {
                keyPart[n] = i;
                keyAt[n] = at;
                at += (int) nums[i];
                valueAt[n] = at;
                i++;
                if (tags[i] == RecordBuffer.TEXT) {
                    at += (int) nums[i];
                }
                n++;
            } else if (tag == RecordBuffer.TEXT) {
                at += (int) nums[i];
            }
        }
        count = n;
        if (n > 1) {
            keepLastOfEachKey(r);
        } else if (n == 1) {
            kept[0] = true;
        }
    }

    /** Marks, for each key, its last field as kept and earlier ones as not. */
    private void keepLastOfEachKey(final RecordBuffer r) {
        final char[] chars = r.chars;
        final long[] nums = r.nums;
        final int mask = table.length - 1;
        if (++stamp == 0) { // wrapped: forget every old stamp
            Arrays.fill(stamps, 0);
            stamp = 1;
        }
        for (int f = count - 1; f >= 0; f--) {
            final int length = (int) nums[keyPart[f]];
            final int hash = hash(chars, keyAt[f], length);
            hashes[f] = hash;
            int slot = hash & mask;
            boolean seen = false;
            while (stamps[slot] == stamp) {
                final int other = table[slot] - 1;
                if (hashes[other] == hash && (int) nums[keyPart[other]] == length
                    && sameKey(chars, keyAt[f], keyAt[other], length)) {
                    seen = true;
                    break;
                }
                slot = (slot + 1) & mask;
            }
            kept[f] = !seen;
            if (!seen) {
                stamps[slot] = stamp;
                table[slot] = f + 1;
            }
        }
    }

    int count() {
        return count;
    }

    /** The part index of field {@code f}'s key; its value is the next part. */
    int keyPart(final int f) {
        return keyPart[f];
    }

    /** Where field {@code f}'s key chars start. */
    int keyAt(final int f) {
        return keyAt[f];
    }

    /** Where field {@code f}'s value chars start (if it is text). */
    int valueAt(final int f) {
        return valueAt[f];
    }

    /** Whether field {@code f} is written: no later field has the same key. */
    boolean kept(final int f) {
        return kept[f];
    }

    /** Whether a key is a reserved name after zero or more underscores, and so is written with one more. */
    static boolean posesAsReserved(final char[] chars, final int at, final int length) {
        return posesAsReserved(RESERVED, chars, at, length);
    }

    /**
     * Whether a key is one of {@code reserved} after zero or more underscores (for {@link #RESERVED_ECS}, also a key
     * below one of its values).
     */
    static boolean posesAsReserved(final String[] reserved, final char[] chars, final int at, final int length) {
        int start = at;
        final int end = at + length;
        while (start < end && chars[start] == '_') {
            start++;
        }
        for (final String name : reserved) {
            if (name.length() == end - start && matches(name, chars, start)) {
                return true;
            }
        }
        if (reserved == RESERVED_ECS) {
            for (final String value : ECS_VALUES) {
                final int below = start + value.length();
                if (below < end && chars[below] == '.' && matches(value, chars, start)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(final String name, final char[] chars, final int at) {
        for (int i = 0; i < name.length(); i++) {
            if (chars[at + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The char at {@code i} of a key as printed: a lone surrogate is U+FFFD. */
    private static char printed(final char[] chars, final int at, final int length, final int i) {
        final char c = chars[at + i];
        if (Character.isHighSurrogate(c)) {
            return i + 1 < length && Character.isLowSurrogate(chars[at + i + 1]) ? c : '\uFFFD';
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(chars[at + i - 1]) ? c : '\uFFFD';
        }
        return c;
    }

    private static int hash(final char[] chars, final int at, final int length) {
        int h = length;
        for (int i = 0; i < length; i++) {
            h = 31 * h + printed(chars, at, length, i);
        }
        return h ^ (h >>> 16);
    }

    private static boolean sameKey(final char[] chars, final int a, final int b, final int length) {
        for (int i = 0; i < length; i++) {
            if (printed(chars, a, length, i) != printed(chars, b, length, i)) {
                return false;
            }
        }
        return true;
    }
}
