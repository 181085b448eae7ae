package io.github.hotpath.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.hotpath.pool.HandleCodec.GENERATION_MASK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression tests of {@link ConcurrentObjectPool}: each test is named after the behaviour it pins and failed before
 * the fix that brought it. Generation wraps are reached through a package-private hook that
 * presets an idle slot's generation (2^28 real acquisitions would take tens of seconds each).
 */
@Timeout(30)
class ConcurrentObjectPoolRegressionTest {
    private static final long VALUE = 123_456_789L;
    /** The last generation before a handle's 28-bit generation wraps to 0. */
    private static final long LAST_BEFORE_WRAP = GENERATION_MASK;

    // ----- a handle issued when its slot's generation reaches a multiple of 2^28 -----

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void aHandleIssuedAtGenerationWrapCanBeReleased(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        pool.release(pool.acquire());                           // slot 0 exists and is idle
        pool.presetGeneration(0, LAST_BEFORE_WRAP);
        final long handle = pool.acquire();                     // the slot's 2^35th acquisition
        assertEquals(0, HandleCodec.index(handle), HandleCodec.describe(handle));
        assertEquals(0, HandleCodec.generation(handle), "the handle's generation wraps to 0");
        pool.object(handle).value = VALUE;
        pool.release(handle);
        assertEquals(0, pool.metrics().inUse(), "released, not stuck in use for ever");
        assertEquals(PoolMisuseException.Kind.DOUBLE_RELEASE,
            assertThrows(PoolMisuseException.class, () -> pool.release(handle)).kind(), "and only once");

        final long next = pool.acquire();                       // and the slot keeps working after the wrap
        assertEquals(1, HandleCodec.generation(next), HandleCodec.describe(next));
        pool.release(next);
        assertEquals(1, pool.metrics().created(), "one object all along");
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void aLeaseOpenedAtGenerationWrapCanBeClosed(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        pool.release(pool.acquire());
        pool.presetGeneration(0, 3 * (LAST_BEFORE_WRAP + 1) - 1);  // the third wrap
        try (Lease<Item> lease = pool.lease()) {
            assertEquals(0, HandleCodec.generation(lease.handle()), lease.toString());
            lease.object().value = VALUE;
        }
        assertEquals(0, pool.metrics().inUse(), "the lease's close() released it");
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    // ----- misuse around a generation wrap -----

    /** A holds the slot's last generation before the wrap, B the first after it: A's second release is stale. */
    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void aStaleReleaseAcrossAGenerationWrapIsReportedAsStale(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        pool.release(pool.acquire());
        pool.presetGeneration(0, LAST_BEFORE_WRAP - 1);         // A gets 2^35 - 1, B gets 2^35 (0 in its handle)
        ConcurrentObjectPoolTest.assertAStaleReleaseIsRejectedAndTheNewHolderIsUnaffected(pool);
    }

    /** Before a slot wraps, a generation it has not reached yet was never issued; after a wrap, every one was. */
    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void aGenerationTheSlotNeverReachedIsNotIssuedButAfterAWrapEveryOneWas(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final long first = pool.acquire();
        pool.release(first);
        final long ahead = first + (5L << HandleCodec.INDEX_BITS);
        assertEquals(PoolMisuseException.Kind.NOT_ISSUED,
            assertThrows(PoolMisuseException.class, () -> pool.release(ahead)).kind());

        pool.presetGeneration(0, LAST_BEFORE_WRAP + 2);         // wrapped: generations 1..2^35+2 were all issued
        final long held = pool.acquire();
        assertEquals(PoolMisuseException.Kind.STALE_RELEASE,
            assertThrows(PoolMisuseException.class, () -> pool.release(ahead)).kind());
        assertNotEquals(ahead, held);
        pool.release(held);
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    /** Guard for the wrap tests: the hook must refuse a slot in use, so it cannot fake a holder's state. */
    @Test
    void theGenerationHookRefusesASlotInUse() {
        final ConcurrentObjectPool<Item> pool = PoolVariant.THREAD_CACHE.build();
        final long handle = pool.acquire();
        assertThrows(IllegalStateException.class, () -> pool.presetGeneration(0, 5));
        pool.release(handle);
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    // ----- a failure after the release CAS must drop the object once, not lose it -----

    @Test
    void aThrowingSizeOfDoesNotLoseTheObject() {
        final AtomicBoolean fail = new AtomicBoolean(true);
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new)
            .whenEmptyWait(1, Duration.ofMillis(50))
            .retainedSizeCap(item -> {
                if (fail.getAndSet(false)) {
                    throw new IllegalStateException("sizeOf failed");
                }
                return 0;
            }, 10)
            .build();
        final long handle = pool.acquire();
        assertEquals("sizeOf failed", assertThrows(IllegalStateException.class, () -> pool.release(handle))
            .getMessage());
        assertDroppedOnceAndTheBoundIsIntact(pool);
    }

    @Test
    void aThrowingResetCheckDoesNotLoseTheObject() {
        final AtomicBoolean fail = new AtomicBoolean(true);
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new)
            .whenEmptyReject(1).strict(true)
            .verifyReset(item -> {
                if (fail.getAndSet(false)) {
                    throw new ArithmeticException("check failed");
                }
                return item.isClean();
            })
            .build();
        final long handle = pool.acquire();
        assertThrows(ArithmeticException.class, () -> pool.release(handle));
        assertDroppedOnceAndTheBoundIsIntact(pool);
    }

    @Test
    void aThrowingEquivalenceDoesNotLoseTheObject() {
        final AtomicBoolean fail = new AtomicBoolean(true);
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new)
            .whenEmptyReject(1).strict(true)
            .verifyResetAgainstFresh((fresh, item) -> {
                if (fail.getAndSet(false)) {
                    throw new AssertionError("equivalence failed");
                }
                return item.isClean() && fresh.isClean();
            })
            .build();
        final long handle = pool.acquire();
        assertThrows(AssertionError.class, () -> pool.release(handle));
        assertDroppedOnceAndTheBoundIsIntact(pool);
    }

    @Test
    void aResetThrowingACheckedExceptionDoesNotLoseTheObject() {
        final AtomicBoolean fail = new AtomicBoolean(true);
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.<Item>builder(Item::new, item -> {
            if (fail.getAndSet(false)) {
                throw sneaky(new IOException("reset failed"));
            }
            item.reset();
        }).whenEmptyReject(1).build();
        final long handle = pool.acquire();
        final Throwable thrown = assertThrows(Throwable.class, () -> pool.release(handle));
        assertTrue(thrown instanceof IOException, "the checked exception itself is rethrown: " + thrown);
        assertDroppedOnceAndTheBoundIsIntact(pool);
    }

    @Test
    void aFactoryThrowingACheckedExceptionDoesNotUseUpTheBound() {
        final AtomicBoolean fail = new AtomicBoolean(true);
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.<Item>builder(() -> {
            if (fail.getAndSet(false)) {
                throw sneaky(new IOException("factory failed"));
            }
            return new Item();
        }, Item::reset).whenEmptyReject(1).build();
        final Throwable thrown = assertThrows(Throwable.class, pool::tryAcquire);
        assertTrue(thrown instanceof IOException, "the checked exception itself is rethrown: " + thrown);
        final long handle = pool.tryAcquire();
        assertNotEquals(ConcurrentObjectPool.NO_HANDLE, handle, "the failed creation used up the bound of 1");
        pool.release(handle);
        assertEquals(1, pool.metrics().created(), pool.metrics().toString());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    /** The failed release dropped the object (counted once) and freed its place under the pool's bound of 1. */
    private static void assertDroppedOnceAndTheBoundIsIntact(final ConcurrentObjectPool<Item> pool) {
        final PoolMetrics m = pool.metrics();
        assertEquals(1, m.resetFailures(), m.toString());
        assertEquals(1, m.dropped(), "dropped once, not lost and not twice: " + m);
        assertEquals(0, m.inUse(), m.toString());
        assertEquals(0, m.idle(), "a failed object must not be kept: " + m);
        PoolAssertions.assertQuiescent(pool, Item::isClean);
        final long next = pool.tryAcquire();
        assertNotEquals(ConcurrentObjectPool.NO_HANDLE, next, "the lost object still counts against the bound: "
            + pool.metrics());
        pool.release(next);
        assertEquals(2, pool.metrics().created(), pool.metrics().toString());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(final Throwable e) throws E {
        throw (E) e;
    }

    // ----- nothing a thread keeps for a pool may point back to the pool -----

    @Test
    void aDiscardedPoolIsCollectedWhileItsThreadsLive() throws InterruptedException {
        final WeakReference<?> pool = aPoolThisThreadCachedAnObjectOf();
        assertTrue(awaitCollected(pool), "the pool is still reachable from this (live) thread's cache cell");
    }

    private static WeakReference<?> aPoolThisThreadCachedAnObjectOf() {
        final ConcurrentObjectPool<Item> pool = PoolVariant.THREAD_CACHE.build();
        try (Lease<Item> lease = pool.lease()) {
            lease.object().value = VALUE;
        }                                                       // now in this thread's one-object cache
        final long handle = pool.acquire();
        pool.release(handle);
        assertEquals(1, pool.reachableIdle(), "the object is cached by this live thread");
        return new WeakReference<>(pool);
    }

    private static boolean awaitCollected(final WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < 100 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        return ref.get() == null;
    }

    // ----- a thread that ended is not kept reachable by the slots it cached into -----

    @Test
    void aThreadThatEndedIsCollectedOnceItsCachedObjectIsReclaimed() throws InterruptedException {
        final ConcurrentObjectPool<Item> pool = PoolVariant.THREAD_CACHE.build();
        final WeakReference<Thread> thread = aThreadThatCachedAnObjectAndEnded(pool);
        assertEquals(1, pool.reclaimStranded());
        assertTrue(awaitCollected(thread), "the pool keeps a thread that ended reachable");
        final long handle = pool.acquire();
        pool.release(handle);
        assertEquals(1, pool.metrics().created());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    private static WeakReference<Thread> aThreadThatCachedAnObjectAndEnded(final ConcurrentObjectPool<Item> pool)
        throws InterruptedException {
        final Thread worker = new Thread(() -> pool.release(pool.acquire()), "short-lived");
        worker.start();
        worker.join(10_000);
        assertFalse(worker.isAlive(), "worker hung");
        return new WeakReference<>(worker);
    }

    // ----- misses look for stranded objects a bounded number of slots at a time, and still find them -----

    @Test
    void aStrandedObjectIsFoundByMissesThatScanABoundedNumberOfSlots() throws InterruptedException {
        final int held = 199;
        final ConcurrentObjectPool<Item> pool = PoolVariant.THREAD_CACHE.build(256);
        final long[] handles = new long[held];
        for (int i = 0; i < held; i++) {
            handles[i] = pool.acquire();                        // slots 0..198, all in use
        }
        final Item[] stranded = new Item[1];
        final Thread worker = new Thread(() -> {
            final long handle = pool.acquire();                 // slot 199
            stranded[0] = pool.object(handle);
            pool.release(handle);                               // into this thread's cache, which dies with it
        }, "short-lived");
        worker.start();
        worker.join(10_000);
        assertFalse(worker.isAlive(), "worker hung");
        // Keep every other object in use, so each further acquisition is a miss, until one returns the stranded one.
        final long[] more = new long[256];
        int found = -1;
        for (int i = 0; i < more.length && found < 0; i++) {
            more[i] = pool.acquire();
            if (pool.object(more[i]) == stranded[0]) {
                found = i;
            }
        }
        assertTrue(found >= 0, "256 misses never reclaimed the object stranded in a dead thread's cache");
        for (int i = 0; i <= found; i++) {
            pool.release(more[i]);
        }
        for (final long handle : handles) {
            pool.release(handle);
        }
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    // ----- an interrupted waiter is told why it gave up -----

    @Test
    void anInterruptedWaiterIsToldItWasInterrupted() {
        final ConcurrentObjectPool<Item> pool =
            ConcurrentObjectPool.builder(Item::new).whenEmptyWait(1, Duration.ofSeconds(20)).build();
        final long held = pool.acquire();
        Thread.currentThread().interrupt();
        try {
            final PoolExhaustedException e = assertThrows(PoolExhaustedException.class, pool::acquire);
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
        } finally {
            Thread.interrupted();
        }
        pool.release(held);
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    // ----- a snapshot taken under concurrency never reports a negative hit rate -----

    @Test
    void theHitRateStaysBetweenZeroAndOneInARacySnapshot() {
        // acquired read before a concurrent miss claimed its slot, created read after the miss counted itself
        final PoolMetrics racy = new PoolMetrics(1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 2, 2, 64, 1 << 20);
        assertEquals(0.0, racy.hitRate(), racy.toString());
    }

    // ----- a handle of another live pool is never accepted -----

    /**
     * The issue's scenario: with 8-bit tags taken from a counter, the pool built 256 pools later shared this pool's
     * tag, and its first handle (slot 0, generation 1) equalled this pool's: this pool released it and reset its
     * holder's object.
     */
    @Test
    void aHandleOfAnotherLivePoolIsNeverAccepted() {
        final ConcurrentObjectPool<Item> mine = ConcurrentObjectPool.builder(Item::new).build();
        final long held = mine.acquire();
        mine.object(held).value = VALUE;
        final List<ConcurrentObjectPool<Item>> others = new ArrayList<>();
        try {
            for (int i = 0; i < 600; i++) {
                final ConcurrentObjectPool<Item> other = ConcurrentObjectPool.builder(Item::new).build();
                others.add(other);
                final long foreign = other.acquire();          // slot 0, generation 1, as `held`
                assertEquals(PoolMisuseException.Kind.NOT_ISSUED, assertThrows(PoolMisuseException.class,
                    () -> mine.release(foreign), "pool " + i + " built later").kind());
                assertThrows(PoolMisuseException.class, () -> mine.object(foreign));
                other.release(foreign);
            }
            assertEquals(VALUE, mine.object(held).value, "the holder's object was reset under it");
            assertEquals(1, mine.metrics().inUse());
        } finally {
            others.forEach(ConcurrentObjectPool::close);
        }
        mine.release(held);
        PoolAssertions.assertQuiescent(mine, Item::isClean);
        mine.close();
    }

    // ----- input the builder once accepted, or failed on obscurely later -----

    @Test
    void retainedSizeCapRejectsANegativeSize() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ConcurrentObjectPool.builder(Item::new).retainedSizeCap(item -> 0, -1));
        assertTrue(e.getMessage().contains("maxSize") && e.getMessage().contains("-1"), e.getMessage());
        try (ConcurrentObjectPool<Item> zero = ConcurrentObjectPool.builder(Item::new)
            .retainedSizeCap(item -> 0, 0).build()) {
            zero.release(zero.acquire());
            assertEquals(0, zero.metrics().droppedOversize(), "size 0 is within a cap of 0");
        }
    }

    @Test
    void whenEmptyWaitTakesTheLongestDurationAsForEver() throws Exception {
        for (final Duration forever : new Duration[] {
            Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
            Duration.ofNanos(Long.MAX_VALUE)}) {
            try (ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new)
                .whenEmptyWait(1, forever).build()) {
                final long held = pool.acquire();
                final Thread releaser = new Thread(() -> {
                    try {
                        Thread.sleep(20);
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    pool.release(held);
                }, "releaser");
                releaser.start();
                final long handle = pool.acquire();                 // waits, does not time out at once
                releaser.join(10_000);
                pool.release(handle);
                assertEquals(0, pool.metrics().exhausted(), forever + ": " + pool.metrics());
            }
        }
    }

    @Test
    void anyPositiveCountIsAcceptedAndTheSnapshotReportsWhatWasApplied() {
        final int[][] idle = {{1, 2}, {2, 2}, {3, 4}, {64, 64}, {65, 128}, {1 << 20, 1 << 20},
            {(1 << 20) + 1, 1 << 20}, {Integer.MAX_VALUE, 1 << 20}};
        for (final int[] c : idle) {
            try (ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new).maxIdle(c[0]).build()) {
                assertEquals(c[1], pool.metrics().idleCapacity(), "maxIdle(" + c[0] + ")");
            }
        }
        try (ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new)
            .whenEmptyReject(Integer.MAX_VALUE).build()) {
            assertEquals(1 << 20, pool.metrics().maxTotal());
        }
        try (ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new)
            .whenEmptyWait(3, Duration.ZERO).build()) {
            assertEquals(3, pool.metrics().maxTotal());
        }
        for (final int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConcurrentObjectPool.builder(Item::new).maxIdle(bad));
            assertTrue(e.getMessage().contains("maxIdle") && e.getMessage().contains(String.valueOf(bad)),
                e.getMessage());
            final IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> ConcurrentObjectPool.builder(Item::new).whenEmptyReject(bad));
            assertTrue(t.getMessage().contains("maxTotal") && t.getMessage().contains(String.valueOf(bad)),
                t.getMessage());
        }
    }

    /** Was: a thread waiting under whenEmptyWait kept waiting after close(), then got an object of the closed pool. */
    @Test
    void aWaitingAcquisitionEndsWhenThePoolClosesAndBuildsNothing() throws Exception {
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new)
            .whenEmptyWait(1, Duration.ofSeconds(20)).build();
        final long held = pool.acquire();
        final AtomicReference<Throwable> outcome = new AtomicReference<>();
        final CountDownLatch waiting = new CountDownLatch(1);
        final Thread waiter = new Thread(() -> {
            waiting.countDown();
            try {
                outcome.set(new AssertionError("acquired " + pool.acquire() + " from a closed pool"));
            } catch (final Throwable t) {
                outcome.set(t);
            }
        });
        waiter.start();
        waiting.await();
        Thread.sleep(100); // into its wait
        final long closedAt = System.nanoTime();
        pool.close();
        waiter.join(5_000);
        assertFalse(waiter.isAlive(), "still waiting 5 s after close()");
        assertTrue(System.nanoTime() - closedAt < Duration.ofSeconds(5).toNanos());
        assertTrue(outcome.get() instanceof IllegalStateException, String.valueOf(outcome.get()));
        assertTrue(outcome.get().getMessage().contains("closed"), outcome.get().getMessage());
        pool.release(held); // released after close: reset and dropped
        assertEquals(1, pool.metrics().created(), "no object built for the closed pool");
        assertThrows(IllegalStateException.class, pool::acquire);
    }
}
