package io.github.hotpath.worker;

import io.github.hotpath.core.AllocationMeter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker pool's meters in a real Micrometer registry: names, tags, values, and one snapshot per scrape. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerPoolMeterBinderTest {
    static volatile Object sink;

    private static ConcurrentWorkerPool<NumberedJob> pool(final String name) {
        return ConcurrentWorkerPool.builder(NumberedJob::new, (NumberedJob job) -> { })
            .name(name).workers(2).capacity(32).build();
    }

    private static double count(final SimpleMeterRegistry r, final String meter) {
        return r.get(meter).functionCounter().count();
    }

    private static double gauge(final SimpleMeterRegistry r, final String meter) {
        return r.get(meter).gauge().value();
    }

    @Test
    void everyMeterIsTaggedWithThePoolsNameAndReadsItsMetrics() throws Exception {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConcurrentWorkerPool<NumberedJob> pool = pool("orders")) {
            new WorkerPoolMeterBinder(pool, Tags.of("service", "shop")).bindTo(registry);
            for (long i = 0; i < 1_000; i++) {
                assertTrue(pool.submit(NumberedJob.FILL, 123_456_789L + i));
            }
            assertTrue(pool.awaitSettled(Duration.ofSeconds(30)));
            final WorkerPoolMetrics m = pool.metrics();
            assertEquals(1_000, count(registry, "hotpath.worker.jobs.submitted"));
            assertEquals(m.completed(), count(registry, "hotpath.worker.jobs.completed"));
            assertEquals(0, count(registry, "hotpath.worker.jobs.failed"));
            assertEquals(0, count(registry, "hotpath.worker.jobs.not.run"));
            assertEquals(0, count(registry, "hotpath.worker.jobs.rejected"));
            assertEquals(0, count(registry, "hotpath.worker.jobs.caller.runs"));
            assertTrue(count(registry, "hotpath.worker.parks") >= m.parks(), "parks only grows");
            assertEquals(0, gauge(registry, "hotpath.worker.queue.depth"));
            assertEquals(0, gauge(registry, "hotpath.worker.jobs.in.flight"));
            assertEquals(32, gauge(registry, "hotpath.worker.jobs.capacity"));
            assertEquals(2, gauge(registry, "hotpath.worker.threads"));
            final List<Meter> meters = registry.getMeters();
            assertEquals(11, meters.size(), meters.stream().map(x -> x.getId().getName()).collect(Collectors.toList())
                .toString());
            for (final Meter meter : meters) {
                assertEquals("orders", meter.getId().getTag("name"), meter.getId().toString());
                assertEquals("shop", meter.getId().getTag("service"), meter.getId().toString());
                assertTrue(meter.getId().getName().startsWith("hotpath.worker."), meter.getId().toString());
                assertTrue(meter.getId().getDescription() != null, meter.getId().toString());
            }
        }
    }

    @Test
    void closingTheBinderRemovesItsMetersAndBindingOverLiveOnesFails() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConcurrentWorkerPool<NumberedJob> first = pool("twice"); ConcurrentWorkerPool<NumberedJob> second =
            pool("twice")) {
            final WorkerPoolMeterBinder binder = new WorkerPoolMeterBinder(first);
            binder.bindTo(registry);
            final int meters = registry.getMeters().size();
            assertThrows(IllegalStateException.class, () -> new WorkerPoolMeterBinder(second).bindTo(registry));
            assertEquals(meters, registry.getMeters().size(), "all or nothing");
            binder.close();
            assertEquals(0, registry.getMeters().size());
            new WorkerPoolMeterBinder(second).bindTo(registry);
            assertEquals(meters, registry.getMeters().size());
        }
    }

    @Test
    void twoPoolsInOneRegistryAreToldApartByTheirNameTag() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConcurrentWorkerPool<NumberedJob> a = pool("a"); ConcurrentWorkerPool<NumberedJob> b = pool("b")) {
            new WorkerPoolMeterBinder(a).bindTo(registry);
            new WorkerPoolMeterBinder(b).bindTo(registry);
            assertTrue(b.submit(NumberedJob.FILL, 123_456_789L));
            assertEquals(new TreeSet<>(List.of("a", "b")), registry.find("hotpath.worker.jobs.submitted").meters()
                .stream().map(x -> x.getId().getTag("name")).collect(Collectors.toCollection(TreeSet::new)));
            assertEquals(0, registry.get("hotpath.worker.jobs.submitted").tag("name", "a").functionCounter().count());
            assertEquals(1, registry.get("hotpath.worker.jobs.submitted").tag("name", "b").functionCounter().count());
        }
    }

    @Test
    void aScrapeOfEveryMeterReadsUnderLoadWithOutcomesNeverAheadOfSubmits() throws Exception {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConcurrentWorkerPool<NumberedJob> pool = pool("under-load")) {
            new WorkerPoolMeterBinder(pool).bindTo(registry);
            final FunctionCounter submitted = registry.get("hotpath.worker.jobs.submitted").functionCounter();
            final FunctionCounter completed = registry.get("hotpath.worker.jobs.completed").functionCounter();
            final Thread producer = new Thread(() -> {
                for (long i = 0; i < 200_000; i++) {
                    pool.submit(NumberedJob.FILL, i);
                }
            }, "meter-producer");
            producer.start();
            int scrapes = 0;
            while (producer.isAlive()) {
                // Submitted is read first: from separate snapshots, completed could overtake it.
                final double s = submitted.count();
                final double c = completed.count();
                assertTrue(c <= s, "a scrape mixed snapshots: submitted " + s + ", completed " + c);
                scrapes++;
            }
            producer.join();
            assertTrue(scrapes > 0);
        }
    }

    /**
     * The measurement behind the shared snapshot: a scrape of all 11 meters allocates, on the scraping thread,
     * exactly what one {@code metrics()} call does (its record), not 11 of them; and the registry itself adds
     * nothing.
     */
    @Test
    void aScrapeOfElevenMetersTakesOneSnapshot() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConcurrentWorkerPool<NumberedJob> pool = pool("one-snapshot")) {
            new WorkerPoolMeterBinder(pool).bindTo(registry);
            final List<Meter> list = registry.getMeters();
            final Meter[] meters = list.toArray(new Meter[0]);
            assertEquals(11, meters.length);
            final long oneSnapshot = AllocationMeter.meter().warmup(20_000).operations(20_000)
                .measure(i -> sink = pool.metrics()).bytes() / 20_000;
            final long oneScrape = AllocationMeter.meter().warmup(20_000).operations(20_000)
                .measure(i -> {
                    double sum = 0;
                    for (final Meter meter : meters) {
                        sum += meter instanceof Gauge ? ((Gauge) meter).value() : ((FunctionCounter) meter).count();
                    }
                    if (sum < 0) {
                        throw new AssertionError();
                    }
                }).bytes() / 20_000;
            assertTrue(oneSnapshot > 0, "a snapshot allocates its record");
            assertEquals(oneSnapshot, oneScrape, "bytes per scrape of 11 meters vs. one metrics() call");
        }
    }
}
