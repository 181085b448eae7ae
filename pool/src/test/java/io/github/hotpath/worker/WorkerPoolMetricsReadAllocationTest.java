package io.github.hotpath.worker;

import io.github.hotpath.core.AllocationMeter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Monitoring reads while the hot path runs: a scraper thread reads every Micrometer meter and every JMX attribute of
 * the pool in a loop, and the submitting thread and the workers still allocate 0 bytes per job. The twin adds one
 * boxed {@code Long} per job on the submitting thread, under the same scraping, and must see it.
 */
@Tag("allocation")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerPoolMetricsReadAllocationTest {
    private static final long FIRST = 123_456_789L;
    static volatile Object sink;

    /** Reads every meter and attribute of the pool until stopped; counts its scrapes. */
    private static final class Scraper implements AutoCloseable {
        private final Thread thread;
        private final AtomicLong scrapes = new AtomicLong();
        private volatile boolean stop;

        Scraper(final ConcurrentWorkerPool<?> pool) throws Exception {
            final SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new WorkerPoolMeterBinder(pool).bindTo(registry);
            final Meter[] meters = registry.getMeters().toArray(new Meter[0]);
            final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            final ObjectName on = new ObjectName("io.github.hotpath:type=WorkerPool,name=" + pool.name());
            final String[] attributes = {"Submitted", "Completed", "QueueDepth", "InFlight", "Parks"};
            thread = new Thread(() -> {
                try {
                    while (!stop) {
                        double sum = 0;
                        for (final Meter m : meters) {
                            sum += m instanceof Gauge ? ((Gauge) m).value() : ((FunctionCounter) m).count();
                        }
                        sink = server.getAttributes(on, attributes);
                        sink = sum;
                        scrapes.incrementAndGet();
                        Thread.onSpinWait();
                    }
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "metrics-scraper");
            thread.setDaemon(true);
            thread.start();
        }

        long scrapes() {
            return scrapes.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join();
        }
    }

    private static ConcurrentWorkerPool<NumberedJob> pool(final String name) {
        return ConcurrentWorkerPool.builder(NumberedJob::new, (NumberedJob job) -> { })
            .name(name).jmx(true).workers(1).capacity(256).threadNamePrefix(name + "-").build();
    }

    /** The submitting thread and the pool's workers, settled through the pool's own awaitSettled. */
    private static AllocationMeter hotPathThreads(final ConcurrentWorkerPool<NumberedJob> pool) {
        return AllocationMeter.meter().alsoBackground(pool);
    }

    @Test
    void submitAllocatesNothingOnTheSubmitterOrTheWorkerWhileAScraperReadsEveryMetric() throws Exception {
        try (ConcurrentWorkerPool<NumberedJob> pool = pool("alloc-scraped"); Scraper scraper = new Scraper(pool)) {
            hotPathThreads(pool).assertNoAllocation("submit(FILL, long) while metrics are scraped", i -> {
                if (!pool.submit(NumberedJob.FILL, FIRST + i)) {
                    throw new AssertionError("pushed back under WAIT: " + pool);
                }
            });
            assertTrue(scraper.scrapes() > 10, "the scraper ran during the measurement: " + scraper.scrapes());
        }
    }

    @Test
    void twinSeesOneBoxedLongPerSubmitWhileAScraperReadsEveryMetric() throws Exception {
        try (ConcurrentWorkerPool<NumberedJob> pool = pool("alloc-scraped-twin");
             Scraper scraper = new Scraper(pool)) {
            hotPathThreads(pool).assertBytesPerOperation("submit + one boxed Long, while scraped",
                AllocationMeter.boxedLongBytes(), i -> {
                    sink = Long.valueOf(FIRST + i);
                    if (!pool.submit(NumberedJob.FILL, FIRST + i)) {
                        throw new AssertionError("pushed back under WAIT: " + pool);
                    }
                });
            assertTrue(scraper.scrapes() > 10, "the scraper ran during the measurement: " + scraper.scrapes());
        }
    }
}
