package io.github.hotpath.text;

import java.util.Objects;

/**
 * Parses numbers and booleans straight from a {@code CharSequence} range, without a {@code substring}: the reading
 * half of {@link TextBuilder}. Every method is static.
 *
 * <pre>{@code
 * int tenant = TextParser.parseInt(tenantId, 2, tenantId.length());    // "t-42" -> 42, nothing allocated
 * }</pre>
 *
 * <h2>Accepted syntax</h2>
 * The whole range must be the value: no surrounding whitespace, no underscores, no other trailing chars.
 * <ul>
 *   <li>{@code int}, {@code long}: an optional {@code +} or {@code -}, then one or more ASCII digits {@code 0-9}
 *       (leading zeros allowed). The value is {@link Integer#parseInt(CharSequence, int, int, int)}'s and
 *       {@link Long#parseLong(CharSequence, int, int, int)}'s with radix 10; one outside the type's range is an
 *       error at the digit where it overflowed.</li>
 *   <li>{@code double}: an optional sign, then {@code NaN}, {@code Infinity}, or a decimal: digits with an optional
 *       fraction ({@code 12}, {@code 12.}, {@code 12.5}, {@code .5}; at least one digit) and an optional exponent
 *       ({@code e} or {@code E}, an optional sign, at least one digit). The value is exactly
 *       {@link Double#parseDouble(String)}'s: the decimal correctly rounded to the nearest double, ties to even,
 *       with any number of digits; {@code -0} is -0.0, tiny values go to subnormals or zero and huge ones (also huge
 *       exponents such as {@code 1e999999999999}) to infinity, as the JDK does.</li>
 *   <li>{@code boolean}: {@code true} or {@code false}, ASCII letters in any case.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * The throwing forms ({@code parseInt}...) throw {@link NumberFormatException} ({@link IllegalArgumentException}
 * for booleans) with a message naming the reason, the index in the {@code CharSequence} and the text, e.g.
 * {@code not a decimal digit at index 4 in "12x4" (parsing an int from chars 2 to 6 of the text)}. The
 * {@code tryParse} forms never throw for bad text: they return false and leave the index and reason in the
 * caller's {@link ParseResult}, for hot paths that must not throw. Both forms throw {@link NullPointerException}
 * for a null text or result and {@link IndexOutOfBoundsException} for a range outside the text: those are the
 * caller's bugs, not bad input.
 *
 * <h2>Thread-safety and allocation</h2>
 * Stateless: any thread may call any method. Nothing is allocated on success or on a {@code tryParse} failure,
 * except for {@code double}s whose rounding the 64- and 128-bit arithmetic cannot decide: inputs within about
 * 10^-19 (relative) of a midpoint between two doubles, in practice only long or adversarial digit strings, which
 * take an exact big-number comparison with a scratch of about 1 KiB (allocated per call by the throwing form, once
 * per {@code ParseResult} by the other). The throwing forms allocate their exception and its message.
 *
 * <h2>Departures from the JDK</h2>
 * Note: stricter than the JDK where the JDK's own methods disagree with each other or with a hot path's needs:
 * non-ASCII digits (which {@code Integer.parseInt} accepts through {@code Character.digit}), surrounding whitespace
 * (which {@code Double.parseDouble} trims), the type suffixes {@code f F d D} and hexadecimal floats
 * ({@code 0x1.8p1}) are rejected; {@code Boolean.parseBoolean} gives false for any text but "true", this gives an
 * error for a text that is neither.
 */
public final class TextParser {
    static final String EMPTY = "empty text";
    static final String NO_DIGITS = "no digit";
    static final String NOT_A_DIGIT = "not a decimal digit";
    static final String INT_RANGE = "out of range for an int";
    static final String LONG_RANGE = "out of range for a long";
    static final String NOT_A_BOOLEAN = "neither true nor false";
    /** The largest magnitude whose tenfold (plus a digit) cannot wrap an unsigned long. */
    private static final long TENTH_OF_UNSIGNED_LIMIT = 922_337_203_685_477_580L;
    private static final int MESSAGE_CHARS = 100;

    private TextParser() {
    }

    /**
     * Parses the whole of {@code s} as an {@code int} (see Accepted syntax).
     *
     * @param s the text.
     * @return the value.
     * @throws NumberFormatException if the text is not an {@code int}; the message names the index and reason.
     */
    public static int parseInt(final CharSequence s) {
        return parseInt(s, 0, s.length());
    }

