package io.github.hotpath.pool;

/**
 * A snapshot of one pool's counters and of the capacities it applied, from {@link ConcurrentObjectPool#metrics()}.
 *
 * <p>The counters cost nothing on the hot path: acquisitions are the sum of the slots' generations, releases are
 * acquisitions minus the objects in use, and the other counters change only on slow paths (a miss, a drop, a
 * misuse, a leak). A snapshot taken while other threads use the pool is not atomic across counters (each is read
 * once, in turn); at quiescence it is exact, and then {@code created - dropped == idle + inUse}.
 *
 * <h2>Thread-safety and allocation</h2>
 * Immutable. Each {@link ConcurrentObjectPool#metrics()} call allocates one snapshot and scans the slot table once.
 *
 * @param acquired       acquisitions (handles and leases) since the pool was built.
 * @param released       acquisitions released; {@code acquired - released} is {@code inUse}.
 * @param created        objects the factory built: the misses.
 * @param dropped        objects the pool let go: released when the idle store was full, over the retained-size cap,
 *                       or whose reset failed.
 * @param droppedOversize of {@code dropped}, those over the retained-size cap.
 * @param misuseRejected releases and uses rejected with a {@link PoolMisuseException}.
 * @param resetFailures  releases whose reset, strict reset check or retained-size function threw, or whose reset
 *                       left the object dirty (strict verification); each dropped the object.
 * @param leaksDetected  sampled strict-mode leases collected by the GC while their object was still in use.
 * @param exhausted      acquisitions that found the pool at its total bound and failed (fail-fast or timeout).
 * @param inUse          objects acquired and not yet released (including leaked ones).
 * @param idle           objects held for reuse: in the shared idle store or in a thread's one-object cache.
 * @param highWaterMark  the largest number of live objects (in use + idle) the pool ever had.
 * @param idleCapacity   the most idle objects the shared queue retains: {@link PoolBuilder#maxIdle(int)} as the pool
 *                       applied it (rounded up to a power of two).
 * @param maxTotal       the most objects alive at once: the bound of {@link PoolBuilder#whenEmptyReject(int)} or
 *                       {@link PoolBuilder#whenEmptyWait(int, java.time.Duration)}, or the structural limit (2^20)
 *                       for {@link PoolBuilder#whenEmptyCreate()}.
 */
public record PoolMetrics(
    long acquired,
    long released,
    long created,
    long dropped,
    long droppedOversize,
    long misuseRejected,
    long resetFailures,
    long leaksDetected,
    long exhausted,
    long inUse,
    long idle,
    long highWaterMark,
    int idleCapacity,
    int maxTotal) {

    /**
     * The share of acquisitions served by an object already built: {@code 1 - created / acquired}, or 1 before the
     * first acquisition. A snapshot taken while other threads miss may count an object as created before its
     * acquisition shows in {@code acquired}; the rate is then clamped to 0 rather than reported negative (and, for a
     * record built by hand with counts no pool reports, clamped to 1 above).
     *
     * @return the hit rate, between 0 and 1.
     */
    public double hitRate() {
        if (acquired == 0) {
            return 1.0;
        }
        return Math.min(1.0, Math.max(0.0, 1.0 - (double) created / acquired));
    }
}
