package io.github.hotpath.log;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The running counters of one service, and its one channel for reporting a failure. {@link LogMetrics} is a
 * snapshot of these.
 *
 * <p>The writer's drop notices report each drop counter's growth since its last notice (see {@link LineBatch}).
 *
 * <p>Who writes what: the drop, abandon, misuse and temporary-entry counters are {@link AtomicLong}s that producers
 * increment, on slow paths only (a drop, a misuse, a temporary entry). The written, failed, byte and error counters
 * have a single writer (the writer thread, or a synchronous service's lock holder) and are volatile, so that any
 * thread reads them without a lock.
 * A snapshot reads each counter once: nothing here is written on a reader's behalf.
 */
final class LogCounters {
    /** Dropped because the ring (or the set of entries) was full under a drop policy. */
    final AtomicLong droppedFull = new AtomicLong();
    /** Dropped because the service was closed, or its writer had stopped. */
    final AtomicLong droppedClosed = new AtomicLong();
    /** Dropped because begun while the same thread was inside the logger (re-entrant). */
    final AtomicLong droppedReentrant = new AtomicLong();
    /** Dropped because {@code log()} overflowed the stack before the record was queued. */
    final AtomicLong droppedTooDeep = new AtomicLong();
    /** Entries begun and never logged, discarded. */
    final AtomicLong abandoned = new AtomicLong();
    /** Calls on an entry after its {@code log()}: ignored. */
    final AtomicLong misused = new AtomicLong();
    /** Entries made for one record, because every entry was taken and the thread already held one. */
    final AtomicLong temporaryEntries = new AtomicLong();
    volatile long written;
    volatile long failed;
    volatile long bytesWritten;
    volatile long writeErrors;
    private final AtomicBoolean errorPrinted = new AtomicBoolean();

    /** A snapshot of these counters and of the hand-off's; reads each once, writes nothing. */
    LogMetrics snapshot(final Handoff handoff) {
        final long full = droppedFull.get();
        final long closed = droppedClosed.get();
        final long reentrant = droppedReentrant.get();
        final long tooDeep = droppedTooDeep.get();
        return new LogMetrics(handoff.accepted(), full + closed + reentrant + tooDeep, full, closed, reentrant,
            tooDeep, written, failed, bytesWritten, writeErrors, abandoned.get(), misused.get(), temporaryEntries.get(),
            handoff.queueDepth(), handoff.capacity());
    }

    /** Single writer only: records and bytes a sink call took. */
    void wrote(final long records, final long bytes) {
        written = written + records;
        bytesWritten = bytesWritten + bytes;
    }

    /** Single writer only: records that will not be written. */
    void failed(final long records) {
        failed = failed + records;
    }

    /** Single writer only: a sink call that threw. */
    void writeError() {
        writeErrors = writeErrors + 1;
    }

    /**
     * Reports a failure: the first one of the service is printed to standard error (allocating), later ones are only
     * counted by the caller.
     */
    void report(final String what, final Throwable e) {
        if (errorPrinted.compareAndSet(false, true)) {
            System.err.println("hotpath log: " + what + " (later failures are only counted in LogMetrics): " + e);
        }
    }

    /** Errors after which the writer stops; anything else (an {@code Error} from user code included) is counted. */
    static void rethrowIfFatal(final Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
            throw (VirtualMachineError) e;
        }
    }
}
