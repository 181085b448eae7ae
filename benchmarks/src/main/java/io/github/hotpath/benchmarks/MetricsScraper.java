package io.github.hotpath.benchmarks;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A monitoring system for the {@code hotpath_withMetrics} rows: a daemon thread that, every 10 ms, reads every meter
 * of a Micrometer registry and every attribute of one MBean, as a Prometheus scrape and a JMX exporter would, but a
 * hundred times more often than a 1-second scrape interval (1,500 times Prometheus' default 15 s). It runs beside
 * the measured threads, so the rows show what the reads cost them (cache lines moved to the reader, a thread more
 * to schedule); its own allocation (about 1.3 KB a scrape, mostly JMX's {@code getAttributes}) lands in JMH's B/op,
 * which counts every thread: {@link #scrapes()} lets a reader account for it. A first version scraped every
 * millisecond: its own allocation then reached 2.4 B/op on the logger's row, none of it on the hot path (the
 * allocation tests meter the hot-path threads alone while a scraper reads in a busy loop).
 *
 * <p>Thread-safety: start and stop from the benchmark's setup and tear-down thread.
 */
final class MetricsScraper {
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Thread thread;
    private final AtomicLong scrapes = new AtomicLong();
    private volatile boolean stop;
    static volatile Object sink;

    MetricsScraper(final MeterRegistry registry, final String objectName) {
        final Meter[] meters = registry.getMeters().toArray(new Meter[0]);
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        final ObjectName on;
        final String[] attributes;
        try {
            on = new ObjectName(objectName);
            final MBeanAttributeInfo[] infos = server.getMBeanInfo(on).getAttributes();
            attributes = new String[infos.length];
            for (int i = 0; i < infos.length; i++) {
                attributes[i] = infos[i].getName();
            }
        } catch (final Exception e) {
            throw new IllegalStateException("no MBean " + objectName, e);
        }
        thread = new Thread(() -> {
            while (!stop) {
                double sum = 0;
                for (final Meter m : meters) {
                    sum += m instanceof Gauge ? ((Gauge) m).value() : ((FunctionCounter) m).count();
                }
                try {
                    sink = server.getAttributes(on, attributes);
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                }
                sink = sum;
                scrapes.incrementAndGet();
                LockSupport.parkNanos(INTERVAL_NANOS);
            }
        }, "metrics-scraper");
        thread.setDaemon(true);
        thread.start();
    }

    long scrapes() {
        return scrapes.get();
    }

    void stop() throws InterruptedException {
        stop = true;
        thread.join();
    }
}
