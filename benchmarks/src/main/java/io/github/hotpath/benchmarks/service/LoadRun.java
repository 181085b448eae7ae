package io.github.hotpath.benchmarks.service;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The load run: N requests through one handler in this JVM (run it under a small heap, e.g. {@code -Xmx64m}),
 * printing requests per second, bytes allocated per request over all threads, GC cycles and GC time from the JVM's
 * collector beans, and the latency of each request (p50, p99, p99.9, max). The first tenth of the requests (at most
 * one million) warms up and is not counted.
 *
 * <p>Usage: {@code LoadRun naive|hotpath [requests]} (default 10 000 000). {@code benchmarks/loadrun} runs both.
 */
public final class LoadRun {
    private static final int DISTINCT_REQUESTS = 1024;

    private LoadRun() {
    }

    /**
     * Runs the load.
     *
     * @param args the handler ({@code naive} or {@code hotpath}) and optionally the number of requests.
     * @throws Exception if the service fails.
     */
    public static void main(final String[] args) throws Exception {
        if (args.length < 1 || !(args[0].equals("naive") || args[0].equals("hotpath"))) {
            System.err.println("usage: LoadRun naive|hotpath [requests]");
            System.exit(2);
        }
        final boolean hotpath = args[0].equals("hotpath");
        final long requests = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 10_000_000L;
        final long warmup = Math.min(1_000_000L, requests / 10);
        final Request[] traffic = Requests.generate(DISTINCT_REQUESTS, 2026);
        final ByteBuffer out = ByteBuffer.allocate(64 * 1024);
        final LatencyHistogram latency = new LatencyHistogram();

        final AutoCloseable service;
        final Handler handler;
        if (hotpath) {
            final HotpathService s = new HotpathService("/dev/null");
            final HotpathHandler h = s.handler();
            service = s;
            handler = r -> {
                out.clear();
                return h.handle(r, out);
            };
        } else {
            final NaiveService s = new NaiveService("/dev/null");
            final NaiveHandler h = s.handler();
            service = s;
            handler = r -> h.handle(r).length;
        }

        long checksum = 0;
        for (long i = 0; i < warmup; i++) {
            checksum += handler.handle(traffic[(int) (i & (DISTINCT_REQUESTS - 1))]);
        }
        final long measured = requests - warmup;
        final long gcCountBefore = gcCount();
        final long gcTimeBefore = gcTime();
        final long allocatedBefore = allocatedByAllThreads();
        final long start = System.nanoTime();
        for (long i = 0; i < measured; i++) {
            final long t0 = System.nanoTime();
            checksum += handler.handle(traffic[(int) (i & (DISTINCT_REQUESTS - 1))]);
            latency.record(System.nanoTime() - t0);
        }
        final long elapsed = System.nanoTime() - start;
        final long allocated = allocatedByAllThreads() - allocatedBefore;
        final long gcCount = gcCount() - gcCountBefore;
        final long gcTime = gcTime() - gcTimeBefore;
        service.close();

        final double seconds = elapsed / 1e9;
        System.out.printf(Locale.ROOT, "%-7s %,d requests (after %,d warm-up) in %.1f s, heap max %d MiB, %s%n",
            args[0], measured, warmup, seconds, Runtime.getRuntime().maxMemory() >> 20,
            System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        System.out.printf(Locale.ROOT, "  throughput  %,.0f requests/s%n", measured / seconds);
        System.out.printf(Locale.ROOT, "  allocated   %.1f B/request (%,d bytes over all threads)%n",
            (double) allocated / measured, allocated);
        System.out.printf(Locale.ROOT, "  GC          %d cycles, %d ms%n", gcCount, gcTime);
        System.out.printf(Locale.ROOT, "  latency     p50 %,d ns, p99 %,d ns, p99.9 %,d ns, max %,d ns%n",
            latency.percentile(0.50), latency.percentile(0.99), latency.percentile(0.999), latency.max());
        if (checksum == 42) {
            System.out.println("(checksum)");
        }
    }

    /** One request through one of the handlers; returns the response size so the work cannot be skipped. */
    @FunctionalInterface
    private interface Handler {
        int handle(Request request);
    }

    private static long gcCount() {
        long n = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcTime() {
        long ms = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private static long allocatedByAllThreads() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long[] ids = threads.getAllThreadIds();
        long sum = 0;
        for (final long bytes : threads.getThreadAllocatedBytes(ids)) {
            sum += Math.max(0, bytes);
        }
        return sum;
    }
}
