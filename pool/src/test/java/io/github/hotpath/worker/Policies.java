package io.github.hotpath.worker;

import io.github.hotpath.core.Backoff;

import java.time.Duration;
import java.util.stream.Stream;

/** The builder's choices as test parameters: each when-full policy and each idle preset. */
final class Policies {
    private Policies() {
    }

    /** Applies a when-full policy (the package-private enum names the three builder methods). */
    static <J> WorkerPoolBuilder<J> whenFull(final WorkerPoolBuilder<J> b, final FullPolicy policy,
                                             final Duration waitTimeout) {
        switch (policy) {
            case REJECT:
                return b.whenFullReject().waitTimeout(waitTimeout);
            case CALLER_RUNS:
                return b.whenFullCallerRuns().waitTimeout(waitTimeout);
            default:
                return b.whenFullWait(waitTimeout);
        }
    }

    /** The idle presets a user can pick. */
    static Stream<Backoff> idlePresets() {
        return Stream.of(ConcurrentWorkerPool.IDLE_DEFAULT, ConcurrentWorkerPool.IDLE_LOW_LATENCY, Backoff.BUSY_SPIN);
    }
}
