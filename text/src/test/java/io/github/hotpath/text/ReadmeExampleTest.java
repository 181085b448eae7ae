package io.github.hotpath.text;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The examples of docs/text.md, compiled and run, so the guide cannot drift from the API. */
class ReadmeExampleTest {
    record Row(String key, long value) {
    }

    static final class Renderer {
        final double ratio = 0.125;
        final double latencySeconds = 0.1;
        final String userMessage = "line one\nline \"two\"";

        // snippet: text-render
        // Nothing is allocated per render once the builder is warm.
        private final TextBuilder text = new TextBuilder(8 * 1024);

        int render(final List<Row> rows, final ByteBuffer socketBuffer) {
            final TextBuilder b = text.clear();
            for (int i = 0; i < rows.size(); i++) {
                final Row r = rows.get(i);
                b.append(r.key()).append('=').append(r.value()).append('&');
            }
            b.append("at=").appendIsoInstantMillis(System.currentTimeMillis())
                .append("&ratio=").appendFixed(ratio, 3)
                .append("&latency=").append(latencySeconds)         // shortest text, as JDK 19+ Double.toString
                .append("&msg=").appendJsonString(userMessage);      // quoted, escaped
            return b.writeUtf8(socketBuffer);                        // or b.toString() when you need a String
        }
        // end-snippet
    }

    @Test
    void theRenderExampleWritesUtf8() {
        final ByteBuffer out = ByteBuffer.allocate(1024);
        final int written = new Renderer().render(List.of(new Row("a", 1), new Row("b", -2)), out);
        final String text = new String(out.array(), 0, written, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("a=1&b=-2&at="), text);
        assertTrue(text.endsWith("&ratio=0.125&latency=0.1&msg=\"line one\\nline \\\"two\\\"\""), text);
    }

    @Test
    void theParseExampleReadsARange() {
        final String tenantId = "t-42";
        final String header = "12x4";
        final ParseResult result = new ParseResult();
        int errorAt = -1;
        // snippet: text-parse
        int tenant = TextParser.parseInt(tenantId, 2, tenantId.length());    // "t-42" -> 42, no substring
        // where bad input must not throw: a reused ParseResult holds the value, or where and why it failed
        if (TextParser.tryParseInt(header, 0, header.length(), result)) {
            tenant = result.intValue();
        } else {
            errorAt = result.errorIndex();                                  // 2, "not a decimal digit"
        }
        // end-snippet
        assertEquals(42, tenant);
        assertEquals(2, errorAt);
        assertTrue(result.errorReason().contains("not a decimal digit"), result.errorReason());
    }
}
