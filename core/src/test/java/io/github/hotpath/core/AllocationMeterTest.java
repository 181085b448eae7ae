package io.github.hotpath.core;

import io.github.hotpath.core.junit.AllocationFree;
import io.github.hotpath.core.junit.ZeroAllocationExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The meter must see the bytes it claims to see: these are the twins that every "0 bytes" test in hotpath relies
 * on. Each allocation is stored in a field, so that it escapes and no JIT can remove it. The tests take their meter
 * from the {@link ZeroAllocationExtension}, as users' tests do; the claims of "nothing" are {@link AllocationFree}.
 */
@Tag("allocation")
@ExtendWith(ZeroAllocationExtension.class)
class AllocationMeterTest {
    private static final long OUTSIDE_LONG_CACHE = 123_456_789L;
    private static final long BOXED_LONG_BYTES = AllocationMeter.boxedLongBytes();

    static volatile Object sink;
    static long primitiveSink;

    @Test
    void oneBoxedLongPerOperationIsOneLongObject(final AllocationMeter meter) {
        final AllocationMeter.Measurement m = meter.measure(i -> sink = Long.valueOf(OUTSIDE_LONG_CACHE + i));
        assertEquals(BOXED_LONG_BYTES, m.bytesPerOperation(), m.toString());
    }

    @Test
    void oneByteArrayOf100Is120Bytes(final AllocationMeter meter) {
        final AllocationMeter.Measurement m = meter.measure(i -> sink = new byte[100]);
        assertEquals(120.0, m.bytesPerOperation(), m.toString());
    }

    @AllocationFree
    void primitiveArithmeticAllocatesNothing(final AllocationMeter meter) {
        meter.assertNoAllocation("primitive arithmetic",
            i -> primitiveSink += (OUTSIDE_LONG_CACHE + i) * 31 ^ (primitiveSink >>> 7));
    }

    @Test
    void aFailureSaysHowMuchOnWhichThreadAndAtWhichFrame(final AllocationMeter meter) {
        final AssertionError e = assertThrows(AssertionError.class,
            () -> meter.assertNoAllocation("boxing", i -> sink = Long.valueOf(OUTSIDE_LONG_CACHE + i)));
        final String message = e.getMessage();
        assertTrue(message.startsWith("boxing allocated " + BOXED_LONG_BYTES + ".00 bytes per operation, expected 0: "
            + "in every one of " + AllocationMeter.DEFAULT_ROUNDS + " rounds"), message);
        final long perRound = BOXED_LONG_BYTES * AllocationMeter.DEFAULT_OPERATIONS;
        assertTrue(message.contains("\n    " + Thread.currentThread().getName() + ": " + perRound + " bytes ("
            + BOXED_LONG_BYTES + ".00 per operation)"), message);
        // JFR's allocation samples name the type and the frames: Long.valueOf, called from this test's lambda.
        assertTrue(message.contains("java.lang.Long on " + Thread.currentThread().getName()), message);
        assertTrue(message.contains("at java.lang.Long.valueOf"), message);
        assertTrue(message.contains("at " + AllocationMeterTest.class.getName() + ".lambda$"), message);
    }

    @Test
    void assertBytesPerOperationAcceptsTheExactAmountOnly(final AllocationMeter meter) {
        meter.assertBytesPerOperation("boxing", BOXED_LONG_BYTES, i -> sink = Long.valueOf(OUTSIDE_LONG_CACHE + i));
        assertThrows(AssertionError.class, () -> meter.allocationSites(false).assertBytesPerOperation(
            "boxing", BOXED_LONG_BYTES + 8, i -> sink = Long.valueOf(OUTSIDE_LONG_CACHE + i)));
    }

    @AllocationFree
    void smallLongsAreCachedAndDoNotAllocate(final AllocationMeter meter) {
        // Why every hotpath test uses values outside the caches: this boxing is invisible to any meter.
        meter.assertNoAllocation("Long.valueOf(42)", i -> sink = Long.valueOf(42));
    }

    @Test
    void countsTheAllocationOfBackgroundWorkWithNoSettleCode(final AllocationMeter meter) throws Exception {
        try (TestWorker worker =
                 new TestWorker("meter-test-worker", n -> sink = Long.valueOf(OUTSIDE_LONG_CACHE + n))) {
            final AllocationMeter.Measurement m = meter.alsoBackground(worker).measure(i -> worker.submit());
            // The calling thread allocates nothing here; the worker boxes one Long per operation.
            assertEquals(BOXED_LONG_BYTES, m.bytesPerOperation(), m.toString());
            assertEquals(List.of(new AllocationMeter.ThreadBytes(Thread.currentThread().getName(), 0),
                new AllocationMeter.ThreadBytes("meter-test-worker", BOXED_LONG_BYTES * m.operations())),
                m.threads());
        }
    }

    @Test
    void countsAUsersOwnNamedThreadWithItsSettleAction(final AllocationMeter meter) throws Exception {
        final Duration timeout = Duration.ofSeconds(30); // made here: the settle action must allocate nothing
        try (TestWorker worker = new TestWorker("users-own-thread", n -> sink = new byte[16])) {
            final AllocationMeter.Measurement m = meter.alsoThreads(worker.thread())
                .settle(() -> assertTrue(worker.awaitSettled(timeout)))
                .measure(i -> worker.submit());
            assertEquals(32.0, m.bytesPerOperation(), m.toString());
        }
    }

