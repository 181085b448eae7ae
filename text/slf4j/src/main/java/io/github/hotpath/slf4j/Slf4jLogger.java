package io.github.hotpath.slf4j;

import io.github.hotpath.log.Level;
import io.github.hotpath.log.LogEntry;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.LoggingEvent;
import org.slf4j.spi.LoggingEventAware;

import java.util.List;

/**
 * An SLF4J logger over the hotpath {@link io.github.hotpath.log.Logger} of the same name: same service, writer,
 * format and sink, same level (set it through the service, by prefix, at run time).
 *
 * <p>Each call checks the level first: a disabled call costs that one check (a volatile read) and the boxing SLF4J's
 * signatures made the caller do. An enabled call borrows an entry and fills it on the calling thread (see
 * {@link Slf4jMessage} for why and how), then the MDC's entries and the call's key-values as fields, then the
 * throwable (the explicit one, else a last argument that is a {@code Throwable}, even if a placeholder is left
 * for it, as SLF4J 2's {@code MessageFormatter} does), and logs it. Markers are accepted and not printed.
 *
 * <p>This file repeats the SLF4J interface's 60 methods, twelve per level, each one line: SLF4J's own
 * {@code AbstractLogger} would save the lines but allocates an argument array for every one- and two-argument call.
 *
 * <p>Thread-safety: any thread. Allocation: none on the calling thread for a message whose arguments are boxed
 * numbers, booleans, chars or text, beyond the boxing and varargs array SLF4J's signatures need; the fluent API's
 * builder and key-value pairs are SLF4J's allocations.
 */
final class Slf4jLogger implements org.slf4j.Logger, LoggingEventAware {
    private final io.github.hotpath.log.Logger log;
    private final ThreadLocalMdcAdapter mdc;

    Slf4jLogger(final io.github.hotpath.log.Logger log, final ThreadLocalMdcAdapter mdc) {
        this.log = log;
        this.mdc = mdc;
    }

    @Override
    public String getName() {
        return log.name();
    }

    /** Fills and logs one entry; the level was found enabled. */
    private void emit(final Level level, final String pattern, final int count, final Object a, final Object b,
                      final Object[] rest, final Throwable t) {
        Throwable thrown = t;
        int n = count;
        if (thrown == null && n > 0) {
            final Object last = Slf4jMessage.arg(n - 1, a, b, rest);
            if (last instanceof Throwable) {
                thrown = (Throwable) last;
                n--;
            }
        }
        final LogEntry entry = log.at(level);
        Slf4jMessage.append(entry, pattern, n, a, b, rest);
        mdc.appendTo(entry);
        if (thrown != null) {
            entry.exception(thrown);
        }
        entry.log();
    }

