package io.github.hotpath.log;

/** Reaches into a service's parts for tests. */
final class TestServices {
    private TestServices() {
    }

    /** The writer thread of an asynchronous service. */
    static Thread writer(final ConcurrentLogService service) {
        return service.backgroundThreads().get(0);
    }

    /** The ring of an asynchronous service. */
    static RecordRing ring(final ConcurrentLogService service) {
        return ((AsynchronousHandoff) service.handoff()).ring();
    }

    static RingWaitingRoom waiters(final ConcurrentLogService service) {
        return ((AsynchronousHandoff) service.handoff()).waiters();
    }
}
