package io.github.hotpath.core.internal;

/**
 * Orders hotpath's own JVM exit hooks, which the JVM starts all at once and in no order. A component whose exit hook
 * still runs work that may log (a worker pool that runs its accepted jobs at exit) counts itself here from before it
 * registers its hook until that hook has run or been removed; a log service's exit hook first waits, within its close
 * timeout, until no such hook is pending, and only then closes. Without it, jobs that log while their pool drains at
 * exit found the log service already closed, and their records were dropped.
 *
 * <p>Internal to hotpath: not an API; it may change in any release.
 *
 * <p>Thread-safety: any thread. Allocation: none. Memory effects: a producer's {@link #producerDone()}
 * happens-before an {@link #awaitProducers(long)} that returns true after it.
 */
public final class ExitOrder {
    private static final Object LOCK = new Object();
    /** Producer hooks registered and neither run nor removed. Guarded by {@link #LOCK}. */
    private static int pending;

    private ExitOrder() {
    }

    /** A producer is about to register its exit hook: count it, before the JVM may start it. */
    public static void producerRegistered() {
        synchronized (LOCK) {
            pending++;
        }
    }

    /** A producer's exit hook has run, was removed or could not be registered: once per {@link #producerRegistered}. */
    public static void producerDone() {
        synchronized (LOCK) {
            pending--;
            LOCK.notifyAll();
        }
    }

    /**
     * How many producer hooks are pending.
     *
     * @return the count (for tests and diagnostics).
     */
    public static int pendingProducers() {
        synchronized (LOCK) {
            return pending;
        }
    }

    /**
     * Waits until no producer hook is pending, at most {@code timeoutNanos}. An interrupt ends the wait (and is kept).
     *
     * @param timeoutNanos the longest wait; 0 or less only checks.
     * @return true if none is pending.
     */
    public static boolean awaitProducers(final long timeoutNanos) {
        final long start = System.nanoTime();
        synchronized (LOCK) {
            while (pending > 0) {
                final long left = timeoutNanos - (System.nanoTime() - start);
                if (left <= 0) {
                    return false;
                }
                try {
                    LOCK.wait(left / 1_000_000L, (int) (left % 1_000_000L));
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }
}
