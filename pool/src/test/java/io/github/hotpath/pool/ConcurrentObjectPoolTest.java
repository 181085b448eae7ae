package io.github.hotpath.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool's contract, run against every variant, and the misuse cases. */
class ConcurrentObjectPoolTest {
    private static final long VALUE = 123_456_789L;

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void releaseResetsTheObjectAndTheNextAcquireReusesIt(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final long first = pool.acquire();
        final Item item = pool.object(first);
        item.value = VALUE;
        item.payload = "tenant A's data";
        pool.release(first);
        assertTrue(item.isClean(), "an idle object must hold no request data: " + item);

        final long second = pool.acquire();
        assertSame(item, pool.object(second), "the released object is reused");
        pool.release(second);

        final PoolMetrics m = pool.metrics();
        assertEquals(2, m.acquired(), m.toString());
        assertEquals(2, m.released(), m.toString());
        assertEquals(1, m.created(), m.toString());
        assertEquals(0, m.inUse(), m.toString());
        assertEquals(1, m.idle(), m.toString());
        assertEquals(1, m.highWaterMark(), m.toString());
        assertEquals(0.5, m.hitRate(), m.toString());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void leaseReleasesOnClose(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final Item item;
        try (Lease<Item> lease = pool.lease()) {
            item = lease.object();
            item.value = VALUE;
            assertEquals(1, pool.metrics().inUse());
        }
        assertTrue(item.isClean(), item.toString());
        try (Lease<Item> lease = pool.lease()) {
            assertSame(item, lease.object());
        }
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void objectsInUseAtOnceAreDistinct(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final long[] handles = new long[10];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = pool.acquire();
            for (int j = 0; j < i; j++) {
                assertNotSame(pool.object(handles[j]), pool.object(handles[i]), "one object handed out twice");
            }
        }
        assertEquals(10, pool.metrics().inUse());
        for (final long handle : handles) {
            pool.release(handle);
        }
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void doubleReleaseIsRejectedAndCounted(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final long handle = pool.acquire();
        pool.release(handle);
        final PoolMisuseException e = assertThrows(PoolMisuseException.class, () -> pool.release(handle));
        assertEquals(PoolMisuseException.Kind.DOUBLE_RELEASE, e.kind(), e.getMessage());
        assertEquals(1, pool.metrics().misuseRejected());
        assertEquals(1, pool.metrics().idle(), "the object must be idle once, not twice");
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    /** The issue's exact scenario: A acquires, A releases, B acquires the same object, A releases again. */
    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void staleReleaseAfterTheObjectWasReacquiredIsRejectedAndTheNewHolderIsUnaffected(final PoolVariant variant) {
        assertAStaleReleaseIsRejectedAndTheNewHolderIsUnaffected(variant.build());
    }

    /** A acquires, A releases, B acquires the same object, A releases again; ends with the pool quiescent. */
    static void assertAStaleReleaseIsRejectedAndTheNewHolderIsUnaffected(final ConcurrentObjectPool<Item> pool) {
        final long misusesBefore = pool.metrics().misuseRejected();
        final long a = pool.acquire();
        final Item item = pool.object(a);
        pool.release(a);
        final long b = pool.acquire();
        assertSame(item, pool.object(b), "B must hold the object A released (the scenario needs it)");
        item.value = VALUE;                                         // B's request data

        final PoolMisuseException e = assertThrows(PoolMisuseException.class, () -> pool.release(a));
        assertEquals(PoolMisuseException.Kind.STALE_RELEASE, e.kind(), e.getMessage());
        assertEquals(VALUE, item.value, "B's object must not have been reset by A's stale release");
        assertEquals(1, pool.metrics().inUse(), "B still holds the object");
        assertEquals(misusesBefore + 1, pool.metrics().misuseRejected());
        final long c = pool.acquire();
        assertNotSame(item, pool.object(c), "the object B holds must not be handed to anyone else");

        pool.release(b);
        pool.release(c);
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void handlesThisPoolNeverIssuedAreRejected(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final ConcurrentObjectPool<Item> other = variant.build();
        final long mine = pool.acquire();
        final long foreign = other.acquire();
        final long[] bogus = {
            ConcurrentObjectPool.NO_HANDLE,
            Long.MIN_VALUE,
            foreign,                                                  // another pool's handle
            mine + 1,                                                 // a slot never created
            mine + (1L << HandleCodec.INDEX_BITS),           // a generation never issued
            mine & ~(HandleCodec.GENERATION_MASK << HandleCodec.INDEX_BITS), // generation 0
        };
        for (final long handle : bogus) {
            final PoolMisuseException e = assertThrows(PoolMisuseException.class, () -> pool.release(handle),
                HandleCodec.describe(handle));
            assertEquals(PoolMisuseException.Kind.NOT_ISSUED, e.kind(), e.getMessage());
        }
        assertEquals(bogus.length, pool.metrics().misuseRejected());
        assertEquals(1, pool.metrics().inUse(), "the real holder is unaffected");
        pool.release(mine);
        other.release(foreign);
        PoolAssertions.assertQuiescent(pool, Item::isClean);
        PoolAssertions.assertQuiescent(other, Item::isClean);
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void closingALeaseTwiceIsRejected(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final Lease<Item> lease = pool.lease();
        lease.close();
        final PoolMisuseException e = assertThrows(PoolMisuseException.class, lease::close);
        assertEquals(PoolMisuseException.Kind.DOUBLE_RELEASE, e.kind(), e.getMessage());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void objectOfAReleasedHandleThrows(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final long handle = pool.acquire();
        pool.release(handle);
        final PoolMisuseException e = assertThrows(PoolMisuseException.class, () -> pool.object(handle));
        assertEquals(PoolMisuseException.Kind.USE_AFTER_RELEASE, e.kind(), e.getMessage());
        assertEquals(1, pool.metrics().misuseRejected());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    /** The issue's scenario: A keeps its handle past release, B gets the object; A must not reach B's object. */
    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void objectOfAStaleHandleThrowsAndTheNewHolderKeepsItsObject(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final long a = pool.acquire();
        final Item item = pool.object(a);
        pool.release(a);
        final long b = pool.acquire();
        assertSame(item, pool.object(b), "B must hold the object A released (the scenario needs it)");
        pool.object(b).payload = "userId=alice";
        final PoolMisuseException e = assertThrows(PoolMisuseException.class, () -> pool.object(a));
        assertEquals(PoolMisuseException.Kind.USE_AFTER_RELEASE, e.kind(), e.getMessage());
        assertEquals("userId=alice", pool.object(b).payload);
        pool.release(b);
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void leaseObjectAfterCloseThrows(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final Lease<Item> lease = pool.lease();
        lease.object().value = VALUE;
        lease.close();
        final PoolMisuseException e = assertThrows(PoolMisuseException.class, lease::object);
        assertEquals(PoolMisuseException.Kind.USE_AFTER_RELEASE, e.kind(), e.getMessage());
        assertEquals(1, pool.metrics().misuseRejected());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    /** The issue's scenario: a lease closed twice, after another holder took the object, must not release it. */
    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void aLeaseClosedTwiceCannotReleaseTheNextHoldersObject(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final Lease<Item> a = pool.lease();
        final Item item = a.object();
        a.close();
        final Lease<Item> b = pool.lease();
        assertSame(item, b.object(), "B must hold the object A released (the scenario needs it)");
        assertNotSame(a, b, "the pool never hands one lease to two holders");
        b.object().value = VALUE;
        final PoolMisuseException e = assertThrows(PoolMisuseException.class, a::close);
        assertEquals(PoolMisuseException.Kind.DOUBLE_RELEASE, e.kind(), e.getMessage());
        assertEquals(VALUE, item.value, "B's object was reset under it by A's stale close");
        assertEquals(1, pool.metrics().inUse(), "B still holds its object");
        b.object().value = Item.NO_VALUE;
        b.close();
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void aKeptLeaseAcquiresAgainButNeverHoldsTwoObjects(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final Lease<Item> lease = pool.newLease();
        assertThrows(PoolMisuseException.class, lease::object, "a new lease holds nothing");
        for (int i = 0; i < 3; i++) {
            try (Lease<Item> l = lease.acquire()) {
                assertSame(lease, l);
                l.object().value = VALUE + i;
                assertThrows(IllegalStateException.class, lease::acquire, "a lease holds one object at a time");
                assertEquals(1, pool.metrics().inUse());
            }
        }
        assertEquals(3, pool.metrics().acquired());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void anotherThreadMayRelease(final PoolVariant variant) throws Exception {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final long handle = pool.acquire();
        pool.object(handle).value = VALUE;
        final Thread releaser = new Thread(() -> pool.release(handle), "releaser");
        releaser.start();
        releaser.join(10_000);
        assertFalse(releaser.isAlive(), "releaser hung");
        assertEquals(1, pool.metrics().released());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void aResetThatThrowsDropsTheObjectAndPropagates(final PoolVariant variant) {
        final AtomicInteger resets = new AtomicInteger();
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.<Item>builder(Item::new, item -> {
            if (resets.incrementAndGet() == 1) {
                throw new IllegalArgumentException("reset failed");
            }
            item.reset();
        }).build();
        final long handle = pool.acquire();
        assertThrows(IllegalArgumentException.class, () -> pool.release(handle));
        final PoolMetrics m = pool.metrics();
        assertEquals(1, m.resetFailures(), m.toString());
        assertEquals(1, m.dropped(), m.toString());
        assertEquals(0, m.inUse(), m.toString());
        assertThrows(PoolMisuseException.class, () -> pool.release(handle), "released once already");
        pool.release(pool.acquire());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @Test
    void releasedObjectsOverTheIdleBoundAreDroppedAndCounted() {
        final ConcurrentObjectPool<Item> pool = PoolVariant.SHARED_QUEUE_ONLY.build(2);
        assertEquals(2, pool.metrics().idleCapacity());
        final long[] handles = new long[5];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = pool.acquire();
        }
        for (final long handle : handles) {
            pool.release(handle);
        }
        final PoolMetrics m = pool.metrics();
        assertEquals(5, m.created(), m.toString());
        assertEquals(3, m.dropped(), m.toString());
        assertEquals(2, m.idle(), m.toString());
        assertEquals(5, m.highWaterMark(), m.toString());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
        for (final long handle : handles) {
            assertThrows(PoolMisuseException.class, () -> pool.release(handle), "a dropped object's handle");
        }
    }

    @Test
    void anObjectOverTheRetainedSizeCapIsDroppedOnRelease() {
        final ConcurrentObjectPool<RequestContext> pool = ConcurrentObjectPool
            .<RequestContext>builder(BigContext::new)
            .retainedSizeCap(RequestContext::retainedCapacity, 1_000).build();
        final long handle = pool.acquire();
        final BigContext ctx = (BigContext) pool.object(handle);
        ctx.grown = true;
        pool.release(handle);
        final long next = pool.acquire();
        assertNotSame(ctx, pool.object(next), "the oversized object must not be reused");
        pool.release(next);
        final PoolMetrics m = pool.metrics();
        assertEquals(1, m.droppedOversize(), m.toString());
        assertEquals(1, m.dropped(), m.toString());
        PoolAssertions.assertQuiescent(pool, RequestContext::isReset);
    }

    /** A context that stays big after its reset, as an object with a non-shrinking buffer would. */
    static final class BigContext extends RequestContext {
        boolean grown;

        @Override
        public long retainedCapacity() {
            return grown ? 1_000_000 : super.retainedCapacity();
        }
    }

    @Test
    void failFastPoolReturnsNoHandleOrThrowsWhenAllObjectsAreInUse() {
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new).whenEmptyReject(2).build();
        final long a = pool.acquire();
        final long b = pool.acquire();
        assertEquals(ConcurrentObjectPool.NO_HANDLE, pool.tryAcquire());
        final PoolExhaustedException e = assertThrows(PoolExhaustedException.class, pool::acquire);
        assertTrue(e.getMessage().contains("all 2 objects in use"), e.getMessage());
        assertThrows(PoolExhaustedException.class, pool::lease);
        assertEquals(3, pool.metrics().exhausted());
        pool.release(a);
        pool.release(pool.acquire());
        pool.release(b);
        assertEquals(2, pool.metrics().created());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @Test
    void waitingPoolHandsOverAnObjectReleasedByAnotherThread() throws Exception {
        final ConcurrentObjectPool<Item> pool =
            ConcurrentObjectPool.builder(Item::new).whenEmptyWait(1, Duration.ofSeconds(10)).build();
        final long held = pool.acquire();
        final CountDownLatch waiting = new CountDownLatch(1);
        final Thread releaser = new Thread(() -> {
            try {
                waiting.await();
                Thread.sleep(50);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool.release(held);
        }, "releaser");
        releaser.start();
        waiting.countDown();
        final long start = System.nanoTime();
        final long handle = pool.acquire();
        final long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waitedMillis < 5_000, "waited " + waitedMillis + " ms");
        releaser.join(10_000);
        pool.release(handle);
        assertEquals(1, pool.metrics().created(), "the bound of one object must hold");
        assertEquals(0, pool.metrics().exhausted());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @Test
    void waitingPoolGivesUpAfterItsTimeout() {
        final ConcurrentObjectPool<Item> pool =
            ConcurrentObjectPool.builder(Item::new).whenEmptyWait(1, Duration.ofMillis(50)).build();
        final long held = pool.acquire();
        final long start = System.nanoTime();
        assertEquals(ConcurrentObjectPool.NO_HANDLE, pool.tryAcquire());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "gave up before the timeout");
        final PoolExhaustedException e = assertThrows(PoolExhaustedException.class, pool::acquire);
        assertTrue(e.getMessage().contains("none released within"), e.getMessage());
        assertEquals(2, pool.metrics().exhausted());
        pool.release(held);
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @Test
    void aFactoryThatReturnsNullIsAClearErrorAndLeavesThePoolConsistent() {
        final ConcurrentObjectPool<Item> pool =
            ConcurrentObjectPool.<Item>builder(() -> null, Item::reset).whenEmptyReject(1).build();
        final NullPointerException e = assertThrows(NullPointerException.class, pool::acquire);
        assertTrue(e.getMessage().contains("factory returned null"), e.getMessage());
        assertThrows(NullPointerException.class, pool::acquire, "the failed creation must not use up the bound");
        assertEquals(0, pool.metrics().created());
        PoolAssertions.assertQuiescent(pool);
    }

    @Test
    void anObjectCachedByAThreadThatEndedIsReclaimed() throws Exception {
        final ConcurrentObjectPool<Item> pool = PoolVariant.THREAD_CACHE.build();
        final Item[] seen = new Item[1];
        final Thread worker = new Thread(() -> {
            final long handle = pool.acquire();
            seen[0] = pool.object(handle);
            pool.release(handle);                 // lands in this thread's one-object cache
        }, "short-lived");
        worker.start();
        worker.join(10_000);
        assertFalse(worker.isAlive());
        assertEquals(1, pool.reclaimStranded(), "the dead thread's cached object");
        PoolAssertions.assertQuiescent(pool, Item::isClean);
        final long handle = pool.acquire();
        assertSame(seen[0], pool.object(handle), "the reclaimed object is reused, not lost");
        pool.release(handle);
        assertEquals(1, pool.metrics().created());
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void closeLetsIdleObjectsGoAndLaterAcquisitionsThrow(final PoolVariant variant) {
        final ConcurrentObjectPool<Item> pool = variant.build();
        final long held = pool.acquire();
        final long[] idle = {pool.acquire(), pool.acquire()};
        for (final long handle : idle) {
            pool.release(handle);
        }
        pool.close();
        pool.close();                                               // idempotent
        assertThrows(IllegalStateException.class, pool::acquire);
        assertThrows(IllegalStateException.class, pool::tryAcquire);
        assertThrows(IllegalStateException.class, pool::lease);
        final Item item = pool.object(held);
        item.value = VALUE;
        pool.release(held);                                         // a holder may still release after close
        assertTrue(item.isClean(), "released after close: reset, then dropped: " + item);
        final PoolMetrics m = pool.metrics();
        assertEquals(0, m.inUse(), m.toString());
        assertEquals(m.created() - m.dropped(), m.idle(), "objects let go are counted as dropped: " + m);
        assertTrue(m.idle() <= 1, "only an object in this thread's cache may stay: " + m);
    }

    @Test
    void badConfigurationIsRejected() {
        final PoolBuilder<Item> b = ConcurrentObjectPool.builder(Item::new);
        assertThrows(IllegalArgumentException.class, () -> b.maxIdle(0));
        assertThrows(IllegalArgumentException.class, () -> b.whenEmptyReject(0));
        assertThrows(IllegalArgumentException.class, () -> b.whenEmptyWait(1, Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> b.whenEmptyWait(1, null));
        assertThrows(IllegalArgumentException.class, () -> b.leakSampling(-1));
        assertThrows(NullPointerException.class, () -> ConcurrentObjectPool.builder(null));
        assertThrows(NullPointerException.class, () -> ConcurrentObjectPool.builder(Item::new, null));
    }
}
