package io.github.hotpath.pool;

import io.github.hotpath.core.AllocationMeter;
import io.github.hotpath.core.junit.AllocationFree;
import io.github.hotpath.core.junit.ZeroAllocationExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Zero bytes per operation after warm-up for every hot-path operation of the pool, on the calling thread, across
 * threads and on virtual threads; run twice by the build, the second time under {@code -XX:-DoEscapeAnalysis}.
 * Values stored into pooled objects are outside the boxing caches, so a stray box would show. The platform-thread
 * tests take the {@link ZeroAllocationExtension}'s meter, with its defaults.
 */
@Tag("allocation")
@ExtendWith(ZeroAllocationExtension.class)
class PoolAllocationTest {
    private static final long VALUE = 123_456_789L;
    static final long BOXED_LONG_BYTES = AllocationMeter.boxedLongBytes();

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#allocationFree")
    void acquireAndReleaseAllocateNothing(final PoolVariant variant, final AllocationMeter meter) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        meter.assertNoAllocation(variant + " acquire/object/release", i -> {
            final long handle = pool.acquire();
            pool.object(handle).value = VALUE + i;
            pool.release(handle);
        });
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    /** A holder's kept lease: acquire, use and close allocate nothing (a new lease per use is one small object). */
    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#allocationFree")
    void aKeptLeaseAllocatesNothing(final PoolVariant variant, final AllocationMeter meter) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final Lease<Item> lease = pool.newLease();
        meter.assertNoAllocation(variant + " lease", i -> {
            try (Lease<Item> l = lease.acquire()) {
                l.object().value = VALUE + i;
            }
        });
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @Test
    void twinOneBoxedLongPerLeaseIsCaught(final AllocationMeter meter) {
        final ConcurrentObjectPool<Item> pool = PoolVariant.THREAD_CACHE.build();
        final Lease<Item> lease = pool.newLease();
        final AssertionError e = assertThrows(AssertionError.class,
            () -> meter.assertNoAllocation("lease + a box", i -> {
                try (Lease<Item> l = lease.acquire()) {
                    l.object().payload = Long.valueOf(VALUE + i);
                }
            }));
        assertTrue(e.getMessage().startsWith("lease + a box allocated " + BOXED_LONG_BYTES + ".00 bytes"),
            e.getMessage());
    }

