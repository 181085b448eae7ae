package io.github.hotpath.log;

import io.github.hotpath.core.AllocationMeter;
import io.github.hotpath.core.junit.AllocationFree;
import io.github.hotpath.core.junit.ZeroAllocationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero bytes per record, on the calling thread and on the writer thread together: the service is a
 * {@link io.github.hotpath.core.BackgroundWork}, so the meter (the {@link ZeroAllocationExtension}'s, with its
 * defaults) counts its writer and waits until the writer has written every record of the round, with no code of the
 * test's. Records carry three primitives outside the boxing caches, a {@code CharSequence} and two key-values, as
 * the issue asks.
 */
@Tag("allocation")
@ExtendWith(ZeroAllocationExtension.class)
class LogAllocationTest {
    private static final long OUTSIDE_CACHE = 123_456_789L;

    static Object sink;

    private final TestSinks.Counting counting = new TestSinks.Counting();
    private final StringBuilder path = new StringBuilder("/api/v1/orders");
    private ConcurrentLogService service;

    private ConcurrentLogService start(final LogFormat format, final boolean synchronous) {
        service = ConcurrentLogService.builder().sink(LogSink.channel(counting)).format(format)
            .synchronous(synchronous).whenFullWait().shutdownHook(false).build();
        return service;
    }

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    private void logOne(final Logger log, final int i) {
        log.info().append("req status=").append(100_000 + i).append(" latency=").append(OUTSIDE_CACHE + i)
            .append(" path=").append(path).kv("ratio", 0.5 + i).kv("user", path).log();
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void anEnabledAsynchronousRecordAllocatesNothingOnCallerAndWriter(final LogFormat format,
        final AllocationMeter meter) {
        final ConcurrentLogService s = start(format, false);
        final Logger log = s.logger("alloc");
        meter.alsoBackground(s).assertNoAllocation("async " + format + " record", i -> logOne(log, i));
        assertEquals(0, s.metrics().dropped(), "waiting must not drop");
        assertEquals(s.metrics().accepted(), s.metrics().written(), s.metrics().toString());
        assertTrue(counting.bytes > 0 && counting.writes < s.metrics().written() / 4,
            "batches must gather many records per write call: " + counting.writes + " writes for "
                + s.metrics().written() + " records");
    }

    /** A record larger than a buffer's small arrays (RecordBuffer, Storage): it moves to the full-size ones. */
    private void logLarge(final Logger log, final int i) {
        log.info().append("a message longer than the small arrays of a record buffer, ").append(path)
            .append(" and then some more words, so that the text alone outgrows them: ").append(OUTSIDE_CACHE + i)
            .kv("a", i).kv("b", 1L + i).kv("c", 0.25 + i).kv("d", path).kv("e", i).kv("f", i).kv("g", i).kv("h", i)
            .kv("i", i).log();
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void aRecordLargerThanTheSmallArraysAllocatesNothingOnCallerAndWriter(final LogFormat format,
        final AllocationMeter meter) {
        final ConcurrentLogService s = start(format, false);
        final Logger log = s.logger("alloc");
        meter.alsoBackground(s).assertNoAllocation("async " + format + " large record", i -> logLarge(log, i));
        assertEquals(0, s.metrics().dropped(), "waiting must not drop");
        assertEquals(s.metrics().accepted(), s.metrics().written(), s.metrics().toString());
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void anEnabledSynchronousRecordAllocatesNothing(final LogFormat format, final AllocationMeter meter) {
        final ConcurrentLogService s = start(format, true);
        final Logger log = s.logger("alloc");
        meter.alsoBackground(s).assertNoAllocation("sync " + format + " record", i -> logOne(log, i));
        assertEquals(s.metrics().accepted(), s.metrics().written(), s.metrics().toString());
    }

    @Test
    void aRecordThatWaitsForRoomAllocatesNothingOnCallerAndWriter(final AllocationMeter meter) {
        // A small ring and a sink that takes 20 µs per batch: nearly every record finds the ring full and waits
        // (ticket, untimed park, the writer's admission and unpark).
        service = ConcurrentLogService.builder().sink(LogSink.channel(new RingWaitFairnessTest.SlowChannel()))
            .format(LogFormat.JSON).capacity(4).whenFullWait().shutdownHook(false).build();
        final Logger log = service.logger("alloc");
        meter.alsoBackground(service).operations(10_000).assertNoAllocation("async record waiting for room",
            i -> logOne(log, i));
        final LogMetrics m = service.metrics();
        assertEquals(0, m.dropped(), "waiting must not drop: " + m);
        assertTrue(TestServices.waiters(service).ticketsIssued() > m.accepted() / 8,
            "records hardly waited; the test proves nothing: " + TestServices.waiters(service).ticketsIssued()
                + " waits for " + m.accepted() + " records");
    }

    @Test
    void theWaitingSetupCatchesOneBoxedLongPerRecord(final AllocationMeter meter) {
        // The waiting test's twin: the same waits, plus one boxed Long per record, must fail with exactly that.
        service = ConcurrentLogService.builder().sink(LogSink.channel(new RingWaitFairnessTest.SlowChannel()))
            .format(LogFormat.JSON).capacity(4).whenFullWait().shutdownHook(false).build();
        final Logger log = service.logger("alloc");
        final AssertionError e = assertThrows(AssertionError.class,
            () -> meter.alsoBackground(service).operations(10_000).assertNoAllocation("waiting record + one box",
                i -> {
                    logOne(log, i);
                    sink = Long.valueOf(OUTSIDE_CACHE + i);
                }));
        assertTrue(e.getMessage().contains(AllocationMeter.boxedLongBytes() + ".00 bytes per operation"),
            e.getMessage());
    }

    @AllocationFree
    void aDisabledCallAllocatesNothing(final AllocationMeter meter) {
        final ConcurrentLogService s = start(LogFormat.PLAIN, false);
        final Logger log = s.logger("alloc");
        log.level(Level.WARN);
        meter.alsoBackground(s).assertNoAllocation("disabled record", i -> logOne(log, i));
        assertEquals(0, s.metrics().accepted());
    }

    @Test
    void theSetupCatchesOneBoxedLongPerRecord(final AllocationMeter meter) {
        // The twin: the same pipeline, plus one boxed Long per record, must fail with exactly that many bytes.
        final ConcurrentLogService s = start(LogFormat.JSON, false);
        final Logger log = s.logger("alloc");
        final AssertionError e = assertThrows(AssertionError.class,
            () -> meter.alsoBackground(s).assertNoAllocation("async record + one box", i -> {
                logOne(log, i);
                sink = Long.valueOf(OUTSIDE_CACHE + i);
            }));
        assertTrue(e.getMessage().contains(AllocationMeter.boxedLongBytes() + ".00 bytes per operation"),
            e.getMessage());
    }

    @Test
    void theMeterSeesTheWritersAllocation(final AllocationMeter meter) {
        // A record with a throwable allocates on the writer (stack trace printing): the meter must see it there.
        final ConcurrentLogService s = start(LogFormat.PLAIN, false);
        final Logger log = s.logger("alloc");
        final RuntimeException thrown = new RuntimeException("x");
        final AllocationMeter.Measurement m = meter.alsoBackground(s).warmup(200).operations(200)
            .measure(i -> log.error().append("failed").exception(thrown).log());
        assertTrue(m.bytesPerOperation() > 100, "the writer's stack-trace allocation was not counted: " + m);
    }
}
