package io.github.hotpath.log;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * More callers than cores, a small ring and a slow sink under {@code whenFullWait()}: no caller starves. Eight
 * callers log as fast as they can for (at least) 30 windows; every caller makes progress in every window of (at least)
 * 100 ms, and the slowest caller's count is at least a third of the fastest's. The writer is the bottleneck (the
 * test checks that callers did wait), so what is measured is the order in which waiting callers get room.
 *
 * <p>On a loaded machine a window can only last longer than 100 ms (the sampler sleeps 100 ms and may wake late),
 * which makes no assertion easier to meet than the one stated: each window is at least 100 ms long.
 *
 * <p>A window in which the machine itself stalled the JVM proves nothing about the logger: a canary thread that
 * sleeps a millisecond at a time measures how late it wakes, and the collectors' MXBeans how long they paused. A
 * window in which the canary woke more than {@value #STALL_MILLIS} ms late, or a collector paused that long, is set
 * aside (and listed in a failure's message). The run lasts until {@value #CLEAN_WINDOWS} windows were clean, at most
 * {@value #MAX_RUN_SECONDS} s; a machine too stalled to give {@value #MIN_CLEAN_WINDOWS} clean windows aborts the
 * test (reported as skipped, with the stalls), rather than judge the logger by the machine. Tagged {@code fairness}
 * so that a build can run it in a surefire execution of its own.
 */
@Tag("fairness")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RingWaitFairnessTest {
    private static final int CALLERS = 8;
    private static final long WINDOW_MILLIS = 100;
    private static final long STALL_MILLIS = 50;
    private static final int CLEAN_WINDOWS = 30;
    private static final int MIN_CLEAN_WINDOWS = 10;
    private static final int MAX_RUN_SECONDS = 15;

    /** A sink that takes about 20 µs per batch: the writer, not the callers, sets the pace. */
    static final class SlowChannel implements WritableByteChannel {
        volatile boolean open = true;

        @Override
        public int write(final ByteBuffer src) {
            LockSupport.parkNanos(20_000);
            final int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    @Test
    void everyCallerMakesProgressInEveryWindowAndNoneGetsLessThanAThirdOfTheFastest() throws Exception {
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.channel(new SlowChannel()))
            .capacity(16).whenFullWait().shutdownHook(false).build();
        final Logger log = service.logger("fair");
        final AtomicLongArray counts = new AtomicLongArray(CALLERS);
        final CountDownLatch started = new CountDownLatch(CALLERS);
        final Thread[] callers = new Thread[CALLERS];
        final AtomicBoolean stop = new AtomicBoolean();
        for (int c = 0; c < CALLERS; c++) {
            final int id = c;
            callers[c] = new Thread(() -> {
                started.countDown();
                long n = 0;
                while (!stop.get()) {
                    log.info().append("caller ").append(id).append(" n=").append(n++).log();
                    counts.setRelease(id, n);
                }
            }, "caller-" + c);
            callers[c].start();
        }
        final AtomicLong lateNanos = new AtomicLong();
        final Thread canary = new Thread(() -> {
            while (!stop.get()) {
                final long before = System.nanoTime();
                LockSupport.parkNanos(1_000_000);
                final long late = System.nanoTime() - before - 1_000_000;
                lateNanos.accumulateAndGet(late, Math::max);
            }
        }, "canary");
        canary.setDaemon(true);
        canary.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        final List<long[]> windows = new ArrayList<>();
        final List<String> stalls = new ArrayList<>();
        long[] previous = snapshot(counts);
        long gcMillis = gcMillis();
        lateNanos.set(0);
        final long runEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_RUN_SECONDS);
        while (windows.size() < CLEAN_WINDOWS && System.nanoTime() < runEnd) {
            Thread.sleep(WINDOW_MILLIS);
            final long[] now = snapshot(counts);
            final long gcNow = gcMillis();
            final long lateMillis = TimeUnit.NANOSECONDS.toMillis(lateNanos.getAndSet(0));
            final long[] delta = new long[CALLERS];
            for (int c = 0; c < CALLERS; c++) {
                delta[c] = now[c] - previous[c];
            }
            if (lateMillis > STALL_MILLIS || gcNow - gcMillis > STALL_MILLIS) {
                stalls.add("canary " + lateMillis + " ms late, GC " + (gcNow - gcMillis) + " ms: "
                    + Arrays.toString(delta));
            } else {
                windows.add(delta);
            }
            previous = now;
            gcMillis = gcNow;
        }
        stop.set(true);
        for (final Thread t : callers) {
            t.join(30_000);
            assertTrue(!t.isAlive(), "forbidden: a caller hung");
        }
        assertTrue(service.flush(java.time.Duration.ofSeconds(30)));
        final long waits = TestServices.waiters(service).ticketsIssued();
        service.close();
        final LogMetrics m = service.metrics();
        final long[] totals = snapshot(counts);
        assertEquals(Arrays.stream(totals).sum(), m.accepted(), "forbidden: a record lost: " + m);
        assertEquals(0, m.dropped(), "forbidden: whenFullWait dropped: " + m);
        assertTrue(waits > 1_000, "the callers hardly waited; the test proves nothing: " + waits + " waits, " + m);
        assumeTrue(windows.size() >= MIN_CLEAN_WINDOWS,
            "the machine stalled the JVM in " + stalls.size() + " windows, too few clean ones (" + windows.size()
                + ") to judge: " + stalls);
        for (int w = 0; w < windows.size(); w++) {
            for (int c = 0; c < CALLERS; c++) {
                assertTrue(windows.get(w)[c] > 0, "forbidden: caller " + c + " made no progress in window " + w
                    + " of " + WINDOW_MILLIS + " ms: " + Arrays.toString(windows.get(w)) + "; all windows: "
                    + windows.stream().map(Arrays::toString).collect(Collectors.joining(" "))
                    + "; set aside as machine stalls: " + stalls);
            }
        }
        final long slowest = Arrays.stream(totals).min().orElseThrow();
        final long fastest = Arrays.stream(totals).max().orElseThrow();
        assertTrue(3 * slowest >= fastest, "forbidden: the slowest caller got less than a third of the fastest's"
            + " records: " + Arrays.toString(totals));
    }

    private static long gcMillis() {
        long total = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!gc.getName().contains("Concurrent")) { // G1's and ZGC's concurrent cycles are not pauses
                total += Math.max(0, gc.getCollectionTime());
            }
        }
        return total;
    }

    private static long[] snapshot(final AtomicLongArray counts) {
        final long[] a = new long[counts.length()];
        for (int i = 0; i < a.length; i++) {
            a[i] = counts.get(i);
        }
        return a;
    }
}
