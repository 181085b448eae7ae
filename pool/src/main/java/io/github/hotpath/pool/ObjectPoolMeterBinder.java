package io.github.hotpath.pool;

import io.github.hotpath.core.SnapshotCache;
import io.github.hotpath.core.internal.Bindings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link ConcurrentObjectPool}'s counters to a Micrometer {@link MeterRegistry}, tagged
 * {@code name=<pool name>} (plus any tags given):
 * <pre>{@code
 * new ObjectPoolMeterBinder(pool).bindTo(registry);
 * }</pre>
 *
 * <table class="striped">
 *   <caption>Meters</caption>
 *   <thead><tr><th>meter</th><th>type</th><th>from</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code hotpath.pool.acquired}</td><td>function counter</td><td>{@link PoolMetrics#acquired()}</td></tr>
 *   <tr><td>{@code hotpath.pool.released}</td><td>function counter</td><td>{@link PoolMetrics#released()}</td></tr>
 *   <tr><td>{@code hotpath.pool.created}</td><td>function counter</td>
 *       <td>{@link PoolMetrics#created()} (the misses)</td></tr>
 *   <tr><td>{@code hotpath.pool.dropped}</td><td>function counter</td><td>{@link PoolMetrics#dropped()}</td></tr>
 *   <tr><td>{@code hotpath.pool.dropped.oversize}</td><td>function counter</td>
 *       <td>{@link PoolMetrics#droppedOversize()}</td></tr>
 *   <tr><td>{@code hotpath.pool.misuse}</td><td>function counter</td>
 *       <td>{@link PoolMetrics#misuseRejected()}</td></tr>
 *   <tr><td>{@code hotpath.pool.reset.failures}</td><td>function counter</td>
 *       <td>{@link PoolMetrics#resetFailures()}</td></tr>
 *   <tr><td>{@code hotpath.pool.leaks}</td><td>function counter</td><td>{@link PoolMetrics#leaksDetected()}</td></tr>
 *   <tr><td>{@code hotpath.pool.exhausted}</td><td>function counter</td><td>{@link PoolMetrics#exhausted()}</td></tr>
 *   <tr><td>{@code hotpath.pool.in.use}</td><td>gauge</td><td>{@link PoolMetrics#inUse()}</td></tr>
 *   <tr><td>{@code hotpath.pool.idle}</td><td>gauge</td><td>{@link PoolMetrics#idle()}</td></tr>
 *   <tr><td>{@code hotpath.pool.high.water.mark}</td><td>gauge</td><td>{@link PoolMetrics#highWaterMark()}</td></tr>
 *   <tr><td>{@code hotpath.pool.idle.capacity}</td><td>gauge</td><td>{@link PoolMetrics#idleCapacity()}</td></tr>
 *   <tr><td>{@code hotpath.pool.max.total}</td><td>gauge</td><td>{@link PoolMetrics#maxTotal()}</td></tr>
 *   </tbody>
 * </table>
 * The hit rate over a window is {@code 1 - rate(created) / rate(acquired)}; no gauge gives the lifetime ratio,
 * which hides a recent change.
 *
 * <h2>Cost</h2>
 * Nothing on the pool's hot path: the meters read the counters the pool keeps anyway, through
 * {@link ConcurrentObjectPool#metrics()}. The meters of one binding share one {@link SnapshotCache}, so a scrape of
 * all of them takes one snapshot (one scan of the slot table, one record allocated on the scraping thread).
 *
 * <h2>Thread-safety and life</h2>
 * {@link #bindTo} may be called from any thread, once per registry. As Micrometer's own binders do, the meters hold
 * the pool weakly: they do not keep a discarded pool alive (its gauges then report {@code NaN}; its counters keep
 * the last value read). A closed pool keeps reporting its final counts until {@link #close()} removes the meters.
 * A registry keeps the first meter of a name and tags, so a pool replaced by another of the same name is bound
 * after closing the old one's binder; binding over it fails rather than report the old pool.
 *
 * <p>Note: needs {@code micrometer-core} on the class path (an optional dependency of hotpath-pool); nothing else in
 * hotpath loads Micrometer.
 */
// Micrometer's types in the signatures are the point; the module requires it static, not transitive (an automatic
// module), so a modular user of the binder declares 'requires micrometer.core' itself, as it calls the registry.
@SuppressWarnings("exports")
public final class ObjectPoolMeterBinder implements MeterBinder, AutoCloseable {
    private final ConcurrentObjectPool<?> pool;
    private final Tags tags;
    private final Bindings bindings = new Bindings();

    /**
     * A binder for {@code pool}, tagged with its name.
     *
     * @param pool the object pool.
     * @throws NullPointerException if {@code pool} is null.
     */
    public ObjectPoolMeterBinder(final ConcurrentObjectPool<?> pool) {
        this(pool, Tags.empty());
    }

    /**
     * A binder for {@code pool}, tagged with its name and {@code extraTags}.
     *
     * @param pool      the object pool.
     * @param extraTags more tags for every meter (for example the service's name).
     * @throws NullPointerException if an argument is null.
     */
    public ObjectPoolMeterBinder(final ConcurrentObjectPool<?> pool, final Iterable<Tag> extraTags) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.tags = Tags.of(Objects.requireNonNull(extraTags, "extraTags")).and("name", pool.name());
    }

    /**
     * Registers this binder's meters in {@code registry}: all of them, or none if one fails.
     *
     * @throws IllegalStateException if {@code registry} already holds one of them (as it names it, after its
     *                               filters): another binder's, for a component of the same name not unbound.
     * @throws IllegalArgumentException if it holds a meter of another type under one of the names (Micrometer's
     *                                  own error); then too, none of this binder's meters stay.
     */
    @Override
    public void bindTo(final MeterRegistry registry) {
        bindings.bind(registry::getMeters, () -> registerAll(registry));
    }

    /**
     * Removes this binder's meters from every registry it was bound to. Do it when the pool is replaced by another
     * of the same name: a registry keeps the first meter of an id, so the new one's binder would fail. Calling it
     * again does nothing.
     */
    @Override
    public void close() {
        bindings.close();
    }

    private void registerAll(final MeterRegistry registry) {
        final SnapshotCache<ConcurrentObjectPool<?>, PoolMetrics> c =
            new SnapshotCache<>(ConcurrentObjectPool::metrics);
        counter(registry, "hotpath.pool.acquired", "acquisitions (handles and leases)", c.meter(PoolMetrics::acquired));
        counter(registry, "hotpath.pool.released", "acquisitions released", c.meter(PoolMetrics::released));
        counter(registry, "hotpath.pool.created", "objects the factory built: the misses",
            c.meter(PoolMetrics::created));
        counter(registry, "hotpath.pool.dropped", "objects let go: idle store full, over the size cap, reset failed",
            c.meter(PoolMetrics::dropped));
        counter(registry, "hotpath.pool.dropped.oversize", "objects dropped over the retained-size cap",
            c.meter(PoolMetrics::droppedOversize));
        counter(registry, "hotpath.pool.misuse", "releases and uses rejected as misuse",
            c.meter(PoolMetrics::misuseRejected));
        counter(registry, "hotpath.pool.reset.failures", "releases whose reset failed or left the object dirty",
            c.meter(PoolMetrics::resetFailures));
        counter(registry, "hotpath.pool.leaks", "sampled leases collected while still in use",
            c.meter(PoolMetrics::leaksDetected));
        counter(registry, "hotpath.pool.exhausted", "acquisitions that failed at the total bound",
            c.meter(PoolMetrics::exhausted));
        gauge(registry, "hotpath.pool.in.use", "objects acquired and not released", c.meter(PoolMetrics::inUse));
        gauge(registry, "hotpath.pool.idle", "objects held for reuse", c.meter(PoolMetrics::idle));
        gauge(registry, "hotpath.pool.high.water.mark", "most live objects ever",
            c.meter(PoolMetrics::highWaterMark));
        gauge(registry, "hotpath.pool.idle.capacity", "most idle objects retained",
            c.meter(PoolMetrics::idleCapacity));
        gauge(registry, "hotpath.pool.max.total", "most objects alive at once", c.meter(PoolMetrics::maxTotal));
    }

    // The meters' functions hold the cache, never the pool: Micrometer holds the pool (their state object) weakly.
    private void counter(final MeterRegistry r, final String name, final String description,
                         final ToDoubleFunction<ConcurrentObjectPool<?>> f) {
        final Meter m = FunctionCounter.builder(name, pool, f).description(description).tags(tags).register(r);
        bindings.add(m, m.getId().toString(), r::getMeters, () -> r.remove(m));
    }

    private void gauge(final MeterRegistry r, final String name, final String description,
                       final ToDoubleFunction<ConcurrentObjectPool<?>> f) {
        final Meter m = Gauge.builder(name, pool, f).description(description).tags(tags).register(r);
        bindings.add(m, m.getId().toString(), r::getMeters, () -> r.remove(m));
    }}
