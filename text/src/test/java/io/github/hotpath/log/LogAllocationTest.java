package io.github.hotpath.log;

import io.github.hotpath.core.AllocationMeter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero bytes per record, on the calling thread and on the writer thread together: the meter counts both, and its
 * settle action waits (without allocating) until the writer has written every record of the round. Records carry
 * three primitives outside the boxing caches, a {@code CharSequence} and two key-values, as the issue asks.
 */
@Tag("allocation")
class LogAllocationTest {
    private static final long OUTSIDE_CACHE = 123_456_789L;
    private static final int WARMUP = 20_000;
    private static final int OPERATIONS = 20_000;

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

    private AllocationMeter meter(final ConcurrentLogService s) {
        final AllocationMeter m = AllocationMeter.meter().warmup(WARMUP).operations(OPERATIONS).settle(s::flush);
        return m.alsoThreads(s.backgroundThreads().toArray(new Thread[0]));
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void anEnabledAsynchronousRecordAllocatesNothingOnCallerAndWriter(final LogFormat format) {
        final ConcurrentLogService s = start(format, false);
        final Logger log = s.logger("alloc");
        meter(s).assertNoAllocation("async " + format + " record", i -> logOne(log, i));
        assertEquals(0, s.metrics().dropped(), "waiting must not drop");
        assertEquals(s.metrics().accepted(), s.metrics().written(), s.metrics().toString());
        assertTrue(counting.bytes > 0 && counting.writes < s.metrics().written() / 4,
            "batches must gather many records per write call: " + counting.writes + " writes for "
                + s.metrics().written() + " records");
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void anEnabledSynchronousRecordAllocatesNothing(final LogFormat format) {
        final ConcurrentLogService s = start(format, true);
        final Logger log = s.logger("alloc");
        meter(s).assertNoAllocation("sync " + format + " record", i -> logOne(log, i));
        assertEquals(s.metrics().accepted(), s.metrics().written(), s.metrics().toString());
    }

    @Test
    void aDisabledCallAllocatesNothing() {
        final ConcurrentLogService s = start(LogFormat.PLAIN, false);
        final Logger log = s.logger("alloc");
        log.level(Level.WARN);
        meter(s).assertNoAllocation("disabled record", i -> logOne(log, i));
        assertEquals(0, s.metrics().accepted());
    }

    @Test
    void theSetupCatchesOneBoxedLongPerRecord() {
        // The twin: the same pipeline, plus one boxed Long per record, must fail with exactly that many bytes.
        final ConcurrentLogService s = start(LogFormat.JSON, false);
        final Logger log = s.logger("alloc");
        final AssertionError e = assertThrows(AssertionError.class,
            () -> meter(s).assertNoAllocation("async record + one box", i -> {
                logOne(log, i);
                sink = Long.valueOf(OUTSIDE_CACHE + i);
            }));
        assertTrue(e.getMessage().contains(boxedLongBytes() + ".00 bytes per operation"), e.getMessage());
    }

    @Test
    void theSettleActionSeesTheWritersAllocation() {
        // A record with a throwable allocates on the writer (stack trace printing): the meter must see it there.
        final ConcurrentLogService s = start(LogFormat.PLAIN, false);
        final Logger log = s.logger("alloc");
        final RuntimeException thrown = new RuntimeException("x");
        final AllocationMeter.Measurement m = meter(s).warmup(200).operations(200)
            .measure(i -> log.error().append("failed").exception(thrown).log());
        assertTrue(m.bytesPerOperation() > 100, "the writer's stack-trace allocation was not counted: " + m);
    }

    private static long boxedLongBytes() {
        try {
            final com.sun.management.HotSpotDiagnosticMXBean bean = java.lang.management.ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Boolean.parseBoolean(bean.getVMOption("UseCompactObjectHeaders").getValue()) ? 16 : 24;
        } catch (final IllegalArgumentException noSuchFlag) {
            return 24;
        }
    }
}
