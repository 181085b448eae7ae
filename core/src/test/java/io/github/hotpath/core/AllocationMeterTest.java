package io.github.hotpath.core;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The meter must see the bytes it claims to see: these are the twins that every "0 bytes" test in hotpath relies
 * on. Each allocation is stored in a field, so that it escapes and no JIT can remove it.
 */
@Tag("allocation")
class AllocationMeterTest {
    private static final long OUTSIDE_LONG_CACHE = 123_456_789L;

    static Object sink;
    static long primitiveSink;

    /** What the twins expect; derived from the VM's flags, checked here by measurement. */
    static final long BOXED_LONG_BYTES = AllocationMeter.boxedLongBytes();

    @Test
    void oneBoxedLongPerOperationIsOneLongObject() {
        final AllocationMeter.Measurement m =
            AllocationMeter.meter().measure(i -> sink = Long.valueOf(OUTSIDE_LONG_CACHE + i));
        assertEquals(BOXED_LONG_BYTES, m.bytesPerOperation(), m.toString());
    }

    @Test
    void oneByteArrayOf100Is120Bytes() {
        final AllocationMeter.Measurement m = AllocationMeter.meter().measure(i -> sink = new byte[100]);
        assertEquals(120.0, m.bytesPerOperation(), m.toString());
    }

    @Test
    void primitiveArithmeticIsZeroBytes() {
        AllocationMeter.meter().assertNoAllocation("primitive arithmetic",
            i -> primitiveSink += (OUTSIDE_LONG_CACHE + i) * 31 ^ (primitiveSink >>> 7));
    }

    @Test
    void assertNoAllocationFailsOnOneBoxedLongAndSaysHowMuch() {
        final AssertionError e = assertThrows(AssertionError.class, () -> AllocationMeter.meter()
            .assertNoAllocation("boxing", i -> sink = Long.valueOf(OUTSIDE_LONG_CACHE + i)));
        assertTrue(e.getMessage().startsWith("boxing allocated " + BOXED_LONG_BYTES + ".00 bytes per operation"),
            e.getMessage());
        assertTrue(e.getMessage().contains("over " + AllocationMeter.DEFAULT_OPERATIONS + " operations"),
            e.getMessage());
    }

    @Test
    void assertBytesPerOperationAcceptsTheExactAmountOnly() {
        final AllocationMeter meter = AllocationMeter.meter();
        meter.assertBytesPerOperation("boxing", BOXED_LONG_BYTES, i -> sink = Long.valueOf(OUTSIDE_LONG_CACHE + i));
        assertThrows(AssertionError.class, () -> meter.assertBytesPerOperation(
            "boxing", BOXED_LONG_BYTES + 8, i -> sink = Long.valueOf(OUTSIDE_LONG_CACHE + i)));
    }

    @Test
    void smallIntegersAreCachedAndDoNotAllocate() {
        // Why every hotpath test uses values outside the caches: this boxing is invisible to any meter.
        AllocationMeter.meter().assertNoAllocation("Long.valueOf(42)", i -> sink = Long.valueOf(42));
    }

    @Test
    void countsTheAllocationOfAnotherThread() throws Exception {
        final Semaphore work = new Semaphore(0);
        final AtomicLong done = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch started = new CountDownLatch(1);
        final Thread worker = new Thread(() -> {
            started.countDown();
            while (!stop.get()) {
                if (work.tryAcquire()) {
                    sink = Long.valueOf(OUTSIDE_LONG_CACHE + done.get());
                    done.incrementAndGet();
                } else {
                    Thread.onSpinWait();
                }
            }
        }, "meter-test-worker");
        worker.setDaemon(true);
        worker.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        final AtomicLong handedOver = new AtomicLong();
        try {
            final AllocationMeter.Measurement m = AllocationMeter.meter()
                .warmup(5_000).operations(5_000)
                .alsoThreads(worker)
                .settle(() -> {
                    while (done.get() != handedOver.get()) {
                        Thread.onSpinWait();
                    }
                })
                .measure(i -> {
                    handedOver.incrementAndGet();
                    work.release();
                });
            // The calling thread allocates nothing here; the worker boxes one Long per operation.
            assertEquals(BOXED_LONG_BYTES, m.bytesPerOperation(), m.toString());
            assertEquals("meter-test-worker", m.threads()[1]);
        } finally {
            stop.set(true);
            worker.join(10_000);
        }
    }

    @Test
    void readingTheCounterAllocatesNothing() {
        AllocationMeter.meter().assertNoAllocation("currentThreadAllocatedBytes",
            i -> primitiveSink += AllocationMeter.currentThreadAllocatedBytes());
    }

    @Test
    void aFailingOperationFailsTheMeasurement() {
        final AssertionError e = assertThrows(AssertionError.class, () -> AllocationMeter.meter().measure(i -> {
            throw new java.io.IOException("disk on fire");
        }));
        assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
    }

    @Test
    void rejectsNonsenseConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> AllocationMeter.meter().operations(0));
        assertThrows(IllegalArgumentException.class, () -> AllocationMeter.meter().rounds(0));
        assertThrows(IllegalArgumentException.class, () -> AllocationMeter.meter().warmup(-1));
        assertThrows(NullPointerException.class, () -> AllocationMeter.meter().alsoThreads((Thread) null));
    }

    @Test
    void aDeadThreadIsAClearError() throws Exception {
        final Thread t = new Thread(() -> { }, "finished");
        t.start();
        t.join();
        final IllegalStateException e =
            assertThrows(IllegalStateException.class, () -> AllocationMeter.threadAllocatedBytes(t));
        assertTrue(e.getMessage().contains("finished"), e.getMessage());
    }

    @Test
    void hotSpotIsSupported() {
        assertTrue(AllocationMeter.isSupported(), "the test JVM must count allocations");
    }
}
