package io.github.hotpath.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Randomized checks of the pool's public types against their documented contracts: nulls, negative, zero, huge and
 * self-referential arguments, and random sequences of correct and incorrect calls checked against a model of what
 * must be held. Seeded: a failure names its seed, and {@code -Dhotpath.seed=N} replays it.
 */
class PoolContractRandomizedTest {
    private static final long SEED = Long.getLong("hotpath.seed", 0x5EED_2024L);
    private static final int[] EDGE_INTS = {Integer.MIN_VALUE, -65, -1, 0, 1, 2, 3, 63, 64, 65, (1 << 20) - 1,
        1 << 20, (1 << 20) + 1, 1 << 30, Integer.MAX_VALUE};

    // ----- the builder: every argument checked at build time, with the documented error -----

    @Test
    void builderCountsAreAcceptedWhenPositiveAndRejectedByNameOtherwise() {
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int n = 0; n < 200; n++) {
            final int count = n < EDGE_INTS.length ? EDGE_INTS[n] : random.nextInt();
            final String seen = "count " + count + " (seed " + SEED + ")";
            if (count < 1) {
                assertRejected(IllegalArgumentException.class, "maxIdle", count,
                    () -> ConcurrentObjectPool.builder(Item::new).maxIdle(count));
                assertRejected(IllegalArgumentException.class, "maxTotal", count,
                    () -> ConcurrentObjectPool.builder(Item::new).whenEmptyReject(count));
                assertRejected(IllegalArgumentException.class, "maxTotal", count,
                    () -> ConcurrentObjectPool.builder(Item::new).whenEmptyWait(count, Duration.ZERO));
                continue;
            }
            try (ConcurrentObjectPool<Item> idle = ConcurrentObjectPool.builder(Item::new).maxIdle(count).build();
                 ConcurrentObjectPool<Item> bounded = ConcurrentObjectPool.builder(Item::new)
                     .whenEmptyReject(count).build()) {
                final int capacity = idle.metrics().idleCapacity();
                assertEquals(0, capacity & (capacity - 1), "a power of two: " + seen);
                assertTrue(capacity >= Math.min(count, 1 << 20) && capacity >= 2 && capacity <= 1 << 20, seen);
                assertTrue(capacity < 2L * Math.max(2, Math.min(count, 1 << 20)), "the next power of two: " + seen);
                assertEquals(Math.min(count, 1 << 20), bounded.metrics().maxTotal(), seen);
                idle.release(idle.acquire());
                bounded.release(bounded.acquire());
            }
        }
        for (final int every : EDGE_INTS) {
            if (every < 0) {
                assertRejected(IllegalArgumentException.class, "leakSampling", every,
                    () -> ConcurrentObjectPool.builder(Item::new).leakSampling(every));
            } else {
                try (ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new).strict(true)
                    .leakSampling(every).onLeak(site -> { }).build()) {
                    pool.newLease().acquire().close();
                }
            }
        }
    }

    @Test
    void builderTimeoutsAndSizesAreCheckedAtBuildTime() {
        final Duration[] timeouts = {Duration.ofSeconds(Long.MIN_VALUE), Duration.ofNanos(-1), Duration.ZERO,
            Duration.ofNanos(1), Duration.ofMillis(5), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)};
        for (final Duration timeout : timeouts) {
            final Executable build = () -> ConcurrentObjectPool.builder(Item::new).whenEmptyWait(1, timeout).build()
                .close();
            if (timeout.isNegative()) {
                assertRejected(IllegalArgumentException.class, "timeout", timeout, build);
            } else {
                try (ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new)
                    .whenEmptyWait(1, timeout).build()) {
                    pool.release(pool.acquire());
                }
            }
        }
        final long[] sizes = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE};
        for (final long size : sizes) {
            final Executable cap = () -> ConcurrentObjectPool.builder(Item::new).retainedSizeCap(item -> 0, size);
            if (size < 0) {
                assertRejected(IllegalArgumentException.class, "maxSize", size, cap);
            } else {
                try (ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new)
                    .retainedSizeCap(item -> size, size).build()) {
                    pool.release(pool.acquire());
                    assertEquals(0, pool.metrics().droppedOversize(), "a size equal to the cap is kept: " + size);
                }
            }
        }
    }

    @Test
    void everyReferenceArgumentIsCheckedForNullByName() {
        assertRejected(NullPointerException.class, "factory", null,
            () -> ConcurrentObjectPool.builder((Supplier<Item>) null));
        assertRejected(NullPointerException.class, "factory", null,
            () -> ConcurrentObjectPool.<Item>builder(null, Item::reset));
        assertRejected(NullPointerException.class, "reset", null,
            () -> ConcurrentObjectPool.builder(Item::new, null));
        final PoolBuilder<Item> b = ConcurrentObjectPool.builder(Item::new);
        assertRejected(NullPointerException.class, "timeout", null, () -> b.whenEmptyWait(1, null));
        assertRejected(NullPointerException.class, "sizeOf", null, () -> b.retainedSizeCap(null, 1));
        assertRejected(NullPointerException.class, "isClean", null, () -> b.verifyReset(null));
        assertRejected(NullPointerException.class, "equivalent", null, () -> b.verifyResetAgainstFresh(null));
        assertRejected(NullPointerException.class, "listener", null, () -> b.onLeak(null));
        try (ConcurrentObjectPool<Item> pool = b.build()) {
            assertRejected(NullPointerException.class, "pool", null, () -> PoolAssertions.assertQuiescent(null));
            assertRejected(NullPointerException.class, "isClean", null,
                () -> PoolAssertions.assertQuiescent(pool, null));
        }
    }

    // ----- the pool: random correct and incorrect calls against a model -----

    /** What the model knows of one held acquisition. */
    private record Held(long handle, Item item, long value) {
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void randomCallsKeepTheContract(final PoolVariant variant) {
        for (int run = 0; run < 4; run++) {
            final long seed = SEED + 31L * run + variant.ordinal();
            try {
                randomCalls(variant, new SplittableRandom(seed), 4_000);
            } catch (final AssertionError e) {
                throw new AssertionError(variant + ", seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static void randomCalls(final PoolVariant variant, final SplittableRandom random, final int steps) {
        final ConcurrentObjectPool<Item> pool = variant.build(1 + random.nextInt(70));
        final Map<Long, Held> held = new HashMap<>();
        final List<Long> released = new ArrayList<>();
        final List<Lease<Item>> leases = new ArrayList<>();
        final Map<Lease<Item>, Long> leaseValues = new IdentityHashMap<>();
        long acquisitions = 0;
        long misuses = 0;
        long value = 123_456_789L;
        for (int step = 0; step < steps; step++) {
            final int op = random.nextInt(10);
            value++;
            if (op <= 1 && held.size() + leaseValues.size() < 32) {             // acquire
                final long h = pool.acquire();
                acquisitions++;
                assertFalse(held.containsKey(h), "a held handle was issued again");
                final Item item = pool.object(h);
                assertTrue(item.isClean(), "an acquired object holds a previous holder's data: " + item);
                for (final Held other : held.values()) {
                    assertTrue(other.item() != item, "one object handed to two holders");
                }
                item.value = value;
                held.put(h, new Held(h, item, value));
            } else if (op == 2 && !held.isEmpty()) {                               // correct release
                final Held h = any(random, held);
                assertEquals(h.value(), pool.object(h.handle()).value);
                pool.release(h.handle());
                held.remove(h.handle());
                assertTrue(h.item().isClean(), "released, so reset: " + h.item());
                released.add(h.handle());
            } else if (op == 3 && !released.isEmpty()) {                           // stale release or use
                final long stale = released.get(random.nextInt(released.size()));
                final PoolMisuseException e = assertThrows(PoolMisuseException.class,
                    random.nextBoolean() ? () -> pool.release(stale) : () -> pool.object(stale));
                assertNotEquals(PoolMisuseException.Kind.NOT_ISSUED, e.kind(), e.getMessage());
                misuses++;
            } else if (op == 4) {                                                  // made-up handles
                final long made = madeUpHandle(random, held, released);
                if (held.containsKey(made) || leaseValues.keySet().stream().anyMatch(l -> l.handle() == made)) {
                    continue;                                                      // a held handle is a handle
                }
                assertThrows(PoolMisuseException.class,
                    random.nextBoolean() ? () -> pool.release(made) : () -> pool.object(made), Long.toHexString(made));
                misuses++;
            } else if (op <= 7) {                                                  // leases
                if (leases.isEmpty() || random.nextInt(8) == 0) {
                    leases.add(pool.newLease());
                }
                final Lease<Item> lease = leases.get(random.nextInt(leases.size()));
                final Long leased = leaseValues.get(lease);
                if (leased == null) {
                    if (random.nextInt(4) == 0) {
                        assertThrows(PoolMisuseException.class, random.nextBoolean() ? lease::close : lease::object);
                        misuses++;
                    } else if (held.size() + leaseValues.size() < 32) {
                        assertSame(lease, lease.acquire());
                        acquisitions++;
                        assertTrue(lease.object().isClean(), lease.object().toString());
                        lease.object().value = value;
                        leaseValues.put(lease, value);
                    }
                } else {
                    assertEquals(leased.longValue(), lease.object().value, "a lease's object changed under it");
                    if (random.nextInt(4) == 0) {
                        assertThrows(IllegalStateException.class, lease::acquire);
                    } else {
                        lease.close();
                        leaseValues.remove(lease);
                    }
                }
            } else {                                                               // snapshot invariants
                final PoolMetrics m = pool.metrics();
                assertEquals(held.size() + leaseValues.size(), m.inUse(), m.toString());
                assertEquals(acquisitions, m.acquired(), m.toString());
                assertEquals(misuses, m.misuseRejected(), m.toString());
                assertTrue(m.hitRate() >= 0 && m.hitRate() <= 1, m.toString());
            }
            for (final Held h : held.values()) {
                if (h.item().value != h.value()) {
                    fail("a holder's object changed under it at step " + step + ": " + h.item());
                }
            }
        }
        for (final Held h : held.values()) {
            pool.release(h.handle());
        }
        for (final Lease<Item> lease : leaseValues.keySet()) {
            lease.close();
        }
        PoolAssertions.assertQuiescent(pool, Item::isClean);
        pool.close();
        assertThrows(IllegalStateException.class, pool::acquire);
        assertThrows(IllegalStateException.class, () -> pool.newLease().acquire());
    }

    private static Held any(final SplittableRandom random, final Map<Long, Held> held) {
        final int n = random.nextInt(held.size());
        int i = 0;
        for (final Held h : held.values()) {
            if (i++ == n) {
                return h;
            }
        }
        throw new AssertionError("unreachable");
    }

    /** Zero, all ones, extremes, random longs, and held or released handles with one bit flipped. */
    private static long madeUpHandle(final SplittableRandom random, final Map<Long, Held> held,
                                     final List<Long> released) {
        switch (random.nextInt(6)) {
            case 0:
                return new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, ConcurrentObjectPool.NO_HANDLE}
                    [random.nextInt(6)];
            case 1:
                return random.nextLong();
            case 2:
                if (!held.isEmpty()) {
                    return any(random, held).handle() ^ 1L << random.nextInt(64);
                }
                return random.nextLong();
            default:
                if (!released.isEmpty()) {
                    return released.get(random.nextInt(released.size())) ^ 1L << random.nextInt(64);
                }
                return random.nextLong();
        }
    }

    // ----- self-referential use: user code that calls back into its own pool -----

    @Test
    void aResetThatReleasesItsOwnHandleAgainIsADroppedObjectNotACorruptPool() {
        final long[] current = {ConcurrentObjectPool.NO_HANDLE};
        final List<ConcurrentObjectPool<Item>> self = new ArrayList<>();
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.<Item>builder(Item::new, item -> {
            item.reset();
            self.get(0).release(current[0]);                  // the reset re-enters: a double release
        }).whenEmptyReject(1).build();
        self.add(pool);
        current[0] = pool.acquire();
        final PoolMisuseException e = assertThrows(PoolMisuseException.class, () -> pool.release(current[0]));
        assertEquals(PoolMisuseException.Kind.DOUBLE_RELEASE, e.kind());
        final PoolMetrics m = pool.metrics();
        assertEquals(1, m.resetFailures(), m.toString());
        assertEquals(1, m.dropped(), "the object whose reset failed is dropped, once: " + m);
        assertEquals(1, m.misuseRejected(), m.toString());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
        final long next = pool.tryAcquire();
        assertNotEquals(ConcurrentObjectPool.NO_HANDLE, next, "the bound of 1 must be intact: " + pool.metrics());
        pool.close();
    }

    @Test
    void aResetThatUsesItsOwnPoolLeavesThePoolConsistent() {
        final List<ConcurrentObjectPool<Item>> self = new ArrayList<>();
        final boolean[] nesting = {false};
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.<Item>builder(Item::new, item -> {
            item.reset();
            if (nesting[0]) {
                return;                                      // the nested release's own reset does not nest again
            }
            nesting[0] = true;
            try {
                final ConcurrentObjectPool<Item> p = self.get(0);
                final long nested = p.acquire();             // a nested acquisition, released within the reset
                assertTrue(p.object(nested) != item, "the object being reset was handed out during its reset");
                p.release(nested);
            } finally {
                nesting[0] = false;
            }
        }).build();
        self.add(pool);
        for (int i = 0; i < 50; i++) {
            try (Lease<Item> lease = pool.lease()) {
                lease.object().value = 123_456_789L + i;
            }
        }
        assertEquals(0, pool.metrics().inUse());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
        pool.close();
    }

    @Test
    void aFactoryThatAcquiresFromItsOwnBoundedPoolGetsExhaustionAndLeavesTheBoundIntact() {
        final List<ConcurrentObjectPool<Item>> self = new ArrayList<>();
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(() -> {
            self.get(0).acquire();                          // the factory re-enters while its own place is taken
            return new Item();
        }).whenEmptyReject(1).build();
        self.add(pool);
        assertThrows(PoolExhaustedException.class, pool::acquire);
        assertEquals(0, pool.metrics().created());
        assertEquals(0, pool.metrics().inUse());
        PoolAssertions.assertQuiescent(pool);
        pool.close();
    }

    @Test
    void aLeaseClosedFromItsOwnResetIsADoubleCloseNotALostObject() {
        final List<Lease<Item>> self = new ArrayList<>();
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.<Item>builder(Item::new, item -> {
            item.reset();
            self.get(0).close();                             // already closed when the reset runs
        }).build();
        final Lease<Item> lease = pool.newLease();
        self.add(lease);
        lease.acquire();
        assertEquals(PoolMisuseException.Kind.DOUBLE_RELEASE,
            assertThrows(PoolMisuseException.class, lease::close).kind());
        assertEquals(1, pool.metrics().resetFailures());
        assertEquals(0, pool.metrics().inUse());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
        pool.close();
    }

    // ----- the snapshot record: any values a caller may construct it with -----

    @Test
    void theHitRateIsBetweenZeroAndOneForAnyCounts() {
        final SplittableRandom random = new SplittableRandom(SEED);
        final long[] edges = {Long.MIN_VALUE, -1, 0, 1, 2, Long.MAX_VALUE};
        for (int n = 0; n < 10_000; n++) {
            final long acquired = n < 36 ? edges[n % 6] : random.nextLong();
            final long created = n < 36 ? edges[n / 6] : random.nextLong();
            final PoolMetrics m = new PoolMetrics(acquired, 0, created, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1);
            final double rate = m.hitRate();
            assertTrue(rate >= 0 && rate <= 1, acquired + " acquired, " + created + " created: " + rate);
        }
    }

    // ----- RequestContext: random puts, reads and resets against HashMap and ArrayList -----

    @Test
    void requestContextBehavesAsItsModelForRandomNamesAndValues() {
        final SplittableRandom random = new SplittableRandom(SEED);
        final RequestContext ctx = new RequestContext();
        final Map<String, String> headers = new HashMap<>();
        final Map<String, String> tags = new HashMap<>();
        final List<String> trace = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            final String name = randomString(random);
            final String val = random.nextInt(8) == 0 ? name : randomString(random);   // a value that is its name
            switch (random.nextInt(8)) {
                case 0 -> {
                    ctx.putHeader(name, val);
                    headers.put(name, val);
                }
                case 1 -> {
                    ctx.putTag(name, val);
                    tags.put(name, val);
                }
                case 2 -> {
                    ctx.addTrace(val);
                    trace.add(val);
                }
                case 3 -> {
                    assertEquals(headers.get(name), ctx.header(name));
                    assertEquals(tags.get(name), ctx.tag(name));
                }
                case 4 -> {
                    final int index = random.nextInt(trace.size() + 3) - 1;
                    if (index >= 0 && index < trace.size()) {
                        assertEquals(trace.get(index), ctx.trace(index));
                    } else {
                        assertThrows(IndexOutOfBoundsException.class, () -> ctx.trace(index));
                    }
                }
                case 5 -> {
                    final Map<String, String> seen = new HashMap<>();
                    ctx.forEachHeader((k, v) -> assertNull(seen.put(k, ctx.header(k)), "a header seen twice"));
                    assertEquals(headers, seen);
                }
                case 6 -> {
                    if (random.nextInt(50) == 0) {
                        ctx.reset();
                        headers.clear();
                        tags.clear();
                        trace.clear();
                        assertTrue(ctx.isReset());
                        assertTrue(ctx.retainedCapacity() <= 4L * RequestContext.MAX_RETAINED_MAP_CAPACITY,
                            "reset shrinks what grew past its limit: " + ctx.retainedCapacity());
                    }
                }
                default -> {
                    assertEquals(headers.size(), ctx.headerCount());
                    assertEquals(tags.size(), ctx.tagCount());
                    assertEquals(trace.size(), ctx.traceSize());
                }
            }
        }
    }

    /** Empty, short, colliding-prone, non-ASCII and long strings. */
    private static String randomString(final SplittableRandom random) {
        switch (random.nextInt(5)) {
            case 0:
                return "";
            case 1:
                return "h" + random.nextInt(40);
            case 2:
                return new String(Character.toChars(0x1F600 + random.nextInt(16)));
            case 3:
                return "x".repeat(random.nextInt(2_000));
            default:
                return Long.toString(random.nextLong(), 36);
        }
    }

    private static void assertRejected(final Class<? extends RuntimeException> type, final String name,
                                       final Object value, final Executable call) {
        final RuntimeException e = assertThrows(type, call, name + " = " + value);
        assertTrue(e.getMessage() != null && e.getMessage().contains(name), "the message must name " + name + ": "
            + e.getMessage());
        if (type == IllegalArgumentException.class) {
            assertTrue(e.getMessage().contains(String.valueOf(value)), "the message must give the value " + value
                + ": " + e.getMessage());
        }
    }
}
