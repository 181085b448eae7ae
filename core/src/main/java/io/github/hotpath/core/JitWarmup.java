package io.github.hotpath.core;

/**
 * Warms an operation up until the JIT has settled, instead of for a fixed count a user would have to tune: it runs
 * the operation in chunks, each metered like a round, and stops once {@value #STABLE_CHUNKS} chunks in a row brought
 * no progress: no chunk allocated less per call than the best so far, none ran more than 5% faster than the best so
 * far, and the JIT compiled nothing meanwhile (its total compilation time, where the JVM reports it, did not move).
 * A chunk starts at {@value #FIRST_CHUNK} calls and doubles until it lasts {@value #MIN_CHUNK_MILLIS} ms or reaches the
 * round size, so that its time is more than timer noise. A bound on the whole warm-up ends it if the JIT never
 * settles (a busy machine, a background component that keeps compiling); the measurement says so.
 */
final class JitWarmup {
    /** Chunks in a row without progress after which the JIT counts as settled. */
    static final int STABLE_CHUNKS = 3;
    /** Calls in the first chunk. */
    static final int FIRST_CHUNK = 1_000;
    /** Chunks grow until they last this long, in milliseconds. */
    static final long MIN_CHUNK_MILLIS = 10;
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
     * @param run           the measurement to warm up.
     * @param maxChunkCalls the largest chunk, the round size.
     * @param maxNanos      the bound on the whole warm-up.
     * @return what it did.
     * @throws Exception what the operation throws.
     */
    static Result untilSettled(final MeteredRun run, final int maxChunkCalls, final long maxNanos) throws Exception {
        final long start = System.nanoTime();
        int chunk = Math.min(FIRST_CHUNK, maxChunkCalls);
        double bestBytes = Double.MAX_VALUE;
        double bestNanos = Double.MAX_VALUE;
        long compiled = HotSpotCounters.compilationMillis();
        long operations = 0;
        int chunks = 0;
        int stable = 0;
        while (true) {
            final long t0 = System.nanoTime();
            final long bytes = run.window(chunk);
            final long nanos = System.nanoTime() - t0;
            operations += chunk;
            chunks++;
            final long nowCompiled = HotSpotCounters.compilationMillis();
            final double bytesPerCall = (double) bytes / chunk;
            final double nanosPerCall = (double) nanos / chunk;
            final boolean progress = bytesPerCall < bestBytes || nanosPerCall < bestNanos * FASTER
                || nowCompiled != compiled;
            bestBytes = Math.min(bestBytes, bytesPerCall);
            bestNanos = Math.min(bestNanos, nanosPerCall);
            compiled = nowCompiled;
            if (nanos < MIN_CHUNK_MILLIS * 1_000_000 && chunk < maxChunkCalls) {
                chunk = (int) Math.min(2L * chunk, maxChunkCalls);
                stable = 0;
            } else {
                stable = progress ? 0 : stable + 1;
            }
            final long elapsed = System.nanoTime() - start;
            if (stable >= STABLE_CHUNKS) {
                return new Result(operations, chunks, true, elapsed);
            }
            if (elapsed >= maxNanos) {
                return new Result(operations, chunks, false, elapsed);
            }
        }
    }

    /**
     * Warms up for exactly {@code calls} calls, in one window.
     *
     * @param run   the measurement to warm up.
     * @param calls how many calls.
     * @return what it did.
     * @throws Exception what the operation throws.
     */
    static Result fixed(final MeteredRun run, final int calls) throws Exception {
        final long start = System.nanoTime();
        if (calls > 0) {
            run.window(calls);
        }
        return new Result(calls, calls > 0 ? 1 : 0, false, System.nanoTime() - start);
    }
}
