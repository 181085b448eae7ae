package io.github.hotpath.pool;

import io.github.hotpath.core.Backoff;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a pool does when a thread finds no idle object for it: the {@link EmptyPolicy} at work. It looks in the
 * shared idle places once more (the queue and the virtual threads' cells, which a thread's first look may skip), lets
 * stranded thread caches go back to the queue now and then, and then builds a new object, rejects, or waits for a
 * release with the pool's {@link Backoff}.
 *
 * <h2>Thread-safety and allocation</h2>
 * Any thread; the bookkeeping of live objects is the slot table's, under its lock. A miss allocates what the factory
 * builds (and, when the slot table is full, a table twice as large); a waiter that parks may make a virtual thread's
 * scheduler allocate. A rejection allocates nothing; {@link #exhaustedMessage()} allocates its text.
 */
final class Misses<T> {
    /** Short spins and yields, then parks from 5 to 50 µs: waiters suit a saturated pool, not a hot path. */
    private static final Backoff WAIT_BACKOFF =
        Backoff.spinYieldPark(16, 4, Duration.ofNanos(5_000), Duration.ofNanos(50_000));

    private final Supplier<? extends T> factory;
    private final EmptyPolicy policy;
    private final int maxTotal;
    private final long waitNanos;
    private final SlotTable<T> table;
    private final IdleStore<T> idle;
    private final PoolCounters counters;

    Misses(final PoolBuilder<T> b, final SlotTable<T> table, final IdleStore<T> idle, final PoolCounters counters) {
        this.factory = b.factory;
        this.policy = b.whenEmpty;
        this.maxTotal = b.maxTotal;
        this.waitNanos = b.waitNanos;
        this.table = table;
        this.idle = idle;
        this.counters = counters;
    }

    /** The most objects alive at once, as applied. */
    int maxTotal() {
        return maxTotal;
    }

    /** A slot for a thread that found none idle; null if a bounded pool stayed at its bound (counted). */
    Slot<T> miss() {
        if (policy == EmptyPolicy.CREATE) {
            final Slot<T> found = idle.takeShared();
            return found != null ? found : create(false);
        }
        final long start = System.nanoTime();
        int step = 0;
        for (;;) {
            final Slot<T> built = create(true);
            if (built != null) {
                return built;
            }
            final Slot<T> slot = idle.takeShared();
            if (slot != null) {
                return slot;
            }
            // Looked just above, after the last idle step: a release that came in before the deadline is not missed.
            // The elapsed time is compared, not a deadline, so a timeout of Long.MAX_VALUE cannot overflow.
            if (policy == EmptyPolicy.REJECT || System.nanoTime() - start >= waitNanos
                || Thread.currentThread().isInterrupted()) {
                counters.exhausted.incrementAndGet();
                return null;
            }
            step = WAIT_BACKOFF.idle(step);
        }
    }

    /** Why an acquisition found a bounded pool exhausted. */
    String exhaustedMessage() {
        if (policy == EmptyPolicy.WAIT && Thread.currentThread().isInterrupted()) {
            return "pool exhausted: all " + maxTotal + " objects in use, and the waiting thread was interrupted"
                + " (its interrupt status is kept)";
        }
        return "pool exhausted: all " + maxTotal + " objects in use"
            + (policy == EmptyPolicy.WAIT ? " and none released within " + Duration.ofNanos(waitNanos) : "");
    }

    /** Builds an object into a free slot; null if the pool is bounded and at its bound. */
    private Slot<T> create(final boolean bounded) {
        final Slot<T> reclaimed = idle.reclaimOnMiss(counters);
        if (reclaimed != null) {
            return reclaimed;
        }
        if (!table.reserve(bounded ? maxTotal : Long.MAX_VALUE)) {
            return null;
        }
        final T object;
        try {
            object = Objects.requireNonNull(factory.get(), "the pool's factory returned null");
        } catch (final Throwable e) {                 // also a sneaky checked exception: give the place back
            table.cancelReservation();
            throw e;
        }
        final Slot<T> slot = table.fill(object);
        counters.created.incrementAndGet();
        return slot;
    }
}
