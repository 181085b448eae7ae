package io.github.hotpath.log;

import io.github.hotpath.text.TextBuilder;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gathers formatted lines into one buffer of UTF-8 bytes, so that the sink is written with one call per batch
 * instead of one per record. Each record is laid out by the {@link LineFormatter} into a reusable
 * {@link TextBuilder} sized so that no record makes it grow, then encoded into the batch; a line larger than the
 * whole batch (a long stack trace) is written on its own.
 *
 * <p>Thread-safety: confined to the writer thread, or to a synchronous service's lock holder. Allocation: none,
 * except for a record that carries a throwable (its stack trace) and a line larger than the batch.
 */
final class LineBatch {
    /** Room for the timestamp, level, names and punctuation around a record's text. */
    private static final int LINE_OVERHEAD_CHARS = 512;
    /** The smallest batch buffer. */
    private static final int MIN_BATCH_BYTES = 64 * 1024;

    private final LineFormatter formatter;
    private final TextBuilder line;
    private final ByteBuffer batch;
    private final SinkWriter sink;
    private final LogCounters counters;
    private int pendingRecords;
    private long fullReported;
    private long closedReported;
    private long reentrantReported;
    private long tooDeepReported;

    LineBatch(final LogFormat format, final int maxParts, final int maxRecordChars, final SinkWriter sink,
              final LogCounters counters) {
        formatter = new LineFormatter(format, maxParts);
        line = new TextBuilder(lineChars(maxRecordChars));
        batch = ByteBuffer.allocate(batchBytes(maxRecordChars));
        this.sink = sink;
        this.counters = counters;
    }

    /** Escaping can turn one char into six ({@code \u0000}): the line builder holds a whole record escaped. */
    static int lineChars(final int maxRecordChars) {
        return 6 * maxRecordChars + LINE_OVERHEAD_CHARS;
    }

    /** At least three lines of three UTF-8 bytes per char, and never less than 64 KiB. */
    static int batchBytes(final int maxRecordChars) {
        return Math.max(MIN_BATCH_BYTES, 3 * lineChars(maxRecordChars));
    }

    /** Formats one record and moves its bytes into the batch, writing the batch first if it is too full. */
    void add(final RecordBuffer r) {
        final TextBuilder text = line;
        text.clear();
        try {
            formatter.format(r, text);
            if (!moveLineToBatch(text)) {
                return; // written (or failed) on its own, and counted there
            }
        } catch (final Throwable e) {
            counters.failed(1);
            counters.report("a record could not be formatted", e);
            LogCounters.rethrowIfFatal(e);
            return;
        }
        pendingRecords++;
    }

    /**
     * Adds, for each reason records were dropped since its last notice, one line saying how many and why: the notice
     * names the reason that was counted, so that a drop after close never reads as a full queue.
     */
    void dropNoticeIfAny() {
        fullReported = dropNotice(counters.droppedFull, fullReported, "the log queue was full");
        closedReported = dropNotice(counters.droppedClosed, closedReported, "the log service was closed");
        reentrantReported = dropNotice(counters.droppedReentrant, reentrantReported,
            "logged from inside the logger (re-entrant)");
        tooDeepReported = dropNotice(counters.droppedTooDeep, tooDeepReported, "log() was too deep in the stack");
    }

    /** Adds a notice if {@code counter} grew past {@code reported}; returns what is reported now. */
    private long dropNotice(final AtomicLong counter, final long reported, final String reason) {
        final long dropped = counter.get();
        if (dropped <= reported) {
            return reported;
        }
        final TextBuilder text = line;
        text.clear();
        formatter.dropNotice(System.currentTimeMillis(), dropped - reported, reason, Thread.currentThread().getName(),
            text);
        moveLineToBatch(text);
        return dropped;
    }

    /** Whether lines are waiting to be written. */
    boolean hasPending() {
        return batch.position() > 0;
    }

    /** Whether the pending lines fill at least half of the batch buffer: worth a sink call without waiting for more. */
    boolean halfFull() {
        return batch.position() >= batch.capacity() / 2;
    }

    /** Writes the pending lines with one sink call and a flush, and starts a new batch. */
    void write() {
        final ByteBuffer out = batch;
        final int records = pendingRecords;
        pendingRecords = 0;
        out.flip();
        try {
            sink.write(out, records);
        } finally {
            out.clear();
        }
    }

    /**
     * Moves the line into the batch and returns true; or, for a line larger than the whole batch, writes it on its
     * own, counts it as written or failed there, and returns false.
     */
    private boolean moveLineToBatch(final TextBuilder text) {
        final ByteBuffer out = batch;
        // UTF-8 takes at most three bytes per UTF-16 char: check cheaply before counting exactly.
        if (out.remaining() < 3 * text.length() && out.remaining() < text.utf8Length()) {
            write();
            if (out.remaining() < text.utf8Length()) {
                writeOversizedLine(text);
                return false;
            }
        }
        text.writeUtf8(out);
        return true;
    }

    /** A line larger than the whole batch buffer (a long stack trace): allocates a buffer for it alone. */
    private void writeOversizedLine(final TextBuilder text) {
        final byte[] bytes = new byte[text.utf8Length()];
        text.writeUtf8(bytes, 0);
        sink.write(ByteBuffer.wrap(bytes), 1);
    }

    LineFormatter formatter() {
        return formatter;
    }
}
