package io.github.hotpath.log;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loggers of one {@link ConcurrentLogService} by name, and the levels they take from the prefix rules
 * ({@link LevelsByPrefix}). A rule change and a logger's creation exclude each other (one lock, the rules'), so no
 * logger misses a change; looking up an existing logger takes no lock.
 *
 * <p>Thread-safety: any thread. Allocation: creating a logger and changing a rule allocate; finding an existing
 * logger does not.
 */
final class LoggerRegistry {
    private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
    /** Guarded by itself. */
    private final LevelsByPrefix levels;

    LoggerRegistry(final Level root, final Map<String, Level> rules) {
        levels = new LevelsByPrefix(root, rules);
    }

    /** See {@link ConcurrentLogService#logger(String)}. */
    Logger logger(final ConcurrentLogService service, final String name) {
        final Logger existing = loggers.get(name);
        if (existing != null) {
            return existing;
        }
        synchronized (levels) {
            return loggers.computeIfAbsent(name, n -> new Logger(service, n, levels.resolve(n)));
        }
    }

    /** See {@link ConcurrentLogService#level(String, Level)}. */
    void level(final String prefix, final Level level) {
        synchronized (levels) {
            levels.set(prefix, level);
            for (final Logger logger : loggers.values()) {
                logger.level(levels.resolve(logger.name()));
            }
        }
    }
}
