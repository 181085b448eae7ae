package io.github.hotpath.benchmarks;

import io.github.hotpath.log.ConcurrentLogService;
import io.github.hotpath.log.LogFormat;
import io.github.hotpath.log.LogSink;
import io.github.hotpath.log.Logger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.util.Unbox;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Writer throughput: lines per second written to a file on {@code /dev/null}, end to end. One operation is one
 * line; each invocation logs {@value #BATCH} lines and, for the asynchronous row, waits with {@code flush()} until
 * the writer has written them all, so the score is what the writer sustains, not what the queue absorbs. The
 * issue's target is at least a million lines per second on 2 cores.
 *
 * <ul>
 *   <li>{@code anchor_log4j2GarbageFree}: Log4j 2 synchronous, garbage-free, buffered file appender flushed per
 *       batch ({@code immediateFlush=false}) - Log4j 2's fastest synchronous configuration;</li>
 *   <li>{@code hotpath_sync}: hotpath formatting and writing on the calling thread (one write per line);</li>
 *   <li>{@code hotpath_async}: the calling thread hands lines to hotpath's writer thread, which formats and writes
 *       them in batches; waiting when full ({@code whenFullWait()}), nothing dropped.</li>
 * </ul>
 * Both formats are measured for hotpath ({@code format} parameter); Log4j 2 writes its plain pattern in both.
 *
 * <p>Run just this class: {@code benchmarks/proofs LoggerThroughput}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = LoggerBenchmark.LOG4J2_CONFIG)
@State(Scope.Benchmark)
public class LoggerThroughputBenchmark {
    static final int BATCH = 1_000;

    @Param({"PLAIN", "JSON"})
    public LogFormat format;

    private ConcurrentLogService async;
    private ConcurrentLogService sync;
    private Logger asyncLog;
    private Logger syncLog;
    private org.apache.logging.log4j.Logger log4j;
    private long n = 123_456_789L;

    @Setup
    public void setUp() {
        async = ConcurrentLogService.builder().sink(LogSink.file(Path.of(LoggerBenchmark.DEV_NULL))).format(format)
            .whenFullWait().capacity(8192).shutdownHook(false).build();
        sync = ConcurrentLogService.builder().sink(LogSink.file(Path.of(LoggerBenchmark.DEV_NULL))).format(format)
            .synchronous(true).shutdownHook(false).build();
        asyncLog = async.logger("bench.async");
        syncLog = sync.logger("bench.sync");
        log4j = LogManager.getLogger("bench.async"); // the batched appender; synchronous in this fork
    }

    @TearDown
    public void tearDown() {
        async.close();
        sync.close();
        LogManager.shutdown();
    }

    /** Log4j 2 synchronous garbage-free logging to a buffered appender. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void anchor_log4j2GarbageFree() {
        for (int i = 0; i < BATCH; i++) {
            final long v = n++;
            log4j.info("req status={} latency={} ratio={}", Unbox.box(100_000 + (int) (v & 0xFFF)), Unbox.box(v),
                Unbox.box((v & 0xFFFF) * 0.001));
        }
    }

    /** hotpath synchronous: each line formatted and written on the calling thread. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void hotpath_sync() {
        for (int i = 0; i < BATCH; i++) {
            final long v = n++;
            syncLog.info().append("req status=").append(100_000 + (int) (v & 0xFFF)).append(" latency=").append(v)
                .append(" ratio=").append((v & 0xFFFF) * 0.001).log();
        }
    }

    /** hotpath asynchronous: lines handed to the writer, then flushed, so that the writer's rate is measured. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void hotpath_async() {
        for (int i = 0; i < BATCH; i++) {
            final long v = n++;
            asyncLog.info().append("req status=").append(100_000 + (int) (v & 0xFFF)).append(" latency=").append(v)
                .append(" ratio=").append((v & 0xFFFF) * 0.001).log();
        }
        async.flush();
    }
}
