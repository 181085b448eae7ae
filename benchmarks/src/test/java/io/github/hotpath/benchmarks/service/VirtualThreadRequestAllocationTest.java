package io.github.hotpath.benchmarks.service;

import io.github.hotpath.core.AllocationMeter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole hotpath request, thread-per-request on virtual threads (JDK 21+; skipped on 17), allocates nothing
 * above a no-op request served the same way: each request on a new virtual thread, at most 256 in flight
 * ({@link VirtualThreadLoad}), and allocation read over every thread of the JVM (the carriers the requests ran on,
 * the side-job workers, the log writer, and any other), after the service has done each batch's background work.
 *
 * <p>Rounds: each round runs a batch of no-op requests, then a batch of handler requests. A new virtual thread costs
 * the JDK a fixed number of bytes, the same in both batches; a request's own allocation, even one object per
 * request, shows in every handler batch. The whole-JVM counter also counts threads unrelated to the requests (the
 * test runner's, the JIT's), whose one-offs land in one batch now and then, so the test compares the smallest handler
 * batch with the smallest no-op batch: they must be equal to the byte.
 */
@Tag("allocation")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class VirtualThreadRequestAllocationTest {
    private static final int DISTINCT_REQUESTS = 1024;
    private static final int IN_FLIGHT = 256;
    private static final int WARMUP = 200_000;
    private static final int REQUESTS_PER_BATCH = 20_000;
    private static final int ROUNDS = 7;
    private static final long FIRST = 123_456_789L;

    static volatile Object sink;

    /** What the rounds saw: each batch's bytes over the whole JVM. */
    private record Rounds(long[] noOp, long[] handler) {
        long smallestNoOp() {
            return Arrays.stream(noOp).min().orElseThrow();
        }

        long smallestHandler() {
            return Arrays.stream(handler).min().orElseThrow();
        }

        long aboveNoOp() {
            return smallestHandler() - smallestNoOp();
        }

        @Override
        public String toString() {
            return "smallest handler batch " + smallestHandler() + " B - smallest no-op batch " + smallestNoOp()
                + " B = " + aboveNoOp() + " B over " + REQUESTS_PER_BATCH + " requests; handler batches "
                + Arrays.toString(handler) + ", no-op batches " + Arrays.toString(noOp);
        }
    }

    private static Rounds measure(final VirtualThreadLoad.Handler handler, final Runnable settle) {
        final Request[] traffic = Requests.generate(DISTINCT_REQUESTS, 7);
        final VirtualThreadLoad load = new VirtualThreadLoad(IN_FLIGHT);
        load.run(handler, traffic, WARMUP);
        load.run(VirtualThreadLoad.NO_OP, traffic, WARMUP);
        settle.run();
        final long[] noOp = new long[ROUNDS];
        final long[] handled = new long[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            final long b0 = VirtualThreadLoad.totalAllocatedBytes();
            load.run(VirtualThreadLoad.NO_OP, traffic, REQUESTS_PER_BATCH);
            settle.run();
            final long b1 = VirtualThreadLoad.totalAllocatedBytes();
            load.run(handler, traffic, REQUESTS_PER_BATCH);
            settle.run();
            final long b2 = VirtualThreadLoad.totalAllocatedBytes();
            noOp[r] = b1 - b0;
            handled[r] = b2 - b1;
        }
        return new Rounds(noOp, handled);
    }

    @Test
    void aRequestOnItsOwnVirtualThreadAllocatesNothingAboveANoOpRequest() throws Exception {
        assumeTrue(VirtualThreadLoad.unavailableReason() == null, "needs JDK 21+: "
            + VirtualThreadLoad.unavailableReason());
        try (HotpathService service = new HotpathService("/dev/null")) {
            final HotpathHandler handler = service.handler();
            final Rounds rounds = measure(handler::handle, service::drain);
            System.out.println("hotpath on virtual threads: " + rounds);
            assertEquals(0, rounds.aboveNoOp(), "the hotpath request on virtual threads, whole JVM: " + rounds);
        }
    }

    @Test
    void twinSeesOneBoxedLongPerRequestOnAVirtualThread() throws Exception {
        assumeTrue(VirtualThreadLoad.unavailableReason() == null, "needs JDK 21+: "
            + VirtualThreadLoad.unavailableReason());
        try (HotpathService service = new HotpathService("/dev/null")) {
            final HotpathHandler handler = service.handler();
            final Rounds rounds = measure((request, out) -> {
                sink = Long.valueOf(FIRST + request.headerCount());
                return handler.handle(request, out);
            }, service::drain);
            System.out.println("twin on virtual threads: " + rounds);
            assertTrue(rounds.aboveNoOp() >= REQUESTS_PER_BATCH * AllocationMeter.boxedLongBytes(),
                "one boxed Long per request must show: " + rounds);
        }
    }

    @Test
    void noOpVsNoOp() throws Exception {
        assumeTrue(VirtualThreadLoad.unavailableReason() == null);
        final Rounds rounds = measure((request, out) -> request.headerCount(), () -> { });
        System.out.println("no-op vs no-op: " + rounds);
    }
}
