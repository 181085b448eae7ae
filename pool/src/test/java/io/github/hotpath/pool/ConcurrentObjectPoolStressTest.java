package io.github.hotpath.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bounded, deterministic concurrency stress: fixed thread and iteration counts, a wall-clock cap so that a bug shows
 * as a failure instead of a hung build, and every forbidden outcome counted and named in the assertion.
 */
class ConcurrentObjectPoolStressTest {
    private static final int THREADS = 4;
    private static final int ITERATIONS = 500_000;
    private static final long CAP_SECONDS = 30;

    /** Counts of forbidden outcomes, shared by the workers of one run. */
    static final class Violations {
        final AtomicLong doubleOwnership = new AtomicLong();
        final AtomicLong dirtyOnAcquire = new AtomicLong();
        final AtomicLong changedWhileHeld = new AtomicLong();
        final AtomicLong unexpectedExceptions = new AtomicLong();
        final AtomicReference<Throwable> firstException = new AtomicReference<>();

        void exception(final Throwable e) {
            unexpectedExceptions.incrementAndGet();
            firstException.compareAndSet(null, e);
        }

        void assertNone() {
            assertEquals(0, doubleOwnership.get(), "FORBIDDEN: an object was held by two owners at once");
            assertEquals(0, dirtyOnAcquire.get(), "FORBIDDEN: an acquired object held a previous holder's data");
            assertEquals(0, changedWhileHeld.get(), "FORBIDDEN: an object changed while its holder held it");
            assertEquals(0, unexpectedExceptions.get(), "FORBIDDEN: a correct use threw: " + firstException.get());
        }
    }

