package io.github.hotpath.core;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Objects;

/**
 * Measures the bytes a repeated operation allocates on the heap, exactly, by reading HotSpot's per-thread
 * allocation counter ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}) before and after it.
 *
 * <p>Use it to prove that a hot path allocates nothing:
 * <pre>{@code
 * AllocationMeter.meter().assertNoAllocation("append(long)", i -> builder.clear().append(123_456_789L + i));
 * }</pre>
 * The meter warms the operation up (so the JIT has compiled it), then runs it {@linkplain #operations(int) many
 * times} in each of a few {@linkplain #rounds(int) rounds} and reports the smallest round. A steady allocation shows
 * in every round; a one-off event on the measuring thread (a class loaded late, a moment in the interpreter after a
 * deoptimisation) shows in only one and does not fail the test. Where work crosses threads, name the other threads
 * with {@link #alsoThreads(Thread...)} and give a {@link #settle(Runnable) settle} action that waits until they have
 * finished the work of the round: their allocation is added in.
 *
 * <h2>Accuracy</h2>
 * The counter is exact to the byte on HotSpot and includes the current TLAB: a {@code new byte[100]} reads as 120
 * bytes, a boxed {@code Long} as 24 (16 with {@code -XX:+UseCompactObjectHeaders}). Allocation that the JIT's escape
 * analysis removes is not counted, which is why hotpath also runs its allocation tests under
 * {@code -XX:-DoEscapeAnalysis}.
 * Use values outside the boxing caches ({@code Long.valueOf(-128..127)} never allocates) or boxing hides.
 *
 * <h2>Unsupported JVMs</h2>
 * On a JVM that cannot count allocated bytes per thread, every measuring method throws
 * {@link IllegalStateException} with a message saying so: a meter that cannot count never passes.
 *
 * <h2>Thread-safety</h2>
 * Instances are immutable and may be shared; a measurement runs on the calling thread. The static readers may be
 * called from any thread.
 *
 * <h2>Allocation</h2>
 * Reading the counters allocates nothing, and neither does the measuring loop: the only allocation between the two
 * readings is the operation's own (and the settle action's, which should therefore allocate nothing either).
 * Building a meter and reporting a result allocate, outside the measured window.
 */
public final class AllocationMeter {
    /** The operation measured; {@code i} counts the calls, so that values can vary without allocating. */
    @FunctionalInterface
    public interface Operation {
        /**
         * Runs the operation once.
         *
         * @param i the number of this call within its warm-up or round, from 0.
         * @throws Exception if the operation fails; the measurement fails with it.
         */
        void run(int i) throws Exception;
    }

    /** Default number of warm-up calls: enough for C2 to compile a small loop body. */
    public static final int DEFAULT_WARMUP = 20_000;
    /** Default number of measured calls per round. */
    public static final int DEFAULT_OPERATIONS = 50_000;
    /** Default number of measured rounds; the smallest is reported. */
    public static final int DEFAULT_ROUNDS = 3;

    private static final com.sun.management.ThreadMXBean THREADS = threadBean();
    private static final String UNSUPPORTED_REASON = unsupportedReason();
    private static final Runnable NO_SETTLE = () -> {
    };
    private static final long BOXED_LONG_BYTES = vmFlag("UseCompactObjectHeaders") ? 16 : 24;

    private final int warmup;
    private final int operations;
    private final int rounds;
    private final Thread[] otherThreads;
    private final Runnable settle;

    private AllocationMeter(
        final int warmup, final int operations, final int rounds, final Thread[] otherThreads, final Runnable settle) {
        this.warmup = warmup;
        this.operations = operations;
        this.rounds = rounds;
        this.otherThreads = otherThreads;
        this.settle = settle;
    }

    /**
     * A meter of the calling thread with the default warm-up, operations and rounds.
     *
     * @return a new meter.
     */
    public static AllocationMeter meter() {
        return new AllocationMeter(DEFAULT_WARMUP, DEFAULT_OPERATIONS, DEFAULT_ROUNDS, new Thread[0], NO_SETTLE);
    }

    /**
     * Whether this JVM counts allocated bytes per thread (HotSpot does).
     *
     * @return true when the measuring methods can work.
     */
    public static boolean isSupported() {
        return UNSUPPORTED_REASON == null;
    }

