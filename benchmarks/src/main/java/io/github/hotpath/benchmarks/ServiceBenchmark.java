package io.github.hotpath.benchmarks;

import io.github.hotpath.benchmarks.service.HotpathService;
import io.github.hotpath.benchmarks.service.NaiveService;
import io.github.hotpath.benchmarks.service.Request;
import io.github.hotpath.benchmarks.service.Requests;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The article's service end to end: one request through {@link io.github.hotpath.benchmarks.service.NaiveHandler}
 * (a context of HashMaps, {@code +=} in a loop, an SLF4J + Logback line with boxed arguments, a capturing lambda to
 * a fixed thread pool, the JSON response as a String and then bytes) against the same request through
 * {@link io.github.hotpath.benchmarks.service.HotpathHandler} (pooled context, reusable builders, hotpath's
 * logger and worker pool, the response written straight into a reused buffer). A test asserts that both give
 * byte-identical responses, log lines and side-job results.
 *
 * <p>B/op counts every thread of the fork: the caller, the side-job threads and the logger's writer. Both
 * services log to {@code /dev/null}. hotpath's logger blocks when full and its worker pool waits, so no record or
 * job is dropped; each iteration's tear-down fails the run if the side jobs were not all handled.
 *
 * <p>Run just this class: {@code benchmarks/proofs Service}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ServiceBenchmark {
    private static final int DISTINCT_REQUESTS = 1024;

    /** The requests, cycled through, and the caller's reused response buffer. */
    @State(Scope.Thread)
    public static class Traffic {
        final Request[] requests = Requests.generate(DISTINCT_REQUESTS, 2026);
        final ByteBuffer response = ByteBuffer.allocate(64 * 1024);
        int next;

        Request next() {
            return requests[next++ & (DISTINCT_REQUESTS - 1)];
        }
    }

    /** The naive service. */
    @State(Scope.Benchmark)
    public static class Naive {
        NaiveService service;
        long handled;

        @Setup(Level.Trial)
        public void start() {
            service = new NaiveService("/dev/null");
        }

        @TearDown(Level.Iteration)
        public void check() {
            service.drain();
            if (service.ledger().totalRequests() != handled) {
                throw new IllegalStateException("side jobs lost: " + handled + " requests, "
                    + service.ledger().totalRequests() + " recorded");
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            service.close();
        }
    }

    /** The hotpath service. */
    @State(Scope.Benchmark)
    public static class Hotpath {
        HotpathService service;
        long handled;

        @Setup(Level.Trial)
        public void start() {
            service = new HotpathService("/dev/null");
        }

        @TearDown(Level.Iteration)
        public void check() {
            service.drain();
            if (service.ledger().totalRequests() != handled || service.logs().metrics().dropped() != 0) {
                throw new IllegalStateException("work lost: " + handled + " requests, "
                    + service.ledger().totalRequests() + " side jobs, " + service.logs().metrics().dropped()
                    + " log records dropped");
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            service.close();
        }
    }

    /** What a Java service does today. */
    @Benchmark
    public byte[] baseline_naive(final Naive naive, final Traffic traffic) {
        naive.handled++;
        return naive.service.handler().handle(traffic.next());
    }

    /** The same request through hotpath. */
    @Benchmark
    public int hotpath(final Hotpath hotpath, final Traffic traffic) {
        hotpath.handled++;
        traffic.response.clear();
        return hotpath.service.handler().handle(traffic.next(), traffic.response);
    }
}
