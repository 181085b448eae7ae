package io.github.hotpath.worker;

/**
 * Tests only: points in a worker's park announcement where a regression test can act (submit a job) to open a
 * lost-wake-up window at will. Production pools use {@link #NONE}, and since no subclass is loaded outside the tests,
 * the JIT binds the calls statically and inlines the empty bodies: unset hooks cost nothing on the idle path.
 * Reached only through the package-private {@code WorkerPoolBuilder.parkHooks}; a jcstress test of the handshake
 * is to replace them.
 */
class ParkHooks {
    /** No hooks. */
    static final ParkHooks NONE = new ParkHooks();

    /**
     * Run by a worker that found the queue empty, just before it announces that it parks. The worker still counts
     * as searching there, so a submit in this window wakes nobody.
     */
    void beforeAnnouncement() {
    }

    /**
     * Run by a worker between the two steps of its park announcement (counting itself idle and raising its parked
     * flag), where a waker could see one step without the other.
     */
    void midAnnouncement() {
    }
}