    /** Takes ownership, checks the object is clean, writes, verifies, gives ownership back. */
    static void use(final Item item, final Object me, final long value, final Violations v) {
        if (!item.owner.compareAndSet(null, me)) {
            v.doubleOwnership.incrementAndGet();
            return;
        }
        if (item.value != Item.NO_VALUE || item.payload != null) {
            v.dirtyOnAcquire.incrementAndGet();
        }
        item.value = value;
        item.payload = me;
        if ((value & 0xFF) == 0) {
            Thread.yield();                       // let another thread run while this one holds the object
        }
        if (item.value != value || item.payload != me || item.owner.get() != me) {
            v.changedWhileHeld.incrementAndGet();
        }
        item.owner.set(null);
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void manyThreadsAcquireUseAndReleaseWithoutDoubleOwnershipOrLoss(final PoolVariant variant) throws Exception {
        final ConcurrentObjectPool<Item> pool = variant.build(8);
        final Violations v = new Violations();
        final AtomicLong done = new AtomicLong();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CAP_SECONDS);
        final Thread[] workers = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            final long base = 123_456_789L + (long) t * ITERATIONS * 2;
            workers[t] = new Thread(() -> {
                final Object me = Thread.currentThread();
                try {
                    for (int i = 0; i < ITERATIONS && System.nanoTime() < deadline; i++) {
                        final long value = base + 2L * i;
                        switch (i % 3) {
                            case 0 -> {
                                final long handle = pool.acquire();
                                use(pool.object(handle), me, value, v);
                                pool.release(handle);
                                done.addAndGet(1);
                            }
                            case 1 -> {
                                try (Lease<Item> lease = pool.lease()) {
                                    use(lease.object(), me, value, v);
                                }
                                done.addAndGet(1);
                            }
                            default -> {                 // two at once, released in acquisition order
                                final long first = pool.acquire();
                                final long second = pool.acquire();
                                use(pool.object(first), me, value, v);
                                use(pool.object(second), me, value + 1, v);
                                pool.release(first);
                                pool.release(second);
                                done.addAndGet(2);
                            }
                        }
                    }
                } catch (final Throwable e) {
                    v.exception(e);
                }
            }, "stress-" + t);
            workers[t].start();
        }
        joinAll(workers);
        v.assertNone();
        final PoolMetrics m = pool.metrics();
        assertEquals(done.get(), m.acquired(), "FORBIDDEN: acquisitions lost or invented: " + m);
        assertEquals(m.acquired(), m.released(), "FORBIDDEN: an acquisition was never released: " + m);
        assertEquals(0, m.misuseRejected(), "FORBIDDEN: a correct release was rejected: " + m);
        assertEquals(m.created() - m.dropped(), m.idle() + m.inUse(), "FORBIDDEN: objects lost: " + m);
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    /**
     * JDK 21+: many more virtual threads than carriers (60, within the bounded variants' 64), and two platform threads,
     * all on one pool; each
     * thread counts what it took and gave back. Virtual threads meet in the striped cells (ids collide: 64 threads,
     * 16 to 256 cells), platform threads in their caches, and both in the shared queue.
     */
    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void virtualAndPlatformThreadsShareThePoolWithoutDoubleOwnershipOrLoss(final PoolVariant variant)
        throws Exception {
        assumeTrue(VirtualThreads.SUPPORTED, "virtual threads need JDK 21+");
        final ConcurrentObjectPool<Item> pool = variant.build(8);
        final Violations v = new Violations();
        final AtomicLong done = new AtomicLong();
        final int perThread = 20_000;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CAP_SECONDS);
        final Thread[] threads = new Thread[60 + 2];
        for (int t = 0; t < threads.length; t++) {
            final long base = 123_456_789L + (long) t * perThread * 2;
            final Runnable work = () -> {
                final Object me = Thread.currentThread();
                final Lease<Item> lease = pool.newLease();
                try {
                    for (int i = 0; i < perThread && System.nanoTime() < deadline; i++) {
                        if ((i & 1) == 0) {
                            final long handle = pool.acquire();
                            use(pool.object(handle), me, base + 2L * i, v);
                            pool.release(handle);
                        } else {
                            try (Lease<Item> l = lease.acquire()) {
                                use(l.object(), me, base + 2L * i, v);
                            }
                        }
                        done.incrementAndGet();
                    }
                } catch (final Throwable e) {
                    v.exception(e);
                }
            };
            threads[t] = t < 2 ? new Thread(work, "platform-" + t) : VirtualThreads.start(work);
        }
        threads[0].start();
        threads[1].start();
        joinAll(threads);
        v.assertNone();
        final PoolMetrics m = pool.metrics();
        assertEquals((long) threads.length * perThread, done.get(), "FORBIDDEN: the run hit its wall-clock cap");
        assertEquals(done.get(), m.acquired(), "FORBIDDEN: acquisitions lost or invented: " + m);
        assertEquals(m.acquired(), m.released(), "FORBIDDEN: an acquisition was never released: " + m);
        assertEquals(0, m.misuseRejected(), "FORBIDDEN: a correct release was rejected: " + m);
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.pool.PoolVariant#all")
    void objectsAcquiredOnSomeThreadsAndReleasedOnOthersAreNeitherLostNorShared(final PoolVariant variant)
        throws Exception {
        final ConcurrentObjectPool<Item> pool = variant.build(8);
        final Violations v = new Violations();
        final ArrayBlockingQueue<Long> inFlight = new ArrayBlockingQueue<>(16);
        final Object inTransit = new Object();
        final int perProducer = ITERATIONS / 2;
        final AtomicLong produced = new AtomicLong();
        final AtomicLong consumed = new AtomicLong();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CAP_SECONDS);
        final Thread[] threads = new Thread[4];
        for (int p = 0; p < 2; p++) {
            final long base = 123_456_789L + (long) p * perProducer;
            threads[p] = new Thread(() -> {
                try {
                    for (int i = 0; i < perProducer && System.nanoTime() < deadline; i++) {
                        final long handle = pool.acquire();
                        final Item item = pool.object(handle);
                        if (!item.owner.compareAndSet(null, inTransit)) {
                            v.doubleOwnership.incrementAndGet();
                        }
                        if (item.value != Item.NO_VALUE) {
                            v.dirtyOnAcquire.incrementAndGet();
                        }
                        item.value = base + i;
                        while (!inFlight.offer(handle, 10, TimeUnit.MILLISECONDS)) {
                            if (System.nanoTime() > deadline) {
                                return;
                            }
                        }
                        produced.incrementAndGet();
                    }
                } catch (final Throwable e) {
                    v.exception(e);
                }
            }, "producer-" + p);
        }
        for (int c = 2; c < 4; c++) {
            threads[c] = new Thread(() -> {
                try {
                    while (consumed.get() < 2L * perProducer && System.nanoTime() < deadline) {
                        final Long handle = inFlight.poll(10, TimeUnit.MILLISECONDS);
                        if (handle == null) {
                            continue;
                        }
                        final Item item = pool.object(handle);
                        if (item.value == Item.NO_VALUE || !item.owner.compareAndSet(inTransit, null)) {
                            v.changedWhileHeld.incrementAndGet();
                        }
                        pool.release(handle);
                        consumed.incrementAndGet();
                    }
                } catch (final Throwable e) {
                    v.exception(e);
                }
            }, "consumer-" + c);
        }
        for (final Thread thread : threads) {
            thread.start();
        }
        joinAll(threads);
        v.assertNone();
        assertEquals(2L * perProducer, produced.get(), "FORBIDDEN: the run hit its wall-clock cap");
        assertEquals(produced.get(), consumed.get(), "FORBIDDEN: a handed-over object was lost");
        final PoolMetrics m = pool.metrics();
        assertEquals(produced.get(), m.released(), m.toString());
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    /** Two threads release the same handle at the same moment: exactly one wins, every time. */
    @Test
    void racingReleasesOfOneHandleReleaseItExactlyOnce() throws Exception {
        final ConcurrentObjectPool<Item> pool = PoolVariant.SHARED_QUEUE_ONLY.build();
        final int rounds = 2_000;
        final CyclicBarrier start = new CyclicBarrier(3);
        final CyclicBarrier end = new CyclicBarrier(3);
        final long[] handle = new long[1];
        final AtomicLong wins = new AtomicLong();
        final AtomicLong doubleReleases = new AtomicLong();
        final Violations v = new Violations();
        final Runnable racer = () -> {
            try {
                for (int r = 0; r < rounds; r++) {
                    start.await(CAP_SECONDS, TimeUnit.SECONDS);
                    try {
                        pool.release(handle[0]);
                        wins.incrementAndGet();
                    } catch (final PoolMisuseException e) {
                        if (e.kind() == PoolMisuseException.Kind.DOUBLE_RELEASE) {
                            doubleReleases.incrementAndGet();
                        } else {
                            v.exception(e);
                        }
                    }
                    end.await(CAP_SECONDS, TimeUnit.SECONDS);
                }
            } catch (final InterruptedException | BrokenBarrierException | TimeoutException e) {
                v.exception(e);
            }
        };
        final Thread[] racers = {new Thread(racer, "racer-1"), new Thread(racer, "racer-2")};
        for (final Thread t : racers) {
            t.start();
        }
        for (int r = 0; r < rounds; r++) {
            handle[0] = pool.acquire();
            pool.object(handle[0]).value = 123_456_789L + r;
            start.await(CAP_SECONDS, TimeUnit.SECONDS);
            end.await(CAP_SECONDS, TimeUnit.SECONDS);
        }
        joinAll(racers);
        v.assertNone();
        assertEquals(rounds, wins.get(), "FORBIDDEN: a handle released twice, or not at all");
        assertEquals(rounds, doubleReleases.get(), "FORBIDDEN: a losing racer was not told it double-released");
        assertEquals(rounds, pool.metrics().misuseRejected());
        assertEquals(1, pool.metrics().created(), "the single object was reused every round, never duplicated");
        PoolAssertions.assertQuiescent(pool, Item::isClean);
    }

    private static void joinAll(final Thread[] threads) throws InterruptedException {
        for (final Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(CAP_SECONDS + 10));
            assertFalse(thread.isAlive(), "FORBIDDEN: " + thread.getName() + " hung past the wall-clock cap");
        }
    }
}
