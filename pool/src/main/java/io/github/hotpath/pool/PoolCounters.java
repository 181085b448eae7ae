package io.github.hotpath.pool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of one pool that change only on slow paths: a miss, a drop, a misuse, a leak, an exhausted bounded
 * pool. The hot path updates none of them: acquisitions and releases are read off the slots' states instead (see
 * {@link SlotTable#metrics(PoolCounters, int, int)}), so reading a snapshot never touches a line that the hot path
 * writes.
 *
 * <p>Thread-safe; incrementing allocates nothing.
 */
final class PoolCounters {
    final AtomicLong created = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong droppedOversize = new AtomicLong();
    final AtomicLong misuseRejected = new AtomicLong();
    final AtomicLong resetFailures = new AtomicLong();
    final AtomicLong leaksDetected = new AtomicLong();
    final AtomicLong exhausted = new AtomicLong();
}
