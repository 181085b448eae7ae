package io.github.hotpath.pool;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The virtual threads' path: the striped cells (exercised with platform threads, so on every JDK), and, on JDK 21+,
 * objects that virtual threads leave in their cells are found by every other thread.
 */
class VirtualThreadPathTest {
    private static final long VALUE = 123_456_789L;

    @Test
    void cellsArePickedByThreadIdSoNeighbouringThreadsDoNotShare() throws Exception {
        final StripedIdleCells<Item> cells = StripedIdleCells.forThisMachine();
        final int count = cells.count();
        assertEquals(0, count & (count - 1), "a power of two: " + count);
        assertTrue(count >= 16 && count <= 256, "cells: " + count);
        final Slot<Item> a = new Slot<>(0);
        final Slot<Item> b = new Slot<>(1);
        final Thread first = new Thread(() -> { }, "first");
        final Thread second = new Thread(() -> { }, "second");              // the next id: the next cell
        assertTrue(cells.put(a, first));
        assertTrue(cells.put(b, second), "neighbouring ids share a cell");
        assertFalse(cells.put(b, first), "a cell holds one slot");
        assertEquals(2, cells.size());
        assertSame(a, cells.take(first));
        assertNull(cells.take(first), "taken once");
        assertSame(b, cells.takeAny());
        assertNull(cells.takeAny());
        assertEquals(0, cells.size());
    }

    @Test
    void aVirtualThreadGetsTheObjectItReleasedBackFromItsCell() throws Exception {
        assumeTrue(VirtualThreads.SUPPORTED, "virtual threads need JDK 21+");
        try (ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new).build()) {
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread vt = VirtualThreads.start(() -> {
                try {
                    final long first = pool.acquire();
                    final Item item = pool.object(first);
                    pool.release(first);
                    for (int i = 0; i < 1_000; i++) {
                        final long handle = pool.acquire();
                        assertSame(item, pool.object(handle), "the cell gives the same object back");
                        pool.release(handle);
                    }
                } catch (final Throwable e) {
                    failure.set(e);
                }
            });
            vt.join(10_000);
            assertNull(failure.get());
            assertEquals(1, pool.metrics().created(), pool.metrics().toString());
            assertEquals(1, pool.reachableIdle(), "the object waits in the virtual thread's cell");
            PoolAssertions.assertQuiescent(pool, Item::isClean);
        }
    }

    /** A bounded pool: the one object sits in a virtual thread's cell; a platform thread must find it, not wait. */
    @Test
    void aPlatformThreadFindsTheObjectAVirtualThreadLeftInItsCell() throws Exception {
        assumeTrue(VirtualThreads.SUPPORTED, "virtual threads need JDK 21+");
        for (final PoolBuilder<Item> builder : java.util.List.of(
            ConcurrentObjectPool.builder(Item::new).whenEmptyReject(1),
            ConcurrentObjectPool.builder(Item::new).whenEmptyWait(1, Duration.ofSeconds(5)),
            ConcurrentObjectPool.builder(Item::new))) {
            try (ConcurrentObjectPool<Item> pool = builder.build()) {
                final Thread vt = VirtualThreads.start(() -> pool.release(pool.acquire()));
                vt.join(10_000);
                assertEquals(1, pool.reachableIdle());
                final long start = System.nanoTime();
                final long handle = pool.tryAcquire();
                assertNotEquals(ConcurrentObjectPool.NO_HANDLE, handle, "the idle object in the cell went unseen");
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(), "waited for it");
                pool.object(handle).value = VALUE;
                pool.release(handle);
                assertEquals(1, pool.metrics().created(), pool.metrics().toString());
                PoolAssertions.assertQuiescent(pool, Item::isClean);
            }
        }
    }

    @Test
    void closeLetsTheObjectsInTheCellsGo() throws Exception {
        assumeTrue(VirtualThreads.SUPPORTED, "virtual threads need JDK 21+");
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new).build();
        final Thread vt = VirtualThreads.start(() -> pool.release(pool.acquire()));
        vt.join(10_000);
        assertEquals(1, pool.metrics().idle());
        pool.close();
        final PoolMetrics m = pool.metrics();
        assertEquals(0, m.idle(), m.toString());
        assertEquals(1, m.dropped(), m.toString());
    }
}
