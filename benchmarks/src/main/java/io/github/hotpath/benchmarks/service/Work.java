package io.github.hotpath.benchmarks.service;

/**
 * The example's business logic, shared by both handlers so that they differ only in how they allocate: how many
 * work units a request costs, and the status, latency and load that follow from it. Deterministic, so responses
 * can be compared byte for byte.
 */
public final class Work {
    private Work() {
    }

    /**
     * @param queryLength length of the rendered query.
     * @param headerCount number of headers.
     * @return the request's work units.
     */
    public static int units(final int queryLength, final int headerCount) {
        return 3 * queryLength + 10 * headerCount;
    }

    /**
     * @param units work units.
     * @return 503 for one request in seven, 200 otherwise.
     */
    public static int status(final int units) {
        return units % 7 == 0 ? 503 : 200;
    }

    /**
     * @param units work units.
     * @return the simulated latency in microseconds.
     */
    public static long latencyMicros(final int units) {
        return 1_000_000L + 37L * units;
    }

    /**
     * @param units work units.
     * @return the simulated load, a fraction.
     */
    public static double load(final int units) {
        return units / 1024.0;
    }
}
