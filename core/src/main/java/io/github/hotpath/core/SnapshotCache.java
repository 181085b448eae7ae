package io.github.hotpath.core;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Shares one metrics snapshot among the meters (or MXBean attributes) that a monitoring system reads in one scrape,
 * so a scrape of ten meters of a component takes one {@code metrics()} snapshot, not ten.
 *
 * <p>Why: every snapshot reads the component's counters, and a counter that a hot-path thread writes lives in that
 * thread's cache in the modified state; the read moves the line to shared, and the writer's next store pays to take
 * it back. One scrape is one such round trip per counter line with this cache, ten without it (and ten record
 * allocations on the scraping thread). It never writes what the component's threads read.
 *
 * <h2>When a snapshot is reused</h2>
 * Each reader has a meter number ({@code 0..63}). {@link #read} returns the current snapshot unless the same meter
 * was already served from it, or it is older than the maximum age (default {@link #DEFAULT_MAX_AGE}); then it takes
 * a new one. A scrape reads each meter once, so it takes one snapshot, whatever the time between scrapes; the next
 * scrape's first read is a repeat and takes the next. A meter read twice in a row (a test, a console refreshing one
 * attribute) always gets a fresh value, and no value is ever older than the maximum age.
 *
 * <h2>Thread-safety and allocation</h2>
 * Thread-safe: {@link #read} is {@code synchronized}. Scrapes are rare and never on a hot path, and the lock is the
 * cache's own, never touched by the component's threads. Reading allocates nothing itself; taking a snapshot
 * allocates what the snapshot function allocates (its record), on the reading thread.
 *
 * <h2>Memory effects</h2>
 * A snapshot returned by {@link #read} is the one a {@code take} function returned, published by the lock; its own
 * memory effects are those of the component's {@code metrics()}.
 *
 * @param <S> the snapshot type (a component's immutable metrics record).
 */
public final class SnapshotCache<S> {
    /** The default maximum age of a shared snapshot: 1 second, far longer than a scrape, far shorter than a step. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);
    /** The number of meter numbers a cache tells apart: 64. */
    public static final int MAX_METERS = Long.SIZE;

    private final long maxAgeNanos;
    private S snapshot;
    private long takenAtNanos;
    /** Bit {@code i} set: meter {@code i} was served from the current snapshot. */
    private long served;
    private long snapshotsTaken;

    /** A cache with the {@linkplain #DEFAULT_MAX_AGE default maximum age}. */
    public SnapshotCache() {
        this(DEFAULT_MAX_AGE);
    }

    /**
     * A cache whose snapshots are reused for at most {@code maxAge}.
     *
     * @param maxAge the longest a snapshot is reused; zero takes a new one on every read.
     * @throws NullPointerException     if {@code maxAge} is null.
     * @throws IllegalArgumentException if {@code maxAge} is negative.
     */
    public SnapshotCache(final Duration maxAge) {
        this.maxAgeNanos = Durations.requireTimeoutNanos("maxAge", maxAge);
    }

    /**
     * The snapshot for one meter's read: the current one if this meter has not been served from it and it is
     * younger than the maximum age, else a new one from {@code take.apply(source)}. The source is passed in, not
     * kept: a Micrometer meter holds its component weakly, and so may the caller.
     *
     * @param meter  the reading meter's number, {@code 0} to {@value #MAX_METERS}{@code  - 1}, distinct per meter.
     * @param source the component whose snapshot to take.
     * @param take   takes the snapshot (a component's {@code metrics()}, as a method reference).
     * @param <T>    the component type.
     * @return the snapshot to read the meter's value from.
     * @throws IllegalArgumentException if {@code meter} is out of range.
     * @throws NullPointerException     if {@code take} is null or returns null.
     */
    public synchronized <T> S read(final int meter, final T source, final Function<? super T, ? extends S> take) {
        if (meter < 0 || meter >= MAX_METERS) {
            throw new IllegalArgumentException("meter must be in [0, " + MAX_METERS + "), got " + meter);
        }
        final long bit = 1L << meter;
        final long now = System.nanoTime();
        if (snapshot == null || (served & bit) != 0 || now - takenAtNanos > maxAgeNanos) {
            snapshot = Objects.requireNonNull(take.apply(source), "the snapshot function returned null");
            takenAtNanos = now;
            served = 0;
            snapshotsTaken++;
        }
        served |= bit;
        return snapshot;
    }

    /**
     * How many snapshots this cache has taken: with one scrape per interval and every meter read once per scrape,
     * the number of scrapes.
     *
     * @return the count since the cache was made.
     */
    public synchronized long snapshotsTaken() {
        return snapshotsTaken;
    }

    @Override
    public synchronized String toString() {
        return "SnapshotCache[maxAge=" + Duration.ofNanos(maxAgeNanos) + ", snapshotsTaken=" + snapshotsTaken + "]";
    }
}
