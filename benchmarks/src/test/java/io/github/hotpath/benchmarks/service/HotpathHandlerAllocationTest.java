package io.github.hotpath.benchmarks.service;

import io.github.hotpath.core.AllocationMeter;
import io.github.hotpath.core.junit.AllocationFree;
import io.github.hotpath.core.junit.ZeroAllocationExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole request allocates nothing, written as a user would write it in their own build: the article's hotpath
 * handler with its worker pool and async logger, {@link AllocationFree} with the extension's default settings,
 * nothing tuned. The meter settles and meters the service's background components itself (the side-job workers
 * and the log writer), so the calling thread, both workers and the writer are counted together.
 *
 * <p>The twins run the same service with the same defaults and must fail: one boxed {@code Long} per request, and
 * one {@code byte[16]} per 1,000 requests (0.032 B per request, the finer case a flaky meter would miss). The class
 * is tagged {@code allocation} so that the twins, too, run again under {@code -XX:-DoEscapeAnalysis}.
 */
@Tag("allocation")
@ExtendWith(ZeroAllocationExtension.class)
class HotpathHandlerAllocationTest {
    private static final int DISTINCT_REQUESTS = 1024;
    private static final long FIRST = 123_456_789L;

    static volatile Object sink;

    private final Request[] requests = Requests.generate(DISTINCT_REQUESTS, 7);
    private final ByteBuffer out = ByteBuffer.allocate(64 * 1024);

    /** The meter a user gives the service: its background components, nothing else. */
    private static AllocationMeter overTheService(final AllocationMeter meter, final HotpathService service) {
        return meter.alsoBackground(service.logs(), service.audits());
    }

    @AllocationFree
    void aRequestAllocatesNothingOnTheCallerTheWorkersOrTheLogWriter(final AllocationMeter meter) throws Exception {
        try (HotpathService service = new HotpathService("/dev/null")) {
            final HotpathHandler handler = service.handler();
            overTheService(meter, service).assertNoAllocation("HotpathHandler.handle",
                i -> handler.handle(requests[i & (DISTINCT_REQUESTS - 1)], out.clear()));
        }
    }

    @Test
    void twinCatchesOneBoxedLongPerRequest(final AllocationMeter meter) throws Exception {
        try (HotpathService service = new HotpathService("/dev/null")) {
            final HotpathHandler handler = service.handler();
            final AssertionError e = assertThrows(AssertionError.class,
                () -> overTheService(meter, service).assertNoAllocation("handle + a boxed Long", i -> {
                    handler.handle(requests[i & (DISTINCT_REQUESTS - 1)], out.clear());
                    sink = Long.valueOf(FIRST + i);
                }));
            assertTrue(e.getMessage().contains(String.format(Locale.ROOT, "%.2f bytes per operation",
                (double) AllocationMeter.boxedLongBytes())), e.getMessage());
        }
    }

    @Test
    void twinCatchesOneByteArrayPerThousandRequests(final AllocationMeter meter) throws Exception {
        try (HotpathService service = new HotpathService("/dev/null")) {
            final HotpathHandler handler = service.handler();
            final AssertionError e = assertThrows(AssertionError.class,
                () -> overTheService(meter, service).assertNoAllocation("handle + a byte[16] per 1,000", i -> {
                    handler.handle(requests[i & (DISTINCT_REQUESTS - 1)], out.clear());
                    if (i % 1_000 == 0) {
                        sink = new byte[16];
                    }
                }));
            assertTrue(e.getMessage().contains("0.0320 bytes per operation"), e.getMessage());
        }
    }

    @Test
    void theSameMeterSeesTheNaiveHandlersAllocation(final AllocationMeter meter) throws Exception {
        // The same meter, over the naive handler, must see its garbage (a few kilobytes a request: one short round).
        try (NaiveService service = new NaiveService("/dev/null")) {
            final NaiveHandler handler = service.handler();
            final AllocationMeter.Measurement m = meter.operations(10_000).rounds(1).settle(service::drain)
                .measure(i -> handler.handle(requests[i & (DISTINCT_REQUESTS - 1)]));
            assertTrue(m.bytesPerOperation() > 500, "the naive handler must show its allocation: " + m);
        }
    }
}
