package io.github.hotpath.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * JMH's console output, plus the cross-CPU round trip ({@link CrossCpuProbe}) measured just before and just after
 * each row: the number that tells a slow machine from slow code for the rows whose threads hand data to each other
 * (the logger's callers and writer, the worker pool's caller and workers, the pool's two threads; docs/log.md, "slow
 * forks"). Every row gets it, so that a reader sees how the machine moved through the whole run. JMH calls
 * {@link #startBenchmark} and {@link #endBenchmark} in the runner's own JVM, before the row's first fork starts and
 * after its last one ends, so the probe runs with nothing else running and is not part of the measurement.
 */
final class PlacementProbes implements OutputFormat {
    /** How long each probe runs: twice per row. */
    static final int PROBE_MILLIS = 100;

    private final OutputFormat out;
    private final Map<String, long[]> roundTrips = new HashMap<>();

    PlacementProbes(final OutputFormat out) {
        this.out = out;
    }

    /**
     * The round trips around this row, as the table prints them, or null for a row not run through this output.
     *
     * @param r the row.
     * @return for example {@code "round trip 70 ns before, 68 after"}.
     */
    String note(final RunResult r) {
        final long[] ns = roundTrips.get(key(r.getParams()));
        return ns == null || ns[1] < 0 ? null : "round trip " + ns[0] + " ns before, " + ns[1] + " after";
    }

    /** The row: benchmark, threads, parameters and JVM arguments (a virtual-thread row differs only by the last). */
    private static String key(final BenchmarkParams params) {
        final StringBuilder k = new StringBuilder(params.getBenchmark()).append('|').append(params.getThreads());
        for (final String p : params.getParamsKeys()) {
            k.append('|').append(p).append('=').append(params.getParam(p));
        }
        return k.append('|').append(params.getJvmArgs()).toString();
    }

    @Override
    public void startBenchmark(final BenchmarkParams params) {
        roundTrips.put(key(params), new long[] {CrossCpuProbe.roundTripNanos(PROBE_MILLIS), -1});
        out.startBenchmark(params);
    }

    @Override
    public void endBenchmark(final BenchmarkResult result) {
        out.endBenchmark(result);
        if (result != null) {
            final long[] ns = roundTrips.get(key(result.getParams()));
            if (ns != null) {
                ns[1] = CrossCpuProbe.roundTripNanos(PROBE_MILLIS);
                out.println("Cross-CPU round trip around this row: " + ns[0] + " ns before, " + ns[1] + " ns after");
            }
        }
    }

    @Override
    public void iteration(final BenchmarkParams benchParams, final IterationParams params, final int iteration) {
        out.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(final BenchmarkParams benchParams, final IterationParams params, final int iteration,
        final IterationResult data) {
        out.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void startRun() {
        out.startRun();
    }

    @Override
    public void endRun(final Collection<RunResult> result) {
        out.endRun(result);
    }

    @Override
    public void print(final String s) {
        out.print(s);
    }

    @Override
    public void println(final String s) {
        out.println(s);
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.close();
    }

    @Override
    public void verbosePrintln(final String s) {
        out.verbosePrintln(s);
    }

    @Override
    public void write(final int b) {
        out.write(b);
    }

    @Override
    public void write(final byte[] b) throws IOException {
        out.write(b);
    }
}
