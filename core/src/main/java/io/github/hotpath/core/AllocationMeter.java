package io.github.hotpath.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Proves that an operation allocates nothing, on the calling thread and on the background threads it hands work to,
 * by reading HotSpot's exact per-thread allocation counters around many calls of it.
 *
 * <pre>{@code
 * AllocationMeter.meter().assertNoAllocation("append(long)", i -> builder.clear().append(123_456_789L + i));
 *
 * AllocationMeter.meter()
 *     .alsoBackground(logService, workerPool)  // their threads are metered and settled; no user code
 *     .assertNoAllocation("handle", i -> handler.handle(requests[i & 1023], out.clear()));
 * }</pre>
 * In a JUnit 5 test, {@code io.github.hotpath.core.junit.AllocationFree} injects a meter into the test method.
 *
 * <h2>How it measures</h2>
 * <ol>
 * <li><b>Warm-up until the JIT has settled.</b> The operation runs in chunks, each metered, until chunks in a row,
 * for at least 100 ms, neither change their allocation per call nor run faster than the best so far, and the JIT
 * compiles nothing meanwhile; at least a round's worth of calls, numbered as a round numbers them, so that no round
 * meets an input the warm-up did not; at most {@link #maxWarmup(Duration) maxWarmup}
 * ({@value #DEFAULT_MAX_WARMUP_SECONDS} s by default). Nothing to tune; {@link #warmup(int)} replaces it with a fixed
 * count.</li>
 * <li><b>Rounds.</b> Up to {@link #rounds(int) rounds} ({@value #DEFAULT_ROUNDS}) rounds of
 * {@link #operations(int) operations} ({@value #DEFAULT_OPERATIONS}) calls each, and the <em>smallest</em> round
 * counts. An allocation made per operation, or every so many operations, shows in every round; a one-off (a class
 * loaded late, a moment in the interpreter after a deoptimisation, a lazily grown buffer) shows in one round and does
 * not fail the test. Any allocation that recurs at least once per round shows in every round: with 50,000 calls per
 * round that is anything from one {@code byte[16]} per 1,000 calls (0.032 B per call) up, and 1 B per call (at least
 * one object per 24 calls) many times over. Measuring stops at the first round that meets the expectation, so a
 * passing test usually costs one round.</li>
 * <li><b>Every thread, settled.</b> Each window (warm-up chunk or round) first settles the background work, then
 * reads the counter of every metered thread, runs the calls, settles again and reads again: the work of a round is
 * counted in that round. {@link BackgroundWork} components ({@link #alsoBackground(BackgroundWork...)}) are settled
 * with {@link BackgroundWork#awaitSettled(Duration)} and their {@link BackgroundWork#backgroundThreads() threads}
 * metered; a user's own threads are named with {@link #alsoThreads(Thread...)} and settled with
 * {@link #settle(Runnable)}. Each thread is read with {@code ThreadMXBean#getThreadAllocatedBytes(long)}, the
 * single-id form, which allocates nothing.</li>
 * <li><b>A failure that says where.</b> The message gives the bytes per call, every round's total, each thread's
 * share of the smallest round and, where the JDK can tell, the top allocating frames: the meter runs the operation
 * once more for about a second under an in-process JFR recording of {@code jdk.ObjectAllocationSample} events
 * (see {@link #allocationSites(boolean)}).</li>
 * </ol>
 *
 * <h2>Cost and duration</h2>
 * A passing test of a fast operation (tens of nanoseconds) takes about 0.1-0.2 s: a warm-up with its 100 ms quiet
 * stretch, and one round. A slow operation (10 µs, a whole request) takes about a second: rounds are counted in
 * calls. A failing test runs every round and then about a second of diagnostics, plus JFR's start-up the first time
 * (one to two seconds). The warm-up bound caps the rest. docs/testing-allocation.md gives measured figures.
 *
 * <h2>Accuracy</h2>
 * The counter is exact to the byte on HotSpot and includes the current TLAB: a {@code new byte[100]} reads as 120
 * bytes, a boxed {@code Long} as 24 (16 with {@code -XX:+UseCompactObjectHeaders}). Allocation that the JIT's escape
 * analysis removes is not counted, which is why hotpath also runs its allocation tests under
 * {@code -XX:-DoEscapeAnalysis}. Use values outside the boxing caches ({@code Long.valueOf(-128..127)} never
 * allocates) or boxing hides. A virtual thread's allocation is counted on its carrier, which is not a thread this
 * meter can name: meter platform threads.
 *
 * <h2>Unsupported JVMs</h2>
 * A meter that cannot count never passes: every measuring method throws {@link IllegalStateException} saying why.
 * That is the case on a JVM without per-thread allocation counters, and when the {@code jdk.management} module is not
 * in the run's module graph: {@code hotpath-core} only {@code requires static jdk.management}, so that a service
 * using the pools or the logger does not pull in a module it needs only for tests. Tests on the class path (as
 * Maven's Surefire runs them by default) always have it; a modular test run adds
 * {@code --add-modules jdk.management}. {@link #isSupported()} says which case applies.
 *
 * <h2>Thread-safety</h2>
 * Instances are immutable and may be shared; a measurement runs on the calling thread. The static readers may be
 * called from any thread.
 *
 * <h2>Allocation</h2>
 * Reading the counters allocates nothing, and neither does the measuring loop: between two readings run only the
 * operation, the settle action and {@link BackgroundWork#awaitSettled(Duration)} (which must therefore allocate
 * nothing either). Building a meter, resolving threads, keeping results and reporting allocate, outside the measured
 * windows.
 */
public final class AllocationMeter {
    /** The operation measured; {@code i} counts the calls, so that values can vary without allocating. */
    @FunctionalInterface
    public interface Operation {
        /**
         * Runs the operation once.
         *
         * @param i the number of this call within its round, from 0 to {@code operations - 1}; the warm-up passes the
         *          same numbers in the same order (wrapping), so that a round meets no input the warm-up did not.
         * @throws Exception if the operation fails; the measurement fails with it.
         */
        void run(int i) throws Exception;
    }

    /** Default number of measured calls per round. */
    public static final int DEFAULT_OPERATIONS = 50_000;
    /**
     * Default number of measured rounds; the smallest counts. Seven, because a whole service on a busy machine showed
     * a one-off (96 B to 10 KB on the calling thread, after the JIT had settled) in up to four rounds in a row before
     * a clean one (1 of 40 runs); a passing test usually needs one round, so the margin costs only the failing tests.
     */
    public static final int DEFAULT_ROUNDS = 7;
    /** Default bound on the adaptive warm-up, in seconds. */
    public static final int DEFAULT_MAX_WARMUP_SECONDS = 10;
    /** Default bound on each wait for background work to settle, in seconds. */
    public static final int DEFAULT_SETTLE_TIMEOUT_SECONDS = 30;

    private static final Runnable NO_SETTLE = () -> {
    };
    private static final long BOXED_LONG_BYTES =
        HotSpotCounters.UNSUPPORTED_REASON == null && HotSpotCounters.vmFlag("UseCompactObjectHeaders") ? 16 : 24;

    private final Settings settings;

    private AllocationMeter(final Settings settings) {
        this.settings = settings;
    }

    /**
     * A meter of the calling thread with the defaults: warm-up until the JIT has settled,
     * {@value #DEFAULT_ROUNDS} rounds of {@value #DEFAULT_OPERATIONS} calls, allocation sites on failure.
     *
     * @return a new meter.
     */
    public static AllocationMeter meter() {
        return new AllocationMeter(new Settings());
    }

    /**
     * Whether this run can count allocated bytes per thread: HotSpot can, when the {@code jdk.management} module is
     * in the module graph (always on the class path).
     *
     * @return true when the measuring methods can work.
     */
    public static boolean isSupported() {
        return HotSpotCounters.UNSUPPORTED_REASON == null;
    }

    /**
     * Fails unless this run can count allocated bytes per thread.
     *
     * @throws IllegalStateException saying why it cannot.
     */
    public static void requireSupported() {
        if (HotSpotCounters.UNSUPPORTED_REASON != null) {
            throw new IllegalStateException(HotSpotCounters.UNSUPPORTED_REASON);
        }
    }

    /**
     * Bytes allocated so far by the calling thread, exact on HotSpot. Allocates nothing.
     *
     * @return the running total of bytes the calling thread has allocated.
     * @throws IllegalStateException if this run cannot count allocated bytes, or the calling thread is a virtual
     *                               thread (the JVM keeps no count for it: it counts its carrier's).
     */
    public static long currentThreadAllocatedBytes() {
        requireSupported();
        return HotSpotCounters.requireCurrentThread();
    }

    /**
     * Bytes allocated so far by the given thread. Allocates nothing.
     *
     * @param thread a live platform thread.
     * @return the running total of bytes the thread has allocated.
     * @throws IllegalStateException if this run cannot count allocated bytes, or the thread is not alive (or is a
     *                               virtual thread, which the JVM does not count separately).
     */
    public static long threadAllocatedBytes(final Thread thread) {
        requireSupported();
        @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; the baseline is 17.
        final long id = thread.getId();
        final long bytes = HotSpotCounters.thread(id);
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
     * A copy of this meter with a fixed warm-up of {@code calls} calls instead of the default, which warms up until
     * the JIT has settled. Prefer the default: a fixed count is a number to tune, too low on a slow machine and
     * wasted on a fast one.
     *
     * @param calls warm-up calls before the first round, zero or more.
     * @return a new meter.
     */
    public AllocationMeter warmup(final int calls) {
        if (calls < 0) {
            throw new IllegalArgumentException("warm-up calls must be >= 0: " + calls);
        }
        return with(s -> s.fixedWarmup = calls);
    }

    /**
     * A copy of this meter that warms up until the JIT has settled (the default), for at most {@code max}.
     *
     * @param max the bound on the warm-up; when it is reached, the rounds start anyway and the measurement says so.
     * @return a new meter.
     */
    public AllocationMeter maxWarmup(final Duration max) {
        final long nanos = Durations.requireTimeoutNanos("max", max);
        return with(s -> {
            s.fixedWarmup = -1;
            s.maxWarmupNanos = nanos;
        });
    }

    /**
     * A copy of this meter with another number of measured calls per round. Keep it large: a round must be long
     * enough to hold at least one of any recurring allocation, or that allocation can miss a round and pass.
     *
     * @param calls measured calls per round, at least 1.
     * @return a new meter.
     */
    public AllocationMeter operations(final int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("operations per round must be >= 1: " + calls);
        }
        return with(s -> s.operations = calls);
    }

    /**
     * A copy of this meter with another number of rounds; the smallest round counts.
     *
     * @param count rounds, at least 1.
     * @return a new meter.
     */
    public AllocationMeter rounds(final int count) {
        if (count < 1) {
            throw new IllegalArgumentException("rounds must be >= 1: " + count);
        }
        return with(s -> s.rounds = count);
    }

    /**
     * A copy of this meter that also counts the allocation of the given threads (a user's own worker or writer
     * threads the operation hands work to). They must be alive, platform threads, for the whole measurement. Give a
     * {@link #settle(Runnable) settle} action that waits for them; hotpath's own asynchronous components need neither:
     * pass them to {@link #alsoBackground(BackgroundWork...)}.
     *
     * @param threads the other threads to count, in addition to the calling thread.
     * @return a new meter.
     */
    public AllocationMeter alsoThreads(final Thread... threads) {
        final Thread[] added = threads.clone();
        for (final Thread t : added) {
            Objects.requireNonNull(t, "thread");
        }
        return with(s -> s.threads = concat(s.threads, added));
    }

    /**
     * A copy of this meter that also meters and settles background work: each component's
     * {@linkplain BackgroundWork#backgroundThreads() threads} are counted, and before every reading the meter waits
     * until each has {@linkplain BackgroundWork#awaitSettled(Duration) settled}, in the order given (twice, so that
     * work one component hands to another while settling is done too).
     *
     * <p>The meter asks each component for its threads when a measurement starts and again when the warm-up ends,
     * so that threads a component starts lazily are metered in the rounds.
     *
     * @param work hotpath's asynchronous components (a log service, a worker pool) or a user's own.
     * @return a new meter.
     */
    public AllocationMeter alsoBackground(final BackgroundWork... work) {
        final BackgroundWork[] added = work.clone();
        for (final BackgroundWork w : added) {
            Objects.requireNonNull(w, "work");
        }
        return with(s -> s.work = concat(s.work, added));
    }

    /**
     * A copy of this meter that runs {@code action} before every reading of the counters, after the warm-up chunks'
     * and rounds' calls: it should wait until the {@linkplain #alsoThreads(Thread...) named threads} have finished the
     * work handed to them. It is inside the measured window, so it must itself allocate nothing.
     *
     * @param action waits for the other threads to finish the work of a round.
     * @return a new meter.
     */
    public AllocationMeter settle(final Runnable action) {
        Objects.requireNonNull(action, "action");
        return with(s -> s.settle = action);
    }

    /**
     * A copy of this meter with another bound on each wait for {@linkplain #alsoBackground(BackgroundWork...)
     * background work} to settle; a component that does not settle in time fails the measurement.
     *
     * @param timeout the bound; {@value #DEFAULT_SETTLE_TIMEOUT_SECONDS} s by default.
     * @return a new meter.
     */
    public AllocationMeter settleTimeout(final Duration timeout) {
        Durations.requireTimeoutNanos("timeout", timeout);
        return with(s -> s.settleTimeout = timeout);
    }

    /**
     * A copy of this meter that does, or does not, look for the allocating frames when an assertion fails. On (the
     * default), a failing assertion runs the operation again for about a second under an in-process JFR recording of
     * {@code jdk.ObjectAllocationSample} events with stack traces, and names the top allocating frames on the
     * metered threads. JFR samples allocations when a thread needs a new TLAB, so an allocation too rare to fill one
     * in that second is named by bytes and thread only. Where JFR is missing (no {@code jdk.jfr} module in the
     * graph), the message says so.
     *
     * @param on whether to look.
     * @return a new meter.
     */
    public AllocationMeter allocationSites(final boolean on) {
        return with(s -> s.sites = on);
    }

    /**
     * A copy of this meter that hands every measurement it makes to {@code listener}, after the measurement (outside
     * the measured windows) and before any assertion: to log it, or to look at its rounds.
     *
     * @param listener receives each measurement, after any listener given earlier.
     * @return a new meter.
     */
    public AllocationMeter reportTo(final Consumer<? super Measurement> listener) {
        Objects.requireNonNull(listener, "listener");
        return with(s -> {
            final Consumer<? super Measurement> earlier = s.listener;
            s.listener = m -> {
                earlier.accept(m);
                listener.accept(m);
            };
        });
    }

    /**
     * Warms the operation up, measures it and returns what it allocated.
     *
     * @param operation the operation to measure.
     * @return the smallest round's allocation, with every round's total and each thread's share.
     * @throws IllegalStateException if this run cannot count allocated bytes, or a metered thread ended.
     * @throws AssertionError        wrapping any exception the operation throws, or if background work does not
     *                               settle in time.
     */
    public Measurement measure(final Operation operation) {
        return run(operation, 0).measurement;
    }

    /**
     * Asserts that the operation allocates nothing after warm-up, on the calling thread and on every metered thread.
     *
     * @param what      names the operation in the failure message.
     * @param operation the operation to measure.
     * @throws AssertionError if any byte was allocated in every round, saying how many per operation, on which
     *                        thread, and where the JDK can tell, at which frames.
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
        Objects.requireNonNull(what, "what");
        final Outcome outcome = run(operation, expected);
        final Measurement m = outcome.measurement;
        if (m.bytes() != expected * m.operations()) {
            final String sites = settings.sites
                ? AllocationSites.describe(outcome.run, settings.operations) : "";
            throw new AssertionError(AllocationReport.failure(what, expected, m, sites));
        }
    }

    private Outcome run(final Operation operation, final long expectedPerCall) {
        requireSupported();
        Objects.requireNonNull(operation, "operation");
        final Settings s = settings;
        final long start = System.nanoTime();
        try {
            final MeteredRun run = new MeteredRun(operation, s.threads, s.work, s.settle, s.settleTimeout);
            final JitWarmup.Result warm = s.fixedWarmup >= 0 ? JitWarmup.fixed(run, s.fixedWarmup, s.operations)
                : JitWarmup.untilSettled(run, s.operations, s.maxWarmupNanos);
            run.resolveThreads();
            final long target = expectedPerCall * s.operations;
            final List<Long> rounds = new ArrayList<>(s.rounds);
            final long[] smallestPerThread = new long[run.threadCount()];
            long smallest = Long.MAX_VALUE;
            for (int round = 0; round < s.rounds && smallest > target; round++) {
                final long bytes = run.window(s.operations);
                rounds.add(bytes);
                if (bytes < smallest) {
                    smallest = bytes;
                    for (int t = 0; t < smallestPerThread.length; t++) {
                        smallestPerThread[t] = run.lastBytes(t);
                    }
                }
            }
            final List<ThreadBytes> threads = new ArrayList<>(smallestPerThread.length);
            for (int t = 0; t < smallestPerThread.length; t++) {
                threads.add(new ThreadBytes(run.thread(t).getName(), smallestPerThread[t]));
            }
            final Measurement m = new Measurement(smallest, s.operations, List.copyOf(threads), List.copyOf(rounds),
                warm.operations(), warm.settled(), Duration.ofNanos(System.nanoTime() - start));
            s.listener.accept(m);
            return new Outcome(run, m);
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Exception e) {
            throw new AssertionError("the measured operation failed: " + e, e);
        }
    }

    private AllocationMeter with(final Consumer<Settings> change) {
        final Settings copy = settings.copy();
        change.accept(copy);
        return new AllocationMeter(copy);
    }

    private static <T> T[] concat(final T[] a, final T[] b) {
        final T[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** A meter's configuration; copied on every change and never changed once a meter holds it. */
    private static final class Settings {
        int fixedWarmup = -1;
        long maxWarmupNanos = DEFAULT_MAX_WARMUP_SECONDS * 1_000_000_000L;
        int operations = DEFAULT_OPERATIONS;
        int rounds = DEFAULT_ROUNDS;
        Thread[] threads = new Thread[0];
        BackgroundWork[] work = new BackgroundWork[0];
        Runnable settle = NO_SETTLE;
        Duration settleTimeout = Duration.ofSeconds(DEFAULT_SETTLE_TIMEOUT_SECONDS);
        boolean sites = true;
        Consumer<? super Measurement> listener = m -> {
        };

        Settings copy() {
            final Settings c = new Settings();
            c.fixedWarmup = fixedWarmup;
            c.maxWarmupNanos = maxWarmupNanos;
            c.operations = operations;
            c.rounds = rounds;
            c.threads = threads;
            c.work = work;
            c.settle = settle;
            c.settleTimeout = settleTimeout;
            c.sites = sites;
            c.listener = listener;
            return c;
        }
    }

    /** A measurement and the run that made it, for the diagnostics of a failure. */
    private record Outcome(MeteredRun run, Measurement measurement) {
    }

    /**
     * What one thread allocated in the smallest round.
     *
     * @param thread the thread's name.
     * @param bytes  bytes it allocated in that round.
     */
    public record ThreadBytes(String thread, long bytes) {
    }

    /**
     * What one measurement saw.
     *
     * @param bytes            bytes allocated in the smallest round, all metered threads together.
     * @param operations       calls in each round.
     * @param threads          each metered thread's bytes in the smallest round, the calling thread first.
     * @param rounds           every round's total bytes, in the order run (measuring stops at the first round that
     *                         meets the expectation).
     * @param warmupOperations calls made to warm up.
     * @param warmupSettled    true if the warm-up ended because the JIT had settled; false if it hit its bound or
     *                         was a fixed count.
     * @param duration         how long the warm-up and the rounds took.
     */
    public record Measurement(long bytes, long operations, List<ThreadBytes> threads, List<Long> rounds,
        long warmupOperations, boolean warmupSettled, Duration duration) {
        /**
         * Bytes per call in the smallest round.
         *
         * @return {@code bytes / operations}.
         */
        public double bytesPerOperation() {
            return (double) bytes / operations;
        }

        @Override
        public String toString() {
            return AllocationReport.summary(this);
        }
    }
}