    @AllocationFree
    void severalObjectsInUseAtOnceAllocateNothing(final AllocationMeter meter) {
        final ConcurrentObjectPool<Item> pool = PoolVariant.THREAD_CACHE.build();
        final long[] handles = new long[8];
        meter.assertNoAllocation("8 nested acquisitions", i -> {
            for (int k = 0; k < handles.length; k++) {
                handles[k] = pool.acquire();
                pool.object(handles[k]).value = VALUE + k;
            }
            for (int k = handles.length - 1; k >= 0; k--) {
                pool.release(handles[k]);
            }
        });
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    /** The twin: the same measured shape, plus one boxed {@code Long} per operation, must fail by exactly 24 B/op. */
    @Test
    void twinOneBoxedLongPerAcquisitionIsCaught(final AllocationMeter meter) {
        final ConcurrentObjectPool<Item> pool = PoolVariant.THREAD_CACHE.build();
        final AssertionError e = assertThrows(AssertionError.class,
            () -> meter.assertNoAllocation("acquire/release + a box", i -> {
                final long handle = pool.acquire();
                pool.object(handle).payload = Long.valueOf(VALUE + i);   // the reset clears it: it escapes to the heap
                pool.release(handle);
            }));
        assertTrue(e.getMessage().startsWith("acquire/release + a box allocated " + BOXED_LONG_BYTES + ".00 bytes"),
            e.getMessage());
    }

    /**
     * Acquire on the calling thread, release on another platform thread: both threads are measured (the releaser with
     * the single-id counter through {@code alsoThreads}). Handles cross over a pre-allocated single-producer,
     * single-consumer ring of {@code long}s, so the hand-off itself allocates nothing.
     */
    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#allocationFree")
    void acquireOnOneThreadAndReleaseOnAnotherAllocateNothing(final PoolVariant variant, final AllocationMeter meter)
        throws Exception {
        final ConcurrentObjectPool<Item> pool = variant.build(1024);
        final LongRing ring = new LongRing(32);
        final AtomicLong released = new AtomicLong();
        final AtomicLong stop = new AtomicLong();
        final Thread releaser = new Thread(() -> {
            while (stop.get() == 0) {
                final long handle = ring.poll();
                if (handle == ConcurrentObjectPool.NO_HANDLE) {
                    Thread.onSpinWait();
                    continue;
                }
                pool.release(handle);
                released.lazySet(released.get() + 1);
            }
        }, "releaser");
        releaser.setDaemon(true);
        releaser.start();
        final long[] handedOver = new long[1];
        try {
            // A fixed warm-up: with the releaser spinning beside it on 2 shared cores, a call's time never settles
            // and the adaptive warm-up ran to its bound (3-14 s a variant, measured on JDK 17).
            meter.warmup(20_000).operations(20_000).alsoThreads(releaser)
                .settle(() -> {
                    while (released.get() != handedOver[0]) {
                        Thread.onSpinWait();
                    }
                })
                .assertNoAllocation(variant + " acquire here, release there", i -> {
                    final long handle = pool.acquire();
                    pool.object(handle).value = VALUE + i;
                    while (!ring.offer(handle)) {
                        Thread.onSpinWait();
                    }
                    handedOver[0]++;
                });
        } finally {
            stop.set(1);
            releaser.join(10_000);
        }
        assertFalse(releaser.isAlive(), "releaser hung");
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    /**
     * On JDK 21+, virtual threads acquire and release with no allocation and reuse the pool's objects.
     *
     * <p>How it is measured: a virtual thread has no allocation counter of its own (HotSpot charges its allocation to
     * the carrier thread it is mounted on, and {@code getThreadAllocatedBytes} answers -1 for it). Two virtual threads
     * (no more than the two carriers of a 2-CPU machine, so none waits for one) are started before the measurement
     * and never block: they spin on a volatile flag to start and end each round, because a park would unmount them
     * and copy their stack into a heap chunk. So each stays on one carrier, and the test reads the allocation counters
     * of the carrier threads (found by class, {@code jdk.internal.misc.CarrierThread}) and of the calling thread
     * around each round, with the single-id, non-allocating form. The whole JVM's total
     * ({@code getTotalThreadAllocatedBytes}) was tried first and rejected: it includes Surefire's stream-flusher
     * thread, which allocates 104 bytes every few tens of milliseconds. The smallest of several rounds is taken, as
     * the core meter does; the
     * twin {@link #twinOneBoxedLongPerOperationOnVirtualThreadsIsCaught()} shows the same harness sees one box per
     * operation.
     */
    @Test
    void virtualThreadsReuseObjectsAndAllocateNothing() throws Exception {
        assumeTrue(VirtualThreads.SUPPORTED, "virtual threads need JDK 21+");
        final ConcurrentObjectPool<Item> pool = PoolVariant.THREAD_CACHE.build();
        final long bytes = VirtualThreads.smallestRoundBytes(2, 100_000, 5, (pool0, lease, i) -> {
            try (Lease<Item> l = lease.acquire()) {
                l.object().value = VALUE + i;
            }
            final long handle = pool0.acquire();
            pool0.object(handle).value = VALUE + i;
            pool0.release(handle);
        }, pool);
        assertEquals(0, bytes, "virtual threads allocated " + bytes + " bytes in the smallest round of 2 x 100 000");
        final PoolMetrics m = pool.metrics();
        assertTrue(m.hitRate() > 0.9999, "virtual threads must reuse objects: " + m);
        assertTrue(m.created() <= 4, "at most one object per concurrent user, not one per task: " + m);
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @Test
    void twinOneBoxedLongPerOperationOnVirtualThreadsIsCaught() throws Exception {
        assumeTrue(VirtualThreads.SUPPORTED, "virtual threads need JDK 21+");
        final ConcurrentObjectPool<Item> pool = PoolVariant.THREAD_CACHE.build();
        final int operations = 50_000;
        final long bytes = VirtualThreads.smallestRoundBytes(2, operations, 3, (pool0, lease, i) -> {
            final long handle = pool0.acquire();
            pool0.object(handle).payload = Long.valueOf(VALUE + i);
            pool0.release(handle);
        }, pool);
        assertTrue(bytes >= 2L * operations * BOXED_LONG_BYTES,
            "the harness must see one box per operation: " + bytes + " bytes");
    }

    /** A many-task run: thousands of virtual threads, each acquiring a few times, must not grow a cache each. */
    @Test
    void virtualThreadsDoNotGrowACachePerThread() throws Exception {
        assumeTrue(VirtualThreads.SUPPORTED, "virtual threads need JDK 21+");
        final ConcurrentObjectPool<Item> pool = PoolVariant.THREAD_CACHE.build(1024);
        final Thread[] threads = new Thread[2_000];
        for (int t = 0; t < threads.length; t++) {
            final long base = VALUE + t;
            threads[t] = VirtualThreads.start(() -> {
                final Lease<Item> lease = pool.newLease();
                for (int i = 0; i < 10; i++) {
                    try (Lease<Item> l = lease.acquire()) {
                        l.object().value = base + i;
                    }
                }
            });
        }
        for (final Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(thread.isAlive(), "a virtual thread hung");
        }
        final PoolMetrics m = pool.metrics();
        assertEquals(20_000, m.acquired(), m.toString());
        assertTrue(m.created() < 100, "objects are reused across virtual threads, not built per thread: " + m);
        assertEquals(m.idle(), pool.reachableIdle(),
            "every idle object must sit in the shared queue, none stranded in a virtual thread's cache: " + m);
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    /** A single-producer, single-consumer ring of {@code long}s that allocates nothing after construction. */
    static final class LongRing {
        private final AtomicLongArray slots;
        private final int mask;
        private final AtomicLong head = new AtomicLong();
        private final AtomicLong tail = new AtomicLong();

        LongRing(final int capacity) {
            this.slots = new AtomicLongArray(capacity);
            this.mask = capacity - 1;
        }

        boolean offer(final long value) {
            final long t = tail.get();
            if (t - head.get() == slots.length()) {
                return false;
            }
            slots.lazySet((int) (t & mask), value);
            tail.lazySet(t + 1);
            return true;
        }

        long poll() {
            final long h = head.get();
            if (h == tail.get()) {
                return ConcurrentObjectPool.NO_HANDLE;
            }
            final long value = slots.get((int) (h & mask));
            head.lazySet(h + 1);
            return value;
        }
    }
}