    /**
     * Parses {@code s[start, end)} as an {@code int} (see Accepted syntax). Allocates nothing unless it throws.
     *
     * @param s     the text.
     * @param start the first index, inclusive.
     * @param end   the last index, exclusive.
     * @return the value.
     * @throws NumberFormatException     if the range is not an {@code int}; the message names the index and reason.
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, s.length()]}.
     */
    public static int parseInt(final CharSequence s, final int start, final int end) {
        Objects.checkFromToIndex(start, end, s.length());
        // A String argument is inlined with its exact type, so charAt needs no type check per char.
        return s instanceof String ? intValue((String) s, start, end, null) : intValue(s, start, end, null);
    }

    /**
     * Parses {@code s[start, end)} as an {@code int} without throwing for bad text. Allocates nothing.
     *
     * @param s      the text.
     * @param start  the first index, inclusive.
     * @param end    the last index, exclusive.
     * @param result receives the value ({@link ParseResult#intValue()}) or the error.
     * @return true if the range is an {@code int}.
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, s.length()]}.
     */
    public static boolean tryParseInt(final CharSequence s, final int start, final int end,
                                      final ParseResult result) {
        Objects.requireNonNull(result, "result");
        Objects.checkFromToIndex(start, end, s.length());
        intValue(s, start, end, result);
        return result.errorIndex() < 0;
    }

    /**
     * Parses the whole of {@code s} as a {@code long} (see Accepted syntax).
     *
     * @param s the text.
     * @return the value.
     * @throws NumberFormatException if the text is not a {@code long}; the message names the index and reason.
     */
    public static long parseLong(final CharSequence s) {
        return parseLong(s, 0, s.length());
    }

    /**
     * Parses {@code s[start, end)} as a {@code long} (see Accepted syntax). Allocates nothing unless it throws.
     *
     * @param s     the text.
     * @param start the first index, inclusive.
     * @param end   the last index, exclusive.
     * @return the value.
     * @throws NumberFormatException     if the range is not a {@code long}; the message names the index and reason.
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, s.length()]}.
     */
    public static long parseLong(final CharSequence s, final int start, final int end) {
        Objects.checkFromToIndex(start, end, s.length());
        return s instanceof String ? longValue((String) s, start, end, null) : longValue(s, start, end, null);
    }

    /**
     * Parses {@code s[start, end)} as a {@code long} without throwing for bad text. Allocates nothing.
     *
     * @param s      the text.
     * @param start  the first index, inclusive.
     * @param end    the last index, exclusive.
     * @param result receives the value ({@link ParseResult#longValue()}) or the error.
     * @return true if the range is a {@code long}.
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, s.length()]}.
     */
    public static boolean tryParseLong(final CharSequence s, final int start, final int end,
                                       final ParseResult result) {
        Objects.requireNonNull(result, "result");
        Objects.checkFromToIndex(start, end, s.length());
        longValue(s, start, end, result);
        return result.errorIndex() < 0;
    }

    /**
     * Parses the whole of {@code s} as a {@code double} (see Accepted syntax).
     *
     * @param s the text.
     * @return the value, identical to {@code Double.parseDouble}'s.
     * @throws NumberFormatException if the text is not a {@code double}; the message names the index and reason.
     */
    public static double parseDouble(final CharSequence s) {
        return parseDouble(s, 0, s.length());
    }

    /**
     * Parses {@code s[start, end)} as a {@code double} (see Accepted syntax): exactly the value
     * {@code Double.parseDouble} gives for the same text. Short decimals (up to 15 digits and a small exponent, as
     * prices and latencies are) take one floating-point operation; others up to 19 digits a 128-bit product (the
     * Eisel-Lemire method); the rare input that this cannot decide an exact comparison (see Allocation).
     *
     * @param s     the text.
     * @param start the first index, inclusive.
     * @param end   the last index, exclusive.
     * @return the value.
     * @throws NumberFormatException     if the range is not a {@code double}; the message names the index and reason.
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, s.length()]}.
     */
    public static double parseDouble(final CharSequence s, final int start, final int end) {
        Objects.checkFromToIndex(start, end, s.length());
        return s instanceof String ? DoubleParser.parse((String) s, start, end, null)
            : DoubleParser.parse(s, start, end, null);
    }

