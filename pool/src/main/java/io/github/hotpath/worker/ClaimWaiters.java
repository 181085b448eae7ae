package io.github.hotpath.worker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Claimers that wait for a free job, and the handshake that wakes exactly one of them each time a job is freed,
 * with no lost wake-up.
 *
 * <h2>Protocol</h2>
 * A waiter counts itself in {@link #enter()}, registers in one of {@value #SLOTS} slots, and only then polls the
 * free queue; a thread that frees a job offers it and only then reads the count (a Dekker pair: either the waiter's
 * poll sees the job, or the freeing thread sees the waiter). To wake one, the freeing thread takes a registered
 * waiter <em>out of its slot</em> by compare-and-set and unparks it: that waiter now owes the pool a look at the free
 * queue. A woken waiter that finds the job already taken registers again and polls again before it parks. A waiter
 * that leaves without a job (timeout, interrupt) and finds that it was taken out of its slot passes the wake-up on
 * ({@link #leave}), so a job freed for a waiter that gave up at the same moment wakes another. A waiter that finds
 * every slot taken polls at a bounded interval instead ({@link #UNREGISTERED_POLL_NANOS}).
 *
 * <p>Waiting here is a blocking wait with a deadline and a waker, like a {@code Condition}'s, not a backoff: it
 * parks with {@code LockSupport}, which allocates nothing on platform threads. On a virtual thread (JDK 21+),
 * parking unmounts it and the JDK's scheduler allocates (see {@link ConcurrentWorkerPool}'s allocation section).
 */
final class ClaimWaiters {
    /** Registered waiters, each of which a freed job can wake directly. */
    static final int SLOTS = 16;
    /** A waiter that found no slot polls at this interval instead of waiting to be woken. */
    static final long UNREGISTERED_POLL_NANOS = 100_000;

    private final AtomicReferenceArray<Thread> slots = new AtomicReferenceArray<>(SLOTS);
    private final AtomicInteger waiting = new AtomicInteger();

    /** Counts the calling thread as waiting and registers it; returns its slot, or -1 if every slot is taken. */
    int enter(final Thread me) {
        waiting.getAndIncrement();
        return register(me);
    }

    /** Registers the calling thread in a free slot; returns it, or -1 if every slot is taken. */
    int register(final Thread me) {
        for (int i = 0; i < SLOTS; i++) {
            if (slots.get(i) == null && slots.compareAndSet(i, null, me)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the waiter is still registered in {@code slot}: false once a freed job has woken it. */
    boolean holds(final int slot, final Thread me) {
        return slots.get(slot) == me;
    }

    /** Parks a waiter for at most {@code remainingNanos} (or the poll interval, if it is not registered). */
    void park(final int slot, final long remainingNanos) {
        LockSupport.parkNanos(this, slot < 0 ? Math.min(remainingNanos, UNREGISTERED_POLL_NANOS) : remainingNanos);
    }

    /**
     * Deregisters a waiter that stops waiting; if it leaves without a job although a freed job woke it, wakes
     * another waiter in its place.
     */
    void leave(final int slot, final Thread me, final boolean gotJob) {
        final boolean woken = slot >= 0 && !slots.compareAndSet(slot, me, null);
        waiting.getAndDecrement();
        if (woken && !gotJob) {
            wakeOne(slot + 1);
        }
    }

    /** Called after a job was made free: wakes one registered waiter, if any waits. */
    void jobFreed(final int hint) {
        if (waiting.get() > 0) {
            wakeOne(hint);
        }
    }

    /** Takes one registered waiter out of its slot, starting the search at {@code hint}, and unparks it. */
    private void wakeOne(final int hint) {
        for (int i = 0; i < SLOTS; i++) {
            final int s = (hint + i) & (SLOTS - 1);
            final Thread t = slots.get(s);
            if (t != null && slots.compareAndSet(s, t, null)) {
                LockSupport.unpark(t);
                return;
            }
        }
    }

    /** Unparks every registered waiter without taking it out of its slot (they see the shutdown for themselves). */
    void wakeAll() {
        for (int i = 0; i < SLOTS; i++) {
            final Thread t = slots.get(i);
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
