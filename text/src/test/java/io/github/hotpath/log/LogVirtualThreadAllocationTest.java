package io.github.hotpath.log;

import io.github.hotpath.core.AllocationMeter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logging from a new virtual thread per task (thread-per-request) allocates nothing per entry, measured over the
 * whole JVM (carriers, the writer, the launching thread) with {@code getTotalThreadAllocatedBytes} and compared with
 * a no-op virtual-thread task measured the same way in the same test: a virtual thread's allocation lands in its
 * carrier's counters, and a new virtual thread costs several KB by itself, so only the difference is the entry's.
 * A per-thread record (a {@code ThreadLocal}) shows here as about 2.6 KB per entry. Runs on JDK 21+ only; the test
 * compiles for 17, so virtual threads and the whole-JVM counter are reached at run time through method handles.
 */
@Tag("allocation")
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogVirtualThreadAllocationTest {
    private static final int TASKS = 8_192;
    private static final int WARMUP_ROUNDS = 12;
    private static final int ROUNDS = 7;
    private static final long OUTSIDE_CACHE = 123_456_789L;

    static volatile Object sink;

    private final TestSinks.Counting counting = new TestSinks.Counting();
    private final StringBuilder path = new StringBuilder("/api/v1/orders");
    private ConcurrentLogService service;
    private Logger log;
    private CountDownLatch done;
    private long sequence;

    /** Starts a virtual thread: {@code Thread.ofVirtual()} bound, reached at run time. */
    private MethodHandle startVirtual;
    /** {@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes} bound to the platform bean. */
    private MethodHandle totalAllocated;

    private final Runnable noop = () -> done.countDown();
    private final Runnable logOne = () -> {
        log.info().append("req status=").append(200 + (int) (sequence & 7)).append(" latency=")
            .append(OUTSIDE_CACHE + sequence++).kv("path", path).kv("ratio", 0.25).log();
        done.countDown();
    };
    private final Runnable logOneAndBox = () -> {
        log.info().append("req status=").append(200 + (int) (sequence & 7)).append(" latency=")
            .append(OUTSIDE_CACHE + sequence).kv("path", path).kv("ratio", 0.25).log();
        sink = Long.valueOf(OUTSIDE_CACHE + sequence++);
        done.countDown();
    };

    private void setUp() throws Throwable {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        final Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        final Class<?> builderType = Class.forName("java.lang.Thread$Builder");
        startVirtual = lookup.findVirtual(builderType, "start", MethodType.methodType(Thread.class, Runnable.class))
            .bindTo(builder);
        totalAllocated = lookup.findVirtual(com.sun.management.ThreadMXBean.class, "getTotalThreadAllocatedBytes",
            MethodType.methodType(long.class)).bindTo(ManagementFactory.getThreadMXBean());
        Assumptions.assumeTrue((long) totalAllocated.invokeExact() >= 0, "the JVM does not count allocation");
        service = ConcurrentLogService.builder().sink(LogSink.channel(counting)).format(LogFormat.JSON)
            .capacity(2 * TASKS).shutdownHook(false).build();
        log = service.logger("virtual");
    }

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    /** Bytes the whole JVM allocated to run {@link #TASKS} new virtual threads of {@code task}, settled. */
    private long round(final Runnable task) throws Throwable {
        final CountDownLatch latch = new CountDownLatch(TASKS);
        done = latch;
        final MethodHandle start = startVirtual;
        final long before = (long) totalAllocated.invokeExact();
        for (int i = 0; i < TASKS; i++) {
            final Thread started = (Thread) start.invokeExact(task);
            assert started != null;
        }
        assertTrue(latch.await(60, TimeUnit.SECONDS), "tasks did not finish");
        assertTrue(service.awaitSettled(FOREVER), "the writer did not settle");
        return (long) totalAllocated.invokeExact() - before;
    }

    private static final java.time.Duration FOREVER = java.time.Duration.ofSeconds(60);

    /** The smallest bytes per task of {@code task} above the smallest of the no-op task, rounds interleaved. */
    private double bytesPerEntryAboveNoop(final Runnable task) throws Throwable {
        for (int r = 0; r < WARMUP_ROUNDS; r++) {
            round(noop);
            round(task);
        }
        long noopBytes = Long.MAX_VALUE;
        long taskBytes = Long.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            noopBytes = Math.min(noopBytes, round(noop));
            taskBytes = Math.min(taskBytes, round(task));
        }
        return (double) (taskBytes - noopBytes) / TASKS;
    }

    @Test
    void loggingFromANewVirtualThreadPerTaskAllocatesNothingPerEntry() throws Throwable {
        setUp();
        final double perEntry = bytesPerEntryAboveNoop(logOne);
        final LogMetrics m = service.metrics();
        assertEquals(0, m.dropped(), m.toString());
        assertEquals(m.accepted(), m.written(), m.toString());
        assertTrue(Math.abs(perEntry) < 1.0, "forbidden: " + perEntry + " bytes per entry logged from a new virtual"
            + " thread, above a no-op virtual-thread task (whole JVM, smallest of " + ROUNDS + " rounds of " + TASKS
            + " tasks): something is allocated per thread or per entry");
    }

    @Test
    void theSetupCatchesOneBoxedLongPerEntry() throws Throwable {
        // The twin: the same measurement, plus one boxed Long per task, must see that Long.
        setUp();
        final double perEntry = bytesPerEntryAboveNoop(logOneAndBox);
        final long boxed = AllocationMeter.boxedLongBytes();
        assertTrue(perEntry >= boxed - 1.0 && perEntry < boxed + 1.0,
            "the whole-JVM meter missed a boxed Long (" + boxed + " B) per entry: measured " + perEntry);
    }
}
