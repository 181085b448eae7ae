package io.github.hotpath.worker;

import io.github.hotpath.core.AllocationMeter;
import io.github.hotpath.core.junit.AllocationFree;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Submitters on virtual threads (JDK 21+; compiled for 17, reached through method handles): while the pool has a
 * free job, claiming and submitting allocate nothing, metered over the carrier threads (a virtual thread's
 * allocation is charged to its carrier), the calling thread and the workers. Where a claimer must wait, a virtual
 * thread parks, and the JDK allocates for that; this test measures how much per wait, and the platform-thread twin
 * shows that the pool itself allocates nothing on the same path.
 */
@Tag("allocation")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VirtualThreadSubmitAllocationTest {
    private static final long FIRST = 123_456_789L;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final MethodHandle START_VIRTUAL = handle(Thread.class, "startVirtualThread",
        MethodType.methodType(Thread.class, Runnable.class), true);
    private static final MethodHandle TOTAL_ALLOCATED = handle(com.sun.management.ThreadMXBean.class,
        "getTotalThreadAllocatedBytes", MethodType.methodType(long.class), false);
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static volatile Object sink;

    private static MethodHandle handle(final Class<?> owner, final String name, final MethodType type,
                                       final boolean isStatic) {
        try {
            return isStatic ? MethodHandles.publicLookup().findStatic(owner, name, type)
                : MethodHandles.publicLookup().findVirtual(owner, name, type);
        } catch (final NoSuchMethodException | IllegalAccessException beforeJdk21) {
            return null;
        }
    }

    private static Thread startVirtual(final Runnable task) {
        try {
            return (Thread) START_VIRTUAL.invokeExact(task);
        } catch (final Throwable e) {
            throw new IllegalStateException("cannot start a virtual thread", e);
        }
    }

    private static long totalAllocated() {
        try {
            return (long) TOTAL_ALLOCATED.invokeExact(THREADS);
        } catch (final Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The platform threads that carry virtual threads (the default scheduler's, found by their class). */
    private static Thread[] carriers() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getClass().getName().equals("jdk.internal.misc.CarrierThread")).toArray(Thread[]::new);
    }

    private static long bytes(final Thread[] threads) {
        long sum = THREADS.getCurrentThreadAllocatedBytes();
        for (final Thread t : threads) {
            final long b = AllocationMeter.threadAllocatedBytes(t);
            if (b < 0) {
                return -1;
            }
            sum += b;
        }
        return sum;
    }

    /**
     * Runs rounds of {@code ops} translator submits on each of two virtual threads (which spin between rounds and
     * so stay mounted), settles the pool after each, and returns the smallest round's bytes over the carriers, the
     * workers and this thread.
     */
    private static long smallestRound(final ConcurrentWorkerPool<NumberedJob> pool, final int ops,
                                      final boolean boxEach) throws Exception {
        final int threads = 2;
        final int warmupRounds = 8;
        final int rounds = warmupRounds + 5;
        final AtomicInteger go = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            final long base = FIRST + t * 1_000_000_000L;
            startVirtual(() -> {
                try {
                    for (int round = 1; round <= rounds; round++) {
                        while (go.get() < round) {
                            Thread.onSpinWait();
                        }
                        for (int i = 0; i < ops; i++) {
                            if (!pool.submit(NumberedJob.FILL, base + i)) {
                                throw new AssertionError("pushed back with room in the pool");
                            }
                            if (boxEach) {
                                sink = Long.valueOf(base + i);
                            }
                        }
                        done.incrementAndGet();
                    }
                } catch (final Throwable e) {
                    failed.set(e);
                    done.addAndGet(rounds * threads);
                }
            });
        }
        final Thread[] workers = pool.backgroundThreads().toArray(new Thread[0]);
        Thread[] measured = workers;
        long smallest = Long.MAX_VALUE;
        for (int round = 1; round <= rounds; round++) {
            if (round == warmupRounds + 1) {
                final Thread[] carried = carriers();
                assertTrue(carried.length > 0, "found no carrier threads");
                measured = java.util.Arrays.copyOf(workers, workers.length + carried.length);
                System.arraycopy(carried, 0, measured, workers.length, carried.length);
            }
            final long before = bytes(measured);
            go.set(round);
            while (done.get() < round * threads) {
                Thread.onSpinWait();
            }
            if (!pool.awaitSettled(SETTLE)) {
                fail("not settled: " + pool); // the message only on failure: building it allocates
            }
            final long after = bytes(measured);
            if (failed.get() != null) {
                throw new AssertionError("a virtual submitter failed", failed.get());
            }
            if (round > warmupRounds && before >= 0 && after >= 0) {
                smallest = Math.min(smallest, after - before);
            }
        }
        return smallest;
    }

    @Test
    void aVirtualThreadSubmitterAllocatesNothingWhileThePoolHasRoom() throws Exception {
        assumeTrue(START_VIRTUAL != null, "virtual threads need JDK 21+");
        try (ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.builder(NumberedJob::new,
            (NumberedJob job) -> { }).workers(2).capacity(8_192).threadNamePrefix("vt-alloc-worker-").build()) {
            final long bytes = smallestRound(pool, 4_000, false); // 8,000 submits a round: always a free job
            assertEquals(0, bytes, "virtual submitters + carriers + workers, smallest round of 8,000 submits");
            assertEquals(0, pool.metrics().rejected());
        }
    }

    @Test
    void twinSeesOneBoxedLongPerSubmitOnAVirtualThread() throws Exception {
        assumeTrue(START_VIRTUAL != null, "virtual threads need JDK 21+");
        try (ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.builder(NumberedJob::new,
            (NumberedJob job) -> { }).workers(2).capacity(8_192).threadNamePrefix("vt-twin-worker-").build()) {
            final long bytes = smallestRound(pool, 4_000, true);
            assertTrue(bytes >= 8_000 * AllocationMeter.boxedLongBytes(),
                "the carriers' counters must show the boxes made on the virtual threads: " + bytes + " bytes");
        }
    }

    /** A handler that returns only once the claimer is parked, so that every claim of the claimer waits. */
    private static JobHandler<NumberedJob> releaseWhenParked(final AtomicReference<Thread> claimer) {
        return job -> {
            final Thread c = claimer.get();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (c != null && c.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        };
    }

    @AllocationFree
    void aPlatformClaimerThatWaitsForEveryJobAllocatesNothing(final AllocationMeter meter) {
        final AtomicReference<Thread> claimer = new AtomicReference<>(Thread.currentThread());
        try (ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.builder(NumberedJob::new,
            releaseWhenParked(claimer)).workers(1).capacity(1).whenFullWait(SETTLE).build()) {
            // Each operation parks and wakes both threads (tens of microseconds a call): fewer calls per round than
            // the default keeps the test within seconds; the warm-up still runs until the JIT has settled.
            meter.alsoBackground(pool).operations(3_000)
                .assertNoAllocation("a claim that parks until the job is freed, then submit", i -> {
                    final NumberedJob job = pool.claim();
                    NumberedJob.FILL.accept(job, FIRST + i);
                    pool.submit(job);
                });
            assertEquals(0, pool.metrics().rejected());
            claimer.set(null);
        }
    }

    @Test
    void aVirtualClaimerThatWaitsCostsWhatTheJdkAllocatesToParkIt() throws Exception {
        assumeTrue(START_VIRTUAL != null && TOTAL_ALLOCATED != null, "virtual threads need JDK 21+");
        final int waits = 20_000;
        final AtomicReference<Thread> claimer = new AtomicReference<>();
        try (ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.builder(NumberedJob::new,
            releaseWhenParked(claimer)).workers(1).capacity(1).whenFullWait(SETTLE).build()) {
            final long[] perRound = new long[3];
            for (int round = 0; round < perRound.length + 1; round++) {
                final AtomicReference<Throwable> failed = new AtomicReference<>();
                final long before = totalAllocated();
                final Thread v = startVirtual(() -> {
                    try {
                        for (int i = 0; i < waits; i++) {
                            final NumberedJob job = pool.claim();
                            NumberedJob.FILL.accept(job, FIRST + i);
                            pool.submit(job);
                        }
                    } catch (final Throwable e) {
                        failed.set(e);
                    }
                });
                claimer.set(v);
                v.join(60_000);
                claimer.set(null);
                assertTrue(pool.awaitSettled(SETTLE));
                if (failed.get() != null) {
                    throw new AssertionError("the virtual claimer failed", failed.get());
                }
                if (round > 0) { // the first round warms up
                    perRound[round - 1] = totalAllocated() - before;
                }
            }
            long smallest = Long.MAX_VALUE;
            for (final long b : perRound) {
                smallest = Math.min(smallest, b);
            }
            final double perWait = (double) smallest / waits;
            System.out.printf("virtual-thread claimer on %s: %.1f B per claim that parks (whole JVM, %d waits)%n",
                System.getProperty("java.version"), perWait, waits);
            assertEquals(0, pool.metrics().rejected());
            assertTrue(perWait < 2_048, "parking a virtual claimer should cost the JDK's few hundred bytes, not "
                + perWait + " B per wait: did the pool start allocating on its wait path?");
        }
    }
}
