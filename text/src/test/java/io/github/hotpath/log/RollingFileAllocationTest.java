package io.github.hotpath.log;

import io.github.hotpath.core.AllocationMeter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero bytes per record on the calling thread while the file rolls every few hundred records: the writer thread
 * rolls (and allocates its paths then), the threads that log do not wait for it or allocate for it.
 */
@Tag("allocation")
class RollingFileAllocationTest {
    private static final long OUTSIDE_CACHE = 123_456_789L;

    static Object sink;

    @TempDir
    Path dir;

    private final StringBuilder path = new StringBuilder("/api/v1/orders");
    private ConcurrentLogService service;
    private RollingFile rolling;

    private Logger start() {
        final LogSink file = LogSink.file(dir.resolve("service.log"),
            RollingPolicy.builder().maxFileSize(32 * 1024).keep(2).build());
        rolling = file.rolling();
        service = ConcurrentLogService.builder().sink(file).whenFullWait().shutdownHook(false).build();
        return service.logger("alloc");
    }

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    private void logOne(final Logger log, final int i) {
        log.info().append("req status=").append(100_000 + i).append(" latency=").append(OUTSIDE_CACHE + i)
            .append(" path=").append(path).kv("ratio", 0.5 + i).log();
    }

    private AllocationMeter meter() {
        return AllocationMeter.meter().warmup(20_000).operations(20_000).settle(service::flush);
    }

    @Test
    void loggingWhileTheFileRollsAllocatesNothingOnTheCallingThread() {
        final Logger log = start();
        meter().assertNoAllocation("async record to a rolling file", i -> logOne(log, i));
        final long rollsBefore = rolling.rolls();
        meter().assertNoAllocation("async record to a rolling file", i -> logOne(log, i));
        assertTrue(rolling.rolls() - rollsBefore >= 20, "the file must roll while measured: "
            + (rolling.rolls() - rollsBefore) + " rolls");
        assertEquals(0, service.metrics().dropped() + service.metrics().failed(), service.metrics().toString());
    }

    @Test
    void theSetupCatchesOneBoxedLongPerRecord() {
        // The twin: the same pipeline, plus one boxed Long per record, must fail with exactly that many bytes.
        final Logger log = start();
        final AssertionError e = assertThrows(AssertionError.class,
            () -> meter().assertNoAllocation("rolling record + one box", i -> {
                logOne(log, i);
                sink = Long.valueOf(OUTSIDE_CACHE + i);
            }));
        assertTrue(e.getMessage().contains(AllocationMeter.boxedLongBytes() + ".00 bytes per operation"),
            e.getMessage());
        assertTrue(rolling.rolls() > 0);
    }
}