    /**
     * Parses {@code s[start, end)} as a {@code double} without throwing for bad text. Allocates nothing (see
     * Allocation for the one exception, once per {@code result}).
     *
     * @param s      the text.
     * @param start  the first index, inclusive.
     * @param end    the last index, exclusive.
     * @param result receives the value ({@link ParseResult#doubleValue()}) or the error.
     * @return true if the range is a {@code double}.
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, s.length()]}.
     */
    public static boolean tryParseDouble(final CharSequence s, final int start, final int end,
                                         final ParseResult result) {
        Objects.requireNonNull(result, "result");
        Objects.checkFromToIndex(start, end, s.length());
        DoubleParser.parse(s, start, end, result);
        return result.errorIndex() < 0;
    }

    /**
     * Parses the whole of {@code s} as a {@code boolean}: {@code true} or {@code false} in any ASCII case.
     *
     * @param s the text.
     * @return the value.
     * @throws IllegalArgumentException if the text is neither; the message names the index.
     */
    public static boolean parseBoolean(final CharSequence s) {
        return parseBoolean(s, 0, s.length());
    }

    /**
     * Parses {@code s[start, end)} as a {@code boolean}: {@code true} or {@code false} in any ASCII case.
     * Allocates nothing unless it throws.
     *
     * @param s     the text.
     * @param start the first index, inclusive.
     * @param end   the last index, exclusive.
     * @return the value.
     * @throws IllegalArgumentException  if the range is neither; the message names the index of the first char that
     *                                   differs.
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, s.length()]}.
     */
    public static boolean parseBoolean(final CharSequence s, final int start, final int end) {
        Objects.checkFromToIndex(start, end, s.length());
        return bool(s, start, end, null);
    }

    /**
     * Parses {@code s[start, end)} as a {@code boolean} without throwing for bad text. Allocates nothing.
     *
     * @param s      the text.
     * @param start  the first index, inclusive.
     * @param end    the last index, exclusive.
     * @param result receives the value ({@link ParseResult#booleanValue()}) or the error.
     * @return true if the range is {@code true} or {@code false}.
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, s.length()]}.
     */
    public static boolean tryParseBoolean(final CharSequence s, final int start, final int end,
                                          final ParseResult result) {
        Objects.requireNonNull(result, "result");
        Objects.checkFromToIndex(start, end, s.length());
        bool(s, start, end, result);
        return result.errorIndex() < 0;
    }

    /**
     * A decimal {@code int}: as {@link #longValue}, with 9 chars that cannot overflow and a checked tail in a
     * {@code long}.
     */
    private static int intValue(final CharSequence s, final int start, final int end, final ParseResult r) {
        if (start == end) {
            return (int) fail(r, s, start, end, start, EMPTY, true);
        }
        int i = start;
        final char first = s.charAt(i++);
        boolean negative = false;
        int v = first - '0';
        if (v < 0 || v > 9) {
            negative = first == '-';
            if (!negative && first != '+') {
                return (int) fail(r, s, start, end, start, NOT_A_DIGIT, true);
            }
            if (i == end) {
                return (int) fail(r, s, start, end, i, NO_DIGITS, true);
            }
            v = 0;
        }
        final int unchecked = Math.min(end, start + 9);
        int d;
        while (i < unchecked && (d = s.charAt(i) - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            i++;
        }
        if (i != end) {
            return intTail(s, start, end, i, v, negative, r);
        }
        final int value = negative ? -v : v;
        if (r != null) {
            r.succeed(ParseResult.INT, value);
        }
        return value;
    }

    /** The rest of an {@code int} from {@code i}, after the digits worth {@code v}: checked per digit. */
    private static int intTail(final CharSequence s, final int start, final int end, int i, final int v,
                               final boolean negative, final ParseResult r) {
        final long limit = negative ? 1L << 31 : Integer.MAX_VALUE;
        long w = v;
        for (; i < end; i++) {
            final int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return (int) fail(r, s, start, end, i, NOT_A_DIGIT, true);
            }
            w = w * 10 + d;
            if (w > limit) {
                return (int) fail(r, s, start, end, i, INT_RANGE, true);
            }
        }
        final int value = (int) (negative ? -w : w);
        if (r != null) {
            r.succeed(ParseResult.INT, value);
        }
        return value;
    }

