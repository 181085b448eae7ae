package io.github.hotpath.pool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Virtual threads for tests compiled against Java 17: started through a method handle, on JDK 21+ only. */
final class VirtualThreads {
    private static final MethodHandle START_VIRTUAL_THREAD = startHandle();
    /** Whether this JVM has virtual threads. */
    static final boolean SUPPORTED = START_VIRTUAL_THREAD != null;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private VirtualThreads() {
    }

    /** One measured operation of a virtual thread. */
    @FunctionalInterface
    interface PoolOperation {
        void run(ConcurrentObjectPool<Item> pool, Lease<Item> lease, int i);
    }

    static Thread start(final Runnable task) {
        try {
            return (Thread) START_VIRTUAL_THREAD.invokeExact(task);
        } catch (final Throwable e) {
            throw new IllegalStateException("cannot start a virtual thread", e);
        }
    }

    /**
     * Runs {@code operations} calls of {@code operation} on each of {@code threads} virtual threads, in six warm-up
     * rounds and then {@code rounds} measured rounds, and returns the smallest number of bytes that the carrier
     * threads and the calling thread allocated during a measured round (the whole JVM's total would include
     * test-harness threads, such as Surefire's stream flusher, which allocates 104 bytes every few tens of
     * milliseconds). The virtual threads never block (they spin between rounds), so they stay mounted and nothing of
     * the scheduling machinery allocates.
     */
    static long smallestRoundBytes(final int threads, final int operations, final int rounds,
                                   final PoolOperation operation, final ConcurrentObjectPool<Item> pool)
        throws InterruptedException {
        final int warmupRounds = 6;
        final int totalRounds = warmupRounds + rounds;
        final AtomicInteger go = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = start(() -> {
                final Lease<Item> lease = pool.newLease();          // each virtual thread keeps its own lease
                for (int round = 1; round <= totalRounds; round++) {
                    while (go.get() < round) {
                        Thread.onSpinWait();
                    }
                    for (int i = 0; i < operations; i++) {
                        operation.run(pool, lease, i);
                    }
                    done.incrementAndGet();
                }
            });
        }
        long smallest = Long.MAX_VALUE;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Thread[] carriers = new Thread[0];
        for (int round = 1; round <= totalRounds; round++) {
            if (round == warmupRounds + 1) {
                carriers = carrierThreads();        // after warm-up: the virtual threads are mounted, and stay so
            }
            final long before = carrierAndOwnBytes(carriers);
            go.set(round);
            while (done.get() < round * threads) {
                if (System.nanoTime() > deadline) {
                    go.set(Integer.MAX_VALUE);
                    throw new AssertionError("virtual threads did not finish round " + round + " within 60 s");
                }
                Thread.onSpinWait();
            }
            final long after = carrierAndOwnBytes(carriers);
            if (round > warmupRounds && before >= 0 && after >= 0) {
                smallest = Math.min(smallest, after - before);
            }
        }
        if (carriers.length == 0 || smallest == Long.MAX_VALUE) {
            throw new AssertionError("found no carrier threads to measure (" + carriers.length + " carriers)");
        }
        for (final Thread worker : workers) {
            worker.join(10_000);
            if (worker.isAlive()) {
                throw new AssertionError("a virtual thread hung after its last round");
            }
        }
        return smallest;
    }

    /**
     * The platform threads that carry virtual threads. A virtual thread has no allocation counter of its own: HotSpot
     * charges what it allocates to its carrier. The carriers of the default scheduler are found by their class,
     * {@code jdk.internal.misc.CarrierThread}; the tests only read their public allocation counters.
     */
    static Thread[] carrierThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getClass().getName().equals("jdk.internal.misc.CarrierThread"))
            .toArray(Thread[]::new);
    }

    /** Bytes allocated so far by the carriers and the calling thread; -1 if a carrier ended meanwhile. */
    private static long carrierAndOwnBytes(final Thread[] carriers) {
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        for (final Thread carrier : carriers) {
            @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; the baseline is 17.
            final long id = carrier.getId();
            final long carried = THREADS.getThreadAllocatedBytes(id);
            if (carried < 0) {
                return -1;
            }
            bytes += carried;
        }
        return bytes;
    }

    private static MethodHandle startHandle() {
        try {
            return MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                MethodType.methodType(Thread.class, Runnable.class));
        } catch (final NoSuchMethodException | IllegalAccessException beforeJdk21) {
            return null;
        }
    }
}
