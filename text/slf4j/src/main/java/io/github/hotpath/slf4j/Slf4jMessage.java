package io.github.hotpath.slf4j;

import io.github.hotpath.log.LogEntry;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Fills an entry with an SLF4J message pattern and its arguments, on the calling thread, with SLF4J's rules:
 * {@code {}} is replaced by the next argument, {@code \{}} is a literal {@code {}}, {@code \\{}} is a backslash then a
 * placeholder; arguments beyond the placeholders are ignored, placeholders beyond the arguments stay as written.
 *
 * <p>Why on the calling thread: SLF4J's arguments are references to the caller's objects, which it may change or
 * reuse once the call returns (a {@code StringBuilder}, a mutable DTO); reading them later, on the writer, could
 * print a value the caller never logged. So each argument is read once, now: boxed numbers, booleans and chars as
 * their primitive values, a {@code CharSequence} copied as chars (through its {@code toString()} if the copy throws),
 * anything else through {@code String.valueOf} (its {@code toString()} allocates what it allocates; a
 * {@code toString()} that throws anything, an {@code Error} included, prints {@code [FAILED toString()]}, as SLF4J
 * does), arrays as {@code Arrays.toString} does. Nothing an argument throws reaches the caller.
 *
 * <p>Thread-safety: stateless. Allocation: none for the pattern and for boxed numbers, booleans, chars and
 * {@code CharSequence} arguments.
 */
final class Slf4jMessage {
    private static final String FAILED = "[FAILED toString()]";

    private Slf4jMessage() {
    }

    /**
     * Appends the formatted message. The {@code count} arguments are {@code rest[0..count)} when {@code rest} is not
     * null, else {@code a} then {@code b}: the one- and two-argument calls need no array.
     */
    static void append(final LogEntry entry, final String pattern, final int count, final Object a, final Object b,
                       final Object[] rest) {
        if (pattern == null) {
            entry.append("null");
            return;
        }
        final int length = pattern.length();
        int from = 0;
        int used = 0;
        int at = pattern.indexOf("{}");
        while (at >= 0 && used < count) {
            if (at > 0 && pattern.charAt(at - 1) == '\\') {
                if (at > 1 && pattern.charAt(at - 2) == '\\') {
                    entry.append(pattern, from, at - 1);
                    argument(entry, arg(used++, a, b, rest));
                    from = at + 2;
                } else {
                    entry.append(pattern, from, at - 1).append('{');
                    from = at + 1;
                }
            } else {
                entry.append(pattern, from, at);
                argument(entry, arg(used++, a, b, rest));
                from = at + 2;
            }
            at = pattern.indexOf("{}", from);
        }
        entry.append(pattern, from, length);
    }

    /** Argument {@code i}. */
    static Object arg(final int i, final Object a, final Object b, final Object[] rest) {
        if (rest != null) {
            return rest[i];
        }
        return i == 0 ? a : b;
    }

    /** Appends one argument's value, read now. */
    static void argument(final LogEntry entry, final Object value) {
        if (value instanceof String) {
            entry.append((String) value);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            entry.append(((Number) value).intValue());
        } else if (value instanceof Long) {
            entry.append(((Long) value).longValue());
        } else if (value instanceof Double) {
            entry.append(((Double) value).doubleValue());
        } else if (value instanceof Float) {
            entry.append(((Float) value).floatValue());
        } else if (value instanceof Boolean) {
            entry.append(((Boolean) value).booleanValue());
        } else if (value instanceof Character) {
            entry.append(((Character) value).charValue());
        } else if (value instanceof CharSequence) {
            try {
                entry.append((CharSequence) value); // a failed copy leaves the entry as it was
            } catch (final Throwable failed) {
                entry.append(text(value)); // what SLF4J prints: its toString(), or the failure marker
            }
        } else if (value == null) {
            entry.append("null");
        } else {
            entry.append(text(value));
        }
    }

    /** The text of any other value, as SLF4J prints it. */
    static String text(final Object value) {
        try {
            if (!value.getClass().isArray()) {
                return String.valueOf(value);
            }
            if (value instanceof Object[]) {
                final StringBuilder text = new StringBuilder();
                deepText((Object[]) value, text, new IdentityHashMap<>());
                return text.toString();
            }
            if (value instanceof int[]) {
                return Arrays.toString((int[]) value);
            }
            if (value instanceof long[]) {
                return Arrays.toString((long[]) value);
            }
            if (value instanceof byte[]) {
                return Arrays.toString((byte[]) value);
            }
            if (value instanceof double[]) {
                return Arrays.toString((double[]) value);
            }
            if (value instanceof char[]) {
                return Arrays.toString((char[]) value);
            }
            if (value instanceof boolean[]) {
                return Arrays.toString((boolean[]) value);
            }
            if (value instanceof float[]) {
                return Arrays.toString((float[]) value);
            }
            return Arrays.toString((short[]) value);
        } catch (final Throwable failed) { // as SLF4J's MessageFormatter: an Error in toString() too
            return FAILED;
        }
    }

    /**
     * An object array as SLF4J's {@code MessageFormatter} prints it: {@link Arrays#deepToString}'s form, but an
     * element whose {@code toString()} fails is marked on its own, the rest of the array printed.
     */
    private static void deepText(final Object[] array, final StringBuilder text, final Map<Object[], Boolean> seen) {
        text.append('[');
        if (seen.put(array, Boolean.TRUE) != null) {
            text.append("...");
        } else {
            for (int i = 0; i < array.length; i++) {
                if (i > 0) {
                    text.append(", ");
                }
                final Object element = array[i];
                if (element instanceof Object[]) {
                    deepText((Object[]) element, text, seen);
                } else {
                    text.append(element == null ? "null" : text(element)); // text() marks a failure
                }
            }
            seen.remove(array); // a sibling may repeat it
        }
        text.append(']');
    }

    /** Adds a key-value field with the value's own type where it has one. */
    static void keyValue(final LogEntry entry, final String key, final Object value) {
        final String k = key == null ? "null" : key;
        if (value instanceof String) {
            entry.kv(k, (String) value);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            entry.kv(k, ((Number) value).intValue());
        } else if (value instanceof Long) {
            entry.kv(k, ((Long) value).longValue());
        } else if (value instanceof Double) {
            entry.kv(k, ((Double) value).doubleValue());
        } else if (value instanceof Float) {
            entry.kv(k, ((Float) value).floatValue());
        } else if (value instanceof Boolean) {
            entry.kv(k, ((Boolean) value).booleanValue());
        } else if (value instanceof Character) {
            entry.kv(k, ((Character) value).charValue());
        } else if (value instanceof CharSequence) {
            try {
                entry.kv(k, (CharSequence) value); // a failed copy leaves the entry as it was
            } catch (final Throwable failed) {
                entry.kv(k, text(value));
            }
        } else if (value == null) {
            entry.kv(k, (CharSequence) null);
        } else {
            entry.kv(k, text(value));
        }
    }
}
