package io.github.hotpath.core;

/**
 * Warms an operation up until the JIT has settled, instead of for a fixed count a user would have to tune: it runs
 * the operation in chunks, each metered like a round, and stops once at least {@value #STABLE_CHUNKS} chunks in a row,
 * lasting {@value #STABLE_MILLIS} ms together, were quiet: none allocated a different amount per call than the least
 * so far (a new low is progress, a one-off above it is noise that has not died down; 10% of slack for an operation
 * that allocates steadily), none ran more than 5% faster than the best so far, and the JIT compiled nothing meanwhile
 * (its total compilation time, where the JVM reports it, did not move). A chunk starts at {@value #FIRST_CHUNK} calls
 * and doubles until it lasts {@value #MIN_CHUNK_MILLIS} ms, so that its time is more than timer noise. The calls are
 * numbered as a round numbers them, wrapping at the round size, and the warm-up makes at
 * least a round's worth: the rounds pass no call number (so no input an operation picks by it) that the warm-up did
 * not. A bound on the whole warm-up ends it if the JIT never settles (a busy machine, a background component
 * that keeps compiling or allocating now and then); the measurement says so.
 */
final class JitWarmup {
    /** Chunks in a row without progress after which the JIT counts as settled. */
    static final int STABLE_CHUNKS = 3;
    /** Calls in the first chunk. */
    static final int FIRST_CHUNK = 1_000;
    private static final int MAX_CHUNK = 1 << 30;
    /** Chunks grow until they last this long, in milliseconds. */
    static final long MIN_CHUNK_MILLIS = 10;
    /** The quiet chunks must last this long together, in milliseconds: long enough for a pending compile to land. */
    static final long STABLE_MILLIS = 100;
    private static final double STEADY = 1.1;
    private static final double FASTER = 0.95;

    private JitWarmup() {
    }

    /**
     * What a warm-up did.
     *
     * @param operations calls made.
     * @param chunks     chunks run (1 for a fixed warm-up).
     * @param settled    true if it stopped because the JIT settled, false if it hit its bound or was fixed.
     * @param nanos      how long it took.
     */
    record Result(long operations, int chunks, boolean settled, long nanos) {
    }

    /**
     * Warms up until the JIT has settled, or until {@code maxNanos} have passed.
     *
     * @param run        the measurement to warm up.
     * @param roundCalls the round size: the numbering's wrap, and the least the warm-up makes.
     * @param maxNanos   the bound on the whole warm-up.
     * @return what it did.
     * @throws Exception what the operation throws.
     */
    static Result untilSettled(final MeteredRun run, final int roundCalls, final long maxNanos) throws Exception {
        final long start = System.nanoTime();
        int chunk = FIRST_CHUNK;
        double bestBytes = Double.MAX_VALUE;
        double bestNanos = Double.MAX_VALUE;
        long compiled = HotSpotCounters.compilationMillis();
        long operations = 0;
        int chunks = 0;
        int stable = 0;
        long stableNanos = 0;
        while (true) {
            final long t0 = System.nanoTime();
            final long bytes = run.window(chunk, (int) (operations % roundCalls), roundCalls);
            final long nanos = System.nanoTime() - t0;
            operations += chunk;
            chunks++;
            final long nowCompiled = HotSpotCounters.compilationMillis();
            final double bytesPerCall = (double) bytes / chunk;
            final double nanosPerCall = (double) nanos / chunk;
            final boolean quiet = bytesPerCall >= bestBytes && bytesPerCall <= bestBytes * STEADY
                && nanosPerCall >= bestNanos * FASTER && nowCompiled == compiled;
            bestBytes = Math.min(bestBytes, bytesPerCall);
            bestNanos = Math.min(bestNanos, nanosPerCall);
            compiled = nowCompiled;
            if (nanos < MIN_CHUNK_MILLIS * 1_000_000 && chunk < MAX_CHUNK) {
                chunk *= 2;
                stable = 0;
                stableNanos = 0;
            } else if (quiet) {
                stable++;
                stableNanos += nanos;
            } else {
                stable = 0;
                stableNanos = 0;
            }
            final long elapsed = System.nanoTime() - start;
            if (stable >= STABLE_CHUNKS && stableNanos >= STABLE_MILLIS * 1_000_000 && operations >= roundCalls) {
                return new Result(operations, chunks, true, elapsed);
            }
            if (elapsed >= maxNanos) {
                return new Result(operations, chunks, false, elapsed);
            }
        }
    }

    /**
     * Warms up for exactly {@code calls} calls, in one window, numbered as rounds number them.
     *
     * @param run   the measurement to warm up.
     * @param calls how many calls.
     * @param wrap  the round size.
     * @return what it did.
     * @throws Exception what the operation throws.
     */
    static Result fixed(final MeteredRun run, final int calls, final int wrap) throws Exception {
        final long start = System.nanoTime();
        if (calls > 0) {
            run.window(calls, 0, wrap);
        }
        return new Result(calls, calls > 0 ? 1 : 0, false, System.nanoTime() - start);
    }
}
