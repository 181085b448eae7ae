package io.github.hotpath.log;

import io.github.hotpath.core.Backoff;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The asynchronous hand-off: {@code log()} exchanges the entry's filled buffer for a spare one in a slot of the
 * {@link RecordRing} (one CAS, no copy), and a writer thread ({@link WriterLoop}) formats and writes the records in
 * batches. When the ring is full, the record is dropped ({@code whenFullDrop()}) or its producer waits in the
 * {@link RingWaitingRoom} ({@code whenFullWait()}); while producers wait there for room not yet given them, a newly
 * arriving one queues behind them rather than taking the room the writer makes for them.
 *
 * <p>Memory effects: actions of a thread before its {@code log()} happen-before the writer formats that record (the
 * ring's release and acquire); the writer's sink call for a record happens-before a {@code flush} that returns true
 * after it.
 */
final class AsynchronousHandoff implements Handoff {
    /** How a thread waiting for the writer (flush, settle) backs off: spin, yield, then parks of 20 µs. */
    private static final Backoff WAIT =
        Backoff.spinYieldPark(100, 100, Duration.ofNanos(20_000), Duration.ofNanos(20_000));

    private final RecordRing ring;
    private final WriterLoop writer;
    private final Thread writerThread;
    private final List<Thread> threads;
    private final RingWaitingRoom waiters;
    private final boolean dropWhenFull;
    private final LogCounters counters;
    private final long closeTimeoutNanos;
    /** {@link #wakeWriterIfSleeping}, for the waiting room: made once, so that a wait allocates nothing. */
    private final Runnable wakeWriterIfSleeping = this::wakeWriterIfSleeping;

    AsynchronousHandoff(final LogSink sink, final LogFormat format, final int capacity, final int maxParts,
                        final int maxRecordChars, final boolean dropWhenFull, final int maxWaiters,
                        final long closeTimeoutNanos, final String writerThreadName, final LogCounters counters) {
        this.ring = new RecordRing(capacity, maxParts, maxRecordChars);
        this.waiters = new RingWaitingRoom(maxWaiters);
        final SinkWriter sinkWriter = new SinkWriter(sink, counters, true);
        // The writer gives up on a slot claimed but never published after half the close timeout, so that close()
        // still sees the sink closed.
        final LineBatch batch = new LineBatch(format, maxParts, maxRecordChars, sinkWriter, counters);
        this.writer = new WriterLoop(ring, waiters, batch, sinkWriter, counters, closeTimeoutNanos / 2);
        this.writerThread = new Thread(writer, writerThreadName);
        writerThread.setDaemon(true);
        this.threads = List.of(writerThread);
        this.dropWhenFull = dropWhenFull;
        this.counters = counters;
        this.closeTimeoutNanos = closeTimeoutNanos;
    }

    void start() {
        writerThread.start();
    }

    @Override
    public void hand(final LogEntry entry) {
        int result;
        try {
            // A producer with credit left from its admission offers into its share; any other queues behind the
            // producers waiting for room (the writer admits them in order).
            result = entry.credit > 0 ? waiters.offerOnCredit(ring, entry) : RingWaitingRoom.NO_CREDIT;
            if (result == RingWaitingRoom.NO_CREDIT) {
                result = waiters.hasUnadmitted() ? RecordRing.FULL : ring.offer(entry, waiters.promised());
            }
            if (result == RecordRing.FULL && !dropWhenFull) {
                result = waiters.await(ring, entry, wakeWriterIfSleeping);
            }
            if (result == RecordRing.ACCEPTED) {
                wakeWriterIfSleeping();
                return;
            }
        } catch (final StackOverflowError tooDeep) {
            // The ring overflows before it claims anything (see RecordRing.offer): the record is lost, counted.
            entry.buffer.releaseReferences();
            counters.droppedTooDeep.incrementAndGet();
            return;
        }
        entry.buffer.releaseReferences();
        (result == RecordRing.FULL ? counters.droppedFull : counters.droppedClosed).incrementAndGet();
    }

    @Override
    public boolean formatsOn(final Thread thread) {
        return thread == writerThread;
    }

    @Override
    public boolean awaitWritten(final long timeoutNanos, final boolean requireWritten, final boolean interruptible)
        throws InterruptedException {
        final long target = ring.claimed();
        if (Thread.currentThread() == writerThread) {
            // Called from sink or throwable code the writer runs: waiting would wait for itself.
            return writer.flushedUpTo >= target;
        }
        final long start = System.nanoTime();
        int step = 0;
        boolean interrupted = false;
        try {
            while (writer.flushedUpTo < target && writerThread.isAlive()) {
                if (System.nanoTime() - start >= timeoutNanos) {
                    return false;
                }
                if (Thread.interrupted()) { // else parkNanos returns at once: a busy spin
                    if (interruptible) {
                        throw new InterruptedException("interrupted while waiting for the log writer");
                    }
                    interrupted = true;
                }
                wakeWriterIfSleeping();
                step = WAIT.idle(step);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return writer.flushedUpTo >= target && !(requireWritten && writer.died);
    }

    @Override
    public void close() {
        ring.close();
        waiters.close();
        wakeWriter();
        if (Thread.currentThread() != writerThread) { // on the writer (from sink code), it would join itself
            awaitClosed();
        }
    }

    @Override
    public void awaitClosed() {
        if (Thread.currentThread() == writerThread || closeTimeoutNanos <= 0) {
            return;
        }
        final long millis = closeTimeoutNanos / 1_000_000L;
        final int nanos = (int) (closeTimeoutNanos % 1_000_000L);
        try {
            writerThread.join(millis, nanos);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long accepted() {
        return ring.claimed();
    }

    @Override
    public long queueDepth() {
        return Math.max(0, ring.claimed() - writer.consumed);
    }

    @Override
    public int capacity() {
        return ring.capacity();
    }

    @Override
    public List<Thread> threads() {
        return threads;
    }

    /**
     * Unparks the writer only if it said it is going to sleep: no system call while it is busy. A wake-up missed in
     * the race with its going to sleep costs at most one bounded park.
     */
    void wakeWriterIfSleeping() {
        if (writer.sleeping) {
            wakeWriter();
        }
    }

    private void wakeWriter() {
        writer.sleeping = false;
        LockSupport.unpark(writerThread);
    }

    /** The waiting room, for tests. */
    RingWaitingRoom waiters() {
        return waiters;
    }

    /** The ring, for tests. */
    RecordRing ring() {
        return ring;
    }
}