    /**
     * Bytes allocated so far by the calling thread, exact on HotSpot. Allocates nothing.
     *
     * @return the running total of bytes the calling thread has allocated.
     * @throws IllegalStateException if the JVM cannot count allocated bytes.
     */
    public static long currentThreadAllocatedBytes() {
        requireSupported();
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Bytes allocated so far by the given thread. Allocates nothing.
     *
     * @param thread a live platform thread.
     * @return the running total of bytes the thread has allocated.
     * @throws IllegalStateException if the JVM cannot count allocated bytes, or the thread is not alive (or is a
     *                               virtual thread, which the JVM does not count separately).
     */
    public static long threadAllocatedBytes(final Thread thread) {
        requireSupported();
        @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; the baseline is 17.
        final long id = thread.getId();
        final long bytes = THREADS.getThreadAllocatedBytes(id);
        if (bytes < 0) {
            throw new IllegalStateException("cannot count the allocation of thread '" + thread.getName()
                + "': it is not alive, or it is a virtual thread");
        }
        return bytes;
    }

    /**
     * The bytes one boxed {@code Long} occupies on this JVM, for the failing twin of an allocation test: a 12-byte
     * header plus 8 bytes, padded to 24, with HotSpot's default flags on JDK 17 and 25; 16 with compact object
     * headers ({@code -XX:+UseCompactObjectHeaders}, JDK 24+).
     *
     * @return 24 or 16.
     */
    public static long boxedLongBytes() {
        return BOXED_LONG_BYTES;
    }

    /**
     * A copy of this meter with another number of warm-up calls.
     *
     * @param calls warm-up calls before the first round, zero or more.
     * @return a new meter.
     */
    public AllocationMeter warmup(final int calls) {
        if (calls < 0) {
            throw new IllegalArgumentException("warm-up calls must be >= 0: " + calls);
        }
        return new AllocationMeter(calls, operations, rounds, otherThreads, settle);
    }

    /**
     * A copy of this meter with another number of measured calls per round.
     *
     * @param calls measured calls per round, at least 1.
     * @return a new meter.
     */
    public AllocationMeter operations(final int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("operations per round must be >= 1: " + calls);
        }
        return new AllocationMeter(warmup, calls, rounds, otherThreads, settle);
    }

    /**
     * A copy of this meter with another number of rounds; the smallest round is reported.
     *
     * @param count rounds, at least 1.
     * @return a new meter.
     */
    public AllocationMeter rounds(final int count) {
        if (count < 1) {
            throw new IllegalArgumentException("rounds must be >= 1: " + count);
        }
        return new AllocationMeter(warmup, operations, count, otherThreads, settle);
    }

    /**
     * A copy of this meter that also counts the allocation of the given threads (worker or writer threads the
     * operation hands work to). They must be alive, platform threads, for the whole measurement.
     *
     * @param threads the other threads to count, in addition to the calling thread.
     * @return a new meter.
     */
    public AllocationMeter alsoThreads(final Thread... threads) {
        final Thread[] all = Arrays.copyOf(otherThreads, otherThreads.length + threads.length);
        for (int i = 0; i < threads.length; i++) {
            all[otherThreads.length + i] = Objects.requireNonNull(threads[i], "thread");
        }
        return new AllocationMeter(warmup, operations, rounds, all, settle);
    }

    /**
     * A copy of this meter that runs {@code action} after the warm-up and after each round's calls, before the
     * counters are read: it should wait until the other threads have finished the work handed to them. It is
     * inside the measured window, so it must itself allocate nothing.
     *
     * @param action waits for the other threads to finish the work of a round.
     * @return a new meter.
     */
    public AllocationMeter settle(final Runnable action) {
        return new AllocationMeter(warmup, operations, rounds, otherThreads, Objects.requireNonNull(action, "action"));
    }

