package io.github.hotpath.log;

import io.github.hotpath.testing.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.hotpath.log.TestServices.writer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing accepted is lost, nothing is written twice, every drop is counted, and no input breaks a line. Fixed
 * thread and record counts; every test has a wall-clock cap so that a hang fails instead of blocking CI.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogReliabilityTest {
    private static final Pattern RECORD = Pattern.compile(" - p(\\d) n=(\\d+)$");
    private static final Pattern NOTICE = Pattern.compile(
        " io\\.github\\.hotpath\\.log - (\\d+) records dropped: the log queue was full$");
    private static final int PRODUCERS = 2;

    /** A sink that stalls each batch write, so that producers overrun a small queue. */
    static final class SlowCapture extends TestSinks.Capture {
        private final long stallNanos;

        SlowCapture(final long stallNanos) {
            this.stallNanos = stallNanos;
        }

        @Override
        public void write(final byte[] b, final int off, final int len) {
            LockSupport.parkNanos(stallNanos);
            super.write(b, off, len);
        }
    }

    private static Thread[] produce(final Logger log, final int perProducer) {
        final Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            final int id = p;
            producers[p] = new Thread(() -> {
                for (int n = 0; n < perProducer; n++) {
                    log.info().append('p').append(id).append(" n=").append(n).log();
                }
            }, "producer-" + p);
            producers[p].start();
        }
        return producers;
    }

    private static void join(final Thread[] threads) throws InterruptedException {
        for (final Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(t.isAlive(), "forbidden: producer " + t.getName() + " hung");
        }
    }

    /** Checks per-producer order and uniqueness; returns the records and the full-queue notices' counts found. */
    private static long[] check(final List<String> lines) {
        final int[] next = new int[PRODUCERS];
        long records = 0;
        long noticed = 0;
        for (final String line : lines) {
            final Matcher r = RECORD.matcher(line);
            if (r.find()) {
                final int p = Integer.parseInt(r.group(1));
                final int n = Integer.parseInt(r.group(2));
                assertTrue(n >= next[p], "forbidden: record p" + p + " n=" + n + " written twice or out of order");
                next[p] = n + 1;
                records++;
                continue;
            }
            assertTrue(TestSinks.isDropNotice(line), "forbidden: a line neither a record nor a drop notice: " + line);
            final Matcher d = NOTICE.matcher(line);
            if (d.find()) {
                noticed += Long.parseLong(d.group(1));
            }
        }
        return new long[] {records, noticed};
    }

    @Test
    void dropWithTwoProducersOverrunningCountsEveryRecordAndSaysSo() throws Exception {
        final SlowCapture out = new SlowCapture(TimeUnit.MICROSECONDS.toNanos(300));
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .capacity(16).whenFullDrop().shutdownHook(false).build();
        final int perProducer = 20_000;
        join(produce(service.logger("drop"), perProducer));
        service.close();
        final LogMetrics m = service.metrics();
        assertEquals(PRODUCERS * perProducer, m.accepted() + m.dropped(),
            "forbidden: accepted + dropped != attempted: " + m);
        assertTrue(m.dropped() > 0, "the producers never overran the queue; the test proves nothing: " + m);
        final long[] found = check(out.lines());
        assertEquals(m.accepted(), found[0], "forbidden: an accepted record was lost: " + m);
        assertEquals(m.accepted(), m.written(), m.toString());
        assertEquals(m.dropped(), found[1], "forbidden: drop notices do not add up to the dropped count: " + m);
    }

    @Test
    void waitingWithTwoProducersLosesNothing() throws Exception {
        final SlowCapture out = new SlowCapture(TimeUnit.MICROSECONDS.toNanos(100));
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .capacity(16).whenFullWait().shutdownHook(false).build();
        final int perProducer = 10_000;
        join(produce(service.logger("block"), perProducer));
        service.close();
        final LogMetrics m = service.metrics();
        assertEquals(0, m.dropped(), "forbidden: waiting dropped: " + m);
        assertEquals(PRODUCERS * perProducer, m.accepted(), m.toString());
        final long[] found = check(out.lines());
        assertEquals(PRODUCERS * perProducer, found[0], "forbidden: a record was lost: " + m);
        assertEquals(0, found[1], "forbidden: a drop notice while waiting");
    }

    @Test
    void flushReturnsOnlyWhenEverythingAcceptedIsWritten() {
        final SlowCapture out = new SlowCapture(TimeUnit.MICROSECONDS.toNanos(50));
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .capacity(64).whenFullWait().shutdownHook(false).build();
        final Logger log = service.logger("flush");
        for (int round = 1; round <= 5; round++) {
            for (int n = 0; n < 1_000; n++) {
                log.info().append('p').append(0).append(" n=").append(round * 1_000 + n).log();
            }
            service.flush();
            assertEquals(round * 1_000L, check(out.lines())[0], "forbidden: flush returned before its records");
            assertEquals(0, service.metrics().queueDepth());
        }
        service.close();
        assertTrue(out.closed, "close must close the sink");
    }

    @Test
    void closeDrainsEverythingAndLaterRecordsAreDroppedAndCounted() {
        final TestSinks.Capture out = new TestSinks.Capture();
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .capacity(4_096).shutdownHook(false).build();
        final Logger log = service.logger("close");
        for (int n = 0; n < 4_000; n++) {
            log.info().append('p').append(0).append(" n=").append(n).log();
        }
        service.close();
        assertEquals(4_000, check(out.lines())[0], "forbidden: close lost records");
        log.info().append("after close").log();
        service.close();
        service.flush(); // returns at once on a closed service
        assertEquals(1, service.metrics().dropped());
        assertEquals(4_000, service.metrics().written());
    }

    @Test
    void closeWakesAProducerBlockedOnAFullQueue() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final TestSinks.Capture out = new TestSinks.Capture() {
            @Override
            public void write(final byte[] b, final int off, final int len) {
                try {
                    release.await(30, TimeUnit.SECONDS); // a stuck disk
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.write(b, off, len);
            }
        };
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .capacity(4).whenFullWait().closeTimeout(Duration.ofMillis(200)).shutdownHook(false).build();
        final Logger log = service.logger("stuck");
        final int attempts = 50;
        final Thread producer = new Thread(() -> {
            for (int n = 0; n < attempts; n++) {
                log.info().append('p').append(0).append(" n=").append(n).log();
            }
        }, "blocked-producer");
        producer.start();
        while (producer.getState() != Thread.State.WAITING && producer.isAlive()) {
            Thread.onSpinWait(); // wait until it is parked on the full queue
        }
        assertFalse(service.flush(Duration.ofMillis(50)), "flush cannot complete while the sink is stuck");
        service.close(); // returns after the close timeout: the writer is stuck in the sink
        producer.join(10_000);
        assertFalse(producer.isAlive(), "forbidden: close left a producer blocked forever");
        release.countDown();
        writer(service).join(10_000);
        assertFalse(writer(service).isAlive(), "forbidden: the writer never finished");
        final LogMetrics m = service.metrics();
        assertEquals(attempts, m.accepted() + m.dropped(), "forbidden: a record neither accepted nor dropped: " + m);
        assertTrue(m.dropped() > 0, "the producer was never blocked; the test proves nothing: " + m);
        assertEquals(m.accepted(), check(out.lines())[0], "forbidden: an accepted record was lost: " + m);
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void hostileValuesGiveOneWellFormedLineEach(final LogFormat format) throws Exception {
        final TestSinks.Capture out = new TestSinks.Capture();
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .format(format).maxRecordChars(4_096).capacity(64).whenFullWait().shutdownHook(false)
            .build();
        final String megabyte = "x".repeat(1 << 20);
        final String[] hostile = {
            "line\nbreak", "carriage\rreturn", "\r\n2026-11-26T18:00:00.123Z ERROR [main] forged - hi", "quote\"q",
            "back\\slash", "nul\u0000char", "bell\u0007", "lone high \uD800 end", "lone low \uDC00 end",
            "pair \uD83D\uDE00 ok", "sep\u2028para\u2029", "}{\"level\":\"ERROR\"}", megabyte, "\uD800",
        };
        final Logger log = service.logger("hostile\nlogger");
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread t = new Thread(() -> {
            try {
                for (final String h : hostile) {
                    log.warn().append(h).kv(h, h).kv("c", h.charAt(0)).log();
                }
            } catch (final Throwable e) {
                failure.set(e);
            }
        }, "thread\r\nname \"quoted\"");
        t.start();
        t.join(30_000);
        assertEquals(null, failure.get());
        service.close();
        final List<String> lines = out.lines();
        assertEquals(hostile.length, lines.size(), "forbidden: a value split or merged lines");
        final List<String> msgs = new ArrayList<>();
        for (final String line : lines) {
            assertTrue(line.length() < 40_000, "forbidden: a record grew past its maximum: " + line.length());
            if (format != LogFormat.PLAIN) {
                final boolean ecs = format == LogFormat.ECS;
                final Map<String, Object> o = Json.parseObject(line); // throws if the line is not valid JSON
                assertEquals("thread\r\nname \"quoted\"", o.get(ecs ? "process.thread.name" : "thread"));
                assertEquals("hostile\nlogger", o.get(ecs ? "log.logger" : "logger"));
                msgs.add((String) o.get(ecs ? "message" : "msg"));
            } else {
                assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z WARN  "
                    + "\\[thread\\\\r\\\\nname \\\\\"quoted\\\\\"] hostile\\\\nlogger - .*"), line);
                assertFalse(line.indexOf('\r') >= 0 || line.indexOf('\u0000') >= 0 || line.indexOf('\u2028') >= 0,
                    "forbidden: a raw control or separator char: " + line);
            }
        }
        if (format != LogFormat.PLAIN) {
            assertEquals("lone high \uFFFD end", msgs.get(7));
            assertEquals("lone low \uFFFD end", msgs.get(8));
            assertEquals("pair \uD83D\uDE00 ok", msgs.get(9));
            assertEquals("line\nbreak", msgs.get(0));
            assertEquals(4_096, msgs.get(12).length(), "the 1 MB message is cut at the record's maximum");
            assertTrue(lines.get(12).contains(",\"truncated\":true"), "no truncation field");
        } else {
            assertTrue(lines.get(0).contains(" - line\\nbreak line\\nbreak=line\\nbreak c=l"), lines.get(0));
            assertTrue(lines.get(12).endsWith(LineFormatter.TRUNCATED_MARKER), "no truncation marker");
        }
        assertEquals(hostile.length, service.metrics().written());
    }

    @Test
    void tooManyPartsAreCutWithAMarkerAndNeverOverrun() {
        final TestSinks.Capture out = new TestSinks.Capture();
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .maxParts(4).maxRecordChars(16).synchronous(true).shutdownHook(false).build();
        final Logger log = service.logger("cut");
        log.info().append(1).append(2).append(3).append(4).append(5).kv("k", 6).log();
        log.info().append(1).append(2).append(3).kv("k", 6).log(); // no room for key and value together
        log.info().append("0123456789").kv("key-too-long-for-room", 1).log();
        log.info().append("0123456789abcdef-overflow").log();
        final String smile = "\uD83D\uDE00";
        log.info().append(smile.repeat(7) + "x" + smile)
            .log();
        service.close();
        final List<String> lines = out.lines();
        final String marker = LineFormatter.TRUNCATED_MARKER;
        assertTrue(lines.get(0).endsWith(" - 1234" + marker), lines.get(0));
        assertTrue(lines.get(1).endsWith(" - 123" + marker), lines.get(1));
        assertTrue(lines.get(2).endsWith(" - 0123456789" + marker), lines.get(2));
        assertTrue(lines.get(3).endsWith(" - 0123456789abcdef" + marker), lines.get(3));
        // 16 chars: seven pairs and an x (15), then the cut must not split the last pair.
        assertTrue(lines.get(4).endsWith("x" + marker) && !lines.get(4).contains("\uFFFD"), lines.get(4));
    }

    @Test
    void aFailingSinkIsCountedAndDoesNotStopTheWriter() {
        final OutputStream failing = new OutputStream() {
            private int calls;

            @Override
            public void write(final int b) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws java.io.IOException {
                if (calls++ == 0) {
                    throw new java.io.IOException("disk full");
                }
            }
        };
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(failing))
            .shutdownHook(false).build();
        final Logger log = service.logger("failing");
        log.info().append("lost").log();
        service.flush();
        log.info().append("written").log();
        service.close();
        final LogMetrics m = service.metrics();
        assertEquals(1, m.writeErrors(), m.toString());
        assertEquals(1, m.failed(), m.toString());
        assertEquals(1, m.written(), m.toString());
        assertEquals(m.accepted(), m.written() + m.failed(), m.toString());
    }

    /** A caller's CharSequence that logs from its own methods, as a badly written toString-like view might. */
    static final class LoggingText implements CharSequence {
        private final Logger log;
        private final String text;

        LoggingText(final Logger log, final String text) {
            this.log = log;
            this.text = text;
        }

        @Override
        public int length() {
            log.info().append("from length").log();
            return text.length();
        }

        @Override
        public char charAt(final int index) {
            log.info().append("from charAt").log();
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(final int start, final int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void loggingFromInsideAnAppendedCharSequenceLeavesTheOuterRecordWhole(final boolean synchronous) {
        final TestSinks.Capture out = new TestSinks.Capture();
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .synchronous(synchronous).shutdownHook(false).build();
        final Logger log = service.logger("reentrant");
        final LoggingText text = new LoggingText(log, "abc");
        log.info().append("outer ").append(text).append(' ').append(text, 1, 2).kv(text, 7).log();
        service.close();
        final List<String> lines = TestSinks.records(out.lines());
        assertEquals(1, lines.size(), "forbidden: a nested record was written or the outer one split: " + lines);
        assertEquals(service.metrics().droppedReentrant(), TestSinks.noticed(out.lines(), TestSinks.REENTRANT),
            "forbidden: a drop without its notice, or a notice without its reason");
        assertTrue(lines.get(0).endsWith(" - outer abc b abc=7"), "forbidden: outer record corrupted: " + lines);
        assertTrue(service.metrics().dropped() > 0, service.metrics().toString());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aThrowableThatLogsWhileBeingPrintedNeitherDeadlocksNorCorrupts(final boolean synchronous) {
        final TestSinks.Capture out = new TestSinks.Capture();
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .synchronous(synchronous).capacity(2).whenFullWait().shutdownHook(false).build();
        final Logger log = service.logger("reentrant");
        final RuntimeException sneaky = new RuntimeException("sneaky") {
            private static final long serialVersionUID = 1L;

            @Override
            public String toString() {
                for (int i = 0; i < 10; i++) { // more than the queue holds: would deadlock a writer that waits
                    log.error().append("from toString").log();
                }
                return "Sneaky";
            }
        };
        for (int i = 0; i < 5; i++) {
            log.error().append("failed ").append(i).exception(sneaky).log();
        }
        service.close();
        final List<String> lines = TestSinks.records(out.lines());
        assertEquals(5, lines.stream().filter(l -> l.contains(" - failed ")).count(), lines.toString());
        assertEquals(50, TestSinks.noticed(out.lines(), TestSinks.REENTRANT),
            "the notices must count the 50 records its throwable's toString logged, as re-entrant");
        assertTrue(lines.stream().noneMatch(l -> l.contains("from toString")), "forbidden: a nested record");
        assertTrue(lines.stream().allMatch(l -> l.startsWith("\t") || PLAIN.matcher(l).matches()),
            "forbidden: a corrupted line: " + lines);
        assertTrue(service.backgroundThreads().stream().noneMatch(Thread::isAlive), "writer still running");
    }

    private static final Pattern PLAIN = Pattern.compile(
        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ERROR \\[[^\\]]*] reentrant - failed \\d");

    @Test
    void aThreadThatDiesHoldingAnUncommittedRecordStallsNothing() throws Exception {
        final TestSinks.Capture out = new TestSinks.Capture();
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .capacity(4).whenFullWait().shutdownHook(false).build();
        final Logger log = service.logger("dying");
        final Thread dying = new Thread(() -> {
            log.info().append("never committed");
            throw new IllegalStateException("dies mid-record (expected by the test)");
        }, "dying");
        dying.setUncaughtExceptionHandler((t, e) -> { });
        dying.start();
        dying.join(10_000);
        for (int n = 0; n < 100; n++) { // many times the queue's capacity: the writer must keep draining
            log.info().append('p').append(0).append(" n=").append(n).log();
        }
        assertTrue(service.flush(Duration.ofSeconds(10)), "forbidden: the writer stalled on a dead thread's record");
        service.close();
        assertEquals(100, check(out.lines())[0], "forbidden: a record lost, or the uncommitted one written");
    }

    @Test
    void fourProducersThroughAQueueOfTwoLoseNothing() throws Exception {
        final TestSinks.Capture out = new TestSinks.Capture();
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .capacity(2).whenFullWait().shutdownHook(false).build();
        final Logger log = service.logger("tiny");
        final int producers = 4;
        final int perProducer = 2_000;
        final Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            final int id = p;
            threads[p] = new Thread(() -> {
                for (int n = 0; n < perProducer; n++) {
                    log.info().append("q").append(id).append(" n=").append(n).log();
                }
            }, "tiny-" + p);
            threads[p].start();
        }
        join(threads);
        service.close();
        final int[] next = new int[producers];
        final Pattern line = Pattern.compile(" - q(\\d) n=(\\d+)$");
        for (final String l : out.lines()) {
            final Matcher m = line.matcher(l);
            assertTrue(m.find(), "forbidden: a malformed line: " + l);
            final int p = Integer.parseInt(m.group(1));
            assertEquals(next[p], Integer.parseInt(m.group(2)), "forbidden: producer " + p + " lost, repeated or "
                + "reordered a record");
            next[p]++;
        }
        for (int p = 0; p < producers; p++) {
            assertEquals(perProducer, next[p], "forbidden: producer " + p + " lost records");
        }
        assertEquals(producers * perProducer, service.metrics().written());
    }
}
