package io.github.hotpath.log;

import io.github.hotpath.core.Backoff;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The service's bounded set of pre-allocated {@link LogEntry entries}, shared by every thread: an entry is taken at
 * {@code info()} (and its siblings) and given back at {@code log()}. Nothing is kept per thread, so a new thread
 * (a virtual thread per request, say) costs nothing, where a {@code ThreadLocal} record would cost one record per
 * thread.
 *
 * <h2>Taking and giving back</h2>
 * A thread starts looking at its home cell (its thread id modulo the pool's size), so that a thread usually takes
 * the same entry as last time, and threads with different ids take different entries; it takes the first free
 * entry with one CAS on the entry's owner (from {@link #FREE} to its thread id), and gives it back with a release
 * store of {@link #FREE}. Ownership is a thread id, not a reference: no garbage collector's barrier on the hot path
 * (thread ids are never reused, so a stale id matches nobody). A thread
 * that holds an entry and begins another (an argument that logs while it is computed) simply takes a second one.
 *
 * <h2>When every entry is taken</h2>
 * The slow path reclaims, counted in {@link LogCounters#abandoned}: entries whose owner has died, and entries held
 * for more than {@value #STALE_MILLIS} ms by another live thread (a forgotten {@code log()}). A stale entry is
 * retired rather than reused, and replaced by a new one (an allocation, on misuse only), so that its late owner can
 * never write into an entry another thread took. An entry of the calling thread itself is never reclaimed by it: it
 * may be the outer entry of this very call (an argument that logs while it is computed), whose record would be lost;
 * a thread that forgot its own entries gets temporary ones (below) until another thread reclaims them. If nothing
 * can be reclaimed, the service's when-full policy applies: drop and count the record as if the queue were full; or
 * wait for an entry (the default), except for a thread that already holds one, which gets a temporary entry instead,
 * made for this record and dropped after it (an allocation, only when nesting meets an exhausted pool): waiting could
 * wait for itself, as when every thread holds an outer entry and waits for an inner one.
 *
 * <h2>Re-entrancy</h2>
 * While a thread is inside a caller's {@code CharSequence} (copying it into an entry), it marks its home cell; an
 * entry it begins meanwhile is refused and counted, so that a text that logs from its {@code charAt} cannot recurse
 * without end. Two threads of the same home cell can overwrite each other's mark: a missed mark lets one nested
 * entry through (harmless: it is an entry of its own); a mark is never seen by another thread as its own.
 *
 * <h2>Cost</h2>
 * Taking an entry is one atomic instruction more per entry than a thread-local record was. When a thread logs
 * entries back to back, that instruction waits for the previous entry's publication in the ring to reach the
 * writer's core (a cross-core cache miss, some tens of nanoseconds on a 2-vCPU machine); with any work between two
 * entries it is hidden. That is the price of keeping nothing per thread.
 *
 * <p>Memory effects: the CAS that takes an entry reads the release store that gave it back, so everything its
 * previous owner did (including the exchange of its buffer with the ring) happens-before the new owner's use.
 *
 * <p>Allocation: none after construction, except a stale entry's replacement and a temporary entry for a nested
 * record that finds every entry taken.
 */
final class EntryPool {
    /** An entry held longer than this by a live thread, while the pool is exhausted, is taken as forgotten. */
    static final long STALE_MILLIS = 10_000;
    /** The owner of a free entry: no thread has id 0. */
    static final long FREE = 0;
    /** The owner of a retired entry: no thread has a negative id, so nobody owns it again. */
    static final long RETIRED = -1;
    /** From {@link #entriesHeldBy}: the thread is inside a caller's {@code CharSequence} (re-entrant). */
    private static final int HELD_IN_FOREIGN_CODE = -1;
    private static final Backoff WAIT =
        Backoff.spinYieldPark(100, 100, Duration.ofNanos(20_000), Duration.ofNanos(20_000));

    final Handoff handoff;
    final LogCounters counters;
    private final AtomicReferenceArray<LogEntry> entries;
    /** Per home cell, the id of a thread that is inside a caller's {@code CharSequence}; plain reads and writes. */
    private final long[] inForeignCode;
    private final int mask;
    private final int maxParts;
    private final int maxRecordChars;
    private final boolean dropWhenExhausted;
    private volatile boolean closed;

    EntryPool(final int size, final int maxParts, final int maxRecordChars, final boolean dropWhenExhausted,
              final Handoff handoff, final LogCounters counters) {
        this.handoff = handoff;
        this.counters = counters;
        this.maxParts = maxParts;
        this.maxRecordChars = maxRecordChars;
        this.dropWhenExhausted = dropWhenExhausted;
        entries = new AtomicReferenceArray<>(size);
        final RecordBuffer[] buffers = RecordBuffer.many(size, maxParts, maxRecordChars);
        for (int i = 0; i < size; i++) {
            entries.set(i, new LogEntry(this, buffers[i]));
        }
        inForeignCode = new long[size];
        mask = size - 1;
    }

    private LogEntry newEntry() {
        return new LogEntry(this, new RecordBuffer(maxParts, maxRecordChars));
    }

    /**
     * Takes an entry for the calling thread and begins it; the shared disabled entry if the thread is re-entering
     * the logger, or if the entries are exhausted and the policy drops.
     */
    LogEntry begin(final int loggerNameId, final String escapedLoggerName, final Level level) {
        final Thread me = Thread.currentThread();
        final long id = me.getId();
        final int home = (int) id & mask;
        if (inForeignCode[home] == id || handoff.formatsOn(me)) {
            // Re-entrant: logging from inside a CharSequence being appended, or from a throwable's toString while
            // the writer (or a synchronous log()) formats it. Refused, so that the outer entry stays whole and
            // nothing recurses or waits for itself, and counted as dropped.
            counters.droppedReentrant.incrementAndGet();
            return LogEntry.DISABLED;
        }
        LogEntry e = probe(id, home);
        if (e == null) {
            e = takeSlowly(me, id, home);
            if (e == null) {
                return LogEntry.DISABLED;
            }
        }
        e.begin(me, home, level, loggerNameId, escapedLoggerName, System.currentTimeMillis());
        return e;
    }

    /** One pass over the pool from the home cell: the first free entry, taken; or null. */
    private LogEntry probe(final long me, final int home) {
        final AtomicReferenceArray<LogEntry> entries = this.entries;
        final int mask = this.mask;
        for (int i = 0; i <= mask; i++) {
            final LogEntry e = entries.get((home + i) & mask);
            if ((long) LogEntry.OWNER.getAcquire(e) == FREE && LogEntry.OWNER.compareAndSet(e, FREE, me)) {
                return e;
            }
        }
        return null;
    }

    /** Every entry is taken: reclaim one, or wait (or drop) as the policy says. */
    private LogEntry takeSlowly(final Thread me, final long id, final int home) {
        boolean interrupted = false;
        int step = 0;
        try {
            while (true) {
                final LogEntry e = reclaim(id);
                if (e != null) {
                    return e;
                }
                final int held = entriesHeldBy(id);
                if (held == HELD_IN_FOREIGN_CODE) {
                    // Re-entrant after all (its mark was overwritten by a thread of the same home cell): waiting
                    // would wait for itself.
                    counters.droppedReentrant.incrementAndGet();
                    return null;
                }
                if (closed) {
                    counters.droppedClosed.incrementAndGet();
                    return null;
                }
                if (dropWhenExhausted) {
                    counters.droppedFull.incrementAndGet();
                    return null;
                }
                if (held > 0) {
                    // Nested: an entry of its own is open further up its stack. Waiting could wait for itself.
                    final LogEntry temporary = newEntry();
                    LogEntry.OWNER.set(temporary, id);
                    counters.temporaryEntries.incrementAndGet();
                    return temporary;
                }
                interrupted |= Thread.interrupted(); // as in RingWaitingRoom: neither ends nor spins the wait
                step = WAIT.idle(step);
                final LogEntry free = probe(id, home);
                if (free != null) {
                    return free;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Scans the pool for an entry to reclaim (see the class comment), takes it for {@code me} and counts it as
     * abandoned; null if there is none.
     */
    private LogEntry reclaim(final long me) {
        final long now = System.currentTimeMillis();
        for (int i = 0; i <= mask; i++) {
            final LogEntry e = entries.get(i);
            final long owner = (long) LogEntry.OWNER.getAcquire(e);
            if (owner == me) {
                continue; // perhaps the outer entry of this very call, however old: never taken by its own thread
            }
            if (ownerDied(e, owner)) {
                if (LogEntry.OWNER.compareAndSet(e, owner, me)) {
                    counters.abandoned.incrementAndGet();
                    return e;
                }
            } else if (owner > FREE && now - e.beganMillis > STALE_MILLIS
                && LogEntry.OWNER.compareAndSet(e, owner, RETIRED)) {
                // Its owner may still write into it: retire it for good and put a new entry in its place.
                final LogEntry replacement = newEntry();
                LogEntry.OWNER.set(replacement, me);
                entries.set(i, replacement);
                counters.abandoned.incrementAndGet();
                return replacement;
            }
        }
        return null;
    }

    /**
     * Whether the entry's owner, of id {@code owner}, has ended. Its thread is known once it has written
     * {@link LogEntry#ownerThread} after taking the entry; until then it is taken as alive. A thread's end
     * happens-before {@code isAlive()} returns false, so everything it wrote into the entry is seen.
     */
    private static boolean ownerDied(final LogEntry e, final long owner) {
        final Thread t = e.ownerThread;
        return owner > FREE && t != null && t.getId() == owner && !t.isAlive();
    }

    /**
     * How many entries of the pool thread {@code me} holds, or {@link #HELD_IN_FOREIGN_CODE} if it is inside a
     * caller's {@code CharSequence} copying into one of them.
     */
    private int entriesHeldBy(final long me) {
        int held = 0;
        for (int i = 0; i <= mask; i++) {
            final LogEntry e = entries.get(i);
            if ((long) LogEntry.OWNER.getAcquire(e) == me) {
                if (e.inForeignCode) {
                    return HELD_IN_FOREIGN_CODE;
                }
                held++;
            }
        }
        return held;
    }

    /** Gives an entry back after its {@code log()}. */
    void giveBack(final LogEntry e) {
        LogEntry.OWNER.setRelease(e, FREE);
    }

    /** Marks the calling thread as inside a caller's {@code CharSequence}: entries it begins now are refused. */
    void enterForeignCode(final int home, final long me) {
        inForeignCode[home] = me;
    }

    void leaveForeignCode(final int home, final long me) {
        if (inForeignCode[home] == me) {
            inForeignCode[home] = FREE;
        }
    }

    /**
     * After close: waiting threads give up, and entries held by threads that have ended (a {@code log()} they will
     * never call) are counted as abandoned.
     */
    void close() {
        closed = true;
        for (int i = 0; i <= mask; i++) {
            final LogEntry e = entries.get(i);
            final long owner = (long) LogEntry.OWNER.getAcquire(e);
            if (ownerDied(e, owner) && LogEntry.OWNER.compareAndSet(e, owner, RETIRED)) {
                counters.abandoned.incrementAndGet();
            }
        }
    }

    /** How many entries the pool holds. */
    int size() {
        return mask + 1;
    }
}