    /**
     * Warms the operation up, measures it and returns what it allocated.
     *
     * @param operation the operation to measure.
     * @return the smallest round's allocation.
     * @throws IllegalStateException if the JVM cannot count allocated bytes, or another thread ended.
     * @throws AssertionError        wrapping any exception the operation throws.
     */
    public Measurement measure(final Operation operation) {
        requireSupported();
        Objects.requireNonNull(operation, "operation");
        final Thread[] others = otherThreads;
        final long[] before = new long[others.length];
        try {
            for (int i = 0; i < warmup; i++) {
                operation.run(i);
            }
            settle.run();
            long smallest = Long.MAX_VALUE;
            for (int round = 0; round < rounds && smallest > 0; round++) {
                for (int t = 0; t < others.length; t++) {
                    before[t] = threadAllocatedBytes(others[t]);
                }
                final long start = THREADS.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < operations; i++) {
                    operation.run(i);
                }
                settle.run();
                long bytes = THREADS.getCurrentThreadAllocatedBytes() - start;
                for (int t = 0; t < others.length; t++) {
                    bytes += threadAllocatedBytes(others[t]) - before[t];
                }
                smallest = Math.min(smallest, bytes);
            }
            return new Measurement(smallest, operations, threadNames());
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Exception e) {
            throw new AssertionError("the measured operation failed: " + e, e);
        }
    }

    /**
     * Asserts that the operation allocates nothing after warm-up.
     *
     * @param what      names the operation in the failure message.
     * @param operation the operation to measure.
     * @throws AssertionError if any byte was allocated in every round, saying how many per operation.
     */
    public void assertNoAllocation(final String what, final Operation operation) {
        assertBytesPerOperation(what, 0, operation);
    }

    /**
     * Asserts that the operation allocates exactly {@code expected} bytes per call after warm-up (for example the
     * one {@code String} that {@code toString()} must return).
     *
     * @param what      names the operation in the failure message.
     * @param expected  bytes per call expected.
     * @param operation the operation to measure.
     * @throws AssertionError if the smallest round did not allocate exactly {@code expected * operations} bytes.
     */
    public void assertBytesPerOperation(final String what, final long expected, final Operation operation) {
        final Measurement m = measure(operation);
        if (m.bytes() != expected * m.operations()) {
            throw new AssertionError(what + " allocated " + m + ", expected " + expected + " bytes per operation");
        }
    }

    private String[] threadNames() {
        final String[] names = new String[otherThreads.length + 1];
        names[0] = Thread.currentThread().getName();
        for (int i = 0; i < otherThreads.length; i++) {
            names[i + 1] = otherThreads[i].getName();
        }
        return names;
    }

    private static void requireSupported() {
        if (UNSUPPORTED_REASON != null) {
            throw new IllegalStateException(UNSUPPORTED_REASON);
        }
    }

    private static boolean vmFlag(final String name) {
        try {
            return Boolean.parseBoolean(ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption(name).getValue());
        } catch (final IllegalArgumentException noSuchFlag) {
            return false;
        }
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean instanceof com.sun.management.ThreadMXBean ? (com.sun.management.ThreadMXBean) bean : null;
    }

    private static String unsupportedReason() {
        final String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version");
        if (THREADS == null) {
            return "this JVM (" + jvm + ") has no com.sun.management.ThreadMXBean: it cannot count allocated bytes";
        }
        if (!THREADS.isThreadAllocatedMemorySupported()) {
            return "this JVM (" + jvm + ") does not support counting allocated bytes per thread";
        }
        if (!THREADS.isThreadAllocatedMemoryEnabled()) {
            THREADS.setThreadAllocatedMemoryEnabled(true);
        }
        if (THREADS.getCurrentThreadAllocatedBytes() < 0) {
            return "this JVM (" + jvm + ") returned no allocation count for the current thread";
        }
        return null;
    }

    /**
     * What one measurement saw: the smallest round's bytes, over how many calls, on which threads.
     *
     * @param bytes      bytes allocated in the smallest round, all measured threads together.
     * @param operations calls in that round.
     * @param threads    names of the measured threads, the calling thread first.
     */
    public record Measurement(long bytes, long operations, String[] threads) {
        /**
         * Bytes per call.
         *
         * @return {@code bytes / operations}.
         */
        public double bytesPerOperation() {
            return (double) bytes / operations;
        }

        @Override
        public String toString() {
            return String.format("%.2f bytes per operation (%d bytes over %d operations, smallest round; threads %s)",
                bytesPerOperation(), bytes, operations, String.join(", ", threads));
        }
    }
}