    @AllocationFree
    void readingTheCountersAllocatesNothing(final AllocationMeter meter) throws Exception {
        try (TestWorker worker = new TestWorker("idle-worker", n -> { })) {
            final Thread other = worker.thread();
            meter.assertNoAllocation("currentThreadAllocatedBytes + threadAllocatedBytes(other)",
                i -> primitiveSink += AllocationMeter.currentThreadAllocatedBytes()
                    + AllocationMeter.threadAllocatedBytes(other));
        }
    }

    @AllocationFree
    void aOneOffAllocationInAMeasuredRoundDoesNotFail(final AllocationMeter meter) {
        // A fixed warm-up puts the one-off (a kilobyte, once in the whole test) at a known call: the middle of the
        // first round. The smallest round is clean, so the test passes; the rounds show that the one-off was seen.
        // What the next round shows is not pinned: on JDK 25 it has been seen at 976 B ([1016, 976, 0]), likely the
        // aftermath of the one-off's branch, never taken in the warm-up, deoptimizing the compiled loop (cause not
        // proven). That is the case this test is about: a one-off and its aftermath pass while one round is clean.
        final int warmup = 20_000;
        final int perRound = AllocationMeter.DEFAULT_OPERATIONS;
        final long[] calls = {0};
        final AtomicReference<AllocationMeter.Measurement> seen = new AtomicReference<>();
        meter.warmup(warmup).reportTo(seen::set).assertNoAllocation("one-off", i -> {
            if (++calls[0] == warmup + perRound / 2) {
                sink = new byte[1_000];
            }
        });
        final AllocationMeter.Measurement m = seen.get();
        assertTrue(m.rounds().get(0) >= 1_016, "the one-off must show in the first round: " + m.rounds());
        assertEquals(0L, m.rounds().stream().mapToLong(Long::longValue).min().orElseThrow(), m.rounds().toString());
    }

    @Test
    void theWarmUpEndsWhenTheJitHasSettledWithNothingToTune(final AllocationMeter meter) {
        final AllocationMeter.Measurement m = meter.measure(i -> primitiveSink += i * 31L);
        assertTrue(m.warmupSettled(), "a trivial operation must settle well within the bound: " + m);
        assertTrue(m.warmupOperations() > 0, m.toString());
    }

    @Test
    void backgroundWorkThatDoesNotSettleFailsClearly(final AllocationMeter meter) {
        final BackgroundWork stuck = new BackgroundWork() {
            @Override
            public List<Thread> backgroundThreads() {
                return List.of();
            }

            @Override
            public boolean awaitSettled(final Duration timeout) {
                return false;
            }

            @Override
            public String toString() {
                return "stuck-work";
            }
        };
        final AssertionError e = assertThrows(AssertionError.class,
            () -> meter.alsoBackground(stuck).measure(i -> { }));
        assertTrue(e.getMessage().startsWith("stuck-work did not finish the work handed to it within PT30S"),
            e.getMessage());
    }

    @Test
    void aFailingOperationFailsTheMeasurement(final AllocationMeter meter) {
        final AssertionError e = assertThrows(AssertionError.class, () -> meter.measure(i -> {
            throw new java.io.IOException("disk on fire");
        }));
        assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
    }

    @Test
    void rejectsNonsenseConfiguration() {
        final AllocationMeter meter = AllocationMeter.meter();
        assertThrows(IllegalArgumentException.class, () -> meter.operations(0));
        assertThrows(IllegalArgumentException.class, () -> meter.rounds(0));
        assertThrows(IllegalArgumentException.class, () -> meter.warmup(-1));
        assertThrows(IllegalArgumentException.class, () -> meter.maxWarmup(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> meter.settleTimeout(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> meter.maxWarmup(null));
        assertThrows(NullPointerException.class, () -> meter.alsoThreads((Thread) null));
        assertThrows(NullPointerException.class, () -> meter.alsoBackground((BackgroundWork) null));
        assertThrows(NullPointerException.class, () -> meter.settle(null));
        assertThrows(NullPointerException.class, () -> meter.reportTo(null));
    }

    @Test
    void aDeadThreadIsAClearError() throws Exception {
        final Thread t = new Thread(() -> { }, "finished");
        t.start();
        t.join();
        final IllegalStateException e =
            assertThrows(IllegalStateException.class, () -> AllocationMeter.threadAllocatedBytes(t));
        assertTrue(e.getMessage().contains("finished"), e.getMessage());
        final IllegalStateException m =
            assertThrows(IllegalStateException.class, () -> AllocationMeter.meter().alsoThreads(t).measure(i -> { }));
        assertTrue(m.getMessage().contains("'finished': it is not alive"), m.getMessage());
    }

    @Test
    void hotSpotIsSupported() {
        assertTrue(AllocationMeter.isSupported(), "the test JVM must count allocations");
        AllocationMeter.requireSupported();
        assertNotNull(AllocationMeter.meter());
        assertFalse(BOXED_LONG_BYTES != 16 && BOXED_LONG_BYTES != 24, "a boxed Long is 16 or 24 bytes");
    }
}
