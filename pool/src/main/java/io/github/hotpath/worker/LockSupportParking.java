package io.github.hotpath.worker;

import java.util.concurrent.locks.LockSupport;

/** The one place the worker pool parks and unparks threads; {@code LockSupport} allocates nothing. */
final class LockSupportParking {
    private LockSupportParking() {
    }

    static void park(final Object blocker) {
        LockSupport.park(blocker);
    }

    static void parkNanos(final Object blocker, final long nanos) {
        LockSupport.parkNanos(blocker, nanos);
    }

    static void unpark(final Thread thread) {
        LockSupport.unpark(thread);
    }
}
