package io.github.hotpath.pool;

import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

/**
 * The one-object cache of each platform thread, in front of a pool's shared idle queue, the way Stormpot's
 * thread-local claim works: a thread that acquires and releases in turn touches no shared memory at all.
 *
 * <h2>What a thread keeps</h2>
 * A thread's {@link Cell} holds the <em>index</em> of its cached slot, nothing that leads back to the pool: the
 * thread's {@code ThreadLocalMap} holds the cell strongly and only its key, the pool's {@code ThreadLocal}, weakly,
 * so a cell that held a slot would keep a discarded pool alive as long as any thread that ever cached one of its
 * objects. Virtual threads never get a cell (the pool routes them elsewhere), so no cache grows per virtual thread.
 *
 * <h2>Threads that end</h2>
 * A slot cached by a thread that ended is stranded: its cell died with the thread. Every
 * {@value #RECLAIM_EVERY_MISSES}th miss looks at the next {@value #RECLAIM_SLOTS_PER_SCAN} slots (round-robin) for
 * such slots and returns them to the shared queue, so no miss holds the table's lock for a whole scan; the test kit
 * scans them all.
 *
 * <p>It is the {@code ThreadLocal} of the cells itself, one dependent load less on the hot path than a field
 * holding one.
 *
 * <h2>Thread-safety and allocation</h2>
 * {@link #take(SlotTable)} and {@link #put(Slot, Thread)} touch only the calling thread's cell and the slot it owns
 * at that moment; the reclaim runs under the table's lock. A thread's first use allocates its cell.
 */
final class ThreadCache extends ThreadLocal<ThreadCache.Cell> {
    static final int RECLAIM_EVERY_MISSES = 64;
    static final int RECLAIM_SLOTS_PER_SCAN = 64;

    /** One platform thread's cache: the index of the cached slot. */
    static final class Cell {
        static final int EMPTY = -1;
        final Thread owner = Thread.currentThread();
        int index = EMPTY;
    }

    /** Guarded by the table's lock. */
    private long misses;

    @Override
    protected Cell initialValue() {
        return new Cell();
    }
    /** Guarded by the table's lock. */
    private int cursor;

    /** Takes the calling platform thread's cached slot out of its cache; null if it has none. */
    <T> Slot<T> take(final SlotTable<T> table) {
        final Cell cell = get();
        final int index = cell.index;
        if (index == Cell.EMPTY) {
            return null;
        }
        cell.index = Cell.EMPTY;
        final Slot<T> slot = table.get(index);       // the table only grows, and this thread saw the slot in it
        slot.cachedBy = null;
        return slot;
    }

    /** Puts a reset slot into the cache of {@code thread}, the calling platform thread; false if it holds one. */
    boolean put(final Slot<?> slot, final Thread thread) {
        Cell cell = slot.lastCell;                   // a releasing thread that owns it skips its ThreadLocal lookup
        if (cell == null || cell.owner != thread) {
            cell = get();
            slot.lastCell = cell;
        }
        if (cell.index != Cell.EMPTY) {
            return false;
        }
        slot.cachedBy = thread;
        cell.index = slot.index;
        return true;
    }

    /**
     * On every {@value #RECLAIM_EVERY_MISSES}th miss, returns stranded slots among the next
     * {@value #RECLAIM_SLOTS_PER_SCAN} to the queue and takes one back out.
     *
     * @return a reclaimed idle slot for the missing thread, or null.
     */
    <T> Slot<T> reclaimOnMiss(final SlotTable<T> table, final MpmcAtomicArrayQueue<Slot<T>> idle,
                              final PoolCounters counters) {
        synchronized (table.lock()) {
            if (++misses % RECLAIM_EVERY_MISSES != 0
                || reclaimLocked(table, idle, counters, RECLAIM_SLOTS_PER_SCAN) == 0) {
                return null;
            }
        }
        return idle.poll();
    }

    /** Returns every stranded slot to the queue (the test kit). */
    <T> int reclaimAll(final SlotTable<T> table, final MpmcAtomicArrayQueue<Slot<T>> idle,
                       final PoolCounters counters) {
        synchronized (table.lock()) {
            return reclaimLocked(table, idle, counters, table.countLocked());
        }
    }

    private <T> int reclaimLocked(final SlotTable<T> table, final MpmcAtomicArrayQueue<Slot<T>> idle,
                                  final PoolCounters counters, final int budget) {
        final int count = table.countLocked();
        int reclaimed = 0;
        int i = cursor;
        for (int n = Math.min(budget, count); n > 0; n--) {
            if (i >= count) {
                i = 0;
            }
            reclaimed += reclaimIfStrandedLocked(table.get(i++), table, idle, counters);
        }
        cursor = i;
        return reclaimed;
    }

    private static <T> int reclaimIfStrandedLocked(final Slot<T> slot, final SlotTable<T> table,
                                                   final MpmcAtomicArrayQueue<Slot<T>> idle,
                                                   final PoolCounters counters) {
        final Cell last = slot.lastCell;
        if (last != null && !last.owner.isAlive()) {
            slot.lastCell = null;             // a hint only (a racing release may rewrite it): keep no dead thread
        }
        final Thread owner = slot.cachedBy;
        if (owner == null || owner.isAlive()) {
            return 0;
        }
        // The owner ended, so all its writes are visible now (termination happens-before isAlive() returns false).
        // Read cachedBy again: the first read may have been older than the owner's own clearing of it, after which
        // the slot may have gone to another thread's cache.
        if (slot.cachedBy != owner || Slot.inUse(slot.state())) {
            return 0;
        }
        slot.cachedBy = null;
        slot.lastCell = null;
        if (!idle.offer(slot)) {
            table.dropLocked(slot);
            counters.dropped.incrementAndGet();
        }
        return 1;
    }

    /** Idle slots cached by live threads (the test kit); the caller holds the table's lock. */
    static boolean isCachedByLiveThread(final Slot<?> slot) {
        final Thread owner = slot.cachedBy;
        return owner != null && owner.isAlive();
    }
}
