package io.github.hotpath.pool;

import io.github.hotpath.core.internal.ThreadKind;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

import java.util.function.Consumer;

/**
 * Where a pool's idle objects wait, and which one a thread takes: a platform thread its {@link ThreadCache}, a virtual
 * thread its cell of the {@link StripedIdleCells}, and either of them, failing that, the bounded shared MPMC queue
 * (JCTools' {@code MpmcAtomicArrayQueue}). Which kind of thread is asking is decided at run time (hotpath-core's
 * internal {@link ThreadKind}): on JDK 17 there are no cells and the virtual-thread branch folds away.
 *
 * <h2>Thread-safety and memory effects</h2>
 * Lock-free on the hot path; the reclaim of stranded thread caches runs under the slot table's lock. Every hand-over
 * between threads goes through the queue or a cell (a volatile write and a CAS or volatile read), so the reset
 * before {@link #put(Slot)} happens-before the use after {@link #take()}. Allocates nothing after construction but a
 * platform thread's first cache cell.
 */
final class IdleStore<T> {
    private final MpmcAtomicArrayQueue<Slot<T>> queue;
    /** Null when platform threads do not cache (turned off, or a bounded policy). */
    private final ThreadCache threadCache;
    /** Null when this JVM has no virtual threads. */
    private final StripedIdleCells<T> cells;
    private final SlotTable<T> table;

    IdleStore(final int capacity, final boolean threadCache, final SlotTable<T> table) {
        this.queue = new MpmcAtomicArrayQueue<>(capacity);
        this.threadCache = threadCache ? new ThreadCache() : null;
        this.cells = ThreadKind.VIRTUAL_THREADS ? StripedIdleCells.forThisMachine() : null;
        this.table = table;
    }

    /** An idle slot for the calling thread, from its own cache or cell first; null if the pool looks empty. */
    Slot<T> take() {
        final Thread thread = Thread.currentThread();
        if (ThreadKind.isVirtual(thread)) {
            final Slot<T> slot = cells.take(thread);
            if (slot != null) {
                return slot;
            }
        } else if (threadCache != null) {
            final Slot<T> slot = threadCache.take(table);
            if (slot != null) {
                return slot;
            }
        }
        return queue.poll();
    }

    /** Places a reset slot for reuse, in the calling thread's cache or cell first; false if there is no room. */
    boolean put(final Slot<T> slot) {
        final Thread thread = Thread.currentThread();
        if (ThreadKind.isVirtual(thread)) {
            if (cells.put(slot, thread)) {
                return true;
            }
        } else if (threadCache != null && threadCache.put(slot, thread)) {
            return true;
        }
        return queue.offer(slot);
    }

    /**
     * An idle slot that any thread may take: from the queue, else from any cell. Misses and waiters call it, so that
     * no idle object goes unseen by a thread that would otherwise build one or wait.
     */
    Slot<T> takeShared() {
        final Slot<T> slot = queue.poll();
        return slot != null || cells == null ? slot : cells.takeAny();
    }

    /** On some misses, slots stranded in the caches of threads that ended, back to the queue (see ThreadCache). */
    Slot<T> reclaimOnMiss(final PoolCounters counters) {
        return threadCache == null ? null : threadCache.reclaimOnMiss(table, queue, counters);
    }

    /** Every slot stranded in the cache of a thread that ended, back to the queue (the test kit). */
    int reclaimAll(final PoolCounters counters) {
        return threadCache == null ? 0 : threadCache.reclaimAll(table, queue, counters);
    }

    /** Hands every slot of the queue and the cells to {@code drop} (closing). */
    void drain(final Consumer<Slot<T>> drop) {
        for (Slot<T> slot = takeShared(); slot != null; slot = takeShared()) {
            drop.accept(slot);
        }
    }

    /** Idle slots that a thread can take: in the queue, in a cell, or cached by a live thread (the test kit). */
    long reachable() {
        final long[] cached = new long[1];
        table.forEachSlot(slot -> {
            if (ThreadCache.isCachedByLiveThread(slot)) {
                cached[0]++;
            }
        });
        return cached[0] + queue.size() + (cells == null ? 0 : cells.size());
    }

    /** The queue's capacity: {@link PoolBuilder#maxIdle(int)} as applied. */
    int capacity() {
        return queue.capacity();
    }
}
