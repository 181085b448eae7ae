package io.github.hotpath.pool;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The idle store of virtual threads, in front of the shared queue: a fixed number of one-object cells, each on its
 * own cache line, and a thread uses the cell its id picks ({@code id mod cells}).
 *
 * <h2>Why</h2>
 * A platform thread has its {@link ThreadCache}; a virtual thread must not (a cache per virtual thread is state that
 * grows with their number, and a cost for each new one). Through the shared queue alone, two virtual threads
 * contend for its two indexes and hand objects (and their cache lines) back and forth on every request; a few
 * hundred nanoseconds a request. Here a virtual thread that acquires and releases in turn keeps finding its object in
 * its own cell, at one uncontended CAS each way, with no state per thread. Thread ids are handed out in sequence, so
 * threads started together get neighbouring cells; two threads whose ids collide share a cell and fall back to the
 * queue when it is taken, which is slower but still correct. A new virtual thread per request (thread-per-request
 * servers) finds the object that an earlier thread with a neighbouring id left in its cell.
 *
 * <h2>Capacity</h2>
 * {@link #forThisMachine()} sizes it at four cells per available processor, rounded up to a power of two, from 16 to
 * 256: at most that many idle objects wait here besides those in the shared queue, and every one of them can be taken
 * by any thread ({@link #takeAny()}: misses and waiters look here before they build or wait).
 *
 * <h2>Thread-safety and memory effects</h2>
 * Lock-free. A cell changes only by CAS: {@link #put(Slot, Thread)} publishes a slot (reset before) and
 * {@link #take(Thread)} or {@link #takeAny()} claims it, so the reset happens-before the taker's use. Allocates
 * nothing after construction.
 */
final class StripedIdleCells<T> {
    /** References per cell: 32 references of 4 bytes (compressed) or 16 of 8 fill 128 bytes, two cache lines. */
    private static final int SPACING = 32;

    private final AtomicReferenceArray<Slot<T>> cells;
    private final int mask;

    /** {@code count} cells, a power of two. */
    StripedIdleCells(final int count) {
        // Cell i lives at (i + 1) * SPACING, so that no cell shares a line with the array's header or a neighbour.
        this.cells = new AtomicReferenceArray<>((count + 2) * SPACING);
        this.mask = count - 1;
    }

    /** Four cells per available processor, a power of two from 16 to 256. */
    static <T> StripedIdleCells<T> forThisMachine() {
        final int wanted = 4 * Runtime.getRuntime().availableProcessors();
        final int count = Math.max(16, Math.min(256, Integer.highestOneBit(Math.max(1, wanted - 1)) << 1));
        return new StripedIdleCells<>(count);
    }

    /** The number of cells. */
    int count() {
        return mask + 1;
    }

    /** Takes the idle slot in {@code thread}'s cell; null if the cell is empty or another thread took it first. */
    Slot<T> take(final Thread thread) {
        final int i = cellOf(thread);
        final Slot<T> slot = cells.getPlain(i);     // a hint only: the CAS below decides
        return slot != null && cells.compareAndSet(i, slot, null) ? slot : null;
    }

    /** Parks a reset slot in {@code thread}'s cell; false if the cell holds one already. */
    boolean put(final Slot<T> slot, final Thread thread) {
        final int i = cellOf(thread);
        return cells.getPlain(i) == null && cells.compareAndSet(i, null, slot);
    }

    /** Takes an idle slot from any cell; null if all are empty. For misses and waiters, never on the hot path. */
    Slot<T> takeAny() {
        for (int c = 0; c <= mask; c++) {
            final int i = (c + 1) * SPACING;
            final Slot<T> slot = cells.get(i);
            if (slot != null && cells.compareAndSet(i, slot, null)) {
                return slot;
            }
        }
        return null;
    }

    /** How many cells hold a slot now (the test kit, at quiescence). */
    int size() {
        int n = 0;
        for (int c = 0; c <= mask; c++) {
            if (cells.get((c + 1) * SPACING) != null) {
                n++;
            }
        }
        return n;
    }

    @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; getId() is the same number and the baseline is 17
    private int cellOf(final Thread thread) {
        return ((int) thread.getId() & mask) * SPACING + SPACING;
    }
}
