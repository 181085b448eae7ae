package io.github.hotpath.slf4j;

import io.github.hotpath.log.ConcurrentLogService;
import io.github.hotpath.log.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
        // Was: a value the builder's own range check refuses gave its message without the key.
        assertRejected("hotpath.log.maxRecordChars", "10");
        assertRejected("hotpath.log.capacity", "2000000000");
        assertRejected("hotpath.log.rolling.keep", "0");
    }

    @Test
    void theRollingKeysRollTheFileSink(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("app.log");
        try (ConcurrentLogService s = LogConfiguration.builder(of("hotpath.log.sink", file.toString(),
            "hotpath.log.rolling.maxFileSize", "1 kb", "hotpath.log.rolling.daily", "true",
            "hotpath.log.rolling.zone", "Europe/Paris", "hotpath.log.rolling.keep", "2")).synchronous(true)
            .shutdownHook(false).build()) {
            for (int i = 0; i < 100; i++) {
                s.logger("com.acme.Roll").info().append("line ").append(i).append(" ").append("z".repeat(40)).log();
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            final List<String> names = files.map(p -> p.getFileName().toString()).sorted()
                .collect(Collectors.toList());
            // Two old files of today (in Paris), numbered, and the active file.
            assertEquals(3, names.size(), names.toString());
            assertTrue(names.get(0).matches("app\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.log"), names.toString());
            assertEquals("app.log", names.get(2));
        }
        assertTrue(Files.size(file) <= 1024);
    }

    @Test
    void aBadRollingKeyOrValueIsNamedInTheError(@TempDir final Path dir) {
        final String file = dir.resolve("app.log").toString();
        assertRejectedWith("hotpath.log.rolling.maxFileSize", "10 parsecs", "hotpath.log.sink", file);
        assertRejectedWith("hotpath.log.rolling.maxFileSize", "0", "hotpath.log.sink", file);
        assertRejectedWith("hotpath.log.rolling.maxFileSize", "99999999999999GB", "hotpath.log.sink", file);
        assertRejectedWith("hotpath.log.rolling.daily", "yes", "hotpath.log.sink", file);
        assertRejectedWith("hotpath.log.rolling.keep", "-1", "hotpath.log.sink", file);
        assertRejectedWith("hotpath.log.rolling.hourly", "true", "hotpath.log.sink", file);
        assertRejectedWith("hotpath.log.rolling.zone", "Mars/Olympus", "hotpath.log.sink", file,
            "hotpath.log.rolling.daily", "true");
        // A zone without a day roll, a count without a trigger, rolling without a file: each names its key.
        assertRejectedWith("hotpath.log.rolling.zone", "UTC", "hotpath.log.sink", file,
            "hotpath.log.rolling.maxFileSize", "1MB");
        assertRejectedWith("hotpath.log.rolling.keep", "3", "hotpath.log.sink", file);
        assertRejectedWith("hotpath.log.rolling.maxFileSize", "1MB", "hotpath.log.sink", "stdout");
        assertRejectedWith("hotpath.log.rolling.daily", "true");
        assertTrue(!Files.exists(dir.resolve("app.log")), "no file is opened when a key is bad");
    }

    private static void assertRejectedWith(final String key, final String value, final String... others) {
        final Properties p = of(others);
        p.setProperty(key, value);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LogConfiguration.builder(p));
        assertTrue(e.getMessage().contains(key + "=" + value), e.getMessage());
    }

    @Test
    void systemPropertiesAreReadWithThePrefix() {
        final Properties env = LogConfiguration.environment();
        assertEquals("json", env.getProperty("hotpath.log.format"));
        assertTrue(env.stringPropertyNames().stream().allMatch(k -> k.startsWith(LogConfiguration.PREFIX)));
    }
}
