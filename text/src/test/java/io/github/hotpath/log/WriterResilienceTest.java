package io.github.hotpath.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.hotpath.log.TestServices.ring;
import static io.github.hotpath.log.TestServices.writer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the writer and the producers do when something throws an {@code Error}, overflows the stack, is interrupted,
 * or calls back into the service. Each test is named after the
 * symptom it rules out; every wait is bounded, and a hang fails the test instead of blocking CI.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WriterResilienceTest {

    private static ConcurrentLogService.Builder capturing(final TestSinks.Capture out) {
        return ConcurrentLogService.builder().sink(LogSink.outputStream(out)).shutdownHook(false);
    }

    private static void assertBalanced(final LogMetrics m, final long committed) {
        assertEquals(committed, m.accepted() + m.dropped(), "forbidden: a committed record neither accepted nor"
            + " dropped (or counted twice): " + m);
        assertEquals(m.accepted(), m.written() + m.failed(), "forbidden: an accepted record neither written nor"
            + " counted as failed: " + m);
    }

    /** A throwable whose message throws an Error: printing its stack trace throws. */
    static final class BrokenThrowable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            throw new AssertionError("getMessage is broken");
        }
    }

    @Test
    void anErrorWhileFormattingDoesNotKillTheWriter() {
        final TestSinks.Capture out = new TestSinks.Capture();
        final ConcurrentLogService service = capturing(out).build();
        final Logger log = service.logger("errors");
        log.info().append("before").log();
        log.error().append("broken").exception(new BrokenThrowable()).log();
        for (int i = 0; i < 10; i++) {
            log.info().append("after ").append(i).log();
        }
        assertTrue(service.flush(Duration.ofSeconds(10)), "forbidden: flush timed out " + service.metrics());
        assertTrue(writer(service).isAlive(), "forbidden: the writer died of an Error while formatting");
        final LogMetrics m = service.metrics();
        assertEquals(12, m.written(), "forbidden: records lost after the broken throwable: " + m);
        assertEquals(0, m.failed(), m.toString());
        final List<String> lines = out.lines();
        assertTrue(lines.stream().anyMatch(l -> l.contains(BrokenThrowable.class.getName())),
            "forbidden: the broken throwable left no trace: " + lines);
        assertEquals(10, lines.stream().filter(l -> l.contains(" - after ")).count(), lines.toString());
        service.close();
        assertBalanced(service.metrics(), 12);
    }

    @Test
    void aWriterKilledByAVirtualMachineErrorCountsWhatItLostClosesTheSinkAndFailsFlush() throws Exception {
        final AtomicBoolean fail = new AtomicBoolean(true);
        final TestSinks.Capture out = new TestSinks.Capture() {
            @Override
            public void write(final byte[] b, final int off, final int len) {
                if (fail.getAndSet(false)) {
                    throw new InternalError("simulated: the sink hit a JVM failure");
                }
                super.write(b, off, len);
            }
        };
        final ConcurrentLogService service = capturing(out).build();
        final Thread writer = writer(service);
        writer.setUncaughtExceptionHandler((t, e) -> { }); // expected; keep the build log clean
        final Logger log = service.logger("vm");
        log.info().append("first").log();
        writer.join(10_000);
        assertFalse(writer.isAlive(), "the simulated InternalError should stop the writer");
        for (int i = 0; i < 4; i++) {
            log.info().append("later ").append(i).log();
        }
        assertFalse(service.flush(Duration.ofSeconds(5)), "forbidden: flush reports success with a dead writer");
        assertTrue(out.closed, "forbidden: the dead writer leaked its sink");
        final LogMetrics m = service.metrics();
        assertEquals(1, m.failed(), "forbidden: the record in the failed batch is not counted: " + m);
        assertEquals(4, m.dropped(), "forbidden: records after the writer's death not counted as dropped: " + m);
        service.close();
        assertBalanced(service.metrics(), 5);
    }

    @Test
    void aStackOverflowInLogDoesNotStallTheRing() {
        final TestSinks.Capture out = new TestSinks.Capture();
        final ConcurrentLogService service = capturing(out).capacity(4).build();
        final Logger log = service.logger("soe");
        // As if log() were called so deep that publishing the record overflows the stack.
        ring(service).injectedStackOverflows = 1;
        try {
            log.error().append("too deep").log();
        } catch (final StackOverflowError e) {
            // tolerated here; what matters is that the ring still moves
        }
        for (int i = 0; i < 10; i++) {
            log.info().append("next ").append(i).log();
            assertTrue(service.flush(Duration.ofSeconds(5)),
                "forbidden: the ring stalled behind a claimed, unpublished slot: " + service.metrics());
        }
        final LogMetrics m = service.metrics();
        assertEquals(10, out.lines().stream().filter(l -> l.contains(" - next ")).count(), out.text());
        service.close();
        assertBalanced(service.metrics(), 11);
        assertEquals(1, service.metrics().dropped(), "forbidden: the overflowed record is not counted: " + m);
    }

    @Test
    void aSlotClaimedButNeverPublishedDoesNotHangClose() throws Exception {
        final TestSinks.Capture out = new TestSinks.Capture();
        final ConcurrentLogService service = capturing(out).closeTimeout(Duration.ofMillis(300)).build();
        final Logger log = service.logger("stuck");
        for (int i = 0; i < 3; i++) {
            log.info().append("before ").append(i).log();
        }
        assertTrue(service.flush(Duration.ofSeconds(5)));
        ring(service).claimWithoutPublishing(); // a producer stopped between claim and publish
        log.info().append("behind the stuck slot").log();
        service.close();
        writer(service).join(5_000);
        assertFalse(writer(service).isAlive(), "forbidden: the writer spins for ever on a stuck slot");
        assertTrue(out.closed, "forbidden: the sink is never closed");
        final LogMetrics m = service.metrics();
        assertEquals(3, m.written(), m.toString());
        assertEquals(2, m.failed(), "forbidden: the stuck slot and the record behind it are not counted: " + m);
    }

    @Test
    void anInterruptedWriterKeepsWriting(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("interrupted.log");
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.file(file))
            .whenFullWait().capacity(64).shutdownHook(false).build();
        final Logger log = service.logger("interrupt");
        final Thread writer = writer(service);
        log.info().append("first").log();
        assertTrue(service.flush(Duration.ofSeconds(5)));
        writer.interrupt(); // while idle: a parked writer with its flag set would spin, and break the channel
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (writer.isInterrupted() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertFalse(writer.isInterrupted(), "forbidden: the writer keeps its interrupt and spins on parkNanos");
        // Now interrupt it over and over while it writes.
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread interrupter = new Thread(() -> {
            while (!stop.get()) {
                writer.interrupt();
                Thread.yield();
            }
        }, "interrupter");
        interrupter.start();
        final int records = 2_000;
        try {
            for (int i = 0; i < records; i++) {
                log.info().append("n=").append(i).log();
            }
        } finally {
            stop.set(true);
            interrupter.join(5_000);
        }
        assertTrue(service.flush(Duration.ofSeconds(10)), service.metrics().toString());
        service.close();
        final LogMetrics m = service.metrics();
        assertEquals(0, m.writeErrors(), "forbidden: an interrupt broke the sink: " + m);
        assertEquals(records + 1, m.written(), m.toString());
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(records + 1, lines.size(), "forbidden: lines missing from the file");
    }

    @Test
    void anInterruptedProducerBlockedOnAFullQueueParksInsteadOfSpinning() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch writing = new CountDownLatch(1);
        final TestSinks.Capture out = new TestSinks.Capture() {
            @Override
            public void write(final byte[] b, final int off, final int len) {
                writing.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    throw new AssertionError(e);
                }
                super.write(b, off, len);
            }
        };
        final ConcurrentLogService service = capturing(out).capacity(2).whenFullWait().build();
        final Logger log = service.logger("blocked");
        log.info().append("stalls the writer").log();
        assertTrue(writing.await(10, TimeUnit.SECONDS));
        final AtomicBoolean interruptKept = new AtomicBoolean();
        final Thread producer = new Thread(() -> {
            Thread.currentThread().interrupt();
            for (int i = 0; i < 6; i++) {
                log.info().append("blocked ").append(i).log();
            }
            interruptKept.set(Thread.currentThread().isInterrupted());
        }, "interrupted-producer");
        producer.start();
        boolean sawParked = false;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!sawParked && System.nanoTime() < deadline) {
            sawParked = producer.getState() == Thread.State.WAITING && !producer.isInterrupted();
            Thread.onSpinWait();
        }
        release.countDown();
        producer.join(10_000);
        assertFalse(producer.isAlive(), "forbidden: the producer hung");
        assertTrue(sawParked, "forbidden: the interrupted producer never parks (park returns at once while its"
            + " interrupt is set): it busy-spins");
        assertTrue(interruptKept.get(), "forbidden: the producer's interrupt was swallowed");
        assertTrue(service.flush(Duration.ofSeconds(10)));
        service.close();
        assertEquals(7, service.metrics().written(), service.metrics().toString());
    }

    @Test
    void anOversizedLineIsCountedByItsOwnWrite() {
        final TestSinks.Capture out = new TestSinks.Capture() {
            @Override
            public void write(final byte[] b, final int off, final int len) {
                if (len > 100_000) {
                    throw new java.io.UncheckedIOException(new IOException("simulated: line too long"));
                }
                super.write(b, off, len);
            }
        };
        final ConcurrentLogService service = capturing(out).build();
        final Logger log = service.logger("oversized");
        log.info().append("small 1").log();
        assertTrue(service.flush(Duration.ofSeconds(5)));
        log.error().append("huge").exception(new RuntimeException("x".repeat(200_000))).log();
        log.info().append("small 2").log();
        assertTrue(service.flush(Duration.ofSeconds(5)));
        service.close();
        final LogMetrics m = service.metrics();
        assertEquals(1, m.failed(), "forbidden: the oversized line's failed write is not counted as failed: " + m);
        assertEquals(2, m.written(), "forbidden: the oversized line counted as written: " + m);
        assertBalanced(m, 3);
    }

    @Test
    void flushAndCloseCalledOnTheWriterThreadReturnAtOnce() throws Exception {
        final AtomicReference<ConcurrentLogService> self = new AtomicReference<>();
        final AtomicLong flushNanos = new AtomicLong(-1);
        final AtomicLong closeNanos = new AtomicLong(-1);
        final TestSinks.Capture out = new TestSinks.Capture() {
            private int writes;

            @Override
            public void write(final byte[] b, final int off, final int len) {
                final long start = System.nanoTime();
                if (writes == 0) {
                    self.get().flush(Duration.ofSeconds(5));
                    flushNanos.set(System.nanoTime() - start);
                } else if (writes == 1) {
                    self.get().close();
                    closeNanos.set(System.nanoTime() - start);
                }
                writes++;
                super.write(b, off, len);
            }
        };
        final ConcurrentLogService service = capturing(out).closeTimeout(Duration.ofMillis(5_000)).build();
        self.set(service);
        final Logger log = service.logger("callback");
        log.info().append("one").log();
        service.flush(Duration.ofSeconds(10));
        log.info().append("two").log();
        writer(service).join(10_000);
        assertTrue(flushNanos.get() >= 0 && flushNanos.get() < TimeUnit.SECONDS.toNanos(1),
            "forbidden: flush() on the writer thread waits for itself: " + flushNanos.get() + " ns");
        assertTrue(closeNanos.get() >= 0 && closeNanos.get() < TimeUnit.SECONDS.toNanos(1),
            "forbidden: close() on the writer thread joins itself: " + closeNanos.get() + " ns");
        assertFalse(writer(service).isAlive(), "writer still running after close");
        assertTrue(out.closed, "sink not closed");
        assertEquals(2, out.lines().size(), out.text());
    }

    /** A text that logs a record on the same service while it is being appended. */
    private static final class ReentrantText implements CharSequence {
        private final Logger log;
        final AtomicLong nested = new AtomicLong();

        ReentrantText(final Logger log) {
            this.log = log;
        }

        @Override
        public int length() {
            nested.incrementAndGet();
            log.info().append("nested").log();
            return 3;
        }

        @Override
        public char charAt(final int index) {
            return 'a';
        }

        @Override
        public CharSequence subSequence(final int start, final int end) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String toString() {
            return "aaa";
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aReentrantRecordIsCountedAsDropped(final boolean synchronous) {
        final TestSinks.Capture out = new TestSinks.Capture();
        final ConcurrentLogService service = capturing(out).synchronous(synchronous).build();
        final Logger log = service.logger("reentrant");
        final ReentrantText text = new ReentrantText(log);
        log.info().append("outer ").append(text).log();
        service.close();
        final LogMetrics m = service.metrics();
        assertTrue(text.nested.get() > 0);
        assertEquals(1, m.accepted(), m.toString());
        assertEquals(0, m.abandoned(), "forbidden: a re-entrant record counted as a forgotten log(): " + m);
        assertBalanced(m, 1 + text.nested.get());
    }
}
