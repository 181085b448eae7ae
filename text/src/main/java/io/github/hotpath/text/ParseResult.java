package io.github.hotpath.text;

/**
 * The outcome of a non-throwing parse of {@link TextParser}: the value, or where and why the text was rejected. A
 * hot path that must not throw on bad input keeps one per thread (or per pooled request) and reuses it:
 *
 * <pre>{@code
 * ParseResult parsed = new ParseResult();                       // once
 * if (TextParser.tryParseInt(header, 2, header.length(), parsed)) {
 *     tenant = parsed.intValue();
 * } else {
 *     rejected++;                                               // parsed.errorIndex(), parsed.errorReason()
 * }
 * }</pre>
 *
 * <h2>Thread-safety</h2>
 * None: one thread at a time, like the parse that fills it; it has no memory effects of its own.
 *
 * <h2>Allocation</h2>
 * Reading and refilling it allocate nothing. It allocates once, on the first {@code double} whose rounding needs
 * the exact big-number comparison (see {@link TextParser#parseDouble(CharSequence, int, int)}), a scratch of about
 * 1 KiB that it keeps.
 */
public final class ParseResult {
    static final byte NONE = 0;
    static final byte INT = 1;
    static final byte LONG = 2;
    static final byte DOUBLE = 3;
    static final byte BOOLEAN = 4;
    private static final String[] TYPES = {"nothing", "an int", "a long", "a double", "a boolean"};

    private byte type;
    private long bits;
    private double doubleValue;
    private int errorIndex = -1;
    private String errorReason;
    private ExactDecimal exact;

    /** A result that holds nothing yet. */
    public ParseResult() {
    }

    void succeed(final byte parsedType, final long value) {
        type = parsedType;
        bits = value;
        errorIndex = -1;
        errorReason = null;
    }

    void succeed(final double value) {
        type = DOUBLE;
        doubleValue = value;
        errorIndex = -1;
        errorReason = null;
    }

    void fail(final int index, final String reason) {
        type = NONE;
        errorIndex = index;
        errorReason = reason;
    }

    ExactDecimal exact() {
        ExactDecimal e = exact;
        if (e == null) {
            e = new ExactDecimal();
            exact = e;
        }
        return e;
    }

    /**
     * The value of the last parse, which must have been a successful {@code tryParseInt}.
     *
     * @return the value.
     * @throws IllegalStateException if the last parse was of another type or failed.
     */
    public int intValue() {
        check(INT);
        return (int) bits;
    }

    /**
     * The value of the last parse, which must have been a successful {@code tryParseLong}.
     *
     * @return the value.
     * @throws IllegalStateException if the last parse was of another type or failed.
     */
    public long longValue() {
        check(LONG);
        return bits;
    }

    /**
     * The value of the last parse, which must have been a successful {@code tryParseDouble}.
     *
     * @return the value.
     * @throws IllegalStateException if the last parse was of another type or failed.
     */
    public double doubleValue() {
        check(DOUBLE);
        return doubleValue;
    }

    /**
     * The value of the last parse, which must have been a successful {@code tryParseBoolean}.
     *
     * @return the value.
     * @throws IllegalStateException if the last parse was of another type or failed.
     */
    public boolean booleanValue() {
        check(BOOLEAN);
        return bits != 0;
    }

    private void check(final byte wanted) {
        if (type != wanted) {
            throw new IllegalStateException("the last parse gave " + (errorReason != null ? "an error" : TYPES[type])
                + ", not " + TYPES[wanted]);
        }
    }

    /**
     * Where the last parse found the text bad: an index into the parsed {@code CharSequence} (not into the range),
     * from the range's start to its end (the end when the text stopped too early, as in {@code "1e"}).
     *
     * @return the index, or -1 if the last parse succeeded or there was none.
     */
    public int errorIndex() {
        return errorIndex;
    }

    /**
     * Why the last parse failed, in a few words ("not a decimal digit", "out of range for an int"); a constant,
     * so reading it allocates nothing. The text is for people, not for comparisons.
     *
     * @return the reason, or null if the last parse succeeded or there was none.
     */
    public String errorReason() {
        return errorReason;
    }

    /**
     * The outcome for people, e.g. {@code int 42} or {@code error at index 3: not a decimal digit}. Allocates.
     *
     * @return the description.
     */
    @Override
    public String toString() {
        if (errorReason != null) {
            return "error at index " + errorIndex + ": " + errorReason;
        }
        switch (type) {
            case INT:
                return "int " + (int) bits;
            case LONG:
                return "long " + bits;
            case DOUBLE:
                return "double " + doubleValue;
            case BOOLEAN:
                return "boolean " + (bits != 0);
            default:
                return "nothing parsed";
        }
    }
}
