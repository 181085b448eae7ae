package io.github.hotpath.benchmarks.service;

import io.github.hotpath.core.AllocationMeter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole request allocates nothing: the calling thread, both side-job workers and the logger's writer thread
 * are metered together, after a warm-up, and the settle step waits until the side jobs have run and the log lines
 * are written.
 */
@Tag("allocation")
class HotpathHandlerAllocationTest {
    private static final int DISTINCT_REQUESTS = 1024;

    @Test
    void aRequestAllocatesNothingOnTheCallerTheWorkersOrTheLogWriter() throws Exception {
        final Request[] requests = Requests.generate(DISTINCT_REQUESTS, 7);
        final ByteBuffer out = ByteBuffer.allocate(64 * 1024);
        try (HotpathService service = new HotpathService("/dev/null")) {
            final HotpathHandler handler = service.handler();
            // A long warm-up: the request path crosses four threads, and until C2 has compiled each one's loop a
            // round can catch a one-off allocation of the interpreter (seen: 72-416 bytes once, on a worker or the
            // writer). More rounds for the same reason; a steady allocation, even one byte per request, still
            // shows in every round.
            AllocationMeter.meter().warmup(200_000).operations(20_000).rounds(7)
                .alsoThreads(service.backgroundThreads())
                .settle(service::drain)
                .assertNoAllocation("HotpathHandler.handle", i -> {
                    out.clear();
                    handler.handle(requests[i & (DISTINCT_REQUESTS - 1)], out);
                });
        }
    }

    @Test
    void theSameMeterSeesTheNaiveHandlersAllocation() throws Exception {
        // The twin: the same set-up, metering the naive handler and its executor threads, must see its garbage.
        final Request[] requests = Requests.generate(DISTINCT_REQUESTS, 7);
        try (NaiveService service = new NaiveService("/dev/null")) {
            final NaiveHandler handler = service.handler();
            final AllocationMeter.Measurement m = AllocationMeter.meter().warmup(20_000).operations(10_000)
                .settle(service::drain)
                .measure(i -> handler.handle(requests[i & (DISTINCT_REQUESTS - 1)]));
            assertTrue(m.bytesPerOperation() > 500, "the naive handler must show its allocation: " + m);
        }
    }
}
