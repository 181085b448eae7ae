package io.github.hotpath.benchmarks;

import io.github.hotpath.log.ConcurrentLogService;
import io.github.hotpath.log.LogFormat;
import io.github.hotpath.log.LogServiceMeterBinder;
import io.github.hotpath.log.LogSink;
import io.github.hotpath.log.Logger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.util.Unbox;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.spi.SLF4JServiceProvider;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The article's culprit 3a, logging: one {@code info("req status={} latency={} ratio={}", int, long, double)} line,
 * cost on the calling thread and bytes per record for the whole JVM (the writer threads included, as
 * {@code -prof gc} counts every thread).
 *
 * <p>Rows, all writing the same line shape to the same sink (a file on {@code /dev/null}):
 * <ul>
 *   <li>{@code baseline_slf4jLogback}: SLF4J + Logback, primitives boxed into {@code Object} parameters;</li>
 *   <li>{@code anchor_slf4jLog4j2Async}: the same SLF4J call through {@code log4j-slf4j2-impl} into Log4j 2's
 *       asynchronous loggers (this method's fork runs with {@code AsyncLoggerContextSelector});</li>
 *   <li>{@code hotpath_slf4j}: the same SLF4J call through {@code hotpath-slf4j} into hotpath's asynchronous
 *       service, configured as a user would ({@code -Dhotpath.log.sink=/dev/null}, waiting when full);</li>
 *   <li>{@code anchor_log4j2GarbageFree}: Log4j 2 synchronous logger in its garbage-free mode, with
 *       {@code Unbox.box};</li>
 *   <li>{@code anchor_log4j2Async}: Log4j 2's Disruptor-based asynchronous loggers (this method's fork runs with
 *       {@code AsyncLoggerContextSelector}); its queue-full policy waits, as hotpath's {@code whenFullWait()}
 *       does;</li>
 *   <li>{@code hotpath_async}: hotpath's logger, asynchronous, waiting when full so that no record is dropped (the
 *       {@code dropped} column counts drops anyway: a row with drops would prove nothing);</li>
 *   <li>{@code hotpath_sync}: hotpath's logger formatting and writing on the calling thread;</li>
 *   <li>{@code hotpath_async_withMetrics}: {@code hotpath_async} on a service registered with JMX and bound to a
 *       Micrometer registry, both read every 10 ms by a {@link MetricsScraper} thread while the row runs (its
 *       B/op includes the scraper's own snapshots, about 100 per second; a drop fails the row);</li>
 *   <li>each of them but the two new SLF4J rows on a disabled level ({@code _disabled});</li>
 *   <li>{@code hotpath_async_4threads}, {@code anchor_log4j2Async_4threads} and
 *       {@code anchor_log4j2GarbageFree_4threads}: four calling threads at once (more than the cores of a small
 *       machine), each logger waiting when its queue is full: how fair and how fast the waiting is under load (see
 *       {@link Hotpath} for the size of hotpath's queue).</li>
 * </ul>
 * Each method runs in its own fork (JMH forks per method), which is how the rows can have different JVM flags
 * while staying in one run of one class. The three SLF4J rows bind their provider directly (each {@code @Setup}
 * instantiates it and asks it for its logger factory), never through {@code LoggerFactory}'s look-up, so that no row
 * can pick another's binding. In them, SLF4J's signatures make the call site box the three numbers into an
 * {@code Object[]}: that boxing is the caller's, whatever the provider; a provider whose whole call the JIT inlines
 * may let escape analysis remove it, which is what their B/op shows. Asynchronous rows in a steady stream measure
 * the calling thread's share, which is bounded by how fast the writer drains: with a full queue the caller waits for
 * the writer.
 *
 * <p>Run just this class: {@code benchmarks/proofs 'LoggerBenchmark'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {LoggerBenchmark.LOG4J2_CONFIG, LoggerBenchmark.LOGBACK_CONFIG})
public class LoggerBenchmark {
    static final String LOG4J2_CONFIG = "-Dlog4j2.configurationFile=hotpath-log4j2-bench.xml";
    static final String LOGBACK_CONFIG = "-Dlogback.configurationFile=hotpath-logback-bench.xml";
    static final String LOG4J2_ASYNC =
        "-Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector";
    static final String DEV_NULL = "/dev/null";
    /** hotpath-slf4j's service, configured as {@link Hotpath}'s asynchronous one is, by system properties. */
    static final String HOTPATH_SLF4J_SINK = "-Dhotpath.log.sink=" + DEV_NULL;
    static final String HOTPATH_SLF4J_CAPACITY = "-Dhotpath.log.capacity=8192";

    /** The values of one record: outside the boxing caches, different on every call. */
    @State(Scope.Thread)
    public static class Values {
        long n = 123_456_789L;

        int status() {
            return 100_000 + (int) (n & 0xFFF);
        }

        long latency() {
            return n++;
        }

        double ratio() {
            return (n & 0xFFFF) * 0.001;
        }
    }

    /**
     * SLF4J over Logback, configured by {@code hotpath-logback-bench.xml}; Logback's provider is bound directly, not
     * through SLF4J's look-up.
     */
    @State(Scope.Benchmark)
    public static class Slf4jLogback {
        org.slf4j.Logger log;

        @Setup
        public void setUp() {
            log = bind(new ch.qos.logback.classic.spi.LogbackServiceProvider(), "bench.sync");
        }
    }

    /** SLF4J over Log4j 2 ({@code log4j-slf4j2-impl}), asynchronous in the fork that sets the selector. */
    @State(Scope.Benchmark)
    public static class Slf4jLog4j2 {
        org.slf4j.Logger async;

        @Setup
        public void setUp() {
            async = bind(new org.apache.logging.slf4j.SLF4JServiceProvider(), "bench.async");
        }

        @TearDown
        public void tearDown() {
            LogManager.shutdown();
        }
    }

    /**
     * SLF4J over hotpath ({@code hotpath-slf4j}): its one service, built from the {@code hotpath.log.*} system
     * properties of the row's fork, as a user's JVM flags would build it.
     */
    @State(Scope.Benchmark)
    public static class Slf4jHotpath {
        org.slf4j.Logger async;

        @Setup
        public void setUp() {
            async = bind(new io.github.hotpath.slf4j.HotpathServiceProvider(), "bench.async");
        }

        @TearDown
        public void tearDown() {
            final ConcurrentLogService service = io.github.hotpath.slf4j.HotpathSlf4j.service();
            service.close();
            if (service.metrics().dropped() != 0) {
                throw new IllegalStateException("the row dropped records: " + service.metrics());
            }
        }
    }

    /** A provider initialized and asked for a logger directly, as SLF4J's look-up would after finding it. */
    static org.slf4j.Logger bind(final SLF4JServiceProvider provider, final String name) {
        provider.initialize();
        return provider.getLoggerFactory().getLogger(name);
    }

    /** Log4j 2, configured by {@code hotpath-log4j2-bench.xml}; asynchronous in the fork that sets the selector. */
    @State(Scope.Benchmark)
    public static class Log4j2 {
        org.apache.logging.log4j.Logger sync;
        org.apache.logging.log4j.Logger async;

        @Setup
        public void setUp() {
            sync = LogManager.getLogger("bench.sync");
            async = LogManager.getLogger("bench.async");
        }

        @TearDown
        public void tearDown() {
            LogManager.shutdown();
        }
    }

    /**
     * hotpath's logger on a file on /dev/null, plain format, asynchronous (or synchronous), with a ring of 8,192
     * records. The rows of several threads keep the ring full whatever its size; a smaller ring (the default 1,024)
     * ran them faster on platform threads (four threads, JDK 17, 3 forks each: 1,104 and 1,317 ns/op against 2,313
     * and 2,594 for 8,192: a full ring cycles through all its records, so a bigger one misses the caches), but on
     * virtual threads its shorter turns park a caller more often, and the JDK allocates on each unpark of a virtual
     * thread: 0.4-2.9 B/op against 0.06-0.12 for 8,192 (JDK 25, 2026-11-29). The rows keep 8,192, under the
     * zero-allocation gate on both executors.
     */
    @State(Scope.Benchmark)
    public static class Hotpath {
        ConcurrentLogService async;
        ConcurrentLogService sync;
        Logger asyncLog;
        Logger syncLog;

        @Setup
        public void setUp() {
            async = ConcurrentLogService.builder().sink(LogSink.file(Path.of(DEV_NULL))).format(LogFormat.PLAIN)
                .whenFullWait().capacity(8192).shutdownHook(false).build();
            sync = ConcurrentLogService.builder().sink(LogSink.file(Path.of(DEV_NULL))).format(LogFormat.PLAIN)
                .synchronous(true).shutdownHook(false).build();
            asyncLog = async.logger("bench.async");
            syncLog = sync.logger("bench.sync");
        }

        @TearDown
        public void tearDown() {
            async.close();
            sync.close();
        }
    }

    /** {@link Hotpath}'s asynchronous service on JMX and Micrometer, scraped every 10 ms. */
    @State(Scope.Benchmark)
    public static class ScrapedHotpath {
        ConcurrentLogService async;
        Logger asyncLog;
        MetricsScraper scraper;

        @Setup
        public void setUp() {
            async = ConcurrentLogService.builder().sink(LogSink.file(Path.of(DEV_NULL))).format(LogFormat.PLAIN)
                .whenFullWait().capacity(8192).shutdownHook(false).name("benchmark").jmx(true).build();
            asyncLog = async.logger("bench.async");
            final SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new LogServiceMeterBinder(async).bindTo(registry);
            scraper = new MetricsScraper(registry, "io.github.hotpath:type=LogService,name=" + async.name());
        }

        @TearDown
        public void tearDown() throws InterruptedException {
            scraper.stop();
            async.close();
            if (async.metrics().dropped() != 0) {
                throw new IllegalStateException("the row dropped records: " + async.metrics());
            }
        }
    }

    /** Records the asynchronous hotpath row dropped during an iteration: must be 0 for the row to mean anything. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Drops {
        /** Records dropped in this iteration. */
        public long dropped;
        private long before;

        @Setup(org.openjdk.jmh.annotations.Level.Iteration)
        public void start(final Hotpath h) {
            before = h.async.metrics().dropped();
            dropped = 0;
        }

        @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
        public void stop(final Hotpath h) {
            dropped = h.async.metrics().dropped() - before;
        }
    }

    /** Today's code: SLF4J + Logback, three primitives boxed into the parameters. */
    @Benchmark
    public void baseline_slf4jLogback(final Slf4jLogback s, final Values v) {
        s.log.info("req status={} latency={} ratio={}", v.status(), v.latency(), v.ratio());
    }

    /** The same SLF4J call through log4j-slf4j2-impl into Log4j 2's asynchronous loggers (Disruptor). */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {LOG4J2_CONFIG, LOGBACK_CONFIG, LOG4J2_ASYNC})
    public void anchor_slf4jLog4j2Async(final Slf4jLog4j2 s, final Values v) {
        s.async.info("req status={} latency={} ratio={}", v.status(), v.latency(), v.ratio());
    }

    /** The same SLF4J call through hotpath-slf4j into hotpath's asynchronous service, waiting when full. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {LOG4J2_CONFIG, LOGBACK_CONFIG, HOTPATH_SLF4J_SINK, HOTPATH_SLF4J_CAPACITY})
    public void hotpath_slf4j(final Slf4jHotpath s, final Values v) {
        s.async.info("req status={} latency={} ratio={}", v.status(), v.latency(), v.ratio());
    }

    /** The same call on a disabled level: the boxes and the varargs array are built before the level check. */
    @Benchmark
    public void baseline_slf4jLogback_disabled(final Slf4jLogback s, final Values v) {
        s.log.debug("req status={} latency={} ratio={}", v.status(), v.latency(), v.ratio());
    }

    /** Log4j 2's garbage-free mode: {@code Unbox.box} instead of autoboxing, synchronous file appender. */
    @Benchmark
    public void anchor_log4j2GarbageFree(final Log4j2 s, final Values v) {
        s.sync.info("req status={} latency={} ratio={}", Unbox.box(v.status()), Unbox.box(v.latency()),
            Unbox.box(v.ratio()));
    }

    /** The garbage-free call on a disabled level. */
    @Benchmark
    public void anchor_log4j2GarbageFree_disabled(final Log4j2 s, final Values v) {
        s.sync.debug("req status={} latency={} ratio={}", Unbox.box(v.status()), Unbox.box(v.latency()),
            Unbox.box(v.ratio()));
    }

    /** Log4j 2's asynchronous loggers (LMAX Disruptor), garbage-free call. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {LOG4J2_CONFIG, LOGBACK_CONFIG, LOG4J2_ASYNC})
    public void anchor_log4j2Async(final Log4j2 s, final Values v) {
        s.async.info("req status={} latency={} ratio={}", Unbox.box(v.status()), Unbox.box(v.latency()),
            Unbox.box(v.ratio()));
    }

    /** Log4j 2's asynchronous loggers on a disabled level. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {LOG4J2_CONFIG, LOGBACK_CONFIG, LOG4J2_ASYNC})
    public void anchor_log4j2Async_disabled(final Log4j2 s, final Values v) {
        s.async.debug("req status={} latency={} ratio={}", Unbox.box(v.status()), Unbox.box(v.latency()),
            Unbox.box(v.ratio()));
    }

    /** hotpath, asynchronous: the caller copies three primitives and the text; the writer formats. */
    @Benchmark
    public void hotpath_async(final Hotpath h, final Values v, final Drops drops) {
        h.asyncLog.info().append("req status=").append(v.status()).append(" latency=").append(v.latency())
            .append(" ratio=").append(v.ratio()).log();
    }

    /** {@link #hotpath_async} while a monitoring thread reads the service's metrics through JMX and Micrometer. */
    @Benchmark
    public void hotpath_async_withMetrics(final ScrapedHotpath h, final Values v) {
        h.asyncLog.info().append("req status=").append(v.status()).append(" latency=").append(v.latency())
            .append(" ratio=").append(v.ratio()).log();
    }

    /** hotpath on a disabled level: a level check. */
    @Benchmark
    public void hotpath_async_disabled(final Hotpath h, final Values v) {
        h.asyncLog.debug().append("req status=").append(v.status()).append(" latency=").append(v.latency())
            .append(" ratio=").append(v.ratio()).log();
    }

    /** hotpath, synchronous: formats and writes on the calling thread, one write per record. */
    @Benchmark
    public void hotpath_sync(final Hotpath h, final Values v) {
        h.syncLog.info().append("req status=").append(v.status()).append(" latency=").append(v.latency())
            .append(" ratio=").append(v.ratio()).log();
    }

    /** hotpath synchronous on a disabled level. */
    @Benchmark
    public void hotpath_sync_disabled(final Hotpath h, final Values v) {
        h.syncLog.debug().append("req status=").append(v.status()).append(" latency=").append(v.latency())
            .append(" ratio=").append(v.ratio()).log();
    }

    /** {@link #anchor_log4j2GarbageFree} on four threads at once. */
    @Benchmark
    @Threads(4)
    public void anchor_log4j2GarbageFree_4threads(final Log4j2 s, final Values v) {
        anchor_log4j2GarbageFree(s, v);
    }

    /** {@link #anchor_log4j2Async} on four threads at once; its queue-full policy waits. */
    @Benchmark
    @Threads(4)
    @Fork(value = 1, jvmArgsAppend = {LOG4J2_CONFIG, LOGBACK_CONFIG, LOG4J2_ASYNC})
    public void anchor_log4j2Async_4threads(final Log4j2 s, final Values v) {
        anchor_log4j2Async(s, v);
    }

    /** {@link #hotpath_async} on four threads at once, waiting when full: the {@code dropped} column must be 0. */
    @Benchmark
    @Threads(4)
    public void hotpath_async_4threads(final Hotpath h, final Values v, final Drops drops) {
        hotpath_async(h, v, drops);
    }
}
