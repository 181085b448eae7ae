package io.github.hotpath.log;

import io.github.hotpath.core.Backoff;

import java.time.Duration;

/**
 * The writer thread's loop: takes records from the ring in order, hands them to the {@link LineBatch}, writes a
 * batch whenever the ring has nothing more for it (or after a ring's worth), and idles when there is nothing to do.
 * After the ring is closed it drains what was accepted, writes, and closes the sink. If it dies of a fatal error it
 * closes the ring, counts what it will not write as failed, and closes the sink, so that nobody waits for it.
 *
 * <p>Admitting: producers waiting for room in the {@link RingWaitingRoom} are admitted, in ticket order, into the
 * room the writer has made (less the room promised or credited to others), once that room is a quarter of the ring
 * (checked every {@value #ADMIT_EVERY} records at most, and before each sink call), a few at a time with the room as
 * credit, or whenever it has taken everything published, all at once (see {@link RingWaitingRoom}, Rounds and
 * credit); having taken everything published, it also takes back credit nobody uses. The writer does not sleep
 * while a producer waits to be admitted, and, once it has spun for a while, yields the CPU to producers instead.
 *
 * <p>Batching: when the ring has nothing more, a batch smaller than half the buffer is written only after the writer
 * has idled for {@value #LINGER_SPINS} spins (a few microseconds) with nothing new, or before it parks: records that a
 * producer logs meanwhile join the same sink call. Without it, a writer faster than its producers made one sink call
 * (a system call, for a file) per record or two, which on 2 CPUs took time from the producers.
 *
 * <p>Idling: it spins for a while, then announces that it sleeps ({@link #sleeping}) and parks for at most a
 * millisecond at a time. A producer that publishes a record reads that flag and unparks it; in a race with its going
 * to sleep, the record waits for the end of that park (at most a millisecond).
 *
 * <p>Memory effects: {@link #flushedUpTo} is written (volatile) after the sink call that wrote the positions below
 * it returned, so a thread that reads it sees those records written.
 *
 * <p>Thread-safety: {@link #run()} runs on the writer thread only; the volatile fields are read by any thread.
 */
final class WriterLoop implements Runnable {
    /** Spin 2,000 times, then park a millisecond at a time. */
    private static final Backoff IDLE = Backoff.spinYieldPark(2_000, 0, Duration.ofMillis(1), Duration.ofMillis(1));
    /** Waiting for a slot claimed before close to be published. */
    private static final Backoff PUBLISH_WAIT =
        Backoff.spinYieldPark(100, 100, Duration.ofNanos(20_000), Duration.ofNanos(20_000));
    /** How many idle spins a small batch waits for more records before it is written. */
    static final int LINGER_SPINS = 256;
    /** At most how many slots the writer frees between two admissions of waiting producers. */
    private static final int ADMIT_EVERY = 64;
    /** How long a dying writer gives claimed slots to be published before counting them. */
    private static final long DYING_PUBLISH_WAIT_NANOS = 100_000_000L;

    private final RecordRing ring;
    private final RingWaitingRoom waiters;
    /** Waiting producers are admitted when the head is a multiple of this plus one (a power of two). */
    private final int admitMask;
    /** The least free room worth waking waiting producers for, while the writer still has records to take. */
    private final long admitRoom;
    private final LineBatch batch;
    private final SinkWriter sink;
    private final LogCounters counters;
    /** After close, how long to wait for a claimed slot to be published before giving up on it. */
    private final long unpublishedTimeoutNanos;

    /** Set while the writer parks (or is about to): a producer that publishes unparks it. */
    volatile boolean sleeping;
    /** Positions the writer has taken from the ring. */
    volatile long consumed;
    /** Positions whose records are written (or counted as failed) and the sink flushed. */
    volatile long flushedUpTo;
    /** Set when the writer stopped on a fatal error: what it had not written is counted as failed. */
    volatile boolean died;
    /** The next position the writer takes (writer thread only). */
    private long head;

    WriterLoop(final RecordRing ring, final RingWaitingRoom waiters, final LineBatch batch, final SinkWriter sink,
               final LogCounters counters, final long unpublishedTimeoutNanos) {
        this.ring = ring;
        this.waiters = waiters;
        this.admitMask = Math.max(1, Math.min(ADMIT_EVERY, ring.capacity() / 2)) - 1;
        this.admitRoom = Math.max(1, ring.capacity() / 4);
        this.batch = batch;
        this.sink = sink;
        this.counters = counters;
        this.unpublishedTimeoutNanos = unpublishedTimeoutNanos;
    }

    @Override
    public void run() {
        try {
            drain();
        } catch (final Throwable e) {
            dies(e);
            throw e;
        }
    }

