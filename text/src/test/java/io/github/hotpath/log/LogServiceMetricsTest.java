package io.github.hotpath.log;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log service on JMX and Micrometer: opt-in registration found by ObjectName and read under load, gone after
 * close; meters in a real registry with drops by reason; one snapshot per scrape; and 0 B per record on the caller
 * and the writer while a scraper reads every metric (with its boxed-Long twin).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogServiceMetricsTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final String[] SCRAPE = {"Accepted", "Dropped", "DroppedFull", "DroppedClosed", "Written",
        "Failed", "BytesWritten", "WriteErrors", "Abandoned", "Misused", "TemporaryEntries", "QueueDepth", "Capacity"};
    static volatile Object sink;

    private static ObjectName named(final String name) throws Exception {
        return new ObjectName("io.github.hotpath:type=LogService,name=" + name);
    }

    private static ConcurrentLogService service(final String name, final boolean jmx) {
        return ConcurrentLogService.builder().sink(LogSink.channel(new TestSinks.Counting())).name(name).jmx(jmx)
            .shutdownHook(false).build();
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
    void registeredServiceIsFoundByObjectNameReadUnderLoadAndGoneAfterClose() throws Exception {
        final ObjectName on = named("jmx-app");
        final long records = 100_000;
        final ConcurrentLogService logs = service("jmx-app", true);
        try {
            assertEquals(java.util.Set.of(on),
                SERVER.queryNames(new ObjectName("io.github.hotpath:type=LogService,name=jmx-app,*"), null));
            final Logger log = logs.logger("load");
            final Thread producer = new Thread(() -> {
                for (long i = 0; i < records; i++) {
                    log.info().append("n=").append(123_456_789L + i).log();
                }
            }, "jmx-log-producer");
            producer.start();
            long lastAccepted = 0;
            int scrapes = 0;
            while (producer.isAlive() || scrapes < 3) {
                final Map<String, Long> m = scrape(on);
                assertTrue(m.get("Accepted") >= lastAccepted, "Accepted went down: " + lastAccepted + " -> " + m);
                assertTrue(m.get("Dropped") >= m.get("DroppedFull") + m.get("DroppedClosed"), m.toString());
                lastAccepted = m.get("Accepted");
                scrapes++;
            }
            producer.join();
            logs.flush();
            final Map<String, Long> end = scrape(on);
            assertEquals(records, end.get("Accepted"));
            assertEquals(records, end.get("Written"));
            assertEquals(0L, end.get("Dropped"));
            assertEquals("jmx-app", SERVER.getAttribute(on, "Name"));
        } finally {
            logs.close();
        }
        assertFalse(SERVER.isRegistered(on), "close() unregisters");
        logs.close();
    }

    @Test
    void registrationIsOptInNamesAreCheckedAndATakenNameFailsTheBuild() throws Exception {
        try (ConcurrentLogService off = service("jmx-log-off", false)) {
            assertEquals("jmx-log-off", off.name());
            assertFalse(SERVER.isRegistered(named("jmx-log-off")));
        }
        try (ConcurrentLogService first = service("jmx-log-twice", true)) {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> service("jmx-log-twice", true));
            assertTrue(e.getMessage().contains("name=jmx-log-twice is already registered"), e.getMessage());
            assertEquals(first.name(), SERVER.getAttribute(named("jmx-log-twice"), "Name"));
        }
        try (ConcurrentLogService a = ConcurrentLogService.builder().sink(LogSink.channel(new TestSinks.Counting()))
                 .shutdownHook(false).build();
             ConcurrentLogService b = ConcurrentLogService.builder().sink(LogSink.channel(new TestSinks.Counting()))
                 .shutdownHook(false).build()) {
            assertTrue(a.name().matches("log-service-[0-9]+"), a.name());
            assertNotEquals(a.name(), b.name());
        }
        assertThrows(IllegalArgumentException.class, () -> ConcurrentLogService.builder().name("a:b"));
        assertThrows(NullPointerException.class, () -> ConcurrentLogService.builder().name(null));
    }

    @Test
    void theMetersCountDropsByReasonTaggedWithTheServicesName() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final ConcurrentLogService logs = service("app", false);
        new LogServiceMeterBinder(logs, Tags.of("service", "shop")).bindTo(registry);
        final Logger log = logs.logger("meters");
        for (int i = 0; i < 100; i++) {
            log.info().append("n=").append(123_456_789L + i).log();
        }
        logs.flush();
        logs.close();
        log.info().append("after close").log(); // dropped: closed
        final LogMetrics m = logs.metrics();
        assertEquals(100, registry.get("hotpath.log.entries.accepted").functionCounter().count());
        assertEquals(100, registry.get("hotpath.log.entries.written").functionCounter().count());
        assertEquals(m.bytesWritten(), registry.get("hotpath.log.bytes.written").functionCounter().count());
        assertEquals(1, registry.get("hotpath.log.entries.dropped").tag("reason", "closed").functionCounter()
            .count());
        assertEquals(0, registry.get("hotpath.log.entries.dropped").tag("reason", "full").functionCounter().count());
        assertEquals(0, registry.get("hotpath.log.entries.dropped").tag("reason", "reentrant").functionCounter()
            .count());
        assertEquals(0, registry.get("hotpath.log.entries.dropped").tag("reason", "too_deep").functionCounter()
            .count());
        assertEquals(0, registry.get("hotpath.log.entries.temporary").functionCounter().count());
        assertEquals(m.capacity(), registry.get("hotpath.log.queue.capacity").gauge().value());
        assertEquals(14, registry.getMeters().size());
        for (final Meter meter : registry.getMeters()) {
            assertEquals("app", meter.getId().getTag("name"), meter.getId().toString());
            assertEquals("shop", meter.getId().getTag("service"), meter.getId().toString());
            assertTrue(meter.getId().getName().startsWith("hotpath.log."), meter.getId().toString());
        }
    }

    @Test
    void closingTheBinderRemovesItsMetersAndBindingOverLiveOnesFails() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConcurrentLogService first = service("twice", false); ConcurrentLogService second =
            service("twice", false)) {
            final LogServiceMeterBinder binder = new LogServiceMeterBinder(first);
            binder.bindTo(registry);
            assertThrows(IllegalStateException.class, () -> new LogServiceMeterBinder(second).bindTo(registry));
            assertEquals(14, registry.getMeters().size(), "all or nothing");
            binder.close();
            assertEquals(0, registry.getMeters().size());
            new LogServiceMeterBinder(second).bindTo(registry);
            assertEquals(14, registry.getMeters().size());
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
    void aScrapeOfEveryMeterTakesOneSnapshot() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConcurrentLogService logs = service("one-snapshot", false)) {
            new LogServiceMeterBinder(logs).bindTo(registry);
            final Meter[] meters = registry.getMeters().toArray(new Meter[0]);
            final long oneSnapshot = AllocationMeter.meter().warmup(20_000).operations(20_000)
                .measure(i -> sink = logs.metrics()).bytes() / 20_000;
            final long oneScrape = AllocationMeter.meter().warmup(20_000).operations(20_000)
                .measure(i -> {
                    if (readAll(meters) < 0) {
                        throw new AssertionError("a negative count");
                    }
                }).bytes() / 20_000;
            assertTrue(oneSnapshot > 0, "a snapshot allocates its record");
            assertEquals(oneSnapshot, oneScrape, "bytes per scrape of every meter vs. one metrics() call");
        }
    }

    /** Reads every meter and attribute of a service in a loop until closed. */
    private static final class Scraper implements AutoCloseable {
        private final Thread thread;
        private final AtomicLong scrapes = new AtomicLong();
        private volatile boolean stop;

        Scraper(final ConcurrentLogService logs) throws Exception {
            final SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new LogServiceMeterBinder(logs).bindTo(registry);
            final Meter[] meters = registry.getMeters().toArray(new Meter[0]);
            final ObjectName on = named(logs.name());
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
            }, "log-metrics-scraper");
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

    private static AllocationMeter callerAndWriter(final ConcurrentLogService logs) {
        return AllocationMeter.meter().warmup(200_000).settle(logs::flush)
            .alsoThreads(logs.backgroundThreads().toArray(new Thread[0]));
    }

    @Test
    @Tag("allocation")
    void aRecordAllocatesNothingOnCallerOrWriterWhileAScraperReadsEveryMetric() throws Exception {
        try (ConcurrentLogService logs = service("alloc-log-scraped", true); Scraper scraper = new Scraper(logs)) {
            final Logger log = logs.logger("alloc");
            callerAndWriter(logs).assertNoAllocation("log a record while scraped",
                i -> log.info().append("n=").append(123_456_789L + i).log());
        }
    }

    @Test
    @Tag("allocation")
    void twinSeesOneBoxedLongPerRecordWhileAScraperReadsEveryMetric() throws Exception {
        try (ConcurrentLogService logs = service("alloc-log-scraped-twin", true);
             Scraper scraper = new Scraper(logs)) {
            final Logger log = logs.logger("alloc");
            callerAndWriter(logs).assertBytesPerOperation("log a record + one boxed Long while scraped",
                AllocationMeter.boxedLongBytes(), i -> {
                    sink = Long.valueOf(123_456_789L + i);
                    log.info().append("n=").append(123_456_789L + i).log();
                });
        }
    }
}
