package io.github.hotpath.benchmarks.service;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The load run: N requests through one handler in this JVM (run it under a small heap, e.g. {@code -Xmx64m}),
 * printing requests per second, bytes allocated per request over all threads, GC cycles and GC time from the JVM's
 * collector beans, and the latency of each request (p50, p99, p99.9, max). The first tenth of the requests (at most
 * one million) warms up and is not counted.
 *
 * <p>With {@code --virtual} (JDK 21+), each request runs on a new virtual thread, at most
 * {@value #VIRTUAL_IN_FLIGHT} at once as a server's connection limit allows ({@link VirtualThreadLoad}), and the run
 * prints what the handler allocates per request <em>above</em> a no-op request served the same way in the same JVM:
 * creating a virtual thread allocates in the JDK by itself. The measured requests run in
 * {@value #VIRTUAL_ROUNDS} rounds, each a batch of no-op requests and then a batch of the handler's, so that drift
 * in the JVM touches both alike. Allocation is read over the whole JVM
 * ({@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes}), since a virtual thread's allocation lands
 * on its carrier: that counter also counts threads unrelated to the requests (the JIT's, the JVM's own), so a
 * one-off of theirs shows in one round. On JDK 17 the mode says that it needs JDK 21+ and exits with status 3.
 *
 * <p>Usage: {@code LoadRun [--virtual] naive|hotpath [requests]} (default 10 000 000). {@code benchmarks/loadrun}
 * runs both handlers.
 */
public final class LoadRun {
    private static final int DISTINCT_REQUESTS = 1024;
    private static final int VIRTUAL_IN_FLIGHT = 256;
    private static final int VIRTUAL_ROUNDS = 5;

    private LoadRun() {
    }

    /**
     * Runs the load.
     *
     * @param args the handler ({@code naive} or {@code hotpath}) and optionally the number of requests.
     * @throws Exception if the service fails.
     */
    public static void main(final String[] args) throws Exception {
        final boolean virtual = args.length > 0 && args[0].equals("--virtual");
        final int at = virtual ? 1 : 0;
        if (args.length < at + 1 || !(args[at].equals("naive") || args[at].equals("hotpath"))) {
            System.err.println("usage: LoadRun [--virtual] naive|hotpath [requests]");
            System.exit(2);
        }
        final String name = args[at];
        final long requests = args.length > at + 1 ? Long.parseLong(args[at + 1].replace("_", "")) : 10_000_000L;
        final long warmup = Math.min(1_000_000L, requests / 10);
        final Request[] traffic = Requests.generate(DISTINCT_REQUESTS, 2026);
        if (virtual) {
            if (VirtualThreadLoad.unavailableReason() != null) {
                System.out.println("LoadRun --virtual needs JDK 21+ (virtual threads and "
                    + "ThreadMXBean#getTotalThreadAllocatedBytes): " + VirtualThreadLoad.unavailableReason()
                    + ". Run it with JAVA_HOME set to a JDK 21 or newer.");
                System.exit(3);
            }
            runVirtual(name, requests, warmup, traffic);
            return;
        }
        final ByteBuffer out = ByteBuffer.allocate(64 * 1024);
        final LatencyHistogram latency = new LatencyHistogram();

        final AutoCloseable service;
        final Handler handler;
        if (name.equals("hotpath")) {
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
            name, measured, warmup, seconds, Runtime.getRuntime().maxMemory() >> 20,
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

    /**
     * The virtual-thread mode: warms the handler and the no-op request up on virtual threads, then runs
     * {@value #VIRTUAL_ROUNDS} rounds of a no-op batch and a handler batch, reading the whole JVM's allocation
     * counter around each batch, after the service has done the batch's background work (side jobs, log lines).
     */
    private static void runVirtual(final String name, final long requests, final long warmup,
        final Request[] traffic) throws Exception {
        final AutoCloseable service;
        final VirtualThreadLoad.Handler handler;
        final Runnable settle;
        final LongSupplier contextsMade;
        if (name.equals("hotpath")) {
            final HotpathService s = new HotpathService("/dev/null", VIRTUAL_IN_FLIGHT);   // sized for the limit
            final HotpathHandler h = s.handler();
            service = s;
            handler = h::handle;
            settle = s::drain;
            contextsMade = () -> s.contexts().metrics().created();
        } else {
            final NaiveService s = new NaiveService("/dev/null");
            final NaiveHandler h = s.handler();
            service = s;
            handler = (r, out) -> h.handle(r).length;
            settle = s::drain;
            contextsMade = null;
        }
        final VirtualThreadLoad load = new VirtualThreadLoad(VIRTUAL_IN_FLIGHT);
        long checksum = load.run(handler, traffic, warmup) + load.run(VirtualThreadLoad.NO_OP, traffic, warmup);
        settle.run();

        final long perRound = (requests - warmup) / VIRTUAL_ROUNDS;
        final long[] noOpBytes = new long[VIRTUAL_ROUNDS];
        final long[] handlerBytes = new long[VIRTUAL_ROUNDS];
        long noOpNanos = 0;
        long handlerNanos = 0;
        final long gcCountBefore = gcCount();
        final long gcTimeBefore = gcTime();
        final long contextsBefore = contextsMade == null ? 0 : contextsMade.getAsLong();
        for (int r = 0; r < VIRTUAL_ROUNDS; r++) {
            final long b0 = VirtualThreadLoad.totalAllocatedBytes();
            final long t0 = System.nanoTime();
            checksum += load.run(VirtualThreadLoad.NO_OP, traffic, perRound);
            settle.run();
            final long t1 = System.nanoTime();
            final long b1 = VirtualThreadLoad.totalAllocatedBytes();
            checksum += load.run(handler, traffic, perRound);
            settle.run();
            final long t2 = System.nanoTime();
            final long b2 = VirtualThreadLoad.totalAllocatedBytes();
            noOpBytes[r] = b1 - b0;
            handlerBytes[r] = b2 - b1;
            noOpNanos += t1 - t0;
            handlerNanos += t2 - t1;
        }
        final long gcCount = gcCount() - gcCountBefore;
        final long gcTime = gcTime() - gcTimeBefore;
        final long contexts = contextsMade == null ? 0 : contextsMade.getAsLong() - contextsBefore;
        service.close();

        final long measured = perRound * VIRTUAL_ROUNDS;
        long noOpTotal = 0;
        long handlerTotal = 0;
        final StringBuilder rounds = new StringBuilder();
        for (int r = 0; r < VIRTUAL_ROUNDS; r++) {
            noOpTotal += noOpBytes[r];
            handlerTotal += handlerBytes[r];
            rounds.append(rounds.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%.1f", (double) (handlerBytes[r] - noOpBytes[r]) / perRound));
        }
        System.out.printf(Locale.ROOT, "%-7s virtual threads: %,d requests (after %,d warm-up) and as many no-op "
                + "requests, a new virtual thread each, at most %d in flight, heap max %d MiB, %s%n",
            name, measured, warmup, VIRTUAL_IN_FLIGHT, Runtime.getRuntime().maxMemory() >> 20,
            System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        System.out.printf(Locale.ROOT, "  throughput  %,.0f requests/s (no-op requests: %,.0f/s)%n",
            measured / (handlerNanos / 1e9), measured / (noOpNanos / 1e9));
        System.out.printf(Locale.ROOT, "  no-op       %.1f B/request (the virtual thread and the driver alone)%n",
            (double) noOpTotal / measured);
        System.out.printf(Locale.ROOT, "  handler     %.1f B/request%n", (double) handlerTotal / measured);
        System.out.printf(Locale.ROOT, "  above no-op %.1f B/request (rounds of %,d: %s)%n",
            (double) (handlerTotal - noOpTotal) / measured, perRound, rounds);
        System.out.printf(Locale.ROOT, "  GC          %d cycles, %d ms (both kinds of request)%n", gcCount, gcTime);
        if (contextsMade != null) {
            // Only requests that run hold a context, and a virtual thread runs until it waits: on 2 carriers, more
            // than 2 hold one at once only while some wait inside the handler. maxIdle >= in flight keeps them all.
            System.out.printf(Locale.ROOT, "  contexts    %d made by pool misses in the measured requests (each one a "
                + "new high of requests holding a context at once: requests waiting inside the handler)%n", contexts);
        }
        System.out.println("  (allocation over the whole JVM, ThreadMXBean#getTotalThreadAllocatedBytes: it also "
            + "counts threads unrelated to the requests, such as the JIT's)");
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
