package io.github.hotpath.slf4j;

import io.github.hotpath.log.ConcurrentLogService;
import io.github.hotpath.log.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogConfigurationTest {

    private static Properties of(final String... keyValues) {
        final Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static void assertRejected(final String key, final String value) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LogConfiguration.builder(of(key, value)));
        assertTrue(e.getMessage().contains(key + "=" + value), e.getMessage());
    }

    @Test
    void everyKeyConfiguresTheService(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("app.log");
        try (ConcurrentLogService s = LogConfiguration.builder(of("hotpath.log.sink", file.toString(),
            "hotpath.log.format", "JSON", "hotpath.log.level", "warn", "hotpath.log.level.com.acme.db", "debug",
            "hotpath.log.capacity", "100", "hotpath.log.maxRecordChars", "512", "hotpath.log.whenFull", "drop",
            "other.key", "ignored")).shutdownHook(false).build()) {
            assertEquals(Level.WARN, s.logger("com.acme.web").level());
            assertEquals(Level.DEBUG, s.logger("com.acme.db.Pool").level());
            assertEquals(128, s.metrics().capacity());
            s.logger("com.acme.db.Pool").debug().append("hello").log();
            s.flush();
            final String line = Files.readString(file, StandardCharsets.UTF_8);
            assertTrue(line.startsWith("{") && line.contains("\"msg\":\"hello\""), line);
        }
    }

    @Test
    void aBadKeyOrValueIsNamedInTheError() {
        assertRejected("hotpath.log.levle", "debug");
        assertRejected("hotpath.log.format", "xml");
        assertRejected("hotpath.log.level", "verbose");
        assertRejected("hotpath.log.level.com.acme", "loud");
        assertRejected("hotpath.log.capacity", "-1");
        assertRejected("hotpath.log.capacity", "lots");
        assertRejected("hotpath.log.whenFull", "block");
        assertRejected("hotpath.log.sink", "");
    }

    @Test
    void systemPropertiesAreReadWithThePrefix() {
        final Properties env = LogConfiguration.environment();
        assertEquals("json", env.getProperty("hotpath.log.format"));
        assertTrue(env.stringPropertyNames().stream().allMatch(k -> k.startsWith(LogConfiguration.PREFIX)));
    }
}
