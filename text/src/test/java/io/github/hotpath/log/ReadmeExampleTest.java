package io.github.hotpath.log;

import io.github.hotpath.testing.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "after" code of docs/log.md, compiled and run as written there (with a temporary file). */
class ReadmeExampleTest {
    static final class RequestHandler {
    }

    @Test
    void theReadmeExampleCompilesAndWritesJsonLines(@TempDir final Path dir) throws Exception {
        final ConcurrentLogService LOGS = ConcurrentLogService.builder()
            .sink(LogSink.file(dir.resolve("service.log")))
            .format(LogFormat.JSON)
            .whenFullWait()
            .build();
        final Logger log = LOGS.logger(RequestHandler.class);
        final int status = 503;
        final long latencyNanos = 1_234_567L;
        final double ratio = 0.25;
        final String path = "/orders";
        final String key = "user:42";
        final int size = 17;
        final String host = "db-1";
        final Exception e = new java.io.IOException("timeout");

        log.info().append("req status=").append(status).append(" latency=").append(latencyNanos)
            .kv("ratio", ratio).kv("path", path).log();
        log.debug().append("cache miss key=").append(key).append(" size=").append(size).log();
        log.error().append("upstream failed").kv("host", host).exception(e).log();

        LOGS.close();
        final List<String> lines = Files.readAllLines(dir.resolve("service.log"));
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("req status=503 latency=1234567", Json.parseObject(lines.get(0)).get("msg"));
        assertEquals(0.25, Json.parseObject(lines.get(0)).get("ratio"));
        assertTrue(((String) Json.parseObject(lines.get(1)).get("stack")).startsWith("java.io.IOException: timeout"));
    }
}
