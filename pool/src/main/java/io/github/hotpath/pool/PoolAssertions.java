package io.github.hotpath.pool;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The test kit: one call, at the end of a test, that asserts a pool is quiescent.
 * <pre>{@code
 * @AfterEach
 * void poolIsQuiescent() {
 *     PoolAssertions.assertQuiescent(pool, RequestContext::isReset);
 * }
 * }</pre>
 *
 * <h2>What quiescent means</h2>
 * Every acquisition was released (nothing in use), no leak was detected, no object was lost
 * ({@code created - dropped == idle}, and every idle object can be acquired again: it sits in the shared queue, in a
 * virtual threads' cell, or in the cache of a live thread), and every idle object is clean. Idle objects cached by
 * threads that have ended are first returned to the shared queue.
 *
 * <h2>Thread-safety and allocation</h2>
 * Call it when no other thread uses the pool (after joining them); it allocates and is meant for tests only.
 * Failures are {@link AssertionError}s that say what is wrong, with leak sites and (in strict mode) the acquiring
 * sites of unreleased acquisitions attached as suppressed exceptions.
 */
public final class PoolAssertions {
    private PoolAssertions() {
    }

    /**
     * Asserts the pool is quiescent, checking idle objects with the pool's own strict-mode reset check, if any.
     *
     * @param pool the pool, used by no other thread now.
     * @throws AssertionError       if an acquisition is outstanding, a leak was detected, an object was lost, or an
     *                              idle object fails the pool's reset check.
     * @throws NullPointerException if {@code pool} is null.
     */
    public static void assertQuiescent(final ConcurrentObjectPool<?> pool) {
        check(Objects.requireNonNull(pool, "pool"), null);
    }

    /**
     * Asserts the pool is quiescent, checking every idle object with {@code isClean}.
     *
     * @param pool    the pool, used by no other thread now.
     * @param isClean true for an object as freshly built.
     * @param <T>     the type of the pooled objects.
     * @throws AssertionError       if an acquisition is outstanding, a leak was detected, an object was lost, or an
     *                              idle object is not clean.
     * @throws NullPointerException if {@code pool} or {@code isClean} is null.
     */
    public static <T> void assertQuiescent(final ConcurrentObjectPool<T> pool, final Predicate<? super T> isClean) {
        check(Objects.requireNonNull(pool, "pool"), Objects.requireNonNull(isClean, "isClean"));
    }

    private static <T> void check(final ConcurrentObjectPool<T> pool, final Predicate<? super T> given) {
        pool.reclaimStranded();
        final PoolMetrics m = pool.metrics();
        if (m.leaksDetected() > 0) {
            final AssertionError e = new AssertionError("pool leaked " + m.leaksDetected()
                + " object(s): acquired and never released (sites attached): " + m);
            final List<Throwable> sites = pool.leakSites();
            sites.forEach(e::addSuppressed);
            throw e;
        }
        if (m.inUse() != 0) {
            final List<Throwable> sites = pool.outstandingSites();
            final AssertionError e = new AssertionError("pool is not quiescent: " + m.inUse()
                + " acquisition(s) not released (" + sites.size() + " acquiring site(s) attached; strict mode records"
                + " them for sampled acquisitions): " + m);
            sites.forEach(e::addSuppressed);
            throw e;
        }
        if (m.created() - m.dropped() != m.idle()) {
            throw new AssertionError("pool lost objects: created - dropped = " + (m.created() - m.dropped())
                + " but idle + in use = " + m.idle() + ": " + m);
        }
        final long reachable = pool.reachableIdle();
        if (reachable != m.idle()) {
            throw new AssertionError("pool lost objects: " + m.idle() + " idle but only " + reachable
                + " can be acquired again: " + m);
        }
        final Predicate<? super T> isClean = given != null ? given : pool.resetCheck();
        if (isClean != null) {
            pool.forEachIdle(o -> {
                if (!isClean.test(o)) {
                    throw new AssertionError("idle object is not clean (reset contract broken): " + o);
                }
            });
        }
    }
}
