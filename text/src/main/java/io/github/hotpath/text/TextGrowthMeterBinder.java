package io.github.hotpath.text;

import io.github.hotpath.core.internal.Bindings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;

/**
 * Binds a {@link ConcurrentTextGrowth} to a Micrometer {@link MeterRegistry}, tagged {@code name=<its name>}:
 * {@code hotpath.text.builder.grows} (function counter, {@link TextGrowthMetrics#grows()}) and
 * {@code hotpath.text.builder.peak.length} (gauge, {@link TextGrowthMetrics#peakLength()}).
 *
 * <h2>Cost, thread-safety and life</h2>
 * Nothing on the recording threads: each meter takes a {@link ConcurrentTextGrowth#metrics()} snapshot, two reads
 * of fields that are written only when a builder grows (no snapshot is shared between the two meters: there is
 * nothing to gain). {@link #bindTo} may be called from any thread. The meters hold the aggregate weakly, as
 * Micrometer's own binders hold what they observe; {@link #close()} removes them.
 *
 * <p>Note: needs {@code micrometer-core} on the class path (an optional dependency of hotpath-text).
 */
// Micrometer's types in the signatures are the point; the module requires it static, not transitive (an automatic
// module), so a modular user of the binder declares 'requires micrometer.core' itself, as it calls the registry.
@SuppressWarnings("exports")
public final class TextGrowthMeterBinder implements MeterBinder, AutoCloseable {
    private static final String GROWS = "hotpath.text.builder.grows";
    private static final String PEAK = "hotpath.text.builder.peak.length";

    private final ConcurrentTextGrowth growth;
    private final Tags tags;
    private final Bindings bindings = new Bindings();

    /**
     * A binder for {@code growth}, tagged with its name.
     *
     * @param growth the aggregate.
     * @throws NullPointerException if {@code growth} is null.
     */
    public TextGrowthMeterBinder(final ConcurrentTextGrowth growth) {
        this(growth, Tags.empty());
    }

    /**
     * A binder for {@code growth}, tagged with its name and {@code extraTags}.
     *
     * @param growth    the aggregate.
     * @param extraTags more tags for every meter.
     * @throws NullPointerException if an argument is null.
     */
    public TextGrowthMeterBinder(final ConcurrentTextGrowth growth, final Iterable<Tag> extraTags) {
        this.growth = Objects.requireNonNull(growth, "growth");
        this.tags = Tags.of(Objects.requireNonNull(extraTags, "extraTags")).and("name", growth.name());
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
     * Removes this binder's meters from every registry it was bound to. Do it when the aggregate is replaced by another
     * of the same name: a registry keeps the first meter of an id, so the new one's binder would fail. Calling it
     * again does nothing.
     */
    @Override
    public void close() {
        bindings.close();
    }

    private void registerAll(final MeterRegistry registry) {
        final Meter grows = FunctionCounter.builder(GROWS, growth, g -> g.metrics().grows())
            .description("times a text builder grew its array: rising in steady state = presize too small")
            .tags(tags).register(registry);
        bindings.add(grows, grows.getId().toString(), registry::getMeters, () -> registry.remove(grows));
        final Meter peak = Gauge.builder(PEAK, growth, g -> g.metrics().peakLength())
            .description("longest text a builder held: the presize that avoids every growth")
            .tags(tags).register(registry);
        bindings.add(peak, peak.getId().toString(), registry::getMeters, () -> registry.remove(peak));
    }}
