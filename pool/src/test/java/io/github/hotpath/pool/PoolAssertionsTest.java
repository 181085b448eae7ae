package io.github.hotpath.pool;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test kit must fail on each thing it claims to check. */
class PoolAssertionsTest {
    @Test
    void passesOnAQuiescentPool() {
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new).build();
        pool.release(pool.acquire());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
        PoolAssertions.assertQuiescent(pool);
    }

    @Test
    void failsWhileAnAcquisitionIsOutstanding() {
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new).build();
        final long handle = pool.acquire();
        final AssertionError e = assertThrows(AssertionError.class, () -> PoolAssertions.assertQuiescent(pool));
        assertTrue(e.getMessage().contains("1 acquisition(s) not released"), e.getMessage());
        pool.release(handle);
        PoolAssertions.assertQuiescent(pool);
    }

    @Test
    void failsOnAnIdleObjectThatIsNotClean() {
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.<Item>builder(Item::new, item -> { }).build();
        final long handle = pool.acquire();
        pool.object(handle).value = 123_456_789L;
        pool.release(handle);
        final AssertionError e = assertThrows(AssertionError.class,
            () -> PoolAssertions.assertQuiescent(pool, Item::isClean));
        assertTrue(e.getMessage().contains("not clean"), e.getMessage());
    }

    @Test
    void usesThePoolsOwnStrictCheckWhenGivenNone() {
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.<Item>builder(Item::new, item -> { })
            .strict(true).verifyReset(Item::isClean).build();
        pool.release(pool.acquire());                   // clean: passes the strict check on release
        final long handle = pool.acquire();
        final Item item = pool.object(handle);
        pool.release(handle);
        item.value = 123_456_789L;                      // dirtied while idle, through a reference kept too long
        assertThrows(AssertionError.class, () -> PoolAssertions.assertQuiescent(pool));
    }
}
