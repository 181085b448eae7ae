package io.github.hotpath.slf4j;

import io.github.hotpath.log.ConcurrentLogService;
import io.github.hotpath.log.Level;
import io.github.hotpath.log.LogFormat;
import io.github.hotpath.log.LogSink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The configuration outside code: keys read from {@code hotpath-log.properties} on the class path, each overridden
 * by a system property of the same name, once, when the service starts.
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>values</th><th>default</th></tr>
 * <tr><td>{@code hotpath.log.sink}</td><td>{@code stdout}, {@code stderr}, or a file path (appended to)</td>
 *     <td>{@code stdout}</td></tr>
 * <tr><td>{@code hotpath.log.format}</td><td>{@code plain}, {@code json}, {@code ecs}</td><td>{@code plain}</td></tr>
 * <tr><td>{@code hotpath.log.level}</td><td>the root level: {@code trace}, {@code debug}, {@code info},
 *     {@code warn}, {@code error}, {@code off}</td><td>{@code info}</td></tr>
 * <tr><td>{@code hotpath.log.level.<prefix>}</td><td>the level of loggers named {@code <prefix>} or
 *     {@code <prefix>.…}; the longest matching prefix wins</td><td></td></tr>
 * <tr><td>{@code hotpath.log.capacity}</td><td>queued records, a positive integer (rounded up to a power of two)
 *     </td><td>{@code 1024}</td></tr>
 * <tr><td>{@code hotpath.log.maxRecordChars}</td><td>chars per record, a positive integer</td><td>{@code 1024}</td>
 *     </tr>
 * <tr><td>{@code hotpath.log.whenFull}</td><td>{@code wait} (nothing lost) or {@code drop} (dropped and counted)
 *     </td><td>{@code wait}</td></tr>
 * </table>
 * Values are case-insensitive except paths. Any other key that begins with {@code hotpath.log.} is an error, so a
 * misspelt key is not silently ignored.
 *
 * <p>Thread-safety: stateless. Allocation: reading and parsing allocate; not for hot paths.
 */
public final class LogConfiguration {
    /** The class-path resource read at start-up. */
    public static final String RESOURCE = "hotpath-log.properties";
    /** The prefix of every key. */
    public static final String PREFIX = "hotpath.log.";

    private LogConfiguration() {
    }

    /**
     * The keys in effect: those of {@value #RESOURCE} on the class path (the context class loader's, else this
     * class's), each overridden by a system property of the same name.
     *
     * @return a new properties object holding only keys that begin with {@value #PREFIX}.
     * @throws UncheckedIOException if the resource exists but cannot be read.
     */
    public static Properties environment() {
        final Properties merged = new Properties();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null || loader.getResource(RESOURCE) == null) {
            loader = LogConfiguration.class.getClassLoader();
        }
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                merged.load(in);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        final Properties system = System.getProperties();
        for (final String key : system.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                merged.setProperty(key, system.getProperty(key));
            }
        }
        return merged;
    }

    /**
     * A service builder configured from {@code properties}; keys that do not begin with {@value #PREFIX} are
     * ignored.
     *
     * @param properties the keys, as {@link #environment()} gives them.
     * @return a builder, which the caller may adjust further before {@code build()}.
     * @throws IllegalArgumentException naming the key and the value, for an unknown key or a bad value.
     */
    public static ConcurrentLogService.Builder builder(final Properties properties) {
        final ConcurrentLogService.Builder b = ConcurrentLogService.builder();
        String sink = null;
        for (final String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            final String value = properties.getProperty(key).trim();
            final String name = key.substring(PREFIX.length());
            if (name.equals("sink")) {
                sink = value;
            } else if (name.equals("format")) {
                b.format(format(key, value));
            } else if (name.equals("level")) {
                b.level(level(key, value));
            } else if (name.startsWith("level.") && name.length() > "level.".length()) {
                b.level(name.substring("level.".length()), level(key, value));
            } else if (name.equals("capacity")) {
                b.capacity(positive(key, value));
            } else if (name.equals("maxRecordChars")) {
                b.maxRecordChars(positive(key, value));
            } else if (name.equals("whenFull")) {
                whenFull(b, key, value);
            } else {
                throw bad(key, value, "unknown key; known: sink, format, level, level.<prefix>, capacity,"
                    + " maxRecordChars, whenFull");
            }
        }
        if (sink != null) {
            b.sink(sink(PREFIX + "sink", sink)); // last: a file is opened only once every other key is valid
        }
        return b;
    }

    private static LogSink sink(final String key, final String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "stdout":
                return LogSink.stdout();
            case "stderr":
                return LogSink.stderr();
            case "":
                throw bad(key, value, "expected stdout, stderr or a file path");
            default:
                try {
                    return LogSink.file(Path.of(value));
                } catch (final RuntimeException e) {
                    throw new IllegalArgumentException(PREFIX + "sink=" + value + ": cannot open the file: " + e, e);
                }
        }
    }

    private static LogFormat format(final String key, final String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "plain":
                return LogFormat.PLAIN;
            case "json":
                return LogFormat.JSON;
            case "ecs":
                return LogFormat.ECS;
            default:
                throw bad(key, value, "expected plain, json or ecs");
        }
    }

    private static Level level(final String key, final String value) {
        for (final Level level : Level.values()) {
            if (level.name().equalsIgnoreCase(value)) {
                return level;
            }
        }
        throw bad(key, value, "expected trace, debug, info, warn, error or off");
    }

    private static int positive(final String key, final String value) {
        final int n;
        try {
            n = Integer.parseInt(value);
        } catch (final NumberFormatException e) {
            throw bad(key, value, "expected a positive integer");
        }
        if (n <= 0) {
            throw bad(key, value, "expected a positive integer");
        }
        return n;
    }

    private static void whenFull(final ConcurrentLogService.Builder b, final String key, final String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "wait":
                b.whenFullWait();
                break;
            case "drop":
                b.whenFullDrop();
                break;
            default:
                throw bad(key, value, "expected wait or drop");
        }
    }

    private static IllegalArgumentException bad(final String key, final String value, final String why) {
        return new IllegalArgumentException("hotpath log configuration: " + key + "=" + value + ": " + why);
    }
}
