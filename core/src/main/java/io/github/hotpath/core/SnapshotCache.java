package io.github.hotpath.core;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Shares one metrics snapshot among the meters (or MXBean attributes) that a monitoring system reads in one scrape,
 * so a scrape of ten meters of a component takes one {@code metrics()} snapshot, not ten.
 *
 * <p>Why: every snapshot reads the component's counters, and a counter that a hot-path thread writes lives in that
 * thread's cache in the modified state; the read moves the line to shared, and the writer's next store pays to take
 * it back. One scrape is one such round trip per counter line with this cache, ten without it (and ten record
 * allocations on the scraping thread). It never writes what the component's threads read.
 *
 * <pre>{@code
 * SnapshotCache<ConcurrentWorkerPool<?>, WorkerPoolMetrics> cache = new SnapshotCache<>(ConcurrentWorkerPool::metrics);
 * FunctionCounter.builder("hotpath.worker.jobs.submitted", pool, cache.meter(WorkerPoolMetrics::submitted))...
 * }</pre>
 *
 * <h2>When a snapshot is reused</h2>
 * Each reader has a meter number ({@code 0..63}): {@link #meter} hands them out in turn, or a caller numbers its
 * readers itself for {@link #read} (one way or the other per cache). A read returns the current snapshot unless the
 * same meter was already served from it, or it is older than the maximum age (default {@link #DEFAULT_MAX_AGE});
 * then it takes a new one. A scrape reads each meter once, so it takes one snapshot, whatever the time between
 * scrapes; the next scrape's first read is a repeat and takes the next. A meter read twice in a row (a test, a
 * console refreshing one attribute) always gets a fresh value, and no value is ever older than the maximum age.
 *
 * <h2>Thread-safety and allocation</h2>
 * Thread-safe: {@link #read} and {@link #meter} are {@code synchronized}. Scrapes are rare and never on a hot path,
 * and the lock is the cache's own, never touched by the component's threads. Reading allocates nothing itself;
 * taking a snapshot allocates what the snapshot function allocates (its record), on the reading thread.
 *
 * <h2>Memory effects</h2>
 * A snapshot returned by {@link #read} is the one the snapshot function returned, published by the lock; its own
 * memory effects are those of the component's {@code metrics()}.
 *
 * @param <C> the component type.
 * @param <S> the snapshot type (the component's immutable metrics record).
 */
public final class SnapshotCache<C, S> {
    /** The default maximum age of a shared snapshot: 1 second, far longer than a scrape, far shorter than a step. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);
    /** The number of meter numbers a cache tells apart: 64. */
    public static final int MAX_METERS = Long.SIZE;

    private final Function<? super C, ? extends S> take;
    private final long maxAgeNanos;
    private S snapshot;
    private long takenAtNanos;
    /** Bit {@code i} set: meter {@code i} was served from the current snapshot. */
    private long served;
    private long snapshotsTaken;
    private int metersHandedOut;

    /**
     * A cache with the {@linkplain #DEFAULT_MAX_AGE default maximum age}.
     *
     * @param take takes a snapshot of a component (its {@code metrics()}, as a method reference).
     * @throws NullPointerException if {@code take} is null.
     */
    public SnapshotCache(final Function<? super C, ? extends S> take) {
        this(take, DEFAULT_MAX_AGE);
    }

    /**
     * A cache whose snapshots are reused for at most {@code maxAge}.
     *
     * @param take   takes a snapshot of a component (its {@code metrics()}, as a method reference).
     * @param maxAge the longest a snapshot is reused; zero takes a new one on every read.
     * @throws NullPointerException     if an argument is null.
     * @throws IllegalArgumentException if {@code maxAge} is negative.
     */
    public SnapshotCache(final Function<? super C, ? extends S> take, final Duration maxAge) {
        this.take = Objects.requireNonNull(take, "take");
        this.maxAgeNanos = Durations.requireTimeoutNanos("maxAge", maxAge);
    }

    /**
     * The snapshot for one meter's read: the current one if this meter has not been served from it and it is
     * younger than the maximum age, else a new one of {@code component}. The component is passed in, not kept: a
     * Micrometer meter holds its component weakly, and so may the caller.
     *
     * @param meter     the reading meter's number, {@code 0} to {@value #MAX_METERS}{@code  - 1}, distinct per meter.
     * @param component the component whose snapshot to take.
     * @return the snapshot to read the meter's value from.
     * @throws IllegalArgumentException if {@code meter} is out of range.
     * @throws NullPointerException     if the snapshot function returns null.
     */
    public synchronized S read(final int meter, final C component) {
        if (meter < 0 || meter >= MAX_METERS) {
            throw new IllegalArgumentException("meter must be in [0, " + MAX_METERS + "), got " + meter);
        }
        final long bit = 1L << meter;
        final long now = System.nanoTime();
        if (snapshot == null || (served & bit) != 0 || now - takenAtNanos > maxAgeNanos) {
            snapshot = Objects.requireNonNull(take.apply(component), "the snapshot function returned null");
            takenAtNanos = now;
            served = 0;
            snapshotsTaken++;
        }
        served |= bit;
        return snapshot;
    }

    /**
     * A reader for one more meter, with the next meter number: the function a Micrometer {@code Gauge} or
     * {@code FunctionCounter} calls with its (weakly held) component. It holds this cache and {@code value}, never a
     * component.
     *
     * @param value the meter's value in a snapshot (a record accessor, as a method reference).
     * @return {@code component -> value(read(n, component))}.
     * @throws NullPointerException     if {@code value} is null.
     * @throws IllegalStateException    if this cache has handed out all {@value #MAX_METERS} meter numbers.
     */
    public synchronized ToDoubleFunction<C> meter(final ToDoubleFunction<? super S> value) {
        Objects.requireNonNull(value, "value");
        if (metersHandedOut == MAX_METERS) {
            throw new IllegalStateException("a SnapshotCache tells " + MAX_METERS + " meters apart, no more");
        }
        final int meter = metersHandedOut++;
        return component -> value.applyAsDouble(read(meter, component));
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
