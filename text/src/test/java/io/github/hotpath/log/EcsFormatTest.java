package io.github.hotpath.log;

import io.github.hotpath.testing.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EcsFormatTest {

    private static List<String> lines(final TestSinks.Capture capture) {
        return capture.lines();
    }

    @Test
    void ecsLineCarriesTheNamesShippersExpect() {
        final TestSinks.Capture capture = new TestSinks.Capture();
        try (ConcurrentLogService s = ConcurrentLogService.builder().sink(LogSink.outputStream(capture))
            .format(LogFormat.ECS).shutdownHook(false).build()) {
            final Logger log = s.logger("com.acme.Orders");
            log.warn().append("order ").append(123_456_789L).append(" \uD83D").append('\uDE00')
                .kv("latencyNanos", 1_234_567L).kv("message", "forged").kv("log.level", "DEBUG").kv("log", "object")
                .kv("error", 5).kv("log.origin", "kept").kv("log.level.source", "db").kv("message.id", 7)
                .kv("_message.id", 8).kv("messages", "kept too")
                .exception(new IllegalStateException("boom \"quoted\"")).log();
            log.info().append("plain").log();
            s.flush();
        }
        final List<String> lines = lines(capture);
        assertEquals(2, lines.size(), lines.toString());
        final Map<String, Object> o = Json.parseObject(lines.get(0));
        assertEquals("WARN", o.get("log.level"));
        assertEquals("com.acme.Orders", o.get("log.logger"));
        assertEquals(Thread.currentThread().getName(), o.get("process.thread.name"));
        assertEquals("order 123456789 \uD83D\uDE00", o.get("message"));
        assertEquals("1.2.0", o.get("ecs.version"));
        assertTrue(((String) o.get("@timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertEquals(1_234_567L, o.get("latencyNanos"));
        assertEquals("forged", o.get("_message"));
        assertEquals("DEBUG", o.get("_log.level"));
        assertEquals("object", o.get("_log"), "a field named as an object of the line's dotted names is renamed");
        assertEquals(5L, o.get("_error"));
        assertEquals("kept", o.get("log.origin"));
        // Below a value of the line: it would make the value an object where dots are expanded.
        assertEquals("db", o.get("_log.level.source"), "a field below a value of the line is renamed");
        assertEquals(7L, o.get("_message.id"));
        assertEquals(8L, o.get("__message.id"));
        assertEquals("kept too", o.get("messages"));
        assertEquals(IllegalStateException.class.getName(), o.get("error.type"));
        assertEquals("boom \"quoted\"", o.get("error.message"));
        assertTrue(((String) o.get("error.stack_trace")).contains("EcsFormatTest"), o.toString());
        assertEquals(Json.keys(lines.get(0)).size(), o.size(), "no key twice: " + lines.get(0));
        final Map<String, Object> second = Json.parseObject(lines.get(1));
        assertEquals("plain", second.get("message"));
        assertFalse(second.containsKey("error.type"));
    }

    /** Was: in ECS, a throwable whose getMessage() threw cost the whole record (counted as failed). */
    @Test
    void aThrowableWhoseGetMessageThrowsKeepsItsRecord() {
        final TestSinks.Capture capture = new TestSinks.Capture();
        final ConcurrentLogService s = ConcurrentLogService.builder().sink(LogSink.outputStream(capture))
            .format(LogFormat.ECS).shutdownHook(false).build();
        s.logger("broken").error().append("rec1").exception(new RuntimeException() {
            @Override
            public String getMessage() {
                throw new IllegalStateException("getMessage");
            }
        }).log();
        s.close();
        final List<String> lines = lines(capture);
        assertEquals(1, lines.size(), lines.toString());
        final Map<String, Object> o = Json.parseObject(lines.get(0));
        assertEquals("rec1", o.get("message"));
        assertFalse(o.containsKey("error.message"), o.toString());
        assertTrue(((String) o.get("error.stack_trace")).contains("could not be printed"), o.toString());
        assertEquals(0, s.metrics().failed(), s.metrics().toString());
    }
}
