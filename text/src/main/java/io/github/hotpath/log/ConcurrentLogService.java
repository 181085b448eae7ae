package io.github.hotpath.log;

import io.github.hotpath.core.BackgroundWork;
import io.github.hotpath.core.Durations;
import io.github.hotpath.core.JmxRegistration;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.hotpath.log.ServiceFootprint.roundUpToPowerOfTwo;

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
 * one call, then flushes it; when idle it parks, and a thread that logs wakes it (a record logged in a race with
 * its going to sleep waits at most a millisecond). Synchronous ({@link Builder#synchronous(boolean)}): {@code log()}
 * formats and writes on the calling thread under a lock, for simple programs and tests.
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
 * request included. A thread that waits for room in a full queue parks without a timeout until the writer unparks
 * it: nothing allocated on platform threads; on a virtual thread the JDK allocates about 32 bytes per park and
 * unpark (JDK 25), which the writer spreads over many records by admitting waiters a quarter queue at a time.
 * Waiting for an entry when all are open (more threads inside an entry than {@code maxOpenEntries}) parks with a
 * timeout, which on a virtual thread allocates in the JDK's scheduler.
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
 * are dropped and counted in {@link LogMetrics#droppedClosed()}. Each kind of drop (full, closed, re-entrant, too
 * deep) is counted apart in {@link LogMetrics}, and the writer's notice line names its reason. Unless disabled, a
 * JVM shutdown hook closes the service, so a program that logs and exits loses no accepted record.
 */
public final class ConcurrentLogService implements BackgroundWork, AutoCloseable {
    /** The logger name on the lines the service writes about itself (drop notices). */
    static final String INTERNAL_LOGGER_NAME = "io.github.hotpath.log";
    /** What {@link #flush()} waits at most: for ever (about 292 years, once saturated). */
    private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    private final Handoff handoff;
    private final LoggerRegistry loggers;
    private final EntryPool entries;
    private final LogCounters counters = new LogCounters();
    private final ServiceLifecycle lifecycle;
    private final String name;

    private ConcurrentLogService(final Builder b, final int capacity) {
        final LogSink sink = b.sink != null ? b.sink : LogSink.stdout();
        loggers = new LoggerRegistry(b.level, b.prefixLevels);
        if (b.synchronous) {
            handoff = new SynchronousHandoff(sink, b.format, b.maxParts, b.maxRecordChars, counters);
        } else {
            // Every producer waiting for room holds an entry: as many parking places as entries.
            handoff = new AsynchronousHandoff(sink, b.format, capacity, b.maxParts, b.maxRecordChars, b.dropWhenFull,
                roundUpToPowerOfTwo(b.maxOpenEntries), b.closeTimeoutNanos, b.writerThreadName, counters);
        }
        entries = new EntryPool(roundUpToPowerOfTwo(b.maxOpenEntries), b.maxParts, b.maxRecordChars, b.dropWhenFull,
            handoff, counters);
        lifecycle = new ServiceLifecycle(handoff, entries, b.shutdownHook, b.writerThreadName + "-shutdown",
            b.closeTimeoutNanos);
        name = b.name != null ? b.name : "log-service-" + Builder.UNNAMED.incrementAndGet();
        lifecycle.registered(b.jmx ? JmxRegistration.register("LogService", name, LogServiceMXBean.class,
            new LogServiceJmx(this)) : null); // last, before the writer starts: a taken name fails with no thread
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
        lifecycle.start();
        return this;
    }

    /**
     * The logger of this name, created on first use at the level of the longest matching prefix rule (see
     * {@link #level(String, Level)}), else the service's default level. Call it once and keep the logger (in a
     * {@code static final} field, say): the look-up may allocate.
     *
     * @param name the logger's name.
     * @return the logger, the same instance for the same name.
     */
    public Logger logger(final String name) {
        return loggers.logger(this, Objects.requireNonNull(name, "name"));
    }

    /**
     * Sets, at run time, the level of every logger whose name is {@code prefix} or starts with {@code prefix + "."}
     * (unless a longer prefix has its own rule), of those created later too. The empty prefix sets the default
     * level. The level is stored in each logger, so a disabled call still costs one level check. A later
     * {@link Logger#level(Level)} on one logger overrides the rule for that logger until the next rule change.
     *
     * <p>Allocation: copies the rules and visits every logger; not for hot paths.
     *
     * @param prefix a logger-name prefix such as {@code com.acme.db}, or {@code ""} for the default level.
     * @param level  the level.
     */
    public void level(final String prefix, final Level level) {
        loggers.level(prefix, level);
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
        return counters.snapshot(handoff);
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
     * and counted as failed. Unregisters the service's MXBean, if {@link Builder#jmx(boolean)} registered one.
     */
    @Override
    public void close() {
        lifecycle.close(); // the order of the steps: see ServiceLifecycle
    }

    /** {@return the service's name, as {@link Builder#name(String)} gave it or by default {@code log-service-N}} */
    public String name() {
        return name;
    }

    /** Begins an entry for a logger (see {@link EntryPool#begin}). */
    LogEntry begin(final int loggerNameId, final String escapedLoggerName, final Level level) {
        return entries.begin(loggerNameId, escapedLoggerName, level);
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
        private final Map<String, Level> prefixLevels = new LinkedHashMap<>();
        private boolean dropWhenFull;
        private int capacity = 1024;
        private int maxRecordChars = 1024;
        private int maxParts = 64;
        private int maxOpenEntries = 64;
        private boolean synchronous;
        private boolean shutdownHook = true;
        private String writerThreadName = "hotpath-log-writer";
        private long closeTimeoutNanos = 30_000_000_000L;
        private static final AtomicInteger UNNAMED = new AtomicInteger(); // numbers the unnamed services
        private String name;
        private boolean jmx;

        private Builder() {
        }

        /**
         * The service's name: its JMX {@code name} key and its Micrometer {@code name} tag.
         *
         * @param serviceName non-empty, without {@code , = : " * ?}, control characters or line breaks; default
         *                    {@code log-service-N}.
         * @return this builder.
         * @throws NullPointerException     if {@code serviceName} is null.
         * @throws IllegalArgumentException if {@code serviceName} is empty or holds a reserved character.
         */
        public Builder name(final String serviceName) {
            this.name = JmxRegistration.requireName("name", serviceName);
            return this;
        }

        /**
         * Whether {@link #build()} registers the service as a {@link LogServiceMXBean} named
         * {@code io.github.hotpath:type=LogService,name=<name>}; {@link ConcurrentLogService#close()} unregisters it.
         *
         * @param on true to register on the platform MBean server (see {@link JmxRegistration}); default false.
         * @return this builder.
         */
        public Builder jmx(final boolean on) {
            this.jmx = on;
            return this;
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
         * The level of the loggers whose name is {@code prefix} or starts with {@code prefix + "."}; see
         * {@link ConcurrentLogService#level(String, Level)}.
         *
         * @param prefix a logger-name prefix, or {@code ""} for the default level.
         * @param level  the level.
         * @return this builder.
         */
        public Builder level(final String prefix, final Level level) {
            prefixLevels.put(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(level, "level"));
            return this;
        }

        /**
         * When the queue is full, the logging thread waits until the writer has made room: the default, as Log4j 2's
         * asynchronous loggers do. Waiting threads queue in arrival order and, after a short spin, sleep until the
         * writer admits them into the room it has made, in that order, so that with more threads than cores they
         * leave the CPU to the writer and none is starved; while the writer is busy it wakes only a few at a time
         * (one fewer than the processors), each with a share of the room to log into before it queues again, so that
         * the callers take turns and the writer keeps its core. Nothing is lost while the service is open, but a slow
         * sink stalls every thread that logs. A thread waiting when the service is closed (or its writer stops) is
         * woken and its entry counted in {@link LogMetrics#droppedClosed()}. An interrupt does not end the wait; the
         * thread's interrupt status is kept.
         *
         * @return this builder.
         */
        public Builder whenFullWait() {
            this.dropWhenFull = false;
            return this;
        }

        /**
         * When the queue is full, the entry is dropped: counted in {@link LogMetrics#droppedFull()}, and once the
         * writer has made room it writes one line saying how many were dropped. The logging thread never waits.
         *
         * @return this builder.
         */
        public Builder whenFullDrop() {
            this.dropWhenFull = true;
            return this;
        }

        /**
         * How many records the queue holds; 1024 by default. Rounded up to a power of two (at least 2):
         * {@link LogMetrics#capacity()} reports the real value. Size it for the bursts the writer must absorb. A
         * queue that stays full (callers faster than the sink for long) cycles through all its records, so a bigger one
         * spreads the same traffic over more memory, and the callers and the writer miss the caches on every record:
         * four platform threads on 2 CPUs measured about twice as slow with 8,192 records as with 1,024. On virtual
         * threads, though, a bigger queue gives a waiting caller longer turns, so it parks less often, and the JDK
         * allocates on every unpark of a virtual thread: four of them under that overload measured 0.4-2.9 bytes per
         * record with 1,024 records and 0.06-0.12 with 8,192.
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
         * (see {@link LogEntry}), then waits or drops as the when-full policy says; under the default wait, a thread
         * that already holds an entry (an argument that logs while it is computed) gets a temporary entry instead of
         * waiting (an allocation, counted in {@link LogMetrics#temporaryEntries()}), so that nesting neither waits
         * for itself nor loses the outer record.
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
         * Whether a JVM shutdown hook closes (drains) the service; true by default. The hook first waits, at most the
         * close timeout, for the exit hooks of hotpath's worker pools left open, which run their accepted jobs (that
         * may log) before the JVM halts, then closes the service (at most the close timeout again); the JVM gives no
         * order among hooks, so a hook of your own that logs should close the service itself, with this hook
         * disabled.
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
         * @throws IllegalStateException with {@link #jmx(boolean) jmx(true)}, if a bean of the same name is already
         *     registered (before the writer starts; the sink is not closed then).
         */
        public ConcurrentLogService build() {
            final int ring = Math.max(2, roundUpToPowerOfTwo(capacity));
            ServiceFootprint.requireFitsHeap(capacity, synchronous ? 0 : ring, roundUpToPowerOfTwo(maxOpenEntries),
                maxRecordChars, maxParts);
            return new ConcurrentLogService(this, ring).start();
        }
    }
}
