package io.github.hotpath.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.github.hotpath.log.TestServices.ring;
import static io.github.hotpath.log.TestServices.writer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each reason a record is dropped (full, closed, re-entrant, too deep) is counted in its own counter, and the
 * writer's notice names that reason and no other: a record dropped because the service closed never reads as "the
 * log queue was full".
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DropReasonTest {

    /** A sink whose writes block until released: a stuck disk. */
    static final class BlockingCapture extends TestSinks.Capture {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(final byte[] b, final int off, final int len) {
            writing.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.write(b, off, len);
        }
    }

    private static void assertOnly(final LogMetrics m, final long full, final long closed, final long reentrant,
                                   final long tooDeep) {
        assertEquals(full, m.droppedFull(), "droppedFull: " + m);
        assertEquals(closed, m.droppedClosed(), "droppedClosed: " + m);
        assertEquals(reentrant, m.droppedReentrant(), "droppedReentrant: " + m);
        assertEquals(tooDeep, m.droppedTooDeep(), "droppedTooDeep: " + m);
        assertEquals(full + closed + reentrant + tooDeep, m.dropped(), "dropped is the sum of its reasons: " + m);
    }

    private static void assertNotices(final List<String> lines, final long full, final long closed,
                                      final long reentrant, final long tooDeep) {
        assertEquals(full, TestSinks.noticed(lines, TestSinks.FULL), "full-queue notices: " + lines);
        assertEquals(closed, TestSinks.noticed(lines, TestSinks.CLOSED), "closed notices: " + lines);
        assertEquals(reentrant, TestSinks.noticed(lines, TestSinks.REENTRANT), "re-entrant notices: " + lines);
        assertEquals(tooDeep, TestSinks.noticed(lines, TestSinks.TOO_DEEP), "too-deep notices: " + lines);
    }

    @Test
    void aRecordLoggedWhileCloseWaitsForABlockedSinkIsNoticedAsClosedNotAsAFullQueue() throws Exception {
        // The reproducer: a sink blocks the writer, close() runs on another thread, one more record.
        final BlockingCapture out = new BlockingCapture();
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .closeTimeout(Duration.ofSeconds(30)).shutdownHook(false).build();
        final Logger log = service.logger("repro");
        log.info().append("first").log();
        assertTrue(out.writing.await(10, TimeUnit.SECONDS), "the writer never reached the sink");
        final Thread closer = new Thread(service::close, "closer");
        closer.start();
        while (!ring(service).isClosed()) {
            Thread.onSpinWait();
        }
        log.info().append("after close").log();
        out.release.countDown();
        closer.join(10_000);
        assertFalse(closer.isAlive(), "close never returned");
        final LogMetrics m = service.metrics();
        assertEquals(1, m.accepted(), m.toString());
        assertEquals(1, m.written(), m.toString());
        assertOnly(m, 0, 1, 0, 0);
        final List<String> lines = out.lines();
        assertEquals(List.of("first"), TestSinks.records(lines).stream().map(l -> l.substring(l.lastIndexOf(' ') + 1))
            .toList(), lines.toString());
        assertNotices(lines, 0, 1, 0, 0);
    }

    @Test
    void aFullQueueUnderWhenFullDropIsCountedAndNoticedAsFull() throws Exception {
        final BlockingCapture out = new BlockingCapture();
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .capacity(2).whenFullDrop().shutdownHook(false).build();
        final Logger log = service.logger("full");
        log.info().append("stalls the writer").log();
        assertTrue(out.writing.await(10, TimeUnit.SECONDS), "the writer never reached the sink");
        for (int i = 0; i < 10; i++) { // two fit in the ring, the rest find it full
            log.info().append("r").append(i).log();
        }
        out.release.countDown();
        assertTrue(service.flush(Duration.ofSeconds(10)));
        service.close();
        final LogMetrics m = service.metrics();
        assertEquals(3, m.accepted(), m.toString());
        assertOnly(m, 8, 0, 0, 0);
        assertNotices(out.lines(), 8, 0, 0, 0);
        assertEquals(3, TestSinks.records(out.lines()).size(), out.text());
    }

    /** The synchronous service notices drops too (was: counted, never noticed). */
    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void aRecordBegunInsideAnAppendedTextIsCountedAndNoticedAsReentrant(final boolean synchronous) {
        final TestSinks.Capture out = new TestSinks.Capture();
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .synchronous(synchronous).shutdownHook(false).build();
        final Logger log = service.logger("reentrant");
        final CharSequence logging = new CharSequence() {
            @Override
            public int length() {
                return 1;
            }

            @Override
            public char charAt(final int index) {
                log.info().append("nested").log();
                return 'x';
            }

            @Override
            public CharSequence subSequence(final int start, final int end) {
                return "x";
            }

            @Override
            public String toString() {
                return "x";
            }
        };
        log.info().append("outer ").append(logging).log();
        service.close();
        assertOnly(service.metrics(), 0, 0, 1, 0);
        assertNotices(out.lines(), 0, 0, 1, 0);
        assertEquals(1, TestSinks.records(out.lines()).size(), out.text());
    }

    @Test
    void aLogTooDeepInTheStackIsCountedAndNoticedAsTooDeep() {
        final TestSinks.Capture out = new TestSinks.Capture();
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .shutdownHook(false).build();
        final Logger log = service.logger("deep");
        ring(service).injectedStackOverflows = 1; // as if log() were called from a StackOverflowError handler
        log.error().append("too deep").log();
        log.info().append("next").log();
        service.close();
        final LogMetrics m = service.metrics();
        assertEquals(1, m.written(), m.toString());
        assertOnly(m, 0, 0, 0, 1);
        assertNotices(out.lines(), 0, 0, 0, 1);
        assertFalse(writer(service).isAlive());
    }
}
