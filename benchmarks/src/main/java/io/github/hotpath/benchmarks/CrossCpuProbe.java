package io.github.hotpath.benchmarks;

import io.github.hotpath.log.ConcurrentLogService;
import io.github.hotpath.log.LogFormat;
import io.github.hotpath.log.LogSink;
import io.github.hotpath.log.Logger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.util.Unbox;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Measures what it costs the machine to move a cache line from one CPU to another and back: two threads take turns
 * incrementing a shared counter, and the probe reports nanoseconds per round trip.
 *
 * <p>Why: on the 2-vCPU virtual machine the proofs run on, that cost is not a constant. It was 61–78 ns in most
 * rounds and 301–349 ns for stretches of seconds (the host placed the two vCPUs farther apart, then back), and the
 * multi-threaded rows follow it: with {@code --logger}, hotpath's four-thread logging ran at medians of 645 and 701
 * ns/op in the first placement and 1,885 and 1,888 in the second (two runs, JDK 25); with {@code --log4j2}, Log4j 2
 * async at 783 and 1,451 (docs/log.md, 2026-11-30). A fork that spends some of its iterations in each placement
 * fails "every iteration within 2x the median" whatever the code does. Run this beside a benchmark's results to
 * tell a slow machine from slow code.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.github.hotpath.benchmarks.CrossCpuProbe 30} prints the
 * round trip every 250 ms for 30 seconds. With {@code --logger} it alternates, for that many rounds, 100 ms of the
 * probe with one second of four threads logging into hotpath's asynchronous service (the four-thread row's record,
 * the threads blocked, not polling, while the probe runs) and prints both per round; {@code --log4j2} does the same
 * with Log4j 2's asynchronous loggers (the anchor's record and configuration).
 */
public final class CrossCpuProbe {
    /** The counter's index: the middle of its array, so that no other data shares its cache line. */
    private static final int CELL = 16;
    private static final int THREADS = 4;

    private CrossCpuProbe() {
    }

    /**
     * Measures for about {@code millis} milliseconds and returns the median, over 1 ms slices, of the nanoseconds per
     * round trip. Starts and stops its own second thread; the calling thread is the first. Anything else running on
     * the machine meanwhile makes the answer larger.
     *
     * @param millis how long to measure, at least 1.
     * @return the median round trip in nanoseconds.
     */
    public static long roundTripNanos(final int millis) {
        final AtomicLongArray cell = new AtomicLongArray(2 * CELL);
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread echo = new Thread(() -> {
            while (!stop.get()) {
                final long x = cell.get(CELL);
                if ((x & 1) == 1) {
                    cell.set(CELL, x + 1);
                } else {
                    Thread.onSpinWait();
                }
            }
        }, "cross-cpu-probe");
        echo.setDaemon(true);
        echo.start();
        final long[] slices = new long[Math.max(1, millis)];
        long x = 0;
        try {
            for (int s = 0; s < slices.length; s++) {
                final long start = System.nanoTime();
                long trips = 0;
                while (System.nanoTime() - start < 1_000_000L) {
                    for (int k = 0; k < 32; k++) {
                        cell.set(CELL, x + 1);
                        x += 2;
                        while (cell.get(CELL) != x) {
                            Thread.onSpinWait();
                        }
                    }
                    trips += 32;
                }
                slices[s] = (System.nanoTime() - start) / trips;
            }
        } finally {
            stop.set(true);
            awaitEnd(echo);
        }
        Arrays.sort(slices);
        return slices[slices.length / 2];
    }

