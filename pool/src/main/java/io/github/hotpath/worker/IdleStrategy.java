package io.github.hotpath.worker;

/**
 * What a worker of a {@link ConcurrentWorkerPool} does when the job queue is empty.
 *
 * <h2>Allocation</h2>
 * None of them allocates: parking and unparking go through {@code LockSupport}, never a {@code Condition} (whose
 * {@code await} allocates a node on each wait).
 */
public enum IdleStrategy {
    /**
     * Re-check the queue briefly (about a hundred {@code Thread.onSpinWait()}, a few microseconds), then park until
     * a producer wakes the worker. Burns no CPU while the pool is idle; the default.
     */
    PARK,
    /**
     * Spin briefly ({@code Thread.onSpinWait()}), then yield, then park: lower hand-off latency after short idle
     * gaps, at the price of some CPU; an idle pool still ends up parked.
     */
    BACKOFF,
    /**
     * Never park: spin with {@code Thread.onSpinWait()} while idle. Lowest latency, and one core burnt per worker
     * for as long as the pool runs: only for latency-critical services with dedicated cores.
     */
    BUSY_SPIN
}
