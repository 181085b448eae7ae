package io.github.hotpath.pool;

import io.github.hotpath.core.AllocationMeter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The object pool on JMX and Micrometer: opt-in registration found by ObjectName and read under load, gone after
 * close; meters in a real registry; one snapshot per scrape; and 0 B per acquire/release on the pool's user while a
 * scraper reads every metric (with its boxed-Long twin).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ObjectPoolMetricsTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final String[] SCRAPE = {"Acquired", "Released", "Created", "Dropped", "DroppedOversize",
        "MisuseRejected", "ResetFailures", "LeaksDetected", "Exhausted", "InUse", "Idle", "HighWaterMark",
        "IdleCapacity", "MaxTotal"};
    static volatile Object sink;

    private static ObjectName named(final String name) throws Exception {
        return new ObjectName("io.github.hotpath:type=ObjectPool,name=" + name);
    }

    private static ConcurrentObjectPool<RequestContext> pool(final String name, final boolean jmx) {
        return ConcurrentObjectPool.builder(RequestContext::new).name(name).jmx(jmx).maxIdle(16).build();
    }

    private static Map<String, Long> scrape(final ObjectName on) throws Exception {
        final AttributeList list = SERVER.getAttributes(on, SCRAPE);
        assertEquals(SCRAPE.length, list.size(), "every attribute is readable");
        final Map<String, Long> values = new HashMap<>();
        for (final Attribute a : list.asList()) {
            values.put(a.getName(), ((Number) a.getValue()).longValue());
        }
        return values;
    }

    @Test
    void registeredPoolIsFoundByObjectNameReadUnderLoadAndGoneAfterClose() throws Exception {
        final ObjectName on = named("jmx-contexts");
        final ConcurrentObjectPool<RequestContext> pool = pool("jmx-contexts", true);
        try {
            assertEquals(java.util.Set.of(on),
                SERVER.queryNames(new ObjectName("io.github.hotpath:type=ObjectPool,name=jmx-contexts,*"), null));
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicLong leases = new AtomicLong();
            final Thread user = new Thread(() -> {
                while (!stop.get()) {
                    try (Lease<RequestContext> lease = pool.lease()) {
                        lease.object().userId("u");
                    }
                    leases.incrementAndGet();
                }
            }, "jmx-pool-user");
            user.start();
            long lastAcquired = 0;
            for (int i = 0; i < 200; i++) {
                final Map<String, Long> m = scrape(on);
                assertTrue(m.get("Acquired") >= lastAcquired, "Acquired went down: " + lastAcquired + " -> " + m);
                assertTrue(m.get("Acquired") >= m.get("Released"), "one snapshot per scrape: " + m);
                assertEquals(16L, m.get("IdleCapacity"));
                lastAcquired = m.get("Acquired");
            }
            stop.set(true);
            user.join();
            final Map<String, Long> end = scrape(on);
            assertEquals(leases.get(), end.get("Acquired"));
            assertEquals(leases.get(), end.get("Released"));
            assertEquals(0L, end.get("InUse"));
            assertEquals("jmx-contexts", SERVER.getAttribute(on, "Name"));
            final double hitRate = (Double) SERVER.getAttribute(on, "HitRate");
            assertTrue(hitRate > 0.9, "hit rate " + hitRate);
        } finally {
            pool.close();
        }
        assertFalse(SERVER.isRegistered(on), "close() unregisters");
        pool.close();
    }

    @Test
    void registrationIsOptInAndATakenNameFailsTheBuild() throws Exception {
        try (ConcurrentObjectPool<RequestContext> off = pool("jmx-pool-off", false)) {
            assertEquals("jmx-pool-off", off.name());
            assertFalse(SERVER.isRegistered(named("jmx-pool-off")));
        }
        try (ConcurrentObjectPool<RequestContext> first = pool("jmx-pool-twice", true)) {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> pool("jmx-pool-twice", true));
            assertTrue(e.getMessage().contains("name=jmx-pool-twice is already registered"), e.getMessage());
            assertEquals(first.name(), SERVER.getAttribute(named("jmx-pool-twice"), "Name"));
        }
        assertFalse(SERVER.isRegistered(named("jmx-pool-twice")));
    }

    @Test
    void unnamedPoolsGetDistinctDefaultNamesAndBadNamesAreRefused() {
        try (ConcurrentObjectPool<RequestContext> a = ConcurrentObjectPool.builder(RequestContext::new).build();
             ConcurrentObjectPool<RequestContext> b = ConcurrentObjectPool.builder(RequestContext::new).build()) {
            assertTrue(a.name().matches("object-pool-[0-9]+"), a.name());
            assertNotEquals(a.name(), b.name());
        }
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ConcurrentObjectPool.builder(RequestContext::new).name("a,b"));
        assertTrue(e.getMessage().contains("a,b"), e.getMessage());
        assertThrows(NullPointerException.class, () -> ConcurrentObjectPool.builder(RequestContext::new).name(null));
    }

    @Test
    void everyMeterIsTaggedWithThePoolsNameAndReadsItsMetrics() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConcurrentObjectPool<RequestContext> pool = pool("contexts", false)) {
            new ObjectPoolMeterBinder(pool, Tags.of("service", "shop")).bindTo(registry);
            for (int i = 0; i < 1_000; i++) {
                try (Lease<RequestContext> lease = pool.lease()) {
                    lease.object().userId("u");
                }
            }
            final PoolMetrics m = pool.metrics();
            assertEquals(1_000, registry.get("hotpath.pool.acquired").functionCounter().count());
            assertEquals(1_000, registry.get("hotpath.pool.released").functionCounter().count());
            assertEquals(m.created(), registry.get("hotpath.pool.created").functionCounter().count());
            assertEquals(0, registry.get("hotpath.pool.in.use").gauge().value());
            assertEquals(m.idle(), registry.get("hotpath.pool.idle").gauge().value());
            assertEquals(16, registry.get("hotpath.pool.idle.capacity").gauge().value());
            final List<Meter> meters = registry.getMeters();
            assertEquals(14, meters.size());
            for (final Meter meter : meters) {
                assertEquals("contexts", meter.getId().getTag("name"), meter.getId().toString());
                assertEquals("shop", meter.getId().getTag("service"), meter.getId().toString());
                assertTrue(meter.getId().getName().startsWith("hotpath.pool."), meter.getId().toString());
            }
        }
    }

    /**
     * Was: a pool replaced by another of the same name kept being reported: the registry handed the second binder
     * the first pool's meters (acquired stayed at 1 while the new pool counted 5), with no way to unbind (outside
     * review). Now a binder's {@code close()} removes its meters, and binding over live ones fails, all or nothing.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "common tags: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aPoolReplacedUnderTheSameNameIsReportedOnceTheOldBinderIsClosedAndNeverBefore(final boolean commonTags) {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        if (commonTags) { // as Spring Boot's management.metrics.tags.*: the registry's ids carry one more tag
            registry.config().commonTags("app", "shop");
        }
        try (ConcurrentObjectPool<RequestContext> first = pool("replaced", false);
             ConcurrentObjectPool<RequestContext> second = pool("replaced", false)) {
            final ObjectPoolMeterBinder firstBinder = new ObjectPoolMeterBinder(first);
            firstBinder.bindTo(registry);
            first.release(first.acquire());
            final ObjectPoolMeterBinder secondBinder = new ObjectPoolMeterBinder(second);
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> secondBinder.bindTo(registry));
            assertTrue(e.getMessage().contains("hotpath.pool.acquired") && e.getMessage().contains("close"),
                e.getMessage());
            assertEquals(14, registry.getMeters().size(), "the first pool's meters, and none of the second's");
            assertEquals(1, registry.get("hotpath.pool.acquired").functionCounter().count());
            firstBinder.close();
            assertEquals(0, registry.getMeters().size(), "close removed the meters");
            firstBinder.close(); // again: nothing
            firstBinder.bindTo(registry);
            assertThrows(IllegalStateException.class, () -> firstBinder.bindTo(registry), "bound twice");
            assertEquals(14, registry.getMeters().size(), "the failed second bind took nothing of the first");
            firstBinder.close();
            secondBinder.bindTo(registry);
            for (int i = 0; i < 5; i++) {
                second.release(second.acquire());
            }
            assertEquals(14, registry.getMeters().size());
            assertEquals(5, registry.get("hotpath.pool.acquired").tag("name", "replaced").functionCounter().count());
            secondBinder.close();
            assertEquals(0, registry.getMeters().size());
        }
    }

    /** Was: closing a binder removed by id, so also another binder's meter registered since under that id. */
    @Test
    void closingAnOldBinderLeavesTheMetersOfItsSuccessorAlone() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConcurrentObjectPool<RequestContext> first = pool("successor", false);
             ConcurrentObjectPool<RequestContext> second = pool("successor", false)) {
            final ObjectPoolMeterBinder old = new ObjectPoolMeterBinder(first);
            old.bindTo(registry);
            registry.clear(); // the old meters removed by hand, as the clash message allows
            final ObjectPoolMeterBinder successor = new ObjectPoolMeterBinder(second);
            successor.bindTo(registry);
            old.close();
            assertEquals(14, registry.getMeters().size(), "forbidden: the old binder removed its successor's meters");
            successor.close();
            assertEquals(0, registry.getMeters().size());
        }
    }

    private static double readAll(final Meter[] meters) {
        double sum = 0;
        for (final Meter meter : meters) {
            sum += meter instanceof Gauge ? ((Gauge) meter).value() : ((FunctionCounter) meter).count();
        }
        return sum;
    }

    @Test
    void aScrapeOfFourteenMetersTakesOneSnapshot() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConcurrentObjectPool<RequestContext> pool = pool("one-snapshot", false)) {
            new ObjectPoolMeterBinder(pool).bindTo(registry);
            final Meter[] meters = registry.getMeters().toArray(new Meter[0]);
            final long oneSnapshot = AllocationMeter.meter().warmup(20_000).operations(20_000)
                .measure(i -> sink = pool.metrics()).bytes() / 20_000;
            final long oneScrape = AllocationMeter.meter().warmup(20_000).operations(20_000)
                .measure(i -> {
                    if (readAll(meters) < 0) {
                        throw new AssertionError("a negative count");
                    }
                }).bytes() / 20_000;
            assertTrue(oneSnapshot > 0, "a snapshot allocates its record");
            assertEquals(oneSnapshot, oneScrape, "bytes per scrape of 14 meters vs. one metrics() call");
        }
    }

    /** Reads every meter and attribute of a pool in a loop until closed. */
    private static final class Scraper implements AutoCloseable {
        private final Thread thread;
        private final AtomicLong scrapes = new AtomicLong();
        private volatile boolean stop;

        Scraper(final ConcurrentObjectPool<?> pool) throws Exception {
            final SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new ObjectPoolMeterBinder(pool).bindTo(registry);
            final Meter[] meters = registry.getMeters().toArray(new Meter[0]);
            final ObjectName on = named(pool.name());
            thread = new Thread(() -> {
                try {
                    while (!stop) {
                        sink = readAll(meters);
                        sink = SERVER.getAttributes(on, SCRAPE);
                        scrapes.incrementAndGet();
                    }
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "pool-metrics-scraper");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join();
            assertTrue(scrapes.get() > 10, "the scraper ran: " + scrapes.get());
        }
    }

    @Test
    @Tag("allocation")
    void acquireAndReleaseAllocateNothingWhileAScraperReadsEveryMetric() throws Exception {
        try (ConcurrentObjectPool<RequestContext> pool = pool("alloc-pool-scraped", true);
             Scraper scraper = new Scraper(pool)) {
            AllocationMeter.meter().assertNoAllocation("acquire + fill + release while scraped", i -> {
                final long handle = pool.acquire();
                pool.object(handle).putHeader("X-Request-Id", "r");
                pool.release(handle);
            });
        }
    }

    @Test
    @Tag("allocation")
    void twinSeesOneBoxedLongPerAcquisitionWhileAScraperReadsEveryMetric() throws Exception {
        try (ConcurrentObjectPool<RequestContext> pool = pool("alloc-pool-scraped-twin", true);
             Scraper scraper = new Scraper(pool)) {
            AllocationMeter.meter().assertBytesPerOperation("acquire + release + one boxed Long while scraped",
                AllocationMeter.boxedLongBytes(), i -> {
                    sink = Long.valueOf(123_456_789L + i);
                    final long handle = pool.acquire();
                    pool.object(handle).putHeader("X-Request-Id", "r");
                    pool.release(handle);
                });
        }
    }
}
