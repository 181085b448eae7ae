package io.github.hotpath.text;

import io.github.hotpath.core.JmxRegistration;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How the {@link TextBuilder}s of one kind (say, the query builder of every pooled request context) grew, summed
 * over all of them: the signal that their presize is wrong. A pooled object {@linkplain #record(TextBuilder) records}
 * its builder when it is reset, and a dashboard reads {@link #metrics()} (or the meters of
 * {@link TextGrowthMeterBinder}):
 * <pre>{@code
 * final class RequestScratch extends RequestContext {
 *     static final ConcurrentTextGrowth QUERY_GROWTH = new ConcurrentTextGrowth("request.query");
 *     final TextBuilder query = new TextBuilder(256, 16 * 1024);
 *
 *     protected void resetFields() {     // on release, on the releasing thread
 *         QUERY_GROWTH.record(query);
 *         query.reset();
 *     }
 * }
 * }</pre>
 * Reading it: {@code grows} rising in steady state means renders still outgrow the builders (each growth allocated a
 * larger array and copied); {@code peakLength} above the initial capacity is the presize that would have avoided
 * them. Both are flat once the presize is right.
 *
 * <h2>Why a hook at reset, and what it costs</h2>
 * The pool cannot see the builders inside its objects, and a builder belongs to one thread at a time, so the one
 * place where its statistics can be read safely is where its owner lets go of it: the reset on release. There
 * {@link #record(TextBuilder)} reads the builder's {@code growCount()} and {@code peakLength()} (its owner's own
 * fields) and compares the peak with this aggregate's (a read of a line that is almost never written, so it stays
 * shared in every core's cache). It writes here only when the builder grew since its last record (an event that has
 * just allocated and copied an array anyway) or held a longer text than any before: in steady state, never. So no
 * release writes a shared line, and no counter is contended. Each growth is counted once because {@code record}
 * moves the builder's statistics here: after a growth it calls the builder's {@link TextBuilder#resetStatistics()},
 * so do not rely on a recorded builder's own {@code growCount()}.
 *
 * <h2>Thread-safety, allocation, memory effects</h2>
 * Thread-safe: {@link #record(TextBuilder)} from any thread that owns the builder at that moment (the pooled
 * object's releasing thread), {@link #metrics()} from any thread. {@code record} allocates nothing; {@code metrics}
 * allocates its record. The two counts are read one after the other; each only grows.
 */
public final class ConcurrentTextGrowth {
    private static final VarHandle GROWS;
    private static final VarHandle PEAK;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            GROWS = lookup.findVarHandle(ConcurrentTextGrowth.class, "grows", long.class);
            PEAK = lookup.findVarHandle(ConcurrentTextGrowth.class, "peakLength", int.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    @SuppressWarnings("unused") // through GROWS
    private long grows;
    @SuppressWarnings("unused") // through PEAK
    private int peakLength;

    /**
     * An aggregate with nothing recorded yet.
     *
     * @param name what the builders are, for the meters' {@code name} tag: non-empty, without
     *             {@code , = : " * ?} or line breaks (checked as {@link JmxRegistration#requireName} does).
     * @throws NullPointerException     if {@code name} is null.
     * @throws IllegalArgumentException if {@code name} is empty or holds a reserved character.
     */
    public ConcurrentTextGrowth(final String name) {
        this.name = JmxRegistration.requireName("name", name);
    }

    /**
     * Moves a builder's growth statistics into this aggregate; call it on the builder's owning thread, typically in
     * the {@code reset} of the pooled object that holds it, before the builder's own {@code reset()}. Allocates
     * nothing, and writes this aggregate only when the builder grew since its last record or held a longer text
     * than any builder before (see the class comment).
     *
     * @param builder a builder the calling thread owns.
     * @throws NullPointerException if {@code builder} is null.
     */
    public void record(final TextBuilder builder) {
        final int grew = builder.growCount();
        final int peak = builder.peakLength();
        if (grew != 0) {
            builder.resetStatistics(); // moved here: counted once
            GROWS.getAndAdd(this, (long) grew);
        }
        int known = (int) PEAK.getOpaque(this);
        while (peak > known && !PEAK.weakCompareAndSet(this, known, peak)) {
            known = (int) PEAK.getOpaque(this);
        }
    }

    /**
     * The name given at construction.
     *
     * @return the name.
     */
    public String name() {
        return name;
    }

    /**
     * A snapshot of what was recorded so far. Writes nothing; allocates the record.
     *
     * @return the counts now.
     */
    public TextGrowthMetrics metrics() {
        return new TextGrowthMetrics((long) GROWS.getOpaque(this), (int) PEAK.getOpaque(this));
    }

    @Override
    public String toString() {
        final TextGrowthMetrics m = metrics();
        return "ConcurrentTextGrowth[" + name + ", grows=" + m.grows() + ", peakLength=" + m.peakLength() + "]";
    }
}