    /**
     * Waits for the echo thread to stop spinning, so that a probe run right after this one (the proof runner probes
     * after one row and before the next) does not share the CPUs with it. Keeps the caller's interrupt.
     */
    private static void awaitEnd(final Thread echo) {
        boolean interrupted = false;
        while (echo.isAlive()) {
            try {
                echo.join();
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Prints the round trip every 250 ms, or with {@code --logger} alternates it with the logger's four-thread rate.
     *
     * @param args the number of seconds (default 10), or {@code --logger} or {@code --log4j2} and the number of
     *             rounds (default 30).
     * @throws InterruptedException if interrupted while it sleeps.
     */
    public static void main(final String[] args) throws InterruptedException {
        if (args.length > 0 && ("--logger".equals(args[0]) || "--log4j2".equals(args[0]))) {
            final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
            if ("--logger".equals(args[0])) {
                loggerRounds(rounds);
            } else {
                log4j2Rounds(rounds);
            }
            return;
        }
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        final long[] all = new long[seconds * 4];
        for (int i = 0; i < all.length; i++) {
            all[i] = roundTripNanos(250);
            System.out.println(((i + 1) * 250) + " ms: " + all[i] + " ns per round trip");
        }
        Arrays.sort(all);
        System.out.println("min " + all[0] + ", median " + all[all.length / 2] + ", max " + all[all.length - 1]);
    }

    private static void loggerRounds(final int rounds) throws InterruptedException {
        final ConcurrentLogService service = ConcurrentLogService.builder()
            .sink(LogSink.file(Path.of(LoggerBenchmark.DEV_NULL))).format(LogFormat.PLAIN).whenFullWait()
            .capacity(8192).shutdownHook(false).build();
        final Logger log = service.logger("bench.async");
        try {
            rounds(rounds, n -> log.info().append("req status=").append(100_000 + (int) (n & 0xFFF))
                .append(" latency=").append(n).append(" ratio=").append((n & 0xFFFF) * 0.001).log());
        } finally {
            service.close();
        }
    }

    /** As {@link #loggerRounds}, with Log4j 2's asynchronous loggers configured as in {@code LoggerBenchmark}. */
    private static void log4j2Rounds(final int rounds) throws InterruptedException {
        System.setProperty("log4j2.configurationFile", "hotpath-log4j2-bench.xml");
        System.setProperty("log4j2.contextSelector",
            "org.apache.logging.log4j.core.async.AsyncLoggerContextSelector");
        final org.apache.logging.log4j.Logger log = LogManager.getLogger("bench.async");
        try {
            rounds(rounds, n -> log.info("req status={} latency={} ratio={}", Unbox.box(100_000 + (int) (n & 0xFFF)),
                Unbox.box(n), Unbox.box((n & 0xFFFF) * 0.001)));
        } finally {
            LogManager.shutdown();
        }
    }

    /** Alternates the probe with four threads calling {@code record} for a second, {@code rounds} times. */
    private static void rounds(final int rounds, final LongConsumer record) throws InterruptedException {
        final LongAdder records = new LongAdder();
        final AtomicBoolean paused = new AtomicBoolean(true);
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            threads[t] = new Thread(() -> {
                long n = 123_456_789L;
                while (!stop.get()) {
                    if (paused.get()) {
                        LockSupport.park(); // unparked when the round's logging starts; a spurious return looks again
                        continue;
                    }
                    for (int k = 0; k < 64; k++) {
                        record.accept(n++);
                    }
                    records.add(64);
                }
            }, "probe-logger-" + t);
            threads[t].start();
        }
        try {
            for (int r = 0; r < rounds; r++) {
                paused.set(true);
                Thread.sleep(50); // the threads finish their batch and park; the writer empties the queue
                final long roundTrip = roundTripNanos(100);
                final long before = records.sum();
                final long start = System.nanoTime();
                paused.set(false);
                for (final Thread t : threads) {
                    LockSupport.unpark(t);
                }
                Thread.sleep(1000);
                final long logged = records.sum() - before;
                final long nanos = System.nanoTime() - start;
                System.out.println("round " + r + ": cross-CPU round trip " + roundTrip + " ns, then four threads "
                    + (nanos * THREADS / Math.max(1, logged)) + " ns/op");
            }
        } finally {
            stop.set(true);
            paused.set(false);
            for (final Thread t : threads) {
                LockSupport.unpark(t);
                t.join();
            }
        }
    }
}
