package io.github.hotpath.log;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * More callers than cores, a small ring and a slow sink under {@code whenFullWait()}: no caller starves. Eight
 * callers log as fast as they can for three seconds; every caller makes progress in every window of (at least)
 * 100 ms, and the slowest caller's count is at least a third of the fastest's. The writer is the bottleneck (the
 * test checks that callers did wait), so what is measured is the order in which waiting callers get room.
 *
 * <p>On a loaded machine a window can only last longer than 100 ms (the sampler sleeps 100 ms and may wake late),
 * which makes no assertion easier to meet than the one stated: each window is at least 100 ms long. Tagged
 * {@code fairness} so that a build can run it in a surefire execution of its own.
 */
@Tag("fairness")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RingWaitFairnessTest {
    private static final int CALLERS = 8;
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long WINDOW_MILLIS = 100;

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
        final long deadline = System.nanoTime() + RUN_NANOS;
        for (int c = 0; c < CALLERS; c++) {
            final int id = c;
            callers[c] = new Thread(() -> {
                started.countDown();
                long n = 0;
                while (System.nanoTime() < deadline) {
                    log.info().append("caller ").append(id).append(" n=").append(n++).log();
                    counts.setRelease(id, n);
                }
            }, "caller-" + c);
            callers[c].start();
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        final List<long[]> windows = new ArrayList<>();
        long[] previous = snapshot(counts);
        while (System.nanoTime() < deadline - TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS)) {
            Thread.sleep(WINDOW_MILLIS);
            final long[] now = snapshot(counts);
            final long[] delta = new long[CALLERS];
            for (int c = 0; c < CALLERS; c++) {
                delta[c] = now[c] - previous[c];
            }
            windows.add(delta);
            previous = now;
        }
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
        assertTrue(windows.size() >= 10, "too few windows: " + windows.size());
        for (int w = 0; w < windows.size(); w++) {
            for (int c = 0; c < CALLERS; c++) {
                assertTrue(windows.get(w)[c] > 0, "forbidden: caller " + c + " made no progress in window " + w
                    + " of " + WINDOW_MILLIS + " ms: " + Arrays.toString(windows.get(w)) + "; all windows: "
                    + windows.stream().map(Arrays::toString).collect(java.util.stream.Collectors.joining(" ")));
            }
        }
        final long slowest = Arrays.stream(totals).min().orElseThrow();
        final long fastest = Arrays.stream(totals).max().orElseThrow();
        assertTrue(3 * slowest >= fastest, "forbidden: the slowest caller got less than a third of the fastest's"
            + " records: " + Arrays.toString(totals));
    }

    private static long[] snapshot(final AtomicLongArray counts) {
        final long[] a = new long[counts.length()];
        for (int i = 0; i < a.length; i++) {
            a[i] = counts.get(i);
        }
        return a;
    }
}
