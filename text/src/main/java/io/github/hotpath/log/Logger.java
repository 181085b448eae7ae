package io.github.hotpath.log;

import io.github.hotpath.text.TextBuilder;

import java.util.Objects;

/**
 * A named logger of a {@link ConcurrentLogService}, obtained with {@link ConcurrentLogService#logger(String)}.
 * Each level method returns a {@link LogEntry} to fill and log, or, when the level is disabled, a shared entry that
 * ignores everything: a disabled call costs a level check.
 *
 * <p>Thread-safety: any thread may log and change the level; a level change is seen by other threads at their next
 * call (the level is a volatile field). Allocation: none.
 */
public final class Logger {
    private final ConcurrentLogService service;
    private final String name;
    /** The name escaped once, as both formats print it (the writer copies it without escaping again). */
    private final String escapedName;
    /** {@link #escapedName}'s number in {@link NameTable#LOGGERS}, which records carry instead of the name. */
    private final int nameId;
    private volatile int threshold;

    Logger(final ConcurrentLogService service, final String name, final Level level) {
        this.service = service;
        this.name = name;
        this.escapedName = new TextBuilder(name.length() + 16).appendJsonEscaped(name).toString();
        this.nameId = NameTable.LOGGERS.idOf(escapedName);
        this.threshold = level.ordinal();
    }

    /**
     * This logger's name, printed in every line.
     *
     * @return the name.
     */
    public String name() {
        return name;
    }

    /**
     * The current level: entries at this level and above are logged.
     *
     * @return the level.
     */
    public Level level() {
        return Level.values()[threshold];
    }

    /**
     * Changes the level, at run time, for every thread.
     *
     * @param level the new level; {@link Level#OFF} disables the logger.
     */
    public void level(final Level level) {
        threshold = Objects.requireNonNull(level, "level").ordinal();
    }

    /**
     * Whether an entry at {@code level} would be logged.
     *
     * @param level a level other than {@code OFF}.
     * @return true if enabled.
     */
    public boolean isEnabled(final Level level) {
        return level.ordinal() >= threshold && level != Level.OFF;
    }

    /**
     * Begins an entry at a level given at run time.
     *
     * @param level the entry's level, not {@code OFF}.
     * @return an entry to fill and log, or the shared disabled entry.
     * @throws IllegalArgumentException if {@code level} is {@code OFF}.
     */
    public LogEntry at(final Level level) {
        if (level == Level.OFF) {
            throw new IllegalArgumentException("an entry cannot be logged at level OFF");
        }
        return level.ordinal() >= threshold ? service.begin(nameId, escapedName, level) : LogEntry.DISABLED;
    }

    /**
     * Begins a {@code TRACE} entry.
     *
     * @return an entry to fill and log, or the shared disabled entry.
     */
    public LogEntry trace() {
        return threshold <= 0 ? service.begin(nameId, escapedName, Level.TRACE) : LogEntry.DISABLED;
    }

    /**
     * Begins a {@code DEBUG} entry.
     *
     * @return an entry to fill and log, or the shared disabled entry.
     */
    public LogEntry debug() {
        return threshold <= 1 ? service.begin(nameId, escapedName, Level.DEBUG) : LogEntry.DISABLED;
    }

    /**
     * Begins an {@code INFO} entry.
     *
     * @return an entry to fill and log, or the shared disabled entry.
     */
    public LogEntry info() {
        return threshold <= 2 ? service.begin(nameId, escapedName, Level.INFO) : LogEntry.DISABLED;
    }

    /**
     * Begins a {@code WARN} entry.
     *
     * @return an entry to fill and log, or the shared disabled entry.
     */
    public LogEntry warn() {
        return threshold <= 3 ? service.begin(nameId, escapedName, Level.WARN) : LogEntry.DISABLED;
    }

    /**
     * Begins an {@code ERROR} entry.
     *
     * @return an entry to fill and log, or the shared disabled entry.
     */
    public LogEntry error() {
        return threshold <= 4 ? service.begin(nameId, escapedName, Level.ERROR) : LogEntry.DISABLED;
    }

    @Override
    public String toString() {
        return "Logger[" + name + ", " + level() + "]";
    }
}
