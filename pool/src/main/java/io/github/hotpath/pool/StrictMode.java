package io.github.hotpath.pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a strict pool adds to the default mode, for tests and staging: every reset object is verified, and one
 * acquisition in N records the stack that made it, for leak reports ({@link LeakTracker}) and for the test kit's
 * report of unreleased acquisitions ({@link PoolAssertions}). A pool that is not strict has no instance, and its hot
 * path pays one null check on a final field.
 *
 * <h2>Thread-safety and allocation</h2>
 * Thread-safe. A sampled acquisition allocates a {@code Throwable}; a leak report takes a lock and keeps the last
 * {@value #MAX_LEAK_SITES} sites.
 */
final class StrictMode<T> {
    private static final int MAX_LEAK_SITES = 16;

    private final Predicate<? super T> resetCheck;
    private final int sampleEvery;
    private final Consumer<? super Throwable> leakListener;
    private final AtomicLong leaksDetected;
    private final AtomicLong samples = new AtomicLong();
    private final ArrayDeque<Throwable> leakSites = new ArrayDeque<>();

    private StrictMode(final Predicate<? super T> resetCheck, final int sampleEvery,
                       final Consumer<? super Throwable> leakListener, final AtomicLong leaksDetected) {
        this.resetCheck = resetCheck;
        this.sampleEvery = sampleEvery;
        this.leakListener = leakListener;
        this.leaksDetected = leaksDetected;
    }

    /**
     * The strict mode of a new pool: its reset check is {@code isClean}, or, given {@code equivalence}, a comparison
     * with one fresh object built now by {@code factory}; neither given, no check.
     */
    static <T> StrictMode<T> create(final Supplier<? extends T> factory, final Predicate<? super T> isClean,
                                    final BiPredicate<? super T, ? super T> equivalence, final int sampleEvery,
                                    final Consumer<? super Throwable> leakListener, final AtomicLong leaksDetected) {
        Predicate<? super T> check = isClean;
        if (equivalence != null) {
            final T fresh = Objects.requireNonNull(factory.get(), "the pool's factory returned null");
            check = o -> equivalence.test(fresh, o);
        }
        return new StrictMode<>(check, sampleEvery, leakListener, leaksDetected);
    }

    /** Whether a reset object may be reused: it passes the reset check, if there is one. */
    boolean isClean(final T object) {
        return resetCheck == null || resetCheck.test(object);
    }

    /** The reset check, or null (the test kit checks idle objects with it). */
    Predicate<? super T> resetCheck() {
        return resetCheck;
    }

    /** The acquiring site of an acquisition if it is sampled, else null. */
    Throwable sampleSite(final long handle) {
        return sampleEvery > 0 && samples.getAndIncrement() % sampleEvery == 0
            ? new Throwable("pooled object acquired here (" + HandleCodec.describe(handle) + ") was not released")
            : null;
    }

    /** Counts a leak, keeps its site and tells the listener; runs on the cleaner's thread. */
    void reportLeak(final Throwable site) {
        leaksDetected.incrementAndGet();
        synchronized (leakSites) {
            if (leakSites.size() == MAX_LEAK_SITES) {
                leakSites.removeFirst();
            }
            leakSites.addLast(site);
        }
        try {
            leakListener.accept(site);
        } catch (final RuntimeException ignored) {
            // A failing listener must not kill the cleaner thread; the leak is counted and kept above.
        }
    }

    /** The last few leak sites, oldest first (the test kit). */
    List<Throwable> leakSites() {
        synchronized (leakSites) {
            return new ArrayList<>(leakSites);
        }
    }
}
