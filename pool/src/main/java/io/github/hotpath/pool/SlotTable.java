package io.github.hotpath.pool;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The slots of one pool, by index: the table that handles index into, and the bookkeeping of live objects (the bound
 * of a bounded pool, the high-water mark, the slots whose object was dropped and that wait for a new one).
 *
 * <h2>Thread-safety</h2>
 * The table is read without a lock on the hot path: it only grows, copy-on-write, and is published through a
 * volatile field, so a thread that saw a slot index keeps finding that slot. Everything else, and every change, is
 * guarded by {@link #lock()}, which only slow paths take (a miss, a drop, a snapshot, the test kit).
 *
 * <h2>Allocation</h2>
 * A new slot allocates the slot and, when the table is full, a table twice as large; a snapshot allocates its record.
 */
final class SlotTable<T> {
    private static final int INITIAL_SLOTS = 16;

    private final Object lock = new Object();
    /** Grown copy-on-write under the lock, read without it. */
    private volatile Slot<T>[] slots;
    private int count;
    private final ArrayDeque<Slot<T>> emptySlots = new ArrayDeque<>();
    private long live;
    private long highWaterMark;
    /** Set by {@link #close(String)}: the message a reservation then throws with; null while open. */
    private String closedMessage;

    @SuppressWarnings("unchecked")
    SlotTable() {
        this.slots = (Slot<T>[]) new Slot<?>[INITIAL_SLOTS];
    }

    /** The lock that guards every change; slow paths only. */
    Object lock() {
        return lock;
    }

    /** The slot at {@code index}, which the calling thread has seen in the table before (the table only grows). */
    Slot<T> get(final int index) {
        return slots[index];
    }

    /** The slot at {@code index}, or null if there is none (an index taken from a caller's handle). */
    Slot<T> find(final int index) {
        final Slot<T>[] table = slots;
        return index < table.length ? table[index] : null;
    }

    /**
     * Counts one more live object, unless {@code maxTotal} are alive already.
     *
     * @return false if the pool is at its bound.
     * @throws IllegalStateException if the table is {@linkplain #close(String) closed}.
     */
    boolean reserve(final long maxTotal) {
        synchronized (lock) {
            if (closedMessage != null) {
                throw new IllegalStateException(closedMessage);
            }
            if (live >= maxTotal) {
                return false;
            }
            live++;
            highWaterMark = Math.max(highWaterMark, live);
            return true;
        }
    }

    /**
     * Closes the table to new objects: a later {@link #reserve(long)} throws {@link IllegalStateException} with
     * {@code message}, so that a thread still waiting in an acquisition when the pool closes stops waiting (its next
     * look reserves) and never builds an object for a closed pool.
     */
    void close(final String message) {
        synchronized (lock) {
            closedMessage = message;
        }
    }

    /** Gives back a {@linkplain #reserve(long) reservation} whose object could not be built. */
    void cancelReservation() {
        synchronized (lock) {
            live--;
        }
    }

    /** Puts a newly built object (already {@linkplain #reserve(long) reserved}) into an empty or a new slot. */
    Slot<T> fill(final T object) {
        synchronized (lock) {
            Slot<T> slot = emptySlots.poll();
            if (slot == null) {
                try {
                    slot = newSlotLocked();
                } catch (final Throwable e) {           // table full, or out of memory growing it
                    live--;
                    throw e;
                }
            }
            slot.object = object;
            return slot;
        }
    }

    /** Lets a slot's object go: the slot waits, empty, for the next new object. */
    void drop(final Slot<T> slot) {
        synchronized (lock) {
            dropLocked(slot);
        }
    }

    /** {@link #drop(Slot)} for a caller that holds the lock. */
    void dropLocked(final Slot<T> slot) {
        slot.object = null;
        live--;
        emptySlots.push(slot);
    }

    /** The number of slots; the caller holds the lock. */
    int countLocked() {
        return count;
    }

    /** Applies {@code action} to every slot under the lock (snapshots and the test kit). */
    void forEachSlot(final Consumer<? super Slot<T>> action) {
        synchronized (lock) {
            final Slot<T>[] table = slots;
            for (int i = 0; i < count; i++) {
                action.accept(table[i]);
            }
        }
    }

    /**
     * A snapshot: acquisitions are the sum of the slots' generations, releases follow from their in-use bits, and
     * the slow-path counters are read once each.
     */
    PoolMetrics metrics(final PoolCounters counters, final int idleCapacity, final int maxTotal) {
        synchronized (lock) {
            long acquired = 0;
            long inUse = 0;
            long idle = 0;
            final Slot<T>[] table = slots;
            for (int i = 0; i < count; i++) {
                final Slot<T> slot = table[i];
                final long state = slot.state();
                acquired += Slot.generation(state);
                if (Slot.inUse(state)) {
                    inUse++;
                } else if (slot.object != null) {
                    idle++;
                }
            }
            return new PoolMetrics(acquired, acquired - inUse, counters.created.get(), counters.dropped.get(),
                counters.droppedOversize.get(), counters.misuseRejected.get(), counters.resetFailures.get(),
                counters.leaksDetected.get(), counters.exhausted.get(), inUse, idle, highWaterMark, idleCapacity,
                maxTotal);
        }
    }

    private Slot<T> newSlotLocked() {
        Slot<T>[] table = slots;
        if (count == table.length) {
            if (table.length == HandleCodec.MAX_SLOTS) {
                throw new IllegalStateException("a pool holds at most " + HandleCodec.MAX_SLOTS + " live objects");
            }
            table = Arrays.copyOf(table, Math.min(HandleCodec.MAX_SLOTS, table.length * 2));
        }
        final Slot<T> slot = new Slot<>(count);
        table[count++] = slot;
        slots = table;
        return slot;
    }
}
