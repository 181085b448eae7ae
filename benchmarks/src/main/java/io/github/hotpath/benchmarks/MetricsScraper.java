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
 * A monitoring system for the {@code hotpath_withMetrics} rows: a daemon thread that, every millisecond, reads every
 * meter of a Micrometer registry and every attribute of one MBean, as a Prometheus scrape and a JMX exporter would,
 * but a thousand times more often than a 1-second scrape interval. It runs beside the measured threads, so the rows
 * show what the reads cost them (cache lines moved to the reader); its own allocation (the snapshots, JMX's boxing)
 * lands in JMH's B/op, which counts every thread: {@link #scrapes()} lets a reader account for it.
 *
 * <p>Thread-safety: start and stop from the benchmark's setup and tear-down thread.
 */
final class MetricsScraper {
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

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
