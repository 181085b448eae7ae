package io.github.hotpath.log;

import io.github.hotpath.text.TextBuilder;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The logging service: its loggers, its bounded queue of pre-allocated records, the writer thread that formats
 * and writes them in batches, and the sink. Build one per destination, at start-up:
 * <pre>{@code
 * ConcurrentLogService logs = ConcurrentLogService.builder()
 *     .sink(LogSink.file(Path.of("service.log"))).format(LogFormat.JSON).build();
 * Logger log = logs.logger(RequestHandler.class);
 * log.info().append("request done status=").append(status).kv("latencyNanos", latency).commit();
 * }</pre>
 *
 * <h2>How a record travels</h2>
 * Asynchronous (the default): the calling thread copies what it logs (primitives as bits, text as chars) into its
 * own pre-allocated record; {@code commit()} claims a slot of the ring with one CAS and exchanges buffers with it
 * (no copy). The writer thread takes records in order, formats them with a {@link TextBuilder}, encodes them to
 * UTF-8 into one batch buffer, and writes the batch to the sink with one call, then flushes it. When idle, the
 * writer spins briefly and then parks for at most a millisecond at a time; a thread that commits while it is
 * parked usually wakes it at once, but in a race with its going to sleep the record waits for the end of that
 * park (at most a millisecond). Synchronous ({@link Builder#synchronous(boolean)}): {@code commit()} formats and writes
 * on the
 * calling thread under a lock, for simple programs and tests.
 *
 * <h2>Thread-safety</h2>
 * All methods may be called from any thread. Loggers are shared; records are per thread.
 *
 * <h2>Allocation</h2>
 * Building the service allocates the ring ({@code capacity} records of {@code maxRecordChars} chars and
 * {@code maxParts} parts each), the batch buffer and the writer's text builder; each new thread that logs
 * allocates its own record once. After that, logging an enabled record allocates nothing on the calling thread or
 * on the writer (unless it carries a throwable, whose stack trace printing allocates), and a disabled call nothing.
 * {@link #flush()} allocates nothing; {@link #logger(String)} and {@link #close()} may.
 *
 * <p>Note: the per-thread record is held in a {@code ThreadLocal}, so every new thread that logs allocates one
 * ({@code maxRecordChars} chars and {@code maxParts} parts, about 2.6 KB with the defaults). That is a one-off for a
 * pool of platform threads, but a cost per task for short-lived threads, virtual threads included.
 *
 * <h2>Memory effects</h2>
 * Actions of a thread before {@code commit()} happen-before the writer formats that record. Everything written
 * before {@link #flush()} returns to a caller was accepted before the call.
 *
 * <h2>Full queue, flush and close</h2>
 * {@link WhenFull#DROP} (default) drops and counts; the writer then writes one line saying how many were dropped.
 * {@link WhenFull#BLOCK} waits for room and can stall the service. {@link #flush()} returns once every record
 * accepted before it is written and the sink flushed. {@link #close()} stops accepting, drains, closes the sink;
 * records committed afterwards are dropped and counted. Unless disabled, a JVM shutdown hook closes the service, so
 * a program that logs and exits loses no accepted record.
 */
public final class ConcurrentLogService implements AutoCloseable {
    /** The logger name on the lines the service writes about itself (drop notices). */
    static final String INTERNAL_LOGGER_NAME = "io.github.hotpath.log";

    private static final int SPINS_BEFORE_PARK = 2_000;
    private static final long WRITER_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long WAITER_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final int LINE_OVERHEAD_CHARS = 512;

    private final LogSink sink;
    private final LogFormat format;
    private final Level defaultLevel;
    private final WhenFull whenFull;
    private final int maxParts;
    private final int maxRecordChars;
    private final long closeTimeoutMillis;
    private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ThreadLocal<LogRecord> records;
    private final LogMetrics metrics = new LogMetrics(this);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread shutdownHook;

    /** Asynchronous mode only (null when synchronous). */
    private final RecordRing ring;
    private final Thread writerThread;
    private volatile boolean writerSleeping;
    /** Positions the writer has taken from the ring. */
    private volatile long consumed;
    /** Positions whose lines are written and the sink flushed. */
    private volatile long flushedUpTo;
    /** Set when the writer stopped on a fatal error: what it had not written is counted as failed. */
    private volatile boolean writerDied;
    /** The next position the writer takes (writer thread only). */
    private long head;

    /** The writer's tools (the writer thread's, or the synchronous lock's). */
    private final LineFormatter formatter;
    private final TextBuilder line;
    private final ByteBuffer batch;
    private final Object syncLock = new Object();
    private boolean syncClosed;
    private long droppedReported;
    private long pendingBytes;
    private int pendingRecords;
    private boolean errorPrinted;

    private ConcurrentLogService(final Builder b) {
        sink = b.sink != null ? b.sink : LogSink.stdout();
        format = b.format;
        defaultLevel = b.level;
        whenFull = b.whenFull;
        maxParts = b.maxParts;
        maxRecordChars = b.maxRecordChars;
        closeTimeoutMillis = b.closeTimeoutMillis;
        formatter = new LineFormatter(format);
        // Escaping can turn one char into six ("\u0000"); the builder is sized so that no record makes it grow.
        final int lineChars = 6 * maxRecordChars + LINE_OVERHEAD_CHARS;
        line = new TextBuilder(lineChars);
        final int batchBytes = Math.max(64 * 1024, 3 * lineChars);
        batch = ByteBuffer.allocate(batchBytes);
        records = ThreadLocal.withInitial(this::newRecord);
        if (b.synchronous) {
            ring = null;
            writerThread = null;
        } else {
            ring = new RecordRing(b.capacity, maxParts, maxRecordChars);
            writerThread = new Thread(this::writeLoop, b.writerThreadName);
            writerThread.setDaemon(true);
        }
        shutdownHook = b.shutdownHook ? new Thread(this::close, b.writerThreadName + "-shutdown") : null;
    }

    /**
     * A builder with the defaults: standard output, plain format, level {@code INFO}, asynchronous with 1024
     * records of at most 1024 chars and 64 parts, {@link WhenFull#DROP}, shutdown hook on.
     *
     * @return a new builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    private ConcurrentLogService start() {
        if (writerThread != null) {
            writerThread.start();
        }
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    private LogRecord newRecord() {
        return new LogRecord(this, new RecordBuffer(maxParts, maxRecordChars));
    }

    /**
     * The logger of this name, created on first use at the service's default level. Call it once and keep the
     * logger (in a {@code static final} field, say): the look-up may allocate.
     *
     * @param name the logger's name.
     * @return the logger, the same instance for the same name.
     */
    public Logger logger(final String name) {
        Objects.requireNonNull(name, "name");
        final Logger existing = loggers.get(name);
        return existing != null ? existing : loggers.computeIfAbsent(name, n -> new Logger(this, n, defaultLevel));
    }

    /**
     * The logger named after a class's fully qualified name.
     *
     * @param type the class.
     * @return the logger.
     */
    public Logger logger(final Class<?> type) {
        return logger(type.getName());
    }

    /**
     * The counters of this service.
     *
     * @return the metrics view (the same instance every time).
     */
    public LogMetrics metrics() {
        return metrics;
    }

    /**
     * The writer thread, to measure or watch it; null for a synchronous service.
     *
     * @return the writer thread or null.
     */
    public Thread writerThread() {
        return writerThread;
    }

    /**
     * Waits until every record accepted before this call is written and the sink flushed. Returns at once if the
     * service is closed (close drains). Allocates nothing. It waits as long as the sink takes: a sink that never
     * returns makes it wait forever; use {@link #flush(long, TimeUnit)} where that matters.
     * An interrupt does not end the wait; the thread's interrupt status is kept.
     */
    public void flush() {
        flush(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    /**
     * Waits at most {@code timeout} until every record accepted before this call is written and the sink flushed.
     * Allocates nothing.
     *
     * @param timeout how long to wait at most.
     * @param unit    the unit of {@code timeout}.
     * @return true if everything accepted before the call is written (or counted as failed by a sink error); false
     *         if the time ran out first, or the writer stopped on a fatal error (what it had not written is then
     *         counted in {@link LogMetrics#failed()}), or the call is made on the writer thread itself (from sink or
     *         throwable code) before everything is written: there it returns at once, as waiting would wait for
     *         itself.
     */
    public boolean flush(final long timeout, final TimeUnit unit) {
        if (ring == null) {
            synchronized (syncLock) {
                flushSink();
            }
            return true;
        }
        final long target = ring.claimed();
        if (Thread.currentThread() == writerThread) {
            // Called from sink or throwable code the writer runs: waiting would wait for itself.
            return flushedUpTo >= target;
        }
        final long start = System.nanoTime();
        final long limit = unit.toNanos(timeout);
        int waits = 0;
        boolean interrupted = false;
        try {
            while (flushedUpTo < target && writerThread.isAlive()) {
                if (System.nanoTime() - start >= limit) {
                    return false;
                }
                interrupted |= Thread.interrupted(); // else parkNanos returns at once: a busy spin
                wakeWriterIfSleeping();
                waits = backOff(waits);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return flushedUpTo >= target && !writerDied;
    }

    /**
     * Stops accepting records, writes every accepted record, flushes and closes the sink, and waits for the writer
     * (at most the configured close timeout). Threads blocked by a full queue are woken and their records dropped
     * and counted. Calling it again does nothing more. Called on the writer thread (from sink code), it does not
     * wait: the writer drains and closes the sink when that code returns. A slot that a producer claimed but never
     * published (it stopped between the two) is given up after half the close timeout and counted as failed.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            if (writerThread != null && Thread.currentThread() != writerThread) {
                joinWriter();
            }
            return;
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (final IllegalStateException shuttingDown) {
                // The hook is running or about to: it will find the service closed.
            }
        }
        if (ring == null) {
            synchronized (syncLock) {
                syncClosed = true;
                flushSink();
                closeSink();
            }
            return;
        }
        ring.close();
        wakeWriter();
        if (Thread.currentThread() != writerThread) { // on the writer (from sink code), it would join itself
            joinWriter();
        }
    }

    private void joinWriter() {
        try {
            writerThread.join(closeTimeoutMillis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- calling threads ----

    LogRecord begin(final String escapedLoggerName, final Level level) {
        final LogRecord r = records.get();
        if (r.buffer.inForeignCode || Thread.currentThread() == writerThread || r.formatting) {
            // Re-entrant: logging from inside a CharSequence being appended, or from a throwable's toString while
            // the writer (or a synchronous commit) formats it. Ignored, so that the outer record stays whole, and
            // counted as dropped (not in the "queue was full" notice): accepted + dropped stays equal to the records
            // begun on enabled levels.
            metrics.rejected.incrementAndGet();
            return LogRecord.DISABLED;
        }
        if (r.open) {
            metrics.abandoned.incrementAndGet();
        }
        r.open = true;
        r.buffer.begin(level, escapedLoggerName, Thread.currentThread().getName(), System.currentTimeMillis());
        return r;
    }

    void commit(final LogRecord r) {
        if (ring == null) {
            commitSynchronously(r);
            return;
        }
        int result;
        try {
            result = ring.offer(r);
        } catch (final StackOverflowError tooDeep) {
            // The ring overflows before it claims anything (see RecordRing.offer): the record is lost, counted.
            r.buffer.releaseReferences();
            metrics.rejected.incrementAndGet();
            return;
        }
        if (result == RecordRing.ACCEPTED) {
            wakeWriterIfSleeping();
            return;
        }
        if (result == RecordRing.FULL && whenFull == WhenFull.BLOCK) {
            result = offerUntilRoom(r);
            if (result == RecordRing.ACCEPTED) {
                return;
            }
        }
        r.buffer.releaseReferences();
        metrics.dropped.incrementAndGet();
    }

    /**
     * {@link WhenFull#BLOCK}: waits for room or for close. An interrupt does not end the wait (the record would be
     * lost) and must not turn it into a busy spin (a pending interrupt makes {@code parkNanos} return at once): it is
     * cleared while waiting and set again before returning.
     */
    private int offerUntilRoom(final LogRecord r) {
        boolean interrupted = false;
        int result = RecordRing.FULL;
        int waits = 0;
        try {
            do {
                interrupted |= Thread.interrupted();
                wakeWriterIfSleeping();
                waits = backOff(waits);
                result = ring.offer(r);
            } while (result == RecordRing.FULL);
        } catch (final StackOverflowError tooDeep) {
            result = RecordRing.CLOSED_RESULT;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return result;
    }

    private void commitSynchronously(final LogRecord record) {
        final RecordBuffer r = record.buffer;
        record.formatting = true;
        try {
            commitSynchronously(r);
        } finally {
            record.formatting = false;
        }
    }

    private void commitSynchronously(final RecordBuffer r) {
        synchronized (syncLock) {
            if (syncClosed) {
                r.releaseReferences();
                metrics.dropped.incrementAndGet();
                return;
            }
            metrics.syncAccepted = metrics.syncAccepted + 1;
            formatRecord(r);
            r.releaseReferences();
            writeBatch();
        }
    }

    /** The ring, for tests; null when synchronous. */
    RecordRing ring() {
        return ring;
    }

    long acceptedCount() {
        return ring == null ? metrics.syncAccepted : ring.claimed();
    }

    long queueDepth() {
        return ring == null ? 0 : Math.max(0, ring.claimed() - consumed);
    }

    /**
     * Unparks the writer only if it said it is going to sleep: no system call while it is busy. A wake-up missed in
     * the race with its going to sleep costs at most one bounded park.
     */
    private void wakeWriterIfSleeping() {
        if (writerSleeping) {
            wakeWriter();
        }
    }

    private void wakeWriter() {
        writerSleeping = false;
        LockSupport.unpark(writerThread);
    }

    /** Spins, then yields, then parks for short bounded periods: never allocates, never waits unboundedly. */
    private static int backOff(final int waits) {
        if (waits < 100) {
            Thread.onSpinWait();
        } else if (waits < 200) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(WAITER_PARK_NANOS);
        }
        return waits + 1;
    }

    // ---- the writer ----

    private void writeLoop() {
        try {
            drain();
        } catch (final Throwable e) {
            writerDies(e);
            throw e;
        }
    }

    /**
     * The writer's last act after a fatal error: never leave producers blocked on a queue nobody drains (close it,
     * so that later records are dropped and counted), count every accepted record it will not write as failed,
     * write what it can, close the sink, and let {@link #flush} report the failure.
     */
    private void writerDies(final Throwable e) {
        try {
            final RecordRing ring = this.ring;
            final long claimed = ring.close();
            // Records claimed before the close are being published: give them a moment, then count them.
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            for (long p = head; p < claimed && System.nanoTime() - deadline < 0; ) {
                if (ring.peek(p) != null) {
                    p++;
                } else {
                    Thread.onSpinWait();
                }
            }
            reportError("the log writer thread stopped", e);
            failUnpublished(claimed);
            writerDied = true;
            writeBatch();
            closeSink();
        } catch (final Throwable secondary) {
            e.addSuppressed(secondary);
        } finally {
            writerDied = true;
            flushedUpTo = head;
        }
    }

    /** Errors after which the writer stops; anything else (an {@code Error} from user code included) is counted. */
    static void rethrowIfFatal(final Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
            throw (VirtualMachineError) e;
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
            RecordBuffer r = ring.peek(head);
            if (r != null) {
                idle = 0;
                // At most one ring's worth per batch, so that flush() and the metrics see progress under load.
                final long batchEnd = head + ring.capacity();
                do {
                    final long position = head++; // past it first: a fatal error in formatRecord counted it
                    formatRecord(r);
                    r.releaseReferences();
                    ring.release(position);
                    r = head < batchEnd ? ring.peek(head) : null;
                } while (r != null);
                consumed = head;
                dropNoticeIfAny();
                writeBatch();
                flushedUpTo = head;
                continue;
            }
            if (ring.isClosed()) {
                final long claimed = ring.claimed();
                if (head >= claimed) {
                    break;
                }
                // A record claimed just before close is being published: back off, and after half the close timeout
                // (so that close() still sees the sink closed) give up on a slot whose producer never published it (it
                // died between claim and publish).
                final long now = System.nanoTime();
                if (closedWaitStart == 0) {
                    closedWaitStart = now | 1;
                } else if (now - closedWaitStart > TimeUnit.MILLISECONDS.toNanos(closeTimeoutMillis) / 2) {
                    failUnpublished(claimed);
                    break;
                }
                closedWaits = backOff(closedWaits);
                continue;
            }
            if (++idle < SPINS_BEFORE_PARK) {
                Thread.onSpinWait();
            } else {
                writerSleeping = true;
                if (ring.peek(head) == null && !ring.isClosed()) {
                    LockSupport.parkNanos(this, WRITER_PARK_NANOS);
                }
                writerSleeping = false;
            }
        }
        dropNoticeIfAny();
        writeBatch();
        flushedUpTo = head;
        closeSink();
    }

    /** Counts positions from the head to {@code claimed} as failed: the writer will not write them. */
    private void failUnpublished(final long claimed) {
        for (long p = head; p < claimed; p++) {
            final RecordBuffer r = ring.peek(p);
            if (r != null) {
                r.releaseReferences();
            }
        }
        metrics.failed = metrics.failed + (claimed - head);
        reportError("gave up on " + (claimed - head) + " records claimed but never published",
            new IllegalStateException("a producer stopped between claiming and publishing a slot"));
        head = claimed;
    }

    /** Formats one record and moves its bytes into the batch, writing the batch first if it is too full. */
    private void formatRecord(final RecordBuffer r) {
        final TextBuilder text = line;
        text.clear();
        try {
            formatter.format(r, text);
            if (!moveLineToBatch(text)) {
                return; // written (or failed) on its own, and counted there
            }
        } catch (final Throwable e) {
            metrics.failed = metrics.failed + 1;
            reportError("a record could not be formatted", e);
            rethrowIfFatal(e);
            return;
        }
        pendingRecords++;
    }

    private void dropNoticeIfAny() {
        final long dropped = metrics.dropped.get();
        if (dropped > droppedReported) {
            final TextBuilder text = line;
            text.clear();
            formatter.dropNotice(System.currentTimeMillis(), dropped - droppedReported,
                Thread.currentThread().getName(), text);
            droppedReported = dropped;
            moveLineToBatch(text);
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
            writeBatch();
            if (out.remaining() < text.utf8Length()) {
                writeOversizedLine(text);
                return false;
            }
        }
        final int before = out.position();
        text.writeUtf8(out);
        pendingBytes += out.position() - before;
        return true;
    }

    /** A line larger than the whole batch buffer (a long stack trace): allocates a buffer for it alone. */
    private void writeOversizedLine(final TextBuilder text) {
        final byte[] bytes = new byte[text.utf8Length()];
        text.writeUtf8(bytes, 0);
        final ByteBuffer single = ByteBuffer.wrap(bytes);
        if (writerThread != null) {
            Thread.interrupted(); // see writeBatch
        }
        try {
            sink.write(single);
            sink.flush();
            metrics.written = metrics.written + 1;
            metrics.bytesWritten = metrics.bytesWritten + bytes.length;
        } catch (final Throwable e) {
            metrics.failed = metrics.failed + 1;
            metrics.writeErrors = metrics.writeErrors + 1;
            reportError("writing to " + sink + " failed", e);
            rethrowIfFatal(e);
        }
    }

    /** Writes the pending batch with one call and flushes the sink; counts what was written or lost. */
    private void writeBatch() {
        final ByteBuffer out = batch;
        final int records = pendingRecords;
        final long bytes = pendingBytes;
        pendingRecords = 0;
        pendingBytes = 0;
        out.flip();
        if (writerThread != null) {
            Thread.interrupted(); // an interrupt would close an interruptible channel (see drain)
        }
        try {
            if (out.hasRemaining()) {
                sink.write(out);
            }
            sink.flush();
            metrics.written = metrics.written + records;
            metrics.bytesWritten = metrics.bytesWritten + bytes;
        } catch (final Throwable e) {
            metrics.failed = metrics.failed + records;
            metrics.writeErrors = metrics.writeErrors + 1;
            reportError("writing to " + sink + " failed", e);
            rethrowIfFatal(e);
        } finally {
            out.clear();
        }
    }

    private void flushSink() {
        try {
            sink.flush();
        } catch (final Throwable e) {
            metrics.writeErrors = metrics.writeErrors + 1;
            reportError("flushing " + sink + " failed", e);
            rethrowIfFatal(e);
        }
    }

    private void closeSink() {
        try {
            sink.close();
        } catch (final Throwable e) {
            reportError("closing " + sink + " failed", e);
            rethrowIfFatal(e);
        }
    }

    /** The first failure is printed to standard error (allocating); later ones are only counted. */
    private void reportError(final String what, final Throwable e) {
        if (!errorPrinted) {
            errorPrinted = true;
            System.err.println("hotpath log: " + what + " (later failures are only counted in LogMetrics): " + e);
        }
    }

    /**
     * Configures a {@link ConcurrentLogService}.
     *
     * <p>Thread-safety: not thread-safe; use it on one thread and discard it after {@link #build()}.
     */
    public static final class Builder {
        private LogSink sink;
        private LogFormat format = LogFormat.PLAIN;
        private Level level = Level.INFO;
        private WhenFull whenFull = WhenFull.DROP;
        private int capacity = 1024;
        private int maxRecordChars = 1024;
        private int maxParts = 64;
        private boolean synchronous;
        private boolean shutdownHook = true;
        private String writerThreadName = "hotpath-log-writer";
        private long closeTimeoutMillis = 30_000;

        private Builder() {
        }

        /**
         * Where lines go; standard output by default.
         *
         * @param sink the sink, owned by the service from now on.
         * @return this builder.
         */
        public Builder sink(final LogSink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * The line format; {@link LogFormat#PLAIN} by default.
         *
         * @param format the format.
         * @return this builder.
         */
        public Builder format(final LogFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * The level new loggers start at; {@link Level#INFO} by default.
         *
         * @param level the level.
         * @return this builder.
         */
        public Builder level(final Level level) {
            this.level = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * What a thread does when the queue is full; {@link WhenFull#DROP} by default.
         *
         * @param policy the policy.
         * @return this builder.
         */
        public Builder whenFull(final WhenFull policy) {
            this.whenFull = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How many records the queue holds; 1024 by default.
         *
         * @param records a power of two, at least 2.
         * @return this builder.
         * @throws IllegalArgumentException if not a power of two of at least 2.
         */
        public Builder capacity(final int records) {
            if (records < 2 || Integer.bitCount(records) != 1) {
                throw new IllegalArgumentException("capacity must be a power of two >= 2: " + records);
            }
            this.capacity = records;
            return this;
        }

        /**
         * The most chars of text (message text, keys and text values together) one record keeps; text beyond it is
         * cut and the line marked as truncated. 1024 by default.
         *
         * @param chars from 16 to 100 million.
         * @return this builder.
         * @throws IllegalArgumentException if outside that range.
         */
        public Builder maxRecordChars(final int chars) {
            if (chars < 16 || chars > 100_000_000) { // the writer's line is 6x as large, and must fit an array
                throw new IllegalArgumentException("maxRecordChars must be in [16, 100 million]: " + chars);
            }
            this.maxRecordChars = chars;
            return this;
        }

        /**
         * The most parts (appended values, and two per key-value field) one record keeps; later parts are left out
         * and the line marked as truncated. 64 by default.
         *
         * @param parts at least 2.
         * @return this builder.
         * @throws IllegalArgumentException if less than 2.
         */
        public Builder maxParts(final int parts) {
            if (parts < 2) {
                throw new IllegalArgumentException("maxParts must be >= 2: " + parts);
            }
            this.maxParts = parts;
            return this;
        }

        /**
         * Whether {@code commit()} formats and writes on the calling thread (under a lock) instead of handing the
         * record to a writer thread; false by default.
         *
         * @param synchronous true for synchronous mode.
         * @return this builder.
         */
        public Builder synchronous(final boolean synchronous) {
            this.synchronous = synchronous;
            return this;
        }

        /**
         * Whether a JVM shutdown hook closes (drains) the service; true by default.
         *
         * @param enabled false to close the service yourself.
         * @return this builder.
         */
        public Builder shutdownHook(final boolean enabled) {
            this.shutdownHook = enabled;
            return this;
        }

        /**
         * The writer thread's name; {@code hotpath-log-writer} by default.
         *
         * @param name the name.
         * @return this builder.
         */
        public Builder writerThreadName(final String name) {
            this.writerThreadName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * How long {@link ConcurrentLogService#close()} waits for the writer to drain; 30 s by default.
         *
         * @param millis at least 1.
         * @return this builder.
         * @throws IllegalArgumentException if less than 1.
         */
        public Builder closeTimeoutMillis(final long millis) {
            if (millis < 1) {
                throw new IllegalArgumentException("closeTimeoutMillis must be >= 1: " + millis);
            }
            this.closeTimeoutMillis = millis;
            return this;
        }

        /**
         * Builds the service and starts its writer thread (asynchronous mode).
         *
         * @return the running service.
         */
        public ConcurrentLogService build() {
            return new ConcurrentLogService(this).start();
        }
    }
}
