package io.github.hotpath.benchmarks.service;

import io.github.hotpath.core.Backoff;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thread-per-request load on virtual threads (JDK 21+), as a server with virtual threads enabled serves it: every
 * request runs on a new virtual thread, made by {@code Thread.ofVirtual().factory()} (what
 * {@code Executors.newVirtualThreadPerTaskExecutor()} starts its threads with), and at most {@code inFlight}
 * requests run at once, as a server's connection limit allows. Each of the {@code inFlight} "connections" owns its
 * response buffer, so the handler writes into a buffer no other request uses.
 *
 * <p>What a request costs in allocation is measured over the <em>whole JVM</em>
 * ({@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes}): a virtual thread's allocation is charged
 * to whichever carrier ran it, and the thread is gone when the request ends, so no per-thread counter can hold it.
 * The whole-JVM counter also counts threads that have nothing to do with the requests (the JIT's, a test runner's,
 * the reference handler's): a one-off there shows up in a batch; run several batches and compare the smallest. A
 * new virtual thread costs the JDK some hundreds of bytes by itself, so the handler's own cost is what a batch
 * allocates <em>above</em> a batch of no-op requests run the same way ({@link #NO_OP}) in the same JVM.
 *
 * <p>The code compiles for Java 17: the JDK 21 methods are reached through method handles, found once;
 * {@link #unavailableReason()} says why they cannot be on an older JDK.
 *
 * <p>Thread-safety: one thread drives a load ({@link #run}); the handler runs on the virtual threads.
 *
 * <p>Allocation: the driving loop allocates nothing of its own; starting a virtual thread allocates in the JDK (the
 * thread, its continuation, the scheduler's task), which the no-op batch measures.
 */
final class VirtualThreadLoad {
    /** One request through a handler, writing its response into the connection's buffer. */
    @FunctionalInterface
    interface Handler {
        /**
         * Handles one request.
         *
         * @param request the request.
         * @param out     the connection's response buffer, cleared.
         * @return the response size, so that the work cannot be skipped.
         */
        int handle(Request request, ByteBuffer out);
    }

    /** A request that does nothing: the cost of the virtual thread and this driver alone. */
    static final Handler NO_OP = (request, out) -> 0;

    private static final int RESPONSE_BUFFER_BYTES = 8 * 1024;
    private static final Backoff WAIT_FOR_CONNECTION =
        Backoff.spinYieldPark(100, 100, Duration.ofNanos(1_000), Duration.ofNanos(100_000));
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final MethodHandle TOTAL_ALLOCATED;
    private static final ThreadFactory VIRTUAL_THREADS;
    private static final String UNAVAILABLE;

    static {
        MethodHandle total = null;
        ThreadFactory factory = null;
        String reason = null;
        try {
            final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            total = lookup.findVirtual(com.sun.management.ThreadMXBean.class, "getTotalThreadAllocatedBytes",
                MethodType.methodType(long.class));
            final Class<?> builder = Class.forName("java.lang.Thread$Builder");
            final Object ofVirtual = lookup.findStatic(Thread.class, "ofVirtual",
                MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
            factory = (ThreadFactory) lookup.findVirtual(builder, "factory",
                MethodType.methodType(ThreadFactory.class)).invoke(ofVirtual);
            if (!THREADS.isThreadAllocatedMemorySupported()) {
                reason = "this JVM cannot count allocated bytes per thread";
            } else if (!THREADS.isThreadAllocatedMemoryEnabled()) {
                THREADS.setThreadAllocatedMemoryEnabled(true);
            }
        } catch (final Throwable e) {
            reason = "this JVM (" + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ") has no virtual threads or no whole-JVM allocation counter: " + e;
        }
        TOTAL_ALLOCATED = total;
        VIRTUAL_THREADS = factory;
        UNAVAILABLE = reason;
    }

    private final Connection[] connections;
    private int next;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * A load with at most {@code inFlight} requests at once.
     *
     * @param inFlight the connection limit, at least 1.
     * @throws IllegalStateException if this JDK has no virtual threads (see {@link #unavailableReason()}).
     */
    VirtualThreadLoad(final int inFlight) {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException(UNAVAILABLE);
        }
        if (inFlight < 1) {
            throw new IllegalArgumentException("inFlight must be >= 1: " + inFlight);
        }
        connections = new Connection[inFlight];
        for (int i = 0; i < inFlight; i++) {
            connections[i] = new Connection(failure);
        }
    }

    /**
     * A new virtual thread, not started (JDK 21+).
     *
     * @param task what it runs.
     * @return the thread.
     * @throws IllegalStateException if this JDK has no virtual threads (see {@link #unavailableReason()}).
     */
    static Thread newVirtualThread(final Runnable task) {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException(UNAVAILABLE);
        }
        return VIRTUAL_THREADS.newThread(task);
    }

    /** @return null if this JDK can run the load, else why not. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /**
     * Bytes allocated so far by every thread of the JVM, live or ended (JDK 21+). Counts threads unrelated to the
     * load too.
     *
     * @return the running total.
     */
    static long totalAllocatedBytes() {
        try {
            return (long) TOTAL_ALLOCATED.invokeExact(THREADS);
        } catch (final Throwable e) {
            throw new IllegalStateException("cannot read the JVM's allocated bytes: " + UNAVAILABLE, e);
        }
    }

    /**
     * Runs {@code count} requests, each on a new virtual thread, cycling through {@code traffic} (its length a
     * power of two) from its start, and returns when every one of them has ended and its thread has terminated.
     *
     * @param handler the handler, or {@link #NO_OP}.
     * @param traffic the requests to cycle through.
     * @param count   how many requests.
     * @return the response sizes summed over every request this load has run, so the work cannot be skipped.
     * @throws IllegalStateException if a request failed.
     */
    long run(final Handler handler, final Request[] traffic, final long count) {
        return run(handler, traffic, 0, count);
    }

    /**
     * Runs {@code count} requests as {@link #run(Handler, Request[], long)} does, the first one
     * {@code traffic[first & (traffic.length - 1)]}.
     *
     * @param handler the handler, or {@link #NO_OP}.
     * @param traffic the requests to cycle through.
     * @param first   the number of the first request.
     * @param count   how many requests.
     * @return the response sizes summed over every request this load has run, so the work cannot be skipped.
     * @throws IllegalStateException if a request failed.
     */
    long run(final Handler handler, final Request[] traffic, final long first, final long count) {
        final int mask = traffic.length - 1;
        if ((traffic.length & mask) != 0) {
            throw new IllegalArgumentException("traffic.length must be a power of two: " + traffic.length);
        }
        for (long i = first; i < first + count; i++) {
            final Connection c = idleConnection();
            c.handler = handler;
            c.request = traffic[(int) (i & mask)];
            final Thread t = VIRTUAL_THREADS.newThread(c);
            c.thread = t;
            t.start();                                   // happens-before the request's run: it sees the fields
        }
        awaitQuiet();
        final Throwable failed = failure.getAndSet(null);
        if (failed != null) {
            throw new IllegalStateException("a request failed on its virtual thread", failed);
        }
        long sum = 0;
        for (final Connection c : connections) {
            sum += c.checksum;
        }
        return sum;
    }

    /**
     * Takes the next idle connection, round robin, waiting while all are busy. Only the driving thread takes
     * connections (it marks one busy), and a request's virtual thread gives its connection back when it ends.
     */
    private Connection idleConnection() {
        final Connection[] all = connections;
        int step = 0;
        while (true) {
            for (int tried = 0; tried < all.length; tried++) {
                final Connection c = all[next];
                next = next + 1 == all.length ? 0 : next + 1;
                if (!c.busy) {
                    c.busy = true;
                    return c;
                }
            }
            step = WAIT_FOR_CONNECTION.idle(step);
        }
    }

    /** Waits until every connection is idle again and the last thread of each has terminated. */
    private void awaitQuiet() {
        for (final Connection c : connections) {
            final Thread t = c.thread;
            int step = 0;
            while (c.busy || t != null && t.getState() != Thread.State.TERMINATED) {
                step = WAIT_FOR_CONNECTION.idle(step);
            }
        }
    }

    /** One of the {@code inFlight} connections: its response buffer, and the request it serves now. */
    private static final class Connection implements Runnable {
        private final AtomicReference<Throwable> failure;
        private final ByteBuffer out = ByteBuffer.allocate(RESPONSE_BUFFER_BYTES);
        /** Set by the driver when it hands the connection a request, cleared by the request's thread at its end. */
        volatile boolean busy;
        Handler handler;
        Request request;
        Thread thread;
        long checksum;

        Connection(final AtomicReference<Throwable> failure) {
            this.failure = failure;
        }

        @Override
        public void run() {
            try {
                out.clear();
                checksum += handler.handle(request, out);
            } catch (final Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                busy = false;                            // publishes checksum to the driver, which reads busy
            }
        }
    }
}