    private void drain() {
        final RecordRing ring = this.ring;
        int idle = 0;
        long closedWaitStart = 0;
        int closedWaits = 0;
        while (true) {
            // The writer's interrupt means nothing to it: cleared, it would make parkNanos return at once (a spin)
            // and close an interruptible sink channel.
            Thread.interrupted();
            if (ring.peek(head) != null) {
                idle = 0;
                writeAvailable();
                continue;
            }
            if (ring.isClosed()) {
                final long claimed = ring.claimed();
                if (head >= claimed) {
                    break;
                }
                // A record claimed just before close is being published: back off, and after the timeout give up on
                // a slot whose producer never published it (it stopped between claim and publish).
                final long now = System.nanoTime();
                if (closedWaitStart == 0) {
                    closedWaitStart = now | 1;
                } else if (now - closedWaitStart > unpublishedTimeoutNanos) {
                    failUnpublished(claimed);
                    break;
                }
                closedWaits = PUBLISH_WAIT.idle(closedWaits);
                continue;
            }
            admitWaiters();
            if (batch.hasPending() && (idle >= LINGER_SPINS || IDLE.parksAt(idle))) {
                writePending();
            }
            if (!IDLE.parksAt(idle)) {
                idle = IDLE.idle(idle);
            } else if (waiters.hasUnadmitted()) {
                // Waiters it cannot admit yet wait for producers to run: admitted ones to take their room, or one
                // that claimed a slot to publish it. With more threads than cores, a writer that spun here would
                // hold the CPU those producers need.
                Thread.yield();
            } else {
                sleeping = true;
                // Read after the flag's write: a producer that took a ticket before it sees the flag wakes us.
                if (ring.peek(head) == null && !ring.isClosed() && !waiters.hasUnadmitted()) {
                    idle = IDLE.idle(idle);
                }
                sleeping = false;
            }
        }
        batch.dropNoticeIfAny();
        batch.write();
        flushedUpTo = head;
        sink.close();
    }

    /** Takes every published record, up to a ring's worth so that flush and metrics see progress, and writes them. */
    private void writeAvailable() {
        final RecordRing ring = this.ring;
        final long batchEnd = head + ring.capacity();
        RecordBuffer r = ring.peek(head);
        do {
            final long position = head++; // past it first: a fatal error in add() counted it
            batch.add(r);
            r.releaseReferences();
            ring.release(position);
            if ((head & admitMask) == 0) {
                admitWaiters();
            }
            r = head < batchEnd ? ring.peek(head) : null;
        } while (r != null);
        consumed = head;
        admitWaiters(); // before the sink call: waiting producers refill the ring while it runs
        if (head >= batchEnd || batch.halfFull()) { // a ring's worth, or enough bytes: else wait a moment for more
            writePending();
        }
    }

    /** Writes the pending lines (with a drop notice, if any) and marks everything taken so far as flushed. */
    private void writePending() {
        batch.dropNoticeIfAny();
        batch.write();
        flushedUpTo = head;
    }

    /**
     * Admits waiting producers (see {@link RingWaitingRoom}) into the room the writer has made, if any wait, once
     * that room is a quarter of the ring or the writer has taken everything published. Waking them for less would
     * park and unpark each producer every few records: a system call each way on platform threads, and on a virtual
     * thread the JDK allocates about 32 bytes per unpark (its scheduler wraps the continuation in a task). With
     * nobody waiting and nothing published left, it takes back the credit nobody uses.
     */
    private void admitWaiters() {
        waiters.admitOrTakeBack(ring, head, admitRoom);
    }

    /**
     * The writer's last act after a fatal error: never leave producers blocked on a ring nobody drains (close it, so
     * that later records are dropped and counted), count every accepted record it will not write as failed, write
     * what it can, close the sink, and let flush report the failure.
     */
    private void dies(final Throwable e) {
        try {
            final long claimed = ring.close();
            waiters.close();
            // Records claimed before the close are being published: give them a moment, then count them.
            final long start = System.nanoTime();
            int waits = 0;
            for (long p = head; p < claimed && System.nanoTime() - start < DYING_PUBLISH_WAIT_NANOS; ) {
                if (ring.peek(p) != null) {
                    p++;
                } else {
                    waits = PUBLISH_WAIT.idle(waits);
                }
            }
            counters.report("the log writer thread stopped", e);
            failUnpublished(claimed);
            died = true;
            batch.write();
            sink.close();
        } catch (final Throwable secondary) {
            e.addSuppressed(secondary);
        } finally {
            died = true;
            flushedUpTo = head;
        }
    }

    /** Counts positions from the head to {@code claimed} as failed: the writer will not write them. */
    private void failUnpublished(final long claimed) {
        for (long p = head; p < claimed; p++) {
            final RecordBuffer r = ring.peek(p);
            if (r != null) {
                r.releaseReferences();
            }
        }
        counters.failed(claimed - head);
        counters.report("gave up on " + (claimed - head) + " records claimed but never published",
            new IllegalStateException("a producer stopped between claiming and publishing a slot"));
        head = claimed;
    }
}
