package io.github.hotpath.text;

import io.github.hotpath.core.AllocationMeter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The growth of pooled builders, recorded at reset: counted once, peak kept, nothing allocated, real meters. */
class ConcurrentTextGrowthTest {
    static volatile Object sink;

    private static void render(final TextBuilder b, final int chars) {
        for (int i = 0; i < chars; i++) {
            b.append('x');
        }
    }

    @Test
    void eachGrowthIsCountedOnceAndThePeakIsTheLongestText() {
        final ConcurrentTextGrowth growth = new ConcurrentTextGrowth("query");
        final TextBuilder b = new TextBuilder(16, 1024);
        render(b, 10);
        growth.record(b);
        b.reset();
        assertEquals(new TextGrowthMetrics(0, 10), growth.metrics(), "presized right: no growth");
        render(b, 40);          // 16 -> 32 -> 64: two growths
        growth.record(b);
        b.reset();
        assertEquals(new TextGrowthMetrics(2, 40), growth.metrics());
        render(b, 40);          // the grown array is retained: no new growth
        growth.record(b);
        b.reset();
        growth.record(b);       // recording again changes nothing
        assertEquals(new TextGrowthMetrics(2, 40), growth.metrics());
        assertEquals(0, b.growCount(), "the builder's growths moved into the aggregate");
        assertEquals("ConcurrentTextGrowth[query, grows=2, peakLength=40]", growth.toString());
    }

    @Test
    void buildersRecordedFromManyThreadsAddUp() throws Exception {
        final ConcurrentTextGrowth growth = new ConcurrentTextGrowth("many");
        final int threads = 4;
        final int rounds = 2_000;
        final CyclicBarrier start = new CyclicBarrier(threads);
        final List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int longest = 100 + t;
            all.add(new Thread(() -> {
                try {
                    start.await();
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int r = 0; r < rounds; r++) {
                    final TextBuilder b = new TextBuilder(50, 50); // shrinks back on reset: grows every round
                    render(b, r % 2 == 0 ? longest : 10);
                    growth.record(b);
                    b.reset();
                }
            }));
        }
        all.forEach(Thread::start);
        for (final Thread t : all) {
            t.join();
        }
        long expected = 0;
        for (int t = 0; t < threads; t++) {
            final TextBuilder alone = new TextBuilder(50, 50);
            render(alone, 100 + t);
            expected += (long) rounds / 2 * alone.growCount(); // the short renders never grow
        }
        assertEquals(new TextGrowthMetrics(expected, 103), growth.metrics());
    }

    @Test
    @Tag("allocation")
    void recordAllocatesNothing() {
        final ConcurrentTextGrowth growth = new ConcurrentTextGrowth("alloc");
        final TextBuilder b = new TextBuilder(64);
        AllocationMeter.meter().assertNoAllocation("append + record + reset", i -> {
            b.append(123_456_789L + i);
            growth.record(b);
            b.reset();
        });
    }

    @Test
    @Tag("allocation")
    void twinSeesOneBoxedLongPerRecord() {
        final ConcurrentTextGrowth growth = new ConcurrentTextGrowth("alloc-twin");
        final TextBuilder b = new TextBuilder(64);
        AllocationMeter.meter().assertBytesPerOperation("append + record + reset + one boxed Long",
            AllocationMeter.boxedLongBytes(), i -> {
                sink = Long.valueOf(123_456_789L + i);
                b.append(123_456_789L + i);
                growth.record(b);
                b.reset();
            });
    }

    @Test
    void theMetersReadTheAggregateTaggedWithItsName() {
        final ConcurrentTextGrowth growth = new ConcurrentTextGrowth("response.json");
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new TextGrowthMeterBinder(growth, Tags.of("service", "shop")).bindTo(registry);
        final TextBuilder b = new TextBuilder(8, 8);
        render(b, 20);
        growth.record(b);
        assertEquals(2, registry.get("hotpath.text.builder.grows").tag("name", "response.json")
            .tag("service", "shop").functionCounter().count());
        assertEquals(20, registry.get("hotpath.text.builder.peak.length").tag("name", "response.json")
            .gauge().value());
    }

    @Test
    void closingTheBinderRemovesItsMetersAndBindingOverLiveOnesFails() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final TextGrowthMeterBinder binder = new TextGrowthMeterBinder(new ConcurrentTextGrowth("twice"));
        binder.bindTo(registry);
        assertThrows(IllegalStateException.class,
            () -> new TextGrowthMeterBinder(new ConcurrentTextGrowth("twice")).bindTo(registry));
        assertEquals(2, registry.getMeters().size(), "all or nothing");
        binder.close();
        assertEquals(0, registry.getMeters().size());
    }

    @Test
    void aNameThatIsNoObjectNameValueIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConcurrentTextGrowth("a,b"));
        assertThrows(NullPointerException.class, () -> new ConcurrentTextGrowth(null));
        assertThrows(NullPointerException.class, () -> new ConcurrentTextGrowth("n").record(null));
    }
}
