package io.github.hotpath.core.junit;

import io.github.hotpath.core.AllocationMeter;
import io.github.hotpath.core.BackgroundWork;
import io.github.hotpath.core.TestWorker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The extension, seen from outside: each fixture below is a user's test class, run through the Jupiter engine, and
 * this test checks what JUnit reports for it. The twins must fail (a boxed {@code Long} per operation, and the finer,
 * flake-prone {@code byte[16]} once per 1,000 operations; each on the calling thread and on a background thread), a
 * one-off allocation must not, and each check here fails if the extension says the wrong thing.
 */
@Tag("allocation")
class ZeroAllocationExtensionTest {
    private static final long OUTSIDE_LONG_CACHE = 123_456_789L;
    private static final long BOXED_LONG_BYTES = AllocationMeter.boxedLongBytes();
    private static final int PER_ROUND = AllocationMeter.DEFAULT_OPERATIONS;
    /** A {@code byte[16]}: a 16-byte header and 16 bytes. */
    private static final long BYTE16_BYTES = 32;

    static volatile Object sink;

    @Test
    void aBoxedLongPerOperationOnTheCallingThreadFails() {
        final String message = failureOf(BoxedLongOnCaller.class);
        assertTrue(message.startsWith("boxing allocated " + BOXED_LONG_BYTES + ".00 bytes per operation, expected 0: "
            + "in every one of " + AllocationMeter.DEFAULT_ROUNDS + " rounds, so per operation"), message);
        assertTrue(message.contains(": " + BOXED_LONG_BYTES * PER_ROUND + " bytes (" + BOXED_LONG_BYTES
            + ".00 per operation)"), message);
        assertTrue(message.contains("at java.lang.Long.valueOf"), message);
    }

    @Test
    void aByteArrayOncePerThousandOperationsOnTheCallingThreadFails() {
        final String message = failureOf(Byte16OnCaller.class);
        assertTrue(message.startsWith("byte[16] per 1,000 allocated 0.0320 bytes per operation, expected 0: in every "
            + "one of " + AllocationMeter.DEFAULT_ROUNDS + " rounds"), message);
        assertTrue(message.contains(": " + BYTE16_BYTES * PER_ROUND / 1_000 + " bytes (0.0320 per operation)"),
            message);
    }

    @Test
    void aBoxedLongPerOperationOnABackgroundThreadFails() {
        final String message = failureOf(BoxedLongOnWorker.class);
        assertTrue(message.startsWith("hand-off allocated " + BOXED_LONG_BYTES + ".00 bytes per operation, expected 0"),
            message);
        assertTrue(message.contains("\n    fixture-worker: " + BOXED_LONG_BYTES * PER_ROUND + " bytes"), message);
        assertTrue(message.contains("java.lang.Long on fixture-worker"), message);
    }

    @Test
    void aByteArrayOncePerThousandOperationsOnABackgroundThreadFails() {
        final String message = failureOf(Byte16OnWorker.class);
        assertTrue(message.startsWith("hand-off allocated 0.0320 bytes per operation, expected 0: in every one of "),
            message);
        assertTrue(message.contains("\n    fixture-worker: " + BYTE16_BYTES * PER_ROUND / 1_000 + " bytes"), message);
    }

    @Test
    void aOneOffAllocationOnceInTheWholeTestDoesNotFail() {
        OneOffInTheFirstRound.seen.set(null);
        assertPasses(OneOffInTheFirstRound.class);
        final AllocationMeter.Measurement m = OneOffInTheFirstRound.seen.get();
        assertNotNull(m, "the fixture made no measurement");
        assertTrue(m.rounds().get(0) >= 1_016, "the one-off must have happened in the first round: " + m.rounds());
        assertEquals(0L, m.bytes(), m.toString());
    }

    @Test
    void anAllocationFreeOperationPassesWithItsBackgroundThread() {
        assertPasses(NothingOnCallerOrWorker.class);
    }

    @Test
    void anAllocationFreeTestThatMeasuresNothingFails() {
        final String message = failureOf(MeasuresNothing.class);
        assertTrue(message.contains("measured nothing"), message);
    }

    /** Was: a test that only called {@code measure} passed, reporting 24 B/op (outside review). */
    @Test
    void anAllocationFreeTestWhoseMeasurementAllocatedFailsThoughItAssertedNothing() {
        final String message = failureOf(OnlyMeasuresABoxedLong.class);
        assertTrue(message.contains("must be 0 bytes per operation"), message);
        assertTrue(message.contains(AllocationMeter.boxedLongBytes() + ".00 bytes per operation"), message);
    }

