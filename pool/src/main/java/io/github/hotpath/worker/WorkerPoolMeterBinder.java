package io.github.hotpath.worker;

import io.github.hotpath.core.SnapshotCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
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
 * the pool weakly: they do not keep a discarded pool alive (they then report {@code NaN}). A closed pool keeps
 * reporting its final counts until the meters are removed from the registry.
 *
 * <p>Note: needs {@code micrometer-core} on the class path (an optional dependency of hotpath-pool); nothing else in
 * hotpath loads Micrometer.
 */
// Micrometer's types in the signatures are the point; the module requires it static, not transitive (an automatic
// module), so a modular user of the binder declares 'requires micrometer.core' itself, as it calls the registry.
@SuppressWarnings("exports")
public final class WorkerPoolMeterBinder implements MeterBinder {
    private final ConcurrentWorkerPool<?> pool;
    private final Tags tags;

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

    @Override
    public void bindTo(final MeterRegistry registry) {
        final Meters m = new Meters(registry, pool, tags);
        m.counter(0, "hotpath.worker.jobs.submitted", "jobs accepted by submit", WorkerPoolMetrics::submitted);
        m.counter(1, "hotpath.worker.jobs.completed", "jobs handled without failure", WorkerPoolMetrics::completed);
        m.counter(2, "hotpath.worker.jobs.failed", "jobs whose handler or reset threw", WorkerPoolMetrics::failed);
        m.counter(3, "hotpath.worker.jobs.not.run", "accepted jobs shutdownNow() took back",
            WorkerPoolMetrics::notRun);
        m.counter(4, "hotpath.worker.jobs.rejected", "claims that gave up: the pool was full",
            WorkerPoolMetrics::rejected);
        m.counter(5, "hotpath.worker.jobs.caller.runs", "jobs run on a claiming thread (whenFullCallerRuns)",
            WorkerPoolMetrics::ranOnCaller);
        m.counter(6, "hotpath.worker.parks", "times a worker parked on an empty queue", WorkerPoolMetrics::parks);
        m.gauge(7, "hotpath.worker.queue.depth", "jobs submitted and not yet taken", WorkerPoolMetrics::queueDepth);
        m.gauge(8, "hotpath.worker.jobs.in.flight", "job objects claimed, queued or being handled",
            WorkerPoolMetrics::inFlight);
        m.gauge(9, "hotpath.worker.jobs.capacity", "job objects in the pool", WorkerPoolMetrics::capacity);
        m.gauge(10, "hotpath.worker.threads", "worker threads", WorkerPoolMetrics::workers);
    }

    /**
     * Registers the meters of one binding. Its lambdas capture the shared cache and the meter's own values, never
     * the pool: Micrometer holds the pool (the meter's state object) weakly, and a captured pool would be strong.
     */
    private static final class Meters {
        private final MeterRegistry registry;
        private final SnapshotCache<WorkerPoolMetrics> cache;
        private final ConcurrentWorkerPool<?> pool;
        private final Tags tags;

        Meters(final MeterRegistry registry, final ConcurrentWorkerPool<?> pool, final Tags tags) {
            this.registry = registry;
            this.cache = new SnapshotCache<>();
            this.pool = pool;
            this.tags = tags;
        }

        void counter(final int meter, final String name, final String description,
                     final ToDoubleFunction<WorkerPoolMetrics> value) {
            FunctionCounter.builder(name, pool, read(cache, meter, value))
                .description(description).tags(tags).register(registry);
        }

        void gauge(final int meter, final String name, final String description,
                   final ToDoubleFunction<WorkerPoolMetrics> value) {
            Gauge.builder(name, pool, read(cache, meter, value))
                .description(description).tags(tags).register(registry);
        }

        private static ToDoubleFunction<ConcurrentWorkerPool<?>> read(final SnapshotCache<WorkerPoolMetrics> cache,
                                                                      final int meter,
                                                                      final ToDoubleFunction<WorkerPoolMetrics> value) {
            return p -> value.applyAsDouble(cache.read(meter, p, ConcurrentWorkerPool::metrics));
        }
    }
}
