package io.github.hotpath.pool;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strict mode: reset verification and sampled leak detection, on top of the checks of every mode. */
class StrictModeTest {
    private static final long VALUE = 123_456_789L;

    private static ConcurrentObjectPool<Item> strictPool() {
        return ConcurrentObjectPool.builder(Item::new).strict(true).verifyReset(Item::isClean).build();
    }

    @Test
    void usingALeaseAfterCloseThrows() {
        final ConcurrentObjectPool<Item> pool = strictPool();
        final Lease<Item> lease = pool.lease();
        lease.object().value = VALUE;
        lease.close();
        final PoolMisuseException e = assertThrows(PoolMisuseException.class, lease::object);
        assertEquals(PoolMisuseException.Kind.USE_AFTER_RELEASE, e.kind(), e.getMessage());
        assertEquals(1, pool.metrics().misuseRejected());
        PoolAssertions.assertQuiescent(pool);
    }

    @Test
    void aStaleLeaseCannotCloseOrReachTheNextHoldersObject() {
        final ConcurrentObjectPool<Item> pool = strictPool();
        final Lease<Item> a = pool.lease();
        final Item item = a.object();
        a.close();
        final Lease<Item> b = pool.lease();
        assertSame(item, b.object(), "B holds the object A released");
        item.value = VALUE;
        assertEquals(PoolMisuseException.Kind.USE_AFTER_RELEASE,
            assertThrows(PoolMisuseException.class, a::object).kind());
        assertEquals(PoolMisuseException.Kind.DOUBLE_RELEASE, assertThrows(PoolMisuseException.class, a::close).kind());
        assertEquals(VALUE, b.object().value, "B's object untouched");
        b.object().value = Item.NO_VALUE;
        b.close();
        assertEquals(2, pool.metrics().misuseRejected());
        PoolAssertions.assertQuiescent(pool);
    }

    @Test
    void objectOfAReleasedHandleThrowsInStrictMode() {
        final ConcurrentObjectPool<Item> pool = strictPool();
        final long handle = pool.acquire();
        pool.release(handle);
        assertEquals(PoolMisuseException.Kind.USE_AFTER_RELEASE,
            assertThrows(PoolMisuseException.class, () -> pool.object(handle)).kind());
    }

    @Test
    void aResetThatLeavesDataBehindIsCaughtAndTheObjectDropped() {
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.<Item>builder(Item::new, item -> item.value = 0)
            .strict(true).verifyReset(Item::isClean).build();           // forgets the payload
        final long handle = pool.acquire();
        pool.object(handle).payload = "tenant A's secret";
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.release(handle));
        assertTrue(e.getMessage().contains("left the object dirty"), e.getMessage());
        final PoolMetrics m = pool.metrics();
        assertEquals(1, m.resetFailures(), m.toString());
        assertEquals(1, m.dropped(), "the dirty object must never be handed out again: " + m);
        assertEquals(0, m.idle(), m.toString());
        PoolAssertions.assertQuiescent(pool);
    }

    @Test
    void resetIsVerifiedAgainstAFreshObject() {
        final ConcurrentObjectPool<RequestContext> pool = ConcurrentObjectPool
            .<RequestContext>builder(RequestContext::new, ctx -> ctx.userId(null))     // forgets the headers
            .strict(true)
            .verifyResetAgainstFresh((fresh, reset) -> fresh.headerCount() == reset.headerCount()
                && reset.userId() == null)
            .build();
        final long handle = pool.acquire();
        pool.object(handle).userId("u-123456789").putHeader("X-Tenant", "acme");
        assertThrows(IllegalStateException.class, () -> pool.release(handle));
        assertEquals(1, pool.metrics().resetFailures());
        final long clean = pool.acquire();
        pool.object(clean).userId("u-123456789");
        pool.release(clean);
        PoolAssertions.assertQuiescent(pool);
    }

    @Test
    void aLeaseDroppedWithoutCloseIsReportedAsALeakWithItsAcquiringSite() throws Exception {
        final List<Throwable> reports = new CopyOnWriteArrayList<>();
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new)
            .strict(true).leakSampling(1).onLeak(reports::add).build();
        leakOneLease(pool);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (pool.metrics().leaksDetected() == 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(1, pool.metrics().leaksDetected(), "the leak was not detected within 20 s of GCs");
        assertEquals(1, reports.size());
        final String site = reports.get(0).getStackTrace()[3].getMethodName() + " " + List.of(
            reports.get(0).getStackTrace());
        assertTrue(site.contains("leakOneLease"), "the report must name the acquiring site: " + site);
        final AssertionError e = assertThrows(AssertionError.class, () -> PoolAssertions.assertQuiescent(pool));
        assertTrue(e.getMessage().contains("leaked 1 object"), e.getMessage());
        assertEquals(1, e.getSuppressed().length, "the leak site is attached");
    }

    @Test
    void aClosedLeaseIsNotReportedAsALeak() throws Exception {
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new)
            .strict(true).leakSampling(1).onLeak(t -> { }).build();
        for (int i = 0; i < 100; i++) {
            try (Lease<Item> lease = pool.lease()) {
                lease.object().value = VALUE + i;
            }
        }
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, pool.metrics().leaksDetected());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @Test
    void anUnreleasedHandleIsReportedByTheTestKitWithItsAcquiringSite() {
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new)
            .strict(true).leakSampling(1).build();
        final long handle = forgetToRelease(pool);
        final AssertionError e = assertThrows(AssertionError.class, () -> PoolAssertions.assertQuiescent(pool));
        assertTrue(e.getMessage().contains("1 acquisition(s) not released"), e.getMessage());
        assertEquals(1, e.getSuppressed().length, "the acquiring site is attached");
        assertTrue(List.of(e.getSuppressed()[0].getStackTrace()).toString().contains("forgetToRelease"),
            "the site names the method that acquired");
        pool.release(handle);
        PoolAssertions.assertQuiescent(pool);
    }

    private static long forgetToRelease(final ConcurrentObjectPool<Item> pool) {
        return pool.acquire();
    }

    private static void leakOneLease(final ConcurrentObjectPool<Item> pool) {
        pool.lease().object().value = VALUE;            // never closed: the lease becomes garbage
    }
}
