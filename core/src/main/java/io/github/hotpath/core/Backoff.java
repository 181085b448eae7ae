package io.github.hotpath.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits for a condition that another thread will make true soon: spin a little, then yield, then
 * park for growing intervals. One backoff serves every waiting loop in hotpath (a pool's waiting acquirer, a worker
 * that found no job, a producer that found a ring full), each with its own parameters.
 *
 * <pre>{@code
 * int step = 0;
 * while (!condition()) {
 *     step = backoff.idle(step);
 * }
 * }</pre>
 *
 * <p>The caller keeps the step (how many times it has idled since it last made progress), so one instance is
 * shared by any number of threads and keeps no state.
 *
 * <h2>Thread-safety</h2>
 * Immutable; any thread may call {@link #idle(int)}.
 *
 * <h2>Allocation</h2>
 * {@link #idle(int)} allocates nothing on platform threads. On a virtual thread (JDK 21+), parking unmounts it and the
 * JDK's scheduler may allocate; spinning and yielding do not.
 *
 * <p>Note: unlike Agrona's {@code IdleStrategy}, a backoff holds no per-thread state and has no {@code reset()}: a
 * caller that made progress starts again from step 0.
 */
public final class Backoff {
    /** Spins only: for a thread that owns a core and must react within nanoseconds. */
    public static final Backoff BUSY_SPIN = new Backoff(Integer.MAX_VALUE, 0, 0, 0);

    private final int spins;
    private final int yields;
    private final long minParkNanos;
    private final long maxParkNanos;

    private Backoff(final int spins, final int yields, final long minParkNanos, final long maxParkNanos) {
        this.spins = spins;
        this.yields = yields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
    }

    /**
     * A backoff that spins {@code spins} times ({@link Thread#onSpinWait()}), then yields {@code yields} times, then
     * parks, starting at {@code minPark} and doubling each time up to {@code maxPark}.
     *
     * @param spins   how many steps spin, at least 0.
     * @param yields  how many steps after the spins yield, at least 0.
     * @param minPark the first park, positive.
     * @param maxPark the longest park, at least {@code minPark}.
     * @return the backoff.
     * @throws IllegalArgumentException if a count is negative or the parks are out of order or not positive.
     * @throws NullPointerException     if a duration is null.
     */
    public static Backoff spinYieldPark(
        final int spins, final int yields, final Duration minPark, final Duration maxPark) {
        if (spins < 0 || yields < 0) {
            throw new IllegalArgumentException("spins and yields must be >= 0, got " + spins + " and " + yields);
        }
        final long min = Durations.toNanosSaturated(Objects.requireNonNull(minPark, "minPark"));
        final long max = Durations.toNanosSaturated(Objects.requireNonNull(maxPark, "maxPark"));
        if (min <= 0 || max < min) {
            throw new IllegalArgumentException("parks need 0 < minPark <= maxPark, got " + minPark + " and " + maxPark);
        }
        if ((long) spins + yields >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("spins + yields must be < Integer.MAX_VALUE");
        }
        return new Backoff(spins, yields, min, max);
    }

    /**
     * Waits once, according to the step.
     *
     * @param step how many times the caller has idled since it last made progress; 0 the first time.
     * @return the step to pass next time ({@code step + 1}, saturating).
     */
    public int idle(final int step) {
        if (step < spins) {
            Thread.onSpinWait();
        } else if (step - spins < yields) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos(step - spins - yields));
        }
        return step == Integer.MAX_VALUE ? step : step + 1;
    }

    /**
     * Whether {@link #idle(int)} parks at this step (rather than spinning or yielding): a caller that must be woken
     * by another thread announces itself before a step that parks.
     *
     * @param step the step that {@link #idle(int)} would be given.
     * @return true if that step parks.
     */
    public boolean parksAt(final int step) {
        return maxParkNanos > 0 && step >= spins && step - spins >= yields;
    }

    private long parkNanos(final int parkStep) {
        final int shift = Math.min(parkStep, 62);
        final long nanos = minParkNanos << shift;
        return nanos <= 0 || nanos > maxParkNanos || (nanos >> shift) != minParkNanos ? maxParkNanos : nanos;
    }

    /**
     * How many steps spin.
     *
     * @return the number of spinning steps.
     */
    public int spins() {
        return spins;
    }

    /**
     * How many steps yield, after the spins.
     *
     * @return the number of yielding steps after the spins.
     */
    public int yields() {
        return yields;
    }

    /**
     * The first park.
     *
     * @return the first park, or zero for a backoff that never parks.
     */
    public Duration minPark() {
        return Duration.ofNanos(minParkNanos);
    }

    /**
     * The longest park.
     *
     * @return the longest park, or zero for a backoff that never parks.
     */
    public Duration maxPark() {
        return Duration.ofNanos(maxParkNanos);
    }

    @Override
    public String toString() {
        return maxParkNanos == 0 ? "Backoff[busy-spin]"
            : "Backoff[spins=" + spins + ", yields=" + yields + ", park=" + minParkNanos + ".." + maxParkNanos + " ns]";
    }
}
