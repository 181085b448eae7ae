package io.github.hotpath.benchmarks.service;

import io.github.hotpath.core.AllocationMeter;
import io.github.hotpath.core.BackgroundWork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole hotpath request, thread-per-request on virtual threads (JDK 21+; skipped on 17), allocates nothing above
 * a no-op request served the same way: each request on a new virtual thread, at most 256 in flight
 * ({@link VirtualThreadLoad}), and allocation read over every thread of the JVM (the carriers the requests ran on,
 * the side-job workers, the log writer, and any other), after the service has done the batch's background work.
 *
 * <p>Rounds: each round runs a batch of no-op requests, then a batch of handler requests. A new virtual thread costs
 * the JDK a fixed number of bytes (336 on JDK 25), the same in both batches; a request's own allocation, even one
 * object per request, shows in every handler batch. The whole-JVM counter also counts threads unrelated to the
 * requests (the test runner's, the JIT's), whose rare one-offs land in some batch, so the test compares the smallest
 * handler batch with the smallest no-op batch: they must be equal to the byte. No tolerance.
 *
 * <p>Why batches run in chunks of {@value #CHUNK} requests, settled in between: fewer than the worker pool's 1,024
 * jobs and the log's 1,024 slots, so no request ever finds the pool or the log full. A virtual thread that waits for
 * room parks, and parking allocates in the JDK (its stack chunk, a timed park's timer task): a cost of back-pressure,
 * not of the request, which {@code VirtualThreadSubmitAllocationTest} measures for the worker pool and
 * {@code benchmarks/loadrun --virtual} shows under sustained load. Without chunks, the 2 shared cores of a CI machine
 * starve the background threads now and then, and such waits land in most batches.
 */
@Tag("allocation")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class VirtualThreadRequestAllocationTest {
    private static final int DISTINCT_REQUESTS = 1024;
    private static final int IN_FLIGHT = 256;
    private static final int WARMUP_CHUNKS = 200;
    private static final int CHUNK = 500;
    private static final int CHUNKS_PER_BATCH = 40;
    private static final int REQUESTS_PER_BATCH = CHUNK * CHUNKS_PER_BATCH;
    private static final int ROUNDS = 7;
    private static final long FIRST = 123_456_789L;
    private static final Duration SETTLE = Duration.ofSeconds(30);

    static volatile Object sink;

    /** What the rounds saw: each batch's bytes over the whole JVM. */
    private record Rounds(long[] noOp, long[] handler) {
        long aboveNoOp() {
            return Arrays.stream(handler).min().orElseThrow() - Arrays.stream(noOp).min().orElseThrow();
        }

        @Override
        public String toString() {
            return aboveNoOp() + " B over " + REQUESTS_PER_BATCH + " requests above the no-op requests (smallest "
                + "batch of each); handler batches " + Arrays.toString(handler) + ", no-op batches "
                + Arrays.toString(noOp);
        }
    }

    /** Runs one batch in chunks, settling the background work after each; returns the JVM's bytes meanwhile. */
    private static long batch(final VirtualThreadLoad load, final VirtualThreadLoad.Handler handler,
        final Request[] traffic, final int chunks, final BackgroundWork... work) throws InterruptedException {
        final long before = VirtualThreadLoad.totalAllocatedBytes();
        for (int c = 0; c < chunks; c++) {
            load.run(handler, traffic, (long) c * CHUNK, CHUNK);
            for (final BackgroundWork w : work) {
                if (!w.awaitSettled(SETTLE)) {
                    throw new AssertionError("background work did not settle in " + SETTLE);
                }
            }
        }
        return VirtualThreadLoad.totalAllocatedBytes() - before;
    }

    private static Rounds measure(final VirtualThreadLoad.Handler handler, final BackgroundWork... work)
        throws InterruptedException {
        final Request[] traffic = Requests.generate(DISTINCT_REQUESTS, 7);
        final VirtualThreadLoad load = new VirtualThreadLoad(IN_FLIGHT);
        batch(load, handler, traffic, WARMUP_CHUNKS, work);
        batch(load, VirtualThreadLoad.NO_OP, traffic, WARMUP_CHUNKS, work);
        final long[] noOp = new long[ROUNDS];
        final long[] handled = new long[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            noOp[r] = batch(load, VirtualThreadLoad.NO_OP, traffic, CHUNKS_PER_BATCH, work);
            handled[r] = batch(load, handler, traffic, CHUNKS_PER_BATCH, work);
        }
        return new Rounds(noOp, handled);
    }

    @Test
    void aRequestOnItsOwnVirtualThreadAllocatesNothingAboveANoOpRequest() throws Exception {
        assumeTrue(VirtualThreadLoad.unavailableReason() == null, VirtualThreadLoad::unavailableReason);
        try (HotpathService service = new HotpathService("/dev/null")) {
            final HotpathHandler handler = service.handler();
            final Rounds rounds = measure(handler::handle, service.audits(), service.logs());
            assertEquals(0, rounds.aboveNoOp(), "the hotpath request on virtual threads, whole JVM: " + rounds);
        }
    }

    @Test
    void twinSeesOneBoxedLongPerRequestOnAVirtualThread() throws Exception {
        assumeTrue(VirtualThreadLoad.unavailableReason() == null, VirtualThreadLoad::unavailableReason);
        try (HotpathService service = new HotpathService("/dev/null")) {
            final HotpathHandler handler = service.handler();
            final Rounds rounds = measure((request, out) -> {
                sink = Long.valueOf(FIRST + request.headerCount());
                return handler.handle(request, out);
            }, service.audits(), service.logs());
            assertEquals(REQUESTS_PER_BATCH * AllocationMeter.boxedLongBytes(), rounds.aboveNoOp(),
                "one boxed Long per request, and nothing else: " + rounds);
        }
    }

    @Test
    void twoDifferentNoOpRequestsMeasureTheSame() throws Exception {
        // The baseline is exact: a request that does something that allocates nothing measures as the no-op does.
        assumeTrue(VirtualThreadLoad.unavailableReason() == null, VirtualThreadLoad::unavailableReason);
        final Rounds rounds = measure((request, out) -> request.headerCount());
        assertEquals(0, rounds.aboveNoOp(), rounds::toString);
        assertTrue(Arrays.stream(rounds.noOp()).min().orElseThrow() > 0, "a virtual thread costs the JDK bytes");
    }
}
