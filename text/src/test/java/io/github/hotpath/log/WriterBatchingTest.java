package io.github.hotpath.log;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer gathers records that arrive a little apart into one sink call, and still writes a lone record promptly
 * without a {@code flush()}.
 */
class WriterBatchingTest {
    @Test
    void aLoneRecordIsWrittenWithoutAFlush() throws Exception {
        final TestSinks.Counting sink = new TestSinks.Counting();
        try (ConcurrentLogService logs = ConcurrentLogService.builder().sink(LogSink.channel(sink))
            .shutdownHook(false).build()) {
            logs.logger("lone").info().append("one record").log();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (sink.writes == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(1, sink.writes, "the record is written once the writer has idled, with no flush");
            assertEquals(1, logs.metrics().written());
        }
    }

    @Test
    void recordsAFewMicrosecondsApartShareSinkCalls() {
        final TestSinks.Counting sink = new TestSinks.Counting();
        try (ConcurrentLogService logs = ConcurrentLogService.builder().sink(LogSink.channel(sink))
            .shutdownHook(false).build()) {
            final Logger log = logs.logger("trickle");
            final int records = 20_000;
            for (int i = 0; i < records; i++) {
                log.info().append("record ").append(i).log();
                final long until = System.nanoTime() + 2_000; // a producer slower than the writer
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            logs.flush();
            assertEquals(records, logs.metrics().written());
            assertTrue(sink.writes < records / 20, // one call per record or two without the linger
                "a writer faster than its producer still gathers records: " + sink.writes + " sink calls for "
                    + records + " records");
        }
    }
}
