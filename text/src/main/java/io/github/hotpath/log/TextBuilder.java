package io.github.hotpath.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** TEMPORARY stand-in for io.github.hotpath.text.TextBuilder until branch text lands; allocates. Not API. */
final class TextBuilder {
    private final StringBuilder sb;

    TextBuilder(final int capacity) {
        sb = new StringBuilder(capacity);
    }

    TextBuilder append(final CharSequence s) {
        sb.append(s);
        return this;
    }

    TextBuilder append(final char c) {
        sb.append(c);
        return this;
    }

    TextBuilder append(final int v) {
        sb.append(v);
        return this;
    }

    TextBuilder append(final long v) {
        sb.append(v);
        return this;
    }

    TextBuilder append(final float v) {
        sb.append(v);
        return this;
    }

    TextBuilder append(final double v) {
        sb.append(v);
        return this;
    }

    TextBuilder appendIsoInstantMillis(final long millis) {
        final String s = java.time.Instant.ofEpochMilli(millis).toString();
        sb.append(s, 0, 19).append('.').append(String.format("%03d", millis % 1000)).append('Z');
        return this;
    }

    TextBuilder appendJsonString(final CharSequence s) {
        sb.append('"');
        appendJsonEscaped(s);
        sb.append('"');
        return this;
    }

    TextBuilder appendJsonEscaped(final CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04x", (int) c));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
        }
        return this;
    }

    int length() {
        return sb.length();
    }

    void clear() {
        sb.setLength(0);
    }

    int utf8Length() {
        return sb.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    int writeUtf8(final byte[] to, final int at) {
        final byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, to, at, b.length);
        return b.length;
    }

    void writeUtf8(final ByteBuffer to) {
        to.put(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
