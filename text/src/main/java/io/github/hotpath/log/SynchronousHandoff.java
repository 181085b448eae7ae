package io.github.hotpath.log;

import java.util.List;

/**
 * The synchronous hand-off: {@code log()} formats the entry's record and writes it to the sink on the calling
 * thread, under one lock, one sink call per record. For simple programs and tests; there is no queue and no writer
 * thread. Records dropped (re-entrant, too deep) are noticed as the writer notices them: one line per reason, written
 * before the next record and at close.
 *
 * <p>Memory effects: the lock orders every record's write after the previous one's; actions of a thread before its
 * {@code log()} happen-before its record is written.
 */
final class SynchronousHandoff implements Handoff {
    private final Object lock = new Object();
    private final LineBatch batch;
    private final SinkWriter sink;
    private final LogCounters counters;
    /** The thread inside a write, while it formats: a record it begins then is re-entrant. */
    private volatile Thread formatting;
    private boolean closed;
    private volatile long accepted;

    SynchronousHandoff(final LogSink sink, final LogFormat format, final int maxParts, final int maxRecordChars,
                       final LogCounters counters) {
        this.sink = new SinkWriter(sink, counters, false);
        this.batch = new LineBatch(format, maxParts, maxRecordChars, this.sink, counters);
        this.counters = counters;
    }

    @Override
    public void hand(final LogEntry entry) {
        final RecordBuffer r = entry.buffer;
        synchronized (lock) {
            if (closed) {
                r.releaseReferences();
                counters.droppedClosed.incrementAndGet();
                return;
            }
            accepted = accepted + 1;
            formatting = Thread.currentThread();
            try {
                batch.dropNoticeIfAny(); // records dropped since the last line: said before this one
                batch.add(r);
                r.releaseReferences();
                batch.write();
            } finally {
                formatting = null;
            }
        }
    }

    @Override
    public boolean formatsOn(final Thread thread) {
        return formatting == thread;
    }

    @Override
    public boolean awaitWritten(final long timeoutNanos, final boolean requireWritten, final boolean interruptible) {
        synchronized (lock) { // every accepted record is written under the lock: taking it is enough
            if (!closed) {
                sink.flush();
            }
        }
        return true;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (!closed) {
                formatting = Thread.currentThread(); // a sink that logs from here is re-entrant, as in hand()
                try {
                    batch.dropNoticeIfAny(); // drops since the last record, before the sink closes
                    batch.write();
                } finally {
                    formatting = null;
                }
            }
            closed = true;
            sink.flush();
            sink.close();
        }
    }

    @Override
    public void awaitClosed() {
        synchronized (lock) {
            // A close in progress holds the lock until the sink is closed: taking it is the wait.
        }
    }

    @Override
    public long accepted() {
        return accepted;
    }

    @Override
    public long queueDepth() {
        return 0;
    }

    @Override
    public int capacity() {
        return 0;
    }

    @Override
    public List<Thread> threads() {
        return List.of();
    }
}