    /**
     * A decimal {@code long}. The first 18 chars cannot overflow, so their digits are accumulated with a digit test
     * only, each char read once, in a loop whose condition holds the test (as the JDK's own, which measured faster
     * than a counted loop for 1 to 18 digits); longer texts (leading zeros) go on in {@link #longTail}.
     */
    private static long longValue(final CharSequence s, final int start, final int end, final ParseResult r) {
        if (start == end) {
            return fail(r, s, start, end, start, EMPTY, false);
        }
        int i = start;
        final char first = s.charAt(i++);
        boolean negative = false;
        long v = first - '0';
        if (v < 0 || v > 9) {
            negative = first == '-';
            if (!negative && first != '+') {
                return fail(r, s, start, end, start, NOT_A_DIGIT, false);
            }
            if (i == end) {
                return fail(r, s, start, end, i, NO_DIGITS, false);
            }
            v = 0;
        }
        final int unchecked = Math.min(end, start + 18);
        int d;
        while (i < unchecked && (d = s.charAt(i) - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            i++;
        }
        if (i != end) {
            return longTail(s, start, end, i, v, negative, r);
        }
        final long value = negative ? -v : v;
        if (r != null) {
            r.succeed(ParseResult.LONG, value);
        }
        return value;
    }

    /**
     * The rest of a {@code long} from {@code i}, after the digits worth {@code v}: a bad char, or digits checked one by
     * one (as unsigned, so that the magnitude of {@code Long.MIN_VALUE} fits).
     */
    private static long longTail(final CharSequence s, final int start, final int end, int i, long v,
                                 final boolean negative, final ParseResult r) {
        final long limit = negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        for (; i < end; i++) {
            final int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return fail(r, s, start, end, i, NOT_A_DIGIT, false);
            }
            if (Long.compareUnsigned(v, TENTH_OF_UNSIGNED_LIMIT) > 0) {
                return fail(r, s, start, end, i, LONG_RANGE, false);
            }
            v = v * 10 + d;
            if (Long.compareUnsigned(v, limit) > 0) {
                return fail(r, s, start, end, i, LONG_RANGE, false);
            }
        }
        final long value = negative ? -v : v;
        if (r != null) {
            r.succeed(ParseResult.LONG, value);
        }
        return value;
    }

    private static long fail(final ParseResult r, final CharSequence s, final int start, final int end,
                             final int index, final String reason, final boolean isInt) {
        if (r == null) {
            throw numberError(s, start, end, index, reason, isInt ? "an int" : "a long");
        }
        r.fail(index, reason);
        return 0;
    }

    private static boolean bool(final CharSequence s, final int start, final int end, final ParseResult r) {
        final int n = end - start;
        final String word = n > 0 && (s.charAt(start) | 0x20) == 'f' ? "false" : "true";
        int i = 0;
        while (i < n && i < word.length() && (s.charAt(start + i) | 0x20) == word.charAt(i)) {
            i++;
        }
        if (i == n && n == word.length()) {
            final boolean value = n == 4;
            if (r != null) {
                r.succeed(ParseResult.BOOLEAN, value ? 1 : 0);
            }
            return value;
        }
        final int index = start + i; // the first char that differs, or the end if the text stopped early
        if (r == null) {
            throw new IllegalArgumentException(message(s, start, end, index, n == 0 ? EMPTY : NOT_A_BOOLEAN,
                "a boolean"));
        }
        r.fail(index, n == 0 ? EMPTY : NOT_A_BOOLEAN);
        return false;
    }

    /** The exception of a throwing parse: the reason, the index and (up to 100 chars of) the text. */
    static NumberFormatException numberError(final CharSequence s, final int start, final int end, final int index,
                                             final String reason, final String type) {
        return new NumberFormatException(message(s, start, end, index, reason, type));
    }

    private static String message(final CharSequence s, final int start, final int end, final int index,
                                  final String reason, final String type) {
        final StringBuilder m = new StringBuilder(80 + Math.min(end - start, MESSAGE_CHARS));
        m.append(reason).append(" at index ").append(index).append(" in \"");
        m.append(s, start, Math.min(end, start + MESSAGE_CHARS)).append(end - start > MESSAGE_CHARS ? "...\"" : "\"");
        m.append(" (parsing ").append(type);
        if (start != 0 || end != s.length()) {
            m.append(" from chars ").append(start).append(" to ").append(end).append(" of the text");
        }
        return m.append(')').toString();
    }
}