    /** The fluent API's end: SLF4J's event builder hands its event here. */
    @Override
    public void log(final LoggingEvent event) {
        final Level level = level(event.getLevel());
        if (!log.isEnabled(level)) {
            return;
        }
        final Object[] args = event.getArgumentArray();
        Throwable thrown = event.getThrowable();
        int n = args == null ? 0 : args.length;
        if (thrown == null && n > 0 && args[n - 1] instanceof Throwable) {
            thrown = (Throwable) args[n - 1];
            n--;
        }
        final LogEntry entry = log.at(level);
        Slf4jMessage.append(entry, event.getMessage(), n, null, null, args);
        mdc.appendTo(entry);
        final List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (int i = 0, size = pairs.size(); i < size; i++) {
                final KeyValuePair pair = pairs.get(i);
                Slf4jMessage.keyValue(entry, pair.key, pair.value);
            }
        }
        if (thrown != null) {
            entry.exception(thrown);
        }
        entry.log();
    }

    /** SLF4J's level as hotpath's. */
    static Level level(final org.slf4j.event.Level level) {
        switch (level) {
            case TRACE:
                return Level.TRACE;
            case DEBUG:
                return Level.DEBUG;
            case INFO:
                return Level.INFO;
            case WARN:
                return Level.WARN;
            default:
                return Level.ERROR;
        }
    }

    // ---- TRACE ----

    @Override
    public boolean isTraceEnabled() {
        return log.isEnabled(Level.TRACE);
    }

    @Override
    public boolean isTraceEnabled(final Marker marker) {
        return log.isEnabled(Level.TRACE);
    }

    @Override
    public void trace(final String msg) {
        if (log.isEnabled(Level.TRACE)) {
            emit(Level.TRACE, msg, 0, null, null, null, null);
        }
    }

    @Override
    public void trace(final String format, final Object arg) {
        if (log.isEnabled(Level.TRACE)) {
            emit(Level.TRACE, format, 1, arg, null, null, null);
        }
    }

    @Override
    public void trace(final String format, final Object arg1, final Object arg2) {
        if (log.isEnabled(Level.TRACE)) {
            emit(Level.TRACE, format, 2, arg1, arg2, null, null);
        }
    }

    @Override
    public void trace(final String format, final Object... arguments) {
        if (log.isEnabled(Level.TRACE)) {
            emit(Level.TRACE, format, arguments == null ? 0 : arguments.length, null, null, arguments, null);
        }
    }

    @Override
    public void trace(final String msg, final Throwable t) {
        if (log.isEnabled(Level.TRACE)) {
            emit(Level.TRACE, msg, 0, null, null, null, t);
        }
    }

    @Override
    public void trace(final Marker marker, final String msg) {
        trace(msg);
    }

    @Override
    public void trace(final Marker marker, final String format, final Object arg) {
        trace(format, arg);
    }

    @Override
    public void trace(final Marker marker, final String format, final Object arg1, final Object arg2) {
        trace(format, arg1, arg2);
    }

    @Override
    public void trace(final Marker marker, final String format, final Object... arguments) {
        trace(format, arguments);
    }

    @Override
    public void trace(final Marker marker, final String msg, final Throwable t) {
        trace(msg, t);
    }

    // ---- DEBUG ----

    @Override
    public boolean isDebugEnabled() {
        return log.isEnabled(Level.DEBUG);
    }

    @Override
    public boolean isDebugEnabled(final Marker marker) {
        return log.isEnabled(Level.DEBUG);
    }

    @Override
    public void debug(final String msg) {
        if (log.isEnabled(Level.DEBUG)) {
            emit(Level.DEBUG, msg, 0, null, null, null, null);
        }
    }

    @Override
    public void debug(final String format, final Object arg) {
        if (log.isEnabled(Level.DEBUG)) {
            emit(Level.DEBUG, format, 1, arg, null, null, null);
        }
    }

    @Override
    public void debug(final String format, final Object arg1, final Object arg2) {
        if (log.isEnabled(Level.DEBUG)) {
            emit(Level.DEBUG, format, 2, arg1, arg2, null, null);
        }
    }

    @Override
    public void debug(final String format, final Object... arguments) {
        if (log.isEnabled(Level.DEBUG)) {
            emit(Level.DEBUG, format, arguments == null ? 0 : arguments.length, null, null, arguments, null);
        }
    }

    @Override
    public void debug(final String msg, final Throwable t) {
        if (log.isEnabled(Level.DEBUG)) {
            emit(Level.DEBUG, msg, 0, null, null, null, t);
        }
    }

    @Override
    public void debug(final Marker marker, final String msg) {
        debug(msg);
    }

    @Override
    public void debug(final Marker marker, final String format, final Object arg) {
        debug(format, arg);
    }

    @Override
    public void debug(final Marker marker, final String format, final Object arg1, final Object arg2) {
        debug(format, arg1, arg2);
    }

    @Override
    public void debug(final Marker marker, final String format, final Object... arguments) {
        debug(format, arguments);
    }

    @Override
    public void debug(final Marker marker, final String msg, final Throwable t) {
        debug(msg, t);
    }

    // ---- INFO ----

    @Override
    public boolean isInfoEnabled() {
        return log.isEnabled(Level.INFO);
    }

    @Override
    public boolean isInfoEnabled(final Marker marker) {
        return log.isEnabled(Level.INFO);
    }

    @Override
    public void info(final String msg) {
        if (log.isEnabled(Level.INFO)) {
            emit(Level.INFO, msg, 0, null, null, null, null);
        }
    }

    @Override
    public void info(final String format, final Object arg) {
        if (log.isEnabled(Level.INFO)) {
            emit(Level.INFO, format, 1, arg, null, null, null);
        }
    }

    @Override
    public void info(final String format, final Object arg1, final Object arg2) {
        if (log.isEnabled(Level.INFO)) {
            emit(Level.INFO, format, 2, arg1, arg2, null, null);
        }
    }

    @Override
    public void info(final String format, final Object... arguments) {
        if (log.isEnabled(Level.INFO)) {
            emit(Level.INFO, format, arguments == null ? 0 : arguments.length, null, null, arguments, null);
        }
    }

    @Override
    public void info(final String msg, final Throwable t) {
        if (log.isEnabled(Level.INFO)) {
            emit(Level.INFO, msg, 0, null, null, null, t);
        }
    }

    @Override
    public void info(final Marker marker, final String msg) {
        info(msg);
    }

    @Override
    public void info(final Marker marker, final String format, final Object arg) {
        info(format, arg);
    }

    @Override
    public void info(final Marker marker, final String format, final Object arg1, final Object arg2) {
        info(format, arg1, arg2);
    }

    @Override
    public void info(final Marker marker, final String format, final Object... arguments) {
        info(format, arguments);
    }

    @Override
    public void info(final Marker marker, final String msg, final Throwable t) {
        info(msg, t);
    }

    // ---- WARN ----

    @Override
    public boolean isWarnEnabled() {
        return log.isEnabled(Level.WARN);
    }

    @Override
    public boolean isWarnEnabled(final Marker marker) {
        return log.isEnabled(Level.WARN);
    }

    @Override
    public void warn(final String msg) {
        if (log.isEnabled(Level.WARN)) {
            emit(Level.WARN, msg, 0, null, null, null, null);
        }
    }

    @Override
    public void warn(final String format, final Object arg) {
        if (log.isEnabled(Level.WARN)) {
            emit(Level.WARN, format, 1, arg, null, null, null);
        }
    }

    @Override
    public void warn(final String format, final Object arg1, final Object arg2) {
        if (log.isEnabled(Level.WARN)) {
            emit(Level.WARN, format, 2, arg1, arg2, null, null);
        }
    }

    @Override
    public void warn(final String format, final Object... arguments) {
        if (log.isEnabled(Level.WARN)) {
            emit(Level.WARN, format, arguments == null ? 0 : arguments.length, null, null, arguments, null);
        }
    }

    @Override
    public void warn(final String msg, final Throwable t) {
        if (log.isEnabled(Level.WARN)) {
            emit(Level.WARN, msg, 0, null, null, null, t);
        }
    }

    @Override
    public void warn(final Marker marker, final String msg) {
        warn(msg);
    }

    @Override
    public void warn(final Marker marker, final String format, final Object arg) {
        warn(format, arg);
    }

    @Override
    public void warn(final Marker marker, final String format, final Object arg1, final Object arg2) {
        warn(format, arg1, arg2);
    }

    @Override
    public void warn(final Marker marker, final String format, final Object... arguments) {
        warn(format, arguments);
    }

    @Override
    public void warn(final Marker marker, final String msg, final Throwable t) {
        warn(msg, t);
    }

    // ---- ERROR ----

    @Override
    public boolean isErrorEnabled() {
        return log.isEnabled(Level.ERROR);
    }

    @Override
    public boolean isErrorEnabled(final Marker marker) {
        return log.isEnabled(Level.ERROR);
    }

    @Override
    public void error(final String msg) {
        if (log.isEnabled(Level.ERROR)) {
            emit(Level.ERROR, msg, 0, null, null, null, null);
        }
    }

    @Override
    public void error(final String format, final Object arg) {
        if (log.isEnabled(Level.ERROR)) {
            emit(Level.ERROR, format, 1, arg, null, null, null);
        }
    }

    @Override
    public void error(final String format, final Object arg1, final Object arg2) {
        if (log.isEnabled(Level.ERROR)) {
            emit(Level.ERROR, format, 2, arg1, arg2, null, null);
        }
    }

    @Override
    public void error(final String format, final Object... arguments) {
        if (log.isEnabled(Level.ERROR)) {
            emit(Level.ERROR, format, arguments == null ? 0 : arguments.length, null, null, arguments, null);
        }
    }

    @Override
    public void error(final String msg, final Throwable t) {
        if (log.isEnabled(Level.ERROR)) {
            emit(Level.ERROR, msg, 0, null, null, null, t);
        }
    }

    @Override
    public void error(final Marker marker, final String msg) {
        error(msg);
    }

    @Override
    public void error(final Marker marker, final String format, final Object arg) {
        error(format, arg);
    }

    @Override
    public void error(final Marker marker, final String format, final Object arg1, final Object arg2) {
        error(format, arg1, arg2);
    }

    @Override
    public void error(final Marker marker, final String format, final Object... arguments) {
        error(format, arguments);
    }

    @Override
    public void error(final Marker marker, final String msg, final Throwable t) {
        error(msg, t);
    }

    @Override
    public String toString() {
        return "Slf4jLogger[" + log + "]";
    }
}