    @Test
    void anAllocationFreeTestWhoseEveryMeasurementIsZeroPasses() {
        assertPasses(OnlyMeasuresNothing.class);
    }

    private static EngineExecutionResults run(final Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
    }

    private static void assertPasses(final Class<?> fixture) {
        final EngineExecutionResults results = run(fixture);
        final List<Event> failed = results.testEvents().failed().list();
        assertTrue(failed.isEmpty(), () -> fixture.getSimpleName() + " failed: " + failed.get(0)
            .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow());
        assertEquals(1, results.testEvents().succeeded().count(), fixture.getSimpleName() + " ran no test");
    }

    private static String failureOf(final Class<?> fixture) {
        final EngineExecutionResults results = run(fixture);
        assertEquals(0, results.testEvents().succeeded().count(), fixture.getSimpleName() + " passed");
        final List<Event> failed = results.testEvents().failed().list();
        assertEquals(1, failed.size(), fixture.getSimpleName() + " did not fail once");
        final Throwable t = failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertEquals(AssertionError.class, t.getClass(), () -> "not an assertion failure: " + t);
        return t.getMessage();
    }

    // Fixtures: user-style test classes, run only through the engine above (nested, so Surefire does not pick them).

    static class BoxedLongOnCaller {
        @AllocationFree
        void boxes(final AllocationMeter meter) {
            meter.assertNoAllocation("boxing", i -> sink = Long.valueOf(OUTSIDE_LONG_CACHE + i));
        }
    }

    static class Byte16OnCaller {
        @AllocationFree
        void allocatesRarely(final AllocationMeter meter) {
            meter.assertNoAllocation("byte[16] per 1,000", i -> {
                if (i % 1_000 == 999) {
                    sink = new byte[16];
                }
            });
        }
    }

    static class BoxedLongOnWorker {
        @AllocationFree
        void handsOff(final AllocationMeter meter) throws Exception {
            try (TestWorker worker = new TestWorker("fixture-worker",
                n -> sink = Long.valueOf(OUTSIDE_LONG_CACHE + n))) {
                meter.alsoBackground(worker).assertNoAllocation("hand-off", i -> worker.submit());
            }
        }
    }

    static class Byte16OnWorker {
        @AllocationFree
        void handsOff(final AllocationMeter meter) throws Exception {
            try (TestWorker worker = new TestWorker("fixture-worker", n -> {
                if (n % 1_000 == 999) {
                    sink = new byte[16];
                }
            })) {
                meter.alsoBackground(worker).assertNoAllocation("hand-off", i -> worker.submit());
            }
        }
    }

    static class NothingOnCallerOrWorker {
        static long total;

        @AllocationFree
        void handsOff(final AllocationMeter meter) throws Exception {
            try (TestWorker worker = new TestWorker("fixture-worker", n -> total += n)) {
                meter.alsoBackground(worker).assertNoAllocation("hand-off", i -> worker.submit());
            }
        }
    }

    /**
     * Default settings, nothing tuned. The meter asks background work for its threads when it starts and again when
     * the warm-up ends (AllocationMeter#alsoBackground says so); this probe uses the second ask to arm a one-off of
     * about a kilobyte for the first measured call.
     */
    static class OneOffInTheFirstRound {
        static final AtomicReference<AllocationMeter.Measurement> seen = new AtomicReference<>();

        @AllocationFree
        void allocatesOnce(final AllocationMeter meter) {
            final AtomicInteger asked = new AtomicInteger();
            final boolean[] done = {false};
            final BackgroundWork probe = new BackgroundWork() {
                @Override
                public List<Thread> backgroundThreads() {
                    asked.incrementAndGet();
                    return List.of();
                }

                @Override
                public boolean awaitSettled(final Duration timeout) {
                    return true;
                }
            };
            meter.alsoBackground(probe).reportTo(seen::set).assertNoAllocation("one-off", i -> {
                if (!done[0] && asked.get() == 2) {
                    done[0] = true;
                    sink = new byte[1_000];
                }
            });
        }
    }

    static class OnlyMeasuresABoxedLong {
        static volatile Object sink;

        @AllocationFree
        void measuresWithoutAsserting(final AllocationMeter meter) {
            assertNotNull(meter.measure(i -> sink = Long.valueOf(123_456_789L + i)));
        }
    }

    static class OnlyMeasuresNothing {
        static long sink;

        @AllocationFree
        void measuresWithoutAsserting(final AllocationMeter meter) {
            assertEquals(0, meter.measure(i -> sink += i).bytes());
        }
    }

    static class MeasuresNothing {
        @AllocationFree
        void forgetsToMeasure(final AllocationMeter meter) {
            assertNotNull(meter);
        }
    }
}
