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
     * Re-check the queue briefly (a few dozen {@code Thread.onSpinWait()}, then a few dozen {@code Thread.yield()},
     * which hand the core to a runnable producer: some tens of microseconds in all), then park until a producer wakes
     * the worker. Burns no CPU while the pool is idle; the default. While a worker is re-checking, producers do not
     * wake any other: that worker takes the job, or passes a wake-up on if more are queued.
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
