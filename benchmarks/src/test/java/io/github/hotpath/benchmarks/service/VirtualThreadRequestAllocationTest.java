package io.github.hotpath.benchmarks.service;

import io.github.hotpath.core.AllocationMeter;
import io.github.hotpath.core.BackgroundWork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole hotpath request, thread-per-request on virtual threads (JDK 21+; skipped on 17), allocates nothing above
 * a no-op request served the same way: each request on a new virtual thread, at most 256 in flight
 * ({@link VirtualThreadLoad}), and allocation read over the whole JVM, after the service has done the batch's
 * background work: the carriers the requests ran on, the side-job workers, the log writer, this thread, and any
 * thread that starts during a batch.
 *
 * <p>The one exclusion, read thread by thread and subtracted: the test runner's platform threads, alive before a batch
 * in the application's thread group and none of those (Surefire's stream flusher allocates 104 B every few tens of
 * milliseconds, which the whole-JVM total counted into most batches; JUnit's timeout thread). Every thread of the JDK
 * stays counted: the carriers and the scheduler's timer thread (thread group {@code CarrierThreads}: a request's timed
 * park allocates there when its timer fires), the virtual-thread unparker or unblocker, the cleaner, the reference
 * handler. A virtual thread's allocation lands on its carrier, so nothing a request does can hide in what is
 * excluded.
 *
 * <p>Rounds: each round runs a batch of no-op requests, then a batch of handler requests. A new virtual thread costs
 * the JDK a fixed number of bytes (336 on JDK 25), the same in both batches; a request's own allocation, even one
 * object per request, shows in every handler batch. The test compares the smallest handler batch with the smallest
 * no-op batch, as the core meter takes the smallest of its rounds: they must be equal to the byte. No tolerance.
 *
 * <p>Why batches run in chunks of {@value #CHUNK} requests, settled in between: fewer than the service's side-job and
 * log queues hold ({@link HotpathService#QUEUED_PER_REQUEST} per request in flight), so no request ever finds the
 * pool or the log full (its contexts and open log entries are sized for every request in flight). A virtual thread
 * that waits for room parks, and parking allocates in the JDK (its stack chunk, a timed park's timer task): a cost
 * of back-pressure, not of the request, which {@code VirtualThreadSubmitAllocationTest} measures for the worker pool
 * and {@code benchmarks/loadrun --virtual} shows under sustained load. Without chunks, the 2 shared cores of a CI
 * machine starve the background threads now and then, and such waits land in most batches.
 */
@Tag("allocation")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class VirtualThreadRequestAllocationTest {
    private static final int DISTINCT_REQUESTS = 1024;
    private static final int IN_FLIGHT = HotpathService.IN_FLIGHT;
    private static final int WARMUP_CHUNKS = 200;
    private static final int CHUNK = 500;
    private static final int CHUNKS_PER_BATCH = 40;
    private static final int REQUESTS_PER_BATCH = CHUNK * CHUNKS_PER_BATCH;
    private static final int ROUNDS = 7;
    private static final long FIRST = 123_456_789L;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

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

    /**
     * Runs one batch in chunks, settling the background work after each; returns the bytes the JVM allocated
     * meanwhile, less those of the unrelated threads, or {@code Long.MAX_VALUE} if one of those ended meanwhile
     * (its bytes would then be in the total, and no longer readable on their own).
     */
    private static long batch(final VirtualThreadLoad load, final VirtualThreadLoad.Handler handler,
        final Request[] traffic, final int chunks, final BackgroundWork... work) throws InterruptedException {
        final long[] unrelated = unrelatedThreadIds(work);
        // The runner's threads are read inside the whole-JVM window, never around it: what they allocate between two
        // reads then adds to the batch (a round the smallest batch discards) and never takes from it. Read the other
        // way round, one no-op batch came out 32 B smaller than all the others (JDK 25): most likely a runner thread
        // allocating between the two reads.
        final long before = VirtualThreadLoad.totalAllocatedBytes();
        final long unrelatedBefore = bytes(unrelated);
        for (int c = 0; c < chunks; c++) {
            load.run(handler, traffic, (long) c * CHUNK, CHUNK);
            for (final BackgroundWork w : work) {
                if (!w.awaitSettled(SETTLE)) {
                    throw new AssertionError("background work did not settle in " + SETTLE);
                }
            }
        }
        final long unrelatedAfter = bytes(unrelated);
        final long total = VirtualThreadLoad.totalAllocatedBytes() - before;
        return unrelatedBefore < 0 || unrelatedAfter < 0 ? Long.MAX_VALUE : total - (unrelatedAfter - unrelatedBefore);
    }

    /**
     * The test runner's live platform threads: those in this thread's group (the application's, where Surefire and
     * JUnit start theirs) other than this one and the background work's threads. The JDK's threads are in groups of
     * their own ({@code system}, {@code CarrierThreads}, {@code InnocuousThreadGroup}) and stay counted.
     */
    private static long[] unrelatedThreadIds(final BackgroundWork... work) {
        final Set<Thread> related = new HashSet<>();
        related.add(Thread.currentThread());
        for (final BackgroundWork w : work) {
            related.addAll(w.backgroundThreads());
        }
        final ThreadGroup runners = Thread.currentThread().getThreadGroup();
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !related.contains(t) && t.getThreadGroup() == runners)
            .mapToLong(VirtualThreadRequestAllocationTest::id).toArray();
    }

    @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; the tests compile for 17.
    private static long id(final Thread t) {
        return t.getId();
    }

    /** The threads' bytes, with the single-id form that allocates nothing; -1 if one of them has ended. */
    private static long bytes(final long[] threadIds) {
        long sum = 0;
        for (final long id : threadIds) {
            final long b = THREADS.getThreadAllocatedBytes(id);
            if (b < 0) {
                return -1;
            }
            sum += b;
        }
        return sum;
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
