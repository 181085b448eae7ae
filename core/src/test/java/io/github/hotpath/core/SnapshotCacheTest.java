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
        final SnapshotCache<AtomicLong, Long> cache =
            new SnapshotCache<>(SnapshotCacheTest::take, Duration.ofHours(1));
        for (int scrape = 1; scrape <= 3; scrape++) {
            for (int meter = 0; meter < 10; meter++) {
                assertEquals(scrape, cache.read(meter, source), "meter " + meter);
            }
            assertEquals(scrape, cache.snapshotsTaken());
        }
    }

    @Test
    void aMeterReadTwiceInARowGetsAFreshSnapshot() {
        final SnapshotCache<AtomicLong, Long> cache =
            new SnapshotCache<>(SnapshotCacheTest::take, Duration.ofHours(1));
        assertEquals(1L, cache.read(5, source));
        assertEquals(2L, cache.read(5, source));
        assertEquals(2L, cache.read(63, source));
    }

    @Test
    void aSnapshotOlderThanTheMaximumAgeIsNotReused() throws InterruptedException {
        final SnapshotCache<AtomicLong, Long> cache =
            new SnapshotCache<>(SnapshotCacheTest::take, Duration.ofMillis(1));
        assertEquals(1L, cache.read(0, source));
        Thread.sleep(5);
        assertEquals(2L, cache.read(1, source), "meter 1 is new, but the snapshot is old");
        final SnapshotCache<AtomicLong, Long> never = new SnapshotCache<>(SnapshotCacheTest::take, Duration.ZERO);
        never.read(0, source);
        Thread.sleep(1);
        never.read(1, source);
        assertEquals(2, never.snapshotsTaken());
    }

    @Test
    void metersAreNumberedInTurnAndShareTheScrapesSnapshot() {
        final SnapshotCache<AtomicLong, Long> cache =
            new SnapshotCache<>(SnapshotCacheTest::take, Duration.ofHours(1));
        final java.util.function.ToDoubleFunction<AtomicLong> a = cache.meter(x -> x);
        final java.util.function.ToDoubleFunction<AtomicLong> b = cache.meter(x -> x * 10);
        assertEquals(1.0, a.applyAsDouble(source));
        assertEquals(10.0, b.applyAsDouble(source), "same scrape, same snapshot");
        assertEquals(20.0, b.applyAsDouble(source), "b again: the next scrape");
        assertEquals(2.0, a.applyAsDouble(source));
        assertEquals(2, cache.snapshotsTaken());
    }

    @Test
    void badArgumentsAreRefusedNamingThem() {
        final SnapshotCache<AtomicLong, Long> cache = new SnapshotCache<>(SnapshotCacheTest::take);
        assertEquals("meter must be in [0, 64), got 64", assertThrows(IllegalArgumentException.class,
            () -> cache.read(64, source)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> cache.read(-1, source));
        assertThrows(NullPointerException.class, () -> new SnapshotCache<AtomicLong, Long>(s -> null).read(0, source));
        assertThrows(IllegalArgumentException.class,
            () -> new SnapshotCache<>(SnapshotCacheTest::take, Duration.ofNanos(-1)));
        assertThrows(NullPointerException.class, () -> new SnapshotCache<>(SnapshotCacheTest::take, null));
        assertThrows(NullPointerException.class, () -> new SnapshotCache<AtomicLong, Long>(null));
        for (int i = 0; i < SnapshotCache.MAX_METERS; i++) {
            cache.meter(x -> x);
        }
        assertThrows(IllegalStateException.class, () -> cache.meter(x -> x));
    }
}
