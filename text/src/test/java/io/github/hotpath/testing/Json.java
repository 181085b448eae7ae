package io.github.hotpath.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one strict, test-only JSON decoder (RFC 8259) of the text module's tests: objects become
 * {@code LinkedHashMap}s (a repeated key keeps the last value, as Jackson's default reading does), arrays
 * {@code List}s, numbers {@code Long} when integral else {@code Double}, and {@code true}, {@code false},
 * {@code null}. Anything else, including unescaped control characters in strings, bad escapes and trailing text,
 * throws {@link IllegalArgumentException} saying where. {@link #keys(String)} lists an object's keys as written,
 * duplicates included, for tests that must see them.
 */
public final class Json {
    private final String text;
    private int at;
    /** When set, collects the keys of the outermost object. */
    private List<String> keys;
    private int depth;

    private Json(final String text) {
        this.text = text;
    }

    /**
     * Parses one JSON value that spans all of {@code text}.
     *
     * @param text the JSON text.
     * @return the value.
     */
    public static Object parse(final String text) {
        final Json json = new Json(text);
        json.space();
        final Object value = json.value();
        json.space();
        if (json.at != text.length()) {
            throw json.error("trailing text");
        }
        return value;
    }

    /**
     * Parses one JSON object that spans all of {@code text}; a repeated key keeps its last value.
     *
     * @param text the JSON text.
     * @return the object's members in order.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(final String text) {
        final Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("not a JSON object: " + text);
        }
        return (Map<String, Object>) value;
    }

    /**
     * Parses one JSON string literal that spans all of {@code text}.
     *
     * @param text the JSON text, quotes included.
     * @return the decoded string.
     */
    public static String parseString(final CharSequence text) {
        final Object value = parse(text.toString());
        if (!(value instanceof String)) {
            throw new IllegalArgumentException("not a JSON string: " + text);
        }
        return (String) value;
    }

    /**
     * The keys of one JSON object, in the order written and with repeats: what a last-wins reader would hide.
     *
     * @param text the JSON text of an object.
     * @return every key as written.
     */
    public static List<String> keys(final String text) {
        final Json json = new Json(text);
        json.keys = new ArrayList<>();
        json.space();
        if (json.peek() != '{') {
            throw json.error("not a JSON object");
        }
        json.value();
        return json.keys;
    }

    private Object value() {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        final char c = text.charAt(at);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                return number();
        }
    }

    private Map<String, Object> object() {
        final Map<String, Object> map = new LinkedHashMap<>();
        depth++;
        at++;
        space();
        if (peek() == '}') {
            at++;
            depth--;
            return map;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw error("expected a key");
            }
            final String key = string();
            if (keys != null && depth == 1) {
                keys.add(key);
            }
            space();
            expect(':');
            space();
            map.put(key, value());
            space();
            if (peek() == ',') {
                at++;
            } else {
                expect('}');
                depth--;
                return map;
            }
        }
    }

    private List<Object> array() {
        final List<Object> list = new ArrayList<>();
        at++;
        space();
        if (peek() == ']') {
            at++;
            return list;
        }
        while (true) {
            space();
            list.add(value());
            space();
            if (peek() == ',') {
                at++;
            } else {
                expect(']');
                return list;
            }
        }
    }

    private String string() {
        expect('"');
        final StringBuilder sb = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            final char c = text.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("unescaped control character U+" + Integer.toHexString(c));
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw error("unterminated escape");
            }
            final char e = text.charAt(at++);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    if (at + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    int unit = 0;
                    for (int k = 0; k < 4; k++) {
                        final int digit = Character.digit(text.charAt(at + k), 16);
                        if (digit < 0) {
                            throw error("bad \\u escape");
                        }
                        unit = unit * 16 + digit;
                    }
                    sb.append((char) unit);
                    at += 4;
                    break;
                default:
                    throw error("bad escape \\" + e);
            }
        }
    }

    private Object number() {
        final int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (peek() >= '1' && peek() <= '9') {
            while (Character.isDigit(peek())) {
                at++;
            }
        } else {
            throw error("expected a value");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            at++;
            if (!Character.isDigit(peek())) {
                throw error("expected a digit after '.'");
            }
            while (Character.isDigit(peek())) {
                at++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (!Character.isDigit(peek())) {
                throw error("expected an exponent");
            }
            while (Character.isDigit(peek())) {
                at++;
            }
        }
        final String n = text.substring(start, at);
        return integral ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
    }

    private Object literal(final String word, final Object value) {
        if (!text.startsWith(word, at)) {
            throw error("expected " + word);
        }
        at += word.length();
        return value;
    }

    private void expect(final char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void space() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private IllegalArgumentException error(final String what) {
        final int from = Math.max(0, at - 20);
        final int to = Math.min(text.length(), at + 20);
        return new IllegalArgumentException(what + " at " + at + " near: " + text.substring(from, to));
    }
}
