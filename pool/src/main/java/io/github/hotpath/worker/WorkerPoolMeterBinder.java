package io.github.hotpath.worker;

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
 * Binds a {@link ConcurrentWorkerPool}'s counters to a Micrometer {@link MeterRegistry}, tagged
 * {@code name=<pool name>} (plus any tags given):
 * <pre>{@code
 * new WorkerPoolMeterBinder(pool).bindTo(registry);
 * }</pre>
 *
 * <table class="striped">
 *   <caption>Meters</caption>
 *   <thead><tr><th>meter</th><th>type</th><th>from</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code hotpath.worker.jobs.submitted}</td><td>function counter</td>
 *       <td>{@link WorkerPoolMetrics#submitted()}</td></tr>
 *   <tr><td>{@code hotpath.worker.jobs.completed}</td><td>function counter</td>
 *       <td>{@link WorkerPoolMetrics#completed()}</td></tr>
 *   <tr><td>{@code hotpath.worker.jobs.failed}</td><td>function counter</td>
 *       <td>{@link WorkerPoolMetrics#failed()}</td></tr>
 *   <tr><td>{@code hotpath.worker.jobs.not.run}</td><td>function counter</td>
 *       <td>{@link WorkerPoolMetrics#notRun()}</td></tr>
 *   <tr><td>{@code hotpath.worker.jobs.rejected}</td><td>function counter</td>
 *       <td>{@link WorkerPoolMetrics#rejected()}</td></tr>
 *   <tr><td>{@code hotpath.worker.jobs.caller.runs}</td><td>function counter</td>
 *       <td>{@link WorkerPoolMetrics#ranOnCaller()}</td></tr>
 *   <tr><td>{@code hotpath.worker.parks}</td><td>function counter</td><td>{@link WorkerPoolMetrics#parks()}</td></tr>
 *   <tr><td>{@code hotpath.worker.queue.depth}</td><td>gauge</td><td>{@link WorkerPoolMetrics#queueDepth()}</td></tr>
 *   <tr><td>{@code hotpath.worker.jobs.in.flight}</td><td>gauge</td>
 *       <td>{@link WorkerPoolMetrics#inFlight()}</td></tr>
 *   <tr><td>{@code hotpath.worker.jobs.capacity}</td><td>gauge</td><td>{@link WorkerPoolMetrics#capacity()}</td></tr>
 *   <tr><td>{@code hotpath.worker.threads}</td><td>gauge</td><td>{@link WorkerPoolMetrics#workers()}</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>Cost</h2>
 * Nothing on the pool's hot path: the meters read the counters the pool keeps anyway, through
 * {@link ConcurrentWorkerPool#metrics()}. The meters of one binding share one {@link SnapshotCache}, so a scrape
 * of all of them takes one snapshot (one read of each counter line, one record allocated on the scraping thread).
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
public final class WorkerPoolMeterBinder implements MeterBinder, AutoCloseable {
    private final ConcurrentWorkerPool<?> pool;
    private final Tags tags;
    private final Bindings bindings = new Bindings();

    /**
     * A binder for {@code pool}, tagged with its name.
     *
     * @param pool the worker pool.
     * @throws NullPointerException if {@code pool} is null.
     */
    public WorkerPoolMeterBinder(final ConcurrentWorkerPool<?> pool) {
        this(pool, Tags.empty());
    }

    /**
     * A binder for {@code pool}, tagged with its name and {@code extraTags}.
     *
     * @param pool      the worker pool.
     * @param extraTags more tags for every meter (for example the service's name).
     * @throws NullPointerException if an argument is null.
     */
    public WorkerPoolMeterBinder(final ConcurrentWorkerPool<?> pool, final Iterable<Tag> extraTags) {
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
        final SnapshotCache<ConcurrentWorkerPool<?>, WorkerPoolMetrics> c =
            new SnapshotCache<>(ConcurrentWorkerPool::metrics);
        counter(registry, "hotpath.worker.jobs.submitted", "jobs accepted by submit",
            c.meter(WorkerPoolMetrics::submitted));
        counter(registry, "hotpath.worker.jobs.completed", "jobs handled without failure",
            c.meter(WorkerPoolMetrics::completed));
        counter(registry, "hotpath.worker.jobs.failed", "jobs whose handler or reset threw",
            c.meter(WorkerPoolMetrics::failed));
        counter(registry, "hotpath.worker.jobs.not.run", "accepted jobs shutdownNow() took back",
            c.meter(WorkerPoolMetrics::notRun));
        counter(registry, "hotpath.worker.jobs.rejected", "claims that gave up: every job object was in flight",
            c.meter(WorkerPoolMetrics::rejected));
        counter(registry, "hotpath.worker.jobs.caller.runs", "jobs run on a claiming thread (whenFullCallerRuns)",
            c.meter(WorkerPoolMetrics::ranOnCaller));
        counter(registry, "hotpath.worker.parks", "times a worker parked on an empty queue",
            c.meter(WorkerPoolMetrics::parks));
        gauge(registry, "hotpath.worker.queue.depth", "jobs submitted and not yet taken",
            c.meter(WorkerPoolMetrics::queueDepth));
        gauge(registry, "hotpath.worker.jobs.in.flight", "job objects claimed, queued or being handled",
            c.meter(WorkerPoolMetrics::inFlight));
        gauge(registry, "hotpath.worker.jobs.capacity", "job objects in the pool",
            c.meter(WorkerPoolMetrics::capacity));
        gauge(registry, "hotpath.worker.threads", "worker threads", c.meter(WorkerPoolMetrics::workers));
    }

    // The meters' functions hold the cache, never the pool: Micrometer holds the pool (their state object) weakly.
    private void counter(final MeterRegistry r, final String name, final String description,
                         final ToDoubleFunction<ConcurrentWorkerPool<?>> f) {
        final Meter m = FunctionCounter.builder(name, pool, f).description(description).tags(tags).register(r);
        bindings.add(m, m.getId().toString(), r::getMeters, () -> r.remove(m));
    }

    private void gauge(final MeterRegistry r, final String name, final String description,
                       final ToDoubleFunction<ConcurrentWorkerPool<?>> f) {
        final Meter m = Gauge.builder(name, pool, f).description(description).tags(tags).register(r);
        bindings.add(m, m.getId().toString(), r::getMeters, () -> r.remove(m));
    }}
