package io.github.hotpath.log;

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
 * Binds a {@link ConcurrentLogService}'s counters to a Micrometer {@link MeterRegistry}, tagged
 * {@code name=<service name>} (plus any tags given):
 * <pre>{@code
 * new LogServiceMeterBinder(logs).bindTo(registry);
 * }</pre>
 *
 * <table class="striped">
 *   <caption>Meters</caption>
 *   <thead><tr><th>meter</th><th>type</th><th>from</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code hotpath.log.entries.accepted}</td><td>function counter</td>
 *       <td>{@link LogMetrics#accepted()}</td></tr>
 *   <tr><td>{@code hotpath.log.entries.dropped}, {@code reason=full}</td><td>function counter</td>
 *       <td>{@link LogMetrics#droppedFull()}</td></tr>
 *   <tr><td>{@code hotpath.log.entries.dropped}, {@code reason=closed}</td><td>function counter</td>
 *       <td>{@link LogMetrics#droppedClosed()}</td></tr>
 *   <tr><td>{@code hotpath.log.entries.dropped}, {@code reason=reentrant}</td><td>function counter</td>
 *       <td>{@link LogMetrics#droppedReentrant()}</td></tr>
 *   <tr><td>{@code hotpath.log.entries.dropped}, {@code reason=too_deep}</td><td>function counter</td>
 *       <td>{@link LogMetrics#droppedTooDeep()}</td></tr>
 *   <tr><td>{@code hotpath.log.entries.written}</td><td>function counter</td>
 *       <td>{@link LogMetrics#written()}</td></tr>
 *   <tr><td>{@code hotpath.log.entries.failed}</td><td>function counter</td><td>{@link LogMetrics#failed()}</td></tr>
 *   <tr><td>{@code hotpath.log.entries.abandoned}</td><td>function counter</td>
 *       <td>{@link LogMetrics#abandoned()}</td></tr>
 *   <tr><td>{@code hotpath.log.entries.misused}</td><td>function counter</td>
 *       <td>{@link LogMetrics#misused()}</td></tr>
 *   <tr><td>{@code hotpath.log.entries.temporary}</td><td>function counter</td>
 *       <td>{@link LogMetrics#temporaryEntries()}</td></tr>
 *   <tr><td>{@code hotpath.log.bytes.written}</td><td>function counter</td>
 *       <td>{@link LogMetrics#bytesWritten()}</td></tr>
 *   <tr><td>{@code hotpath.log.write.errors}</td><td>function counter</td>
 *       <td>{@link LogMetrics#writeErrors()}</td></tr>
 *   <tr><td>{@code hotpath.log.queue.depth}</td><td>gauge</td><td>{@link LogMetrics#queueDepth()}</td></tr>
 *   <tr><td>{@code hotpath.log.queue.capacity}</td><td>gauge</td><td>{@link LogMetrics#capacity()}</td></tr>
 *   </tbody>
 * </table>
 * The four {@code dropped} series add up to {@link LogMetrics#dropped()}: {@code sum(rate(...dropped))} is every
 * lost entry.
 *
 * <h2>Cost</h2>
 * Nothing on the loggers' hot path or the writer's: the meters read the counters the service keeps anyway, through
 * {@link ConcurrentLogService#metrics()}. The meters of one binding share one {@link SnapshotCache}, so a scrape of
 * all of them takes one snapshot (one record allocated on the scraping thread).
 *
 * <h2>Thread-safety and life</h2>
 * {@link #bindTo} may be called from any thread, once per registry. As Micrometer's own binders do, the meters hold
 * the service weakly. A closed service keeps reporting its final counts until {@link #close()} removes the meters.
 * A registry keeps the first meter of a name and tags, so a service replaced by another of the same name is bound
 * after closing the old one's binder; binding over it fails rather than report the old service.
 *
 * <p>Note: needs {@code micrometer-core} on the class path (an optional dependency of hotpath-text); nothing else in
 * hotpath loads Micrometer.
 */
// Micrometer's types in the signatures are the point; the module requires it static, not transitive (an automatic
// module), so a modular user of the binder declares 'requires micrometer.core' itself, as it calls the registry.
@SuppressWarnings("exports")
public final class LogServiceMeterBinder implements MeterBinder, AutoCloseable {
    private final ConcurrentLogService service;
    private final Tags tags;
    private final Bindings bindings = new Bindings();

    /**
     * A binder for {@code service}, tagged with its name.
     *
     * @param service the log service.
     * @throws NullPointerException if {@code service} is null.
     */
    public LogServiceMeterBinder(final ConcurrentLogService service) {
        this(service, Tags.empty());
    }

    /**
     * A binder for {@code service}, tagged with its name and {@code extraTags}.
     *
     * @param service   the log service.
     * @param extraTags more tags for every meter (for example the application's name).
     * @throws NullPointerException if an argument is null.
     */
    public LogServiceMeterBinder(final ConcurrentLogService service, final Iterable<Tag> extraTags) {
        this.service = Objects.requireNonNull(service, "service");
        this.tags = Tags.of(Objects.requireNonNull(extraTags, "extraTags")).and("name", service.name());
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
     * Removes this binder's meters from every registry it was bound to. Do it when the service is replaced by another
     * of the same name: a registry keeps the first meter of an id, so the new one's binder would fail. Calling it
     * again does nothing.
     */
    @Override
    public void close() {
        bindings.close();
    }

    private void registerAll(final MeterRegistry registry) {
        final SnapshotCache<ConcurrentLogService, LogMetrics> c = new SnapshotCache<>(ConcurrentLogService::metrics);
        counter(registry, "hotpath.log.entries.accepted", null, "entries accepted for writing",
            c.meter(LogMetrics::accepted));
        // One description for the four series of one name: registries such as Prometheus keep one per name.
        final String dropped = "entries not logged, by reason: full (whenFullDrop), closed, reentrant, too_deep";
        counter(registry, "hotpath.log.entries.dropped", "full", dropped, c.meter(LogMetrics::droppedFull));
        counter(registry, "hotpath.log.entries.dropped", "closed", dropped, c.meter(LogMetrics::droppedClosed));
        counter(registry, "hotpath.log.entries.dropped", "reentrant", dropped, c.meter(LogMetrics::droppedReentrant));
        counter(registry, "hotpath.log.entries.dropped", "too_deep", dropped, c.meter(LogMetrics::droppedTooDeep));
        counter(registry, "hotpath.log.entries.written", null, "entries written to the sink",
            c.meter(LogMetrics::written));
        counter(registry, "hotpath.log.entries.failed", null, "entries accepted and not written",
            c.meter(LogMetrics::failed));
        counter(registry, "hotpath.log.entries.abandoned", null, "entries begun and never logged",
            c.meter(LogMetrics::abandoned));
        counter(registry, "hotpath.log.entries.misused", null, "calls on an entry after its log()",
            c.meter(LogMetrics::misused));
        counter(registry, "hotpath.log.entries.temporary", null,
            "entries allocated for one record because every entry was taken", c.meter(LogMetrics::temporaryEntries));
        counter(registry, "hotpath.log.bytes.written", null, "bytes written to the sink",
            c.meter(LogMetrics::bytesWritten));
        counter(registry, "hotpath.log.write.errors", null, "sink write or flush calls that threw",
            c.meter(LogMetrics::writeErrors));
        gauge(registry, "hotpath.log.queue.depth", "entries accepted and not yet taken by the writer",
            c.meter(LogMetrics::queueDepth));
        gauge(registry, "hotpath.log.queue.capacity", "the queue's slots", c.meter(LogMetrics::capacity));
    }

    // The meters' functions hold the cache, never the service: Micrometer holds it (their state object) weakly.
    private void counter(final MeterRegistry r, final String name, final String reason, final String description,
                         final ToDoubleFunction<ConcurrentLogService> f) {
        final Tags meterTags = reason == null ? tags : tags.and("reason", reason);
        final Meter m = FunctionCounter.builder(name, service, f).description(description).tags(meterTags).register(r);
        bindings.add(m, m.getId().toString(), r::getMeters, () -> r.remove(m));
    }

    private void gauge(final MeterRegistry r, final String name, final String description,
                       final ToDoubleFunction<ConcurrentLogService> f) {
        final Meter m = Gauge.builder(name, service, f).description(description).tags(tags).register(r);
        bindings.add(m, m.getId().toString(), r::getMeters, () -> r.remove(m));
    }}
