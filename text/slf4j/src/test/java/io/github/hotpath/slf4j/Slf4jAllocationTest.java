package io.github.hotpath.slf4j;

import io.github.hotpath.core.AllocationMeter;
import io.github.hotpath.log.ConcurrentLogService;
import io.github.hotpath.log.Level;
import io.github.hotpath.log.LogFormat;
import io.github.hotpath.log.LogSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.io.OutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the provider adds above SLF4J's own boxing: nothing. The arguments are boxed once, outside the measured
 * operation (SLF4J's signatures make the caller box; that is the caller's cost, not the provider's).
 */
@Tag("allocation")
class Slf4jAllocationTest {
    private static final Long LATENCY = 123_456_789L;
    private static final Double RATIO = 0.123_456;

    static Object sink;

    private final StringBuilder path = new StringBuilder("/api/v1/orders");
    private final ThreadLocalMdcAdapter mdc = new ThreadLocalMdcAdapter();
    private ConcurrentLogService service;

    private Logger start() {
        service = ConcurrentLogService.builder().sink(LogSink.outputStream(OutputStream.nullOutputStream()))
            .format(LogFormat.JSON).shutdownHook(false).build();
        mdc.put("requestId", "r-123456");
        return new Slf4jLoggerFactory(service, mdc).getLogger("com.acme.Alloc");
    }

    private AllocationMeter meter() {
        return AllocationMeter.meter().warmup(20_000).operations(20_000).settle(service::flush)
            .alsoThreads(service.backgroundThreads().toArray(new Thread[0]));
    }

    @AfterEach
    void close() {
        mdc.clear();
        if (service != null) {
            service.close();
        }
    }

    @Test
    void anEnabledCallWithPlaceholdersAndMdcAllocatesNothingOnCallerAndWriter() {
        final Logger log = start();
        meter().assertNoAllocation("slf4j info", i -> log.info("req latency={} ratio={} path={}", LATENCY, RATIO));
        meter().assertNoAllocation("slf4j info, text argument", i -> log.warn("req path={} latency={}", path,
            LATENCY));
        assertEquals(0, service.metrics().dropped());
        assertEquals(service.metrics().accepted(), service.metrics().written());
    }

    @Test
    void theVarargsCallOfLoggerBenchmarkAddsNothingToTheCallersBoxesAndArray() {
        // LoggerBenchmark.hotpath_slf4j's call: three numbers, which SLF4J makes the caller box into an Object[3].
        // Boxed and gathered once here, so that what is measured is the provider's share alone.
        final Logger log = start();
        final Object[] args = {123_456, LATENCY, RATIO};
        meter().assertNoAllocation("slf4j info, three arguments",
            i -> log.info("req status={} latency={} ratio={}", args));
        assertEquals(0, service.metrics().dropped());
    }

    @Test
    void aDisabledCallAllocatesNothing() {
        final Logger log = start();
        service.level("com.acme", Level.ERROR);
        meter().assertNoAllocation("slf4j disabled", i -> log.info("req latency={} ratio={}", LATENCY, RATIO));
        assertEquals(0, service.metrics().accepted());
    }

    @Test
    void theSetupCatchesOneBoxedLongPerCall() {
        final Logger log = start();
        final AssertionError e = assertThrows(AssertionError.class, () -> meter().assertNoAllocation(
            "slf4j info + one box", i -> {
                log.info("req latency={} ratio={}", LATENCY, RATIO);
                sink = Long.valueOf(123_456_789L + i);
            }));
        assertTrue(e.getMessage().contains("bytes per operation"), e.getMessage());
    }
}
