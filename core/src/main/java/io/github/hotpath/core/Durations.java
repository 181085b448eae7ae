package io.github.hotpath.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Checks and converts the {@link Duration} timeouts that every hotpath builder takes, in one place, so that every
 * component answers a bad timeout with the same clear error.
 *
 * <h2>Thread-safety and allocation</h2>
 * Static and stateless; the conversions allocate nothing (the errors do).
 */
public final class Durations {
    private Durations() {
    }

    /**
     * Converts a duration to nanoseconds, saturating at {@link Long#MAX_VALUE} (about 292 years, which every hotpath
     * component treats as "for ever") instead of overflowing as {@link Duration#toNanos()} does.
     *
     * @param duration the duration, not null.
     * @return its length in nanoseconds, saturated; negative durations stay negative (saturating at
     *     {@link Long#MIN_VALUE}).
     */
    public static long toNanosSaturated(final Duration duration) {
        Objects.requireNonNull(duration, "duration");
        final long seconds = duration.getSeconds();
        if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return seconds * 1_000_000_000L + duration.getNano();
    }

    /**
     * Checks a timeout argument: not null, not negative, and converts it to saturated nanoseconds.
     *
     * @param name    the argument's name, for the error message.
     * @param timeout the timeout; zero means "do not wait".
     * @return the timeout in nanoseconds, saturated at {@link Long#MAX_VALUE}.
     * @throws NullPointerException     if {@code timeout} is null.
     * @throws IllegalArgumentException if {@code timeout} is negative.
     */
    public static long requireTimeoutNanos(final String name, final Duration timeout) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + timeout);
        }
        return toNanosSaturated(timeout);
    }
}
