package io.github.hotpath.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One snapshot per scrape: reused across distinct meters, renewed on a repeat or when too old. */
class SnapshotCacheTest {
    private final AtomicLong source = new AtomicLong();

    private static Long take(final AtomicLong counter) {
        return counter.incrementAndGet();
    }

    @Test
    void aScrapeOfTenMetersTakesOneSnapshotAndTheNextScrapeTheNext() {
        final SnapshotCache<Long> cache = new SnapshotCache<>(Duration.ofHours(1));
        for (int scrape = 1; scrape <= 3; scrape++) {
            for (int meter = 0; meter < 10; meter++) {
                assertEquals(scrape, cache.read(meter, source, SnapshotCacheTest::take), "meter " + meter);
            }
            assertEquals(scrape, cache.snapshotsTaken());
        }
    }

    @Test
    void aMeterReadTwiceInARowGetsAFreshSnapshot() {
        final SnapshotCache<Long> cache = new SnapshotCache<>(Duration.ofHours(1));
        assertEquals(1L, cache.read(5, source, SnapshotCacheTest::take));
        assertEquals(2L, cache.read(5, source, SnapshotCacheTest::take));
        assertEquals(2L, cache.read(63, source, SnapshotCacheTest::take));
    }

    @Test
    void aSnapshotOlderThanTheMaximumAgeIsNotReused() throws InterruptedException {
        final SnapshotCache<Long> cache = new SnapshotCache<>(Duration.ofMillis(1));
        assertEquals(1L, cache.read(0, source, SnapshotCacheTest::take));
        Thread.sleep(5);
        assertEquals(2L, cache.read(1, source, SnapshotCacheTest::take), "meter 1 is new, but the snapshot is old");
        final SnapshotCache<Long> never = new SnapshotCache<>(Duration.ZERO);
        never.read(0, source, SnapshotCacheTest::take);
        Thread.sleep(1);
        never.read(1, source, SnapshotCacheTest::take);
        assertEquals(2, never.snapshotsTaken());
    }

    @Test
    void badArgumentsAreRefusedNamingThem() {
        final SnapshotCache<Long> cache = new SnapshotCache<>();
        assertEquals("meter must be in [0, 64), got 64", assertThrows(IllegalArgumentException.class,
            () -> cache.read(64, source, SnapshotCacheTest::take)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> cache.read(-1, source, SnapshotCacheTest::take));
        assertThrows(NullPointerException.class, () -> cache.read(0, source, s -> null));
        assertThrows(IllegalArgumentException.class, () -> new SnapshotCache<Long>(Duration.ofNanos(-1)));
        assertThrows(NullPointerException.class, () -> new SnapshotCache<Long>(null));
    }
}
