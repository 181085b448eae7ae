package io.github.hotpath.log;

import io.github.hotpath.core.BackgroundWork;
import io.github.hotpath.core.Durations;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The logging service: its loggers, the hand-off of their entries to the sink, and the counters. Build one per
 * destination, at start-up, and close it at the end:
 * <pre>{@code
 * ConcurrentLogService logs = ConcurrentLogService.builder()
 *     .sink(LogSink.file(Path.of("service.log"))).format(LogFormat.JSON).build();
 * Logger log = logs.logger(RequestHandler.class);
 * log.info().append("request done status=").append(status).kv("latencyNanos", latency).log();
 * }</pre>
 *
 * <h2>How an entry travels</h2>
 * Asynchronous (the default): the calling thread borrows a pre-allocated entry from the service and copies what it
 * logs into it (primitives as bits, text as chars); {@code log()} claims a slot of a bounded ring with one CAS,
 * exchanges buffers with it (no copy) and gives the entry back. One writer thread takes records in order, formats
 * them with a {@code TextBuilder}, encodes them to UTF-8 into one batch buffer, and writes the batch to the sink with
 * one call, then flushes it. When idle, the writer spins briefly and then parks for at most a millisecond at a time;
 * a thread that logs while it is parked usually wakes it at once, but in a race with its going to sleep the record
 * waits for the end of that park. Synchronous ({@link Builder#synchronous(boolean)}): {@code log()} formats and
 * writes on the calling thread under a lock, for simple programs and tests.
 *
 * <h2>Thread-safety</h2>
 * All methods may be called from any thread. Loggers are shared; an entry belongs to the thread that began it.
 *
 * <h2>Allocation</h2>
 * Building the service allocates the ring ({@code capacity} records of {@code maxRecordChars} chars and
 * {@code maxParts} parts each), as many records again for the entries ({@code maxOpenEntries}), the batch buffer and
 * the writer's text builder. After that, logging an enabled entry allocates nothing on the calling thread or on the
 * writer (unless it carries a throwable, whose stack trace printing allocates), and a disabled call nothing.
 * {@link #flush()} and {@link #awaitSettled(Duration)} allocate nothing; {@link #metrics()} allocates its snapshot;
 * {@link #logger(String)} and {@link #close()} may allocate.
 *
 * <p>Note: nothing is kept per thread (no {@code ThreadLocal}): threads borrow entries from the service's bounded
 * set and give them back at {@code log()}, so a new thread costs nothing to log from, a new virtual thread per
 * request included. Parking a virtual thread that waits (for room in a full queue, or for an entry when all are
 * open) may allocate in the JDK's scheduler.
 *
 * <h2>Memory effects</h2>
 * Actions of a thread before {@code log()} happen-before the writer formats that entry. Everything written before
 * {@link #flush()} returns to a caller was accepted before the call.
 *
 * <h2>Full queue, flush and close</h2>
 * {@link Builder#whenFullWait()} (the default) waits for room: nothing is lost while the service is open, but a
 * slow sink stalls every thread that logs. {@link Builder#whenFullDrop()} drops and counts instead; the writer then
 * writes one line saying how many were dropped. {@link #flush()} returns once every record accepted before it is
 * written and the sink flushed. {@link #close()} stops accepting, drains, closes the sink; entries logged afterwards
 * are dropped and counted in {@link LogMetrics#droppedClosed()}. Unless disabled, a JVM shutdown hook closes the
 * service, so a program that logs and exits loses no accepted record.
 */
public final class ConcurrentLogService implements BackgroundWork, AutoCloseable {
    /** The logger name on the lines the service writes about itself (drop notices). */
    static final String INTERNAL_LOGGER_NAME = "io.github.hotpath.log";
    /** What {@link #flush()} waits at most: for ever (about 292 years, once saturated). */
    private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    private final Handoff handoff;
    private final Level defaultLevel;
    private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final EntryPool entries;
    private final LogCounters counters = new LogCounters();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread shutdownHook;

    private ConcurrentLogService(final Builder b, final int capacity) {
        final LogSink sink = b.sink != null ? b.sink : LogSink.stdout();
        defaultLevel = b.level;
        if (b.synchronous) {
            handoff = new SynchronousHandoff(sink, b.format, b.maxParts, b.maxRecordChars, counters);
        } else {
            handoff = new AsynchronousHandoff(sink, b.format, capacity, b.maxParts, b.maxRecordChars, b.whenFull,
                b.closeTimeoutNanos, b.writerThreadName, counters);
        }
        entries = new EntryPool(roundUpToPowerOfTwo(b.maxOpenEntries), b.maxParts, b.maxRecordChars,
            b.whenFull == WhenRingFull.DROP, handoff, counters);
        shutdownHook = b.shutdownHook ? new Thread(this::close, b.writerThreadName + "-shutdown") : null;
    }

    /**
     * A builder with the defaults: standard output, plain format, level {@code INFO}, asynchronous with 1024
     * records of at most 1024 chars and 64 parts, waiting when full, shutdown hook on.
     *
     * @return a new builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    private ConcurrentLogService start() {
        if (handoff instanceof AsynchronousHandoff) {
            ((AsynchronousHandoff) handoff).start();
        }
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
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
     * A snapshot of this service's counters.
     *
     * @return a new snapshot.
     */
    public LogMetrics metrics() {
        final LogCounters c = counters;
        final long full = c.droppedFull.get();
        final long closed = c.droppedClosed.get();
        return new LogMetrics(handoff.accepted(), full + closed + c.droppedRejected.get(), full, closed, c.written,
            c.failed, c.bytesWritten, c.writeErrors, c.abandoned.get(), c.misused.get(), handoff.queueDepth(),
            handoff.capacity());
    }

    /**
     * The writer thread, or none for a synchronous service.
     *
     * @return an immutable list of at most one thread, the same every time.
     */
    @Override
    public List<Thread> backgroundThreads() {
        return handoff.threads();
    }

    /**
     * Waits until every record accepted before this call is written and the sink flushed. Returns at once if the
     * service is closed (close drains). Allocates nothing. It waits as long as the sink takes: a sink that never
     * returns makes it wait forever; use {@link #flush(Duration)} where that matters. An interrupt does not end the
     * wait; the thread's interrupt status is kept.
     */
    public void flush() {
        flush(FOREVER);
    }

    /**
     * Waits at most {@code timeout} until every record accepted before this call is written and the sink flushed.
     * Allocates nothing. An interrupt does not end the wait; the thread's interrupt status is kept.
     *
     * @param timeout how long to wait at most (saturated at about 292 years).
     * @return true if everything accepted before the call is written (or counted as failed by a sink error); false
     *     if the time ran out first, or the writer stopped on a fatal error (what it had not written is then counted
     *     in {@link LogMetrics#failed()}), or the call is made on the writer thread itself (from sink or throwable
     *     code) before everything is written: there it returns at once, as waiting would wait for itself.
     * @throws NullPointerException     if {@code timeout} is null.
     * @throws IllegalArgumentException if {@code timeout} is negative.
     */
    public boolean flush(final Duration timeout) {
        final long nanos = Durations.requireTimeoutNanos("timeout", timeout);
        try {
            return handoff.awaitWritten(nanos, true, false);
        } catch (final InterruptedException cannotHappen) {
            throw new AssertionError(cannotHappen);
        }
    }

    /**
     * Waits until every entry accepted before this call is written or counted (as failed, by a sink error or a
     * writer stopped on a fatal error), and the sink flushed. Allocates nothing on platform threads.
     *
     * @param timeout how long to wait at most; zero checks without waiting.
     * @return true if everything accepted before the call was dealt with within the timeout.
     * @throws InterruptedException     if the calling thread is interrupted while waiting.
     * @throws NullPointerException     if {@code timeout} is null.
     * @throws IllegalArgumentException if {@code timeout} is negative.
     */
    @Override
    public boolean awaitSettled(final Duration timeout) throws InterruptedException {
        return handoff.awaitWritten(Durations.requireTimeoutNanos("timeout", timeout), false, true);
    }

    /**
     * Stops accepting entries, writes every accepted record, flushes and closes the sink, and waits for the writer
     * (at most the close timeout). Threads waiting for room in a full queue are woken and their entries dropped and
     * counted. Calling it again waits for the first close, at most the close timeout. Called on the writer thread
     * (from sink code), it does not wait: the writer drains and closes the sink when that code returns. A slot that
     * a producer claimed but never published (it stopped between the two) is given up after half the close timeout
     * and counted as failed.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            handoff.awaitClosed();
            return;
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (final IllegalStateException shuttingDown) {
                // The hook is running or about to: it will find the service closed.
            }
        }
        entries.close();
        handoff.close();
    }

    /** Begins an entry for a logger (see {@link EntryPool#begin}). */
    LogEntry begin(final String escapedLoggerName, final Level level) {
        return entries.begin(escapedLoggerName, level);
    }

    /** The smallest power of two not below {@code count}, for a count from 1 to 2^30. */
    static int roundUpToPowerOfTwo(final int count) {
        return count <= 1 ? 1 : Integer.highestOneBit(count - 1) << 1;
    }

    /** The hand-off, for tests. */
    Handoff handoff() {
        return handoff;
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
        private WhenRingFull whenFull = new RingFullWait();
        private int capacity = 1024;
        private int maxRecordChars = 1024;
        private int maxParts = 64;
        private int maxOpenEntries = 64;
        private boolean synchronous;
        private boolean shutdownHook = true;
        private String writerThreadName = "hotpath-log-writer";
        private long closeTimeoutNanos = 30_000_000_000L;

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
         * When the queue is full, the logging thread waits until the writer has made room (spinning, yielding, then
         * parking for short bounded periods). The default, as Log4j 2's asynchronous loggers do: nothing is lost
         * while the service is open, but a slow sink stalls every thread that logs. A thread waiting when the service
         * is closed is woken and its entry counted in {@link LogMetrics#droppedClosed()}.
         *
         * @return this builder.
         */
        public Builder whenFullWait() {
            this.whenFull = new RingFullWait();
            return this;
        }

        /**
         * When the queue is full, the entry is dropped: counted in {@link LogMetrics#droppedFull()}, and once the
         * writer has made room it writes one line saying how many were dropped. The logging thread never waits.
         *
         * @return this builder.
         */
        public Builder whenFullDrop() {
            this.whenFull = WhenRingFull.DROP;
            return this;
        }

        /**
         * How many records the queue holds; 1024 by default. Rounded up to a power of two (at least 2):
         * {@link LogMetrics#capacity()} reports the real value.
         *
         * @param records at least 1 and at most 2^30.
         * @return this builder.
         * @throws IllegalArgumentException if outside that range.
         */
        public Builder capacity(final int records) {
            if (records < 1 || records > 1 << 30) {
                throw new IllegalArgumentException("capacity must be in [1, 2^30], got " + records);
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
                throw new IllegalArgumentException("maxRecordChars must be in [16, 100 million], got " + chars);
            }
            this.maxRecordChars = chars;
            return this;
        }

        /**
         * The most parts (appended values, and two per key-value field) one record keeps; later parts are left out
         * and the line marked as truncated. 64 by default.
         *
         * @param parts at least 2 and at most 65,536.
         * @return this builder.
         * @throws IllegalArgumentException if outside that range.
         */
        public Builder maxParts(final int parts) {
            if (parts < 2 || parts > 1 << 16) {
                throw new IllegalArgumentException("maxParts must be in [2, 65536], got " + parts);
            }
            this.maxParts = parts;
            return this;
        }

        /**
         * How many entries can be open at once (begun and not yet logged), across all threads; 64 by default,
         * rounded up to a power of two. The service allocates them when it is built and lends them to the threads
         * that log, so that nothing is allocated per thread. When every one is open (more threads inside an entry at
         * once than this, or entries whose {@code log()} was forgotten), the service first reclaims forgotten ones
         * (see {@link LogEntry}), then waits or drops as the when-full policy says.
         *
         * @param entries at least 1 and at most 2^20.
         * @return this builder.
         * @throws IllegalArgumentException if outside that range.
         */
        public Builder maxOpenEntries(final int entries) {
            if (entries < 1 || entries > 1 << 20) {
                throw new IllegalArgumentException("maxOpenEntries must be in [1, 2^20], got " + entries);
            }
            this.maxOpenEntries = entries;
            return this;
        }

        /**
         * Whether {@code log()} formats and writes on the calling thread (under a lock) instead of handing the
         * record to a writer thread; false by default. A synchronous service has no queue: the capacity and the
         * when-full policy do not apply.
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
         * How long {@link ConcurrentLogService#close()} waits for the writer to drain; 30 s by default. Zero makes
         * close return without waiting (the writer still drains).
         *
         * @param timeout the timeout (saturated at about 292 years).
         * @return this builder.
         * @throws NullPointerException     if {@code timeout} is null.
         * @throws IllegalArgumentException if {@code timeout} is negative.
         */
        public Builder closeTimeout(final Duration timeout) {
            this.closeTimeoutNanos = Durations.requireTimeoutNanos("closeTimeout", timeout);
            return this;
        }

        /**
         * Builds the service and starts its writer thread (asynchronous mode).
         *
         * @return the running service.
         * @throws IllegalArgumentException if the records it would allocate ({@code capacity} in the queue and
         *     {@code maxOpenEntries} entries, each of {@code maxRecordChars} chars and {@code maxParts} parts) and
         *     the writer's buffers would take more than half of the maximum heap; the message says how much.
         */
        public ConcurrentLogService build() {
            final int ring = Math.max(2, roundUpToPowerOfTwo(capacity));
            final long bytes = estimatedBytes(ring);
            final long heap = Runtime.getRuntime().maxMemory();
            if (bytes > heap / 2) {
                throw new IllegalArgumentException(String.format("capacity %d and maxRecordChars %d (with maxParts %d"
                    + " and %d open entries) would take about %,d MB, more than half of the maximum heap (%,d MB):"
                    + " lower capacity, maxRecordChars or maxParts", capacity, maxRecordChars, maxParts,
                    roundUpToPowerOfTwo(maxOpenEntries), bytes >> 20, heap >> 20));
            }
            return new ConcurrentLogService(this, ring).start();
        }

        /** About how many bytes the service allocates: its records, and the writer's line, batch and tables. */
        private long estimatedBytes(final int ring) {
            final long record = 2L * maxRecordChars + 9L * maxParts + 256; // chars, tags and numbers, headers
            final long records = (synchronous ? 0 : ring) + (long) roundUpToPowerOfTwo(maxOpenEntries);
            final long writer = 2L * LineBatch.lineChars(maxRecordChars) + LineBatch.batchBytes(maxRecordChars)
                + 40L * maxParts;
            return records * record + writer;
        }
    }
}
