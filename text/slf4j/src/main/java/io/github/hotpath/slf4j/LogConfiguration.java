package io.github.hotpath.slf4j;

import io.github.hotpath.log.ConcurrentLogService;
import io.github.hotpath.log.Level;
import io.github.hotpath.log.LogFormat;
import io.github.hotpath.log.LogSink;
import io.github.hotpath.log.RollingPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * <tr><td>{@code hotpath.log.rolling.maxFileSize}</td><td>roll the file sink by size: bytes, or a number with
 *     {@code KB}, {@code MB} or {@code GB} (powers of 1024, as Logback reads them), such as {@code 100MB}</td>
 *     <td>no size roll</td></tr>
 * <tr><td>{@code hotpath.log.rolling.daily}</td><td>{@code true} to roll the file sink at midnight</td>
 *     <td>{@code false}</td></tr>
 * <tr><td>{@code hotpath.log.rolling.zone}</td><td>whose midnight, a zone id such as {@code UTC} or
 *     {@code Europe/Paris}; needs {@code rolling.daily=true}</td><td>{@code UTC}</td></tr>
 * <tr><td>{@code hotpath.log.rolling.keep}</td><td>old files kept, an integer from 0</td><td>{@code 7}</td></tr>
 * </table>
 * The {@code rolling.*} keys need {@code hotpath.log.sink} to be a file, and {@code maxFileSize} or
 * {@code daily=true}; {@link RollingPolicy} says when the file rolls and what the old files are called.
 * Values are case-insensitive except paths. Any other key that begins with {@code hotpath.log.} is an error, so a
 * misspelt key is not silently ignored.
 *
 * <p>Thread-safety: stateless. Allocation: reading and parsing allocate; not for hot paths.
 */
public final class LogConfiguration {
    /** How every configuration error begins, before the key and the value. */
    private static final String BAD = "hotpath log configuration: ";
    /** The class-path resource read at start-up. */
    public static final String RESOURCE = "hotpath-log.properties";
    /** The prefix of every key. */
    public static final String PREFIX = "hotpath.log.";
    /** A size: digits, then an optional unit. */
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|KB|MB|GB)", Pattern.CASE_INSENSITIVE);

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
        final Rolling rolling = new Rolling();
        for (final String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            final String value = properties.getProperty(key).trim();
            final String name = key.substring(PREFIX.length());
            try {
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
                } else if (name.startsWith("rolling.")) {
                    rolling.read(key, value, name.substring("rolling.".length()));
                } else {
                    throw bad(key, value, "unknown key; known: sink, format, level, level.<prefix>, capacity,"
                        + " maxRecordChars, whenFull, rolling.maxFileSize, rolling.daily, rolling.zone,"
                        + " rolling.keep");
                }
            } catch (final IllegalArgumentException e) { // a builder's range check: name the key as well
                throw e.getMessage() != null && e.getMessage().startsWith(BAD) ? e : named(key, value, e);
            }
        }
        final RollingPolicy policy = rolling.policy(sink);
        if (sink != null) {
            // Last: a file is opened only once every other key is valid.
            b.sink(sink(PREFIX + "sink", sink, policy));
        }
        return b;
    }

    /** The {@code rolling.*} keys, gathered: they make one policy once all are read. */
    private static final class Rolling {
        private final RollingPolicy.Builder builder = RollingPolicy.builder();
        private String firstKey;
        private String firstValue;
        private boolean size;
        private boolean daily;
        private String zoneKey;
        private String zoneValue;

        void read(final String key, final String value, final String name) {
            if (firstKey == null) {
                firstKey = key;
                firstValue = value;
            }
            switch (name) {
                case "maxFileSize":
                    builder.maxFileSize(size(key, value));
                    size = true;
                    break;
                case "daily":
                    daily = bool(key, value);
                    break;
                case "zone":
                    zoneKey = key;
                    zoneValue = value;
                    break;
                case "keep":
                    builder.keep(count(key, value));
                    break;
                default:
                    throw bad(key, value, "unknown key; known: rolling.maxFileSize, rolling.daily, rolling.zone,"
                        + " rolling.keep");
            }
        }

        /** The policy, or null if no rolling key was given. */
        RollingPolicy policy(final String sink) {
            if (firstKey == null) {
                return null;
            }
            if (sink == null || sink.equalsIgnoreCase("stdout") || sink.equalsIgnoreCase("stderr")) {
                throw bad(firstKey, firstValue, "rolling needs " + PREFIX + "sink to be a file path, not "
                    + (sink == null ? "the default, stdout" : sink));
            }
            if (zoneKey != null && !daily) {
                throw bad(zoneKey, zoneValue, "a zone needs " + PREFIX + "rolling.daily=true");
            }
            if (daily) {
                builder.daily(zoneKey == null ? ZoneOffset.UTC : zone(zoneKey, zoneValue));
            }
            if (!size && !daily) {
                throw bad(firstKey, firstValue, "rolling needs " + PREFIX + "rolling.maxFileSize or "
                    + PREFIX + "rolling.daily=true");
            }
            return builder.build();
        }
    }

    private static long size(final String key, final String value) {
        final Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            throw bad(key, value, "expected a size such as 10485760, 512KB, 100MB or 1GB");
        }
        final int shift;
        switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "KB":
                shift = 10;
                break;
            case "MB":
                shift = 20;
                break;
            case "GB":
                shift = 30;
                break;
            default:
                shift = 0;
        }
        final long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (final NumberFormatException e) {
            throw bad(key, value, "too large");
        }
        if (n <= 0 || n > Long.MAX_VALUE >> shift) {
            throw bad(key, value, n <= 0 ? "expected a positive size" : "too large");
        }
        return n << shift;
    }

    private static boolean bool(final String key, final String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw bad(key, value, "expected true or false");
    }

    private static ZoneId zone(final String key, final String value) {
        try {
            return ZoneId.of(value);
        } catch (final DateTimeException e) {
            throw bad(key, value, "expected a zone id such as UTC or Europe/Paris");
        }
    }

    private static int count(final String key, final String value) {
        try {
            final int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw bad(key, value, "expected an integer from 0");
    }

    private static LogSink sink(final String key, final String value, final RollingPolicy rolling) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "stdout":
                return LogSink.stdout();
            case "stderr":
                return LogSink.stderr();
            case "":
                throw bad(key, value, "expected stdout, stderr or a file path");
            default:
                try {
                    return rolling == null ? LogSink.file(Path.of(value)) : LogSink.file(Path.of(value), rolling);
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

    private static IllegalArgumentException named(final String key, final String value,
                                                  final IllegalArgumentException e) {
        final IllegalArgumentException named = bad(key, value, e.getMessage());
        named.initCause(e);
        return named;
    }

    private static IllegalArgumentException bad(final String key, final String value, final String why) {
        return new IllegalArgumentException(BAD + key + "=" + value + ": " + why);
    }
}
