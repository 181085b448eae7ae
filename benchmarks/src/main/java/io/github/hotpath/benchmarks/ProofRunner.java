package io.github.hotpath.benchmarks;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the proof benchmarks with JMH's GC profiler and prints the proof table: for each proof class, every method
 * with its bytes per operation ({@code gc.alloc.rate.norm}), its score with the error, and for each {@code hotpath*}
 * row its ratio to every {@code baseline_*} and {@code anchor_*} row measured in the same run with the same
 * parameters and thread count.
 *
 * <p>Usage: {@code ProofRunner --out DIR [--smoke | --quick | --full] [JMH arguments...]}. The mode sets forks,
 * warm-up and measurement; any JMH option given after it wins over the mode (for example {@code -i 10}), and
 * positional arguments are JMH's class/method filters. JMH's JSON result is kept as {@code DIR/proofs.json} and the
 * table as {@code DIR/proofs.md}.
 */
public final class ProofRunner {
    private static final String BENCHMARK_PACKAGE = "io.github.hotpath.benchmarks.";
    private static final String ALLOC_NORM = "gc.alloc.rate.norm";

    /** How long each mode runs: forks, warm-up iterations and time, measurement iterations and time. */
    enum RunMode {
        SMOKE(1, 1, TimeValue.milliseconds(100), 1, TimeValue.milliseconds(100)),
        QUICK(1, 2, TimeValue.seconds(1), 3, TimeValue.seconds(1)),
        FULL(2, 5, TimeValue.seconds(2), 5, TimeValue.seconds(2));

        final int forks;
        final int warmupIterations;
        final TimeValue warmupTime;
        final int iterations;
        final TimeValue iterationTime;

        RunMode(final int forks, final int warmupIterations, final TimeValue warmupTime, final int iterations,
            final TimeValue iterationTime) {
            this.forks = forks;
            this.warmupIterations = warmupIterations;
            this.warmupTime = warmupTime;
            this.iterations = iterations;
            this.iterationTime = iterationTime;
        }
    }

    private ProofRunner() {
    }

    /**
     * Runs the proofs and prints the table.
     *
     * @param args {@code --out DIR}, then optionally a mode, then JMH arguments.
     * @throws Exception when JMH fails or a benchmark errors (the runner fails on any benchmark error).
     */
    public static void main(final String[] args) throws Exception {
        Path out = Path.of("benchmarks", "target");
        RunMode mode = RunMode.QUICK;
        final List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--smoke" -> mode = RunMode.SMOKE;
                case "--quick" -> mode = RunMode.QUICK;
                case "--full" -> mode = RunMode.FULL;
                default -> jmhArgs.add(args[i]);
            }
        }
        Files.createDirectories(out);
        final CommandLineOptions user = new CommandLineOptions(jmhArgs.toArray(new String[0]));
        final ChainedOptionsBuilder options = new OptionsBuilder().parent(user).shouldFailOnError(true);
        if (user.getIncludes().isEmpty()) {
            options.include(BENCHMARK_PACKAGE.replace(".", "\\.") + ".*Benchmark");
        }
        if (!user.getForkCount().hasValue()) {
            options.forks(mode.forks);
        }
        if (!user.getWarmupIterations().hasValue()) {
            options.warmupIterations(mode.warmupIterations);
        }
        if (!user.getWarmupTime().hasValue()) {
            options.warmupTime(mode.warmupTime);
        }
        if (!user.getMeasurementIterations().hasValue()) {
            options.measurementIterations(mode.iterations);
        }
        if (!user.getMeasurementTime().hasValue()) {
            options.measurementTime(mode.iterationTime);
        }
        if (user.getProfilers().stream().noneMatch(p -> p.getKlass().equals(GCProfiler.class.getName())
            || p.getKlass().equals("gc"))) {
            options.addProfiler(GCProfiler.class);
        }
        if (!user.getResult().hasValue()) {
            options.result(out.resolve("proofs.json").toString()).resultFormat(ResultFormatType.JSON);
        }

        final Collection<RunResult> results = new Runner(options.build()).run();
        final String flags = "mode " + mode.name().toLowerCase(Locale.ROOT) + " (-f " + mode.forks + " -wi "
            + mode.warmupIterations + " -w " + mode.warmupTime + " -i " + mode.iterations + " -r "
            + mode.iterationTime + ") -prof gc" + (jmhArgs.isEmpty() ? "" : " " + String.join(" ", jmhArgs));
        final String table = render(results, flags);
        Files.writeString(out.resolve("proofs.md"), table, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(table);
        System.out.println("Table written to " + out.resolve("proofs.md") + ", JMH results to "
            + (user.getResult().hasValue() ? user.getResult().get() : out.resolve("proofs.json")));
    }

    /**
     * Renders the proof table as Markdown.
     *
     * @param results what JMH returned.
     * @param flags   the JMH flags, stated above the table.
     * @return the table, with the environment it was measured in.
     */
    static String render(final Collection<RunResult> results, final String flags) {
        final StringBuilder md = new StringBuilder(4096);
        final RunResult first = results.stream().findFirst().orElse(null);
        md.append("## Proof table\n\n");
        if (first != null) {
            final var p = first.getParams();
            md.append("- JDK: ").append(p.getVmName()).append(' ').append(p.getVmVersion())
                .append(" (").append(p.getJdkVersion()).append(")\n");
            md.append("- JVM flags of the forks: none, unless a class or a row names them\n");
        }
        md.append("- OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
            .append(", CPUs: ").append(Runtime.getRuntime().availableProcessors()).append('\n');
        md.append("- JMH ").append(jmhVersion()).append(": ").append(flags).append('\n');
        md.append("- B/op is `gc.alloc.rate.norm`, counted over every thread of the forked JVM. "
            + "Ratios compare score with score within this run, same parameters, thread count and variant "
            + "(below 1: hotpath takes less time; a `_disabled` row is compared with `_disabled` rows only).\n");

        final Map<String, List<RunResult>> byClass = new LinkedHashMap<>();
        for (final RunResult r : results) {
            byClass.computeIfAbsent(className(r), k -> new ArrayList<>()).add(r);
        }
        for (final Map.Entry<String, List<RunResult>> e : byClass.entrySet()) {
            final String commonFlags = mostCommonJvmFlags(e.getValue());
            md.append("\n### ").append(e.getKey()).append("\n\n");
            if (!commonFlags.isEmpty()) {
                md.append("Forks ran with `").append(commonFlags).append("`.\n\n");
            }
            md.append("| method | case | B/op | score | ± error | unit | hotpath vs. baseline/anchor | other |\n");
            md.append("|---|---|---:|---:|---:|---|---|---|\n");
            for (final RunResult r : e.getValue()) {
                final Result<?> primary = r.getPrimaryResult();
                md.append("| ").append(methodName(r))
                    .append(" | ").append(caseOf(r))
                    .append(" | ").append(bytesPerOp(r))
                    .append(" | ").append(number(primary.getScore()))
                    .append(" | ").append(number(primary.getScoreError()))
                    .append(" | ").append(primary.getScoreUnit())
                    .append(" | ").append(ratios(r, e.getValue()))
                    .append(" | ").append(otherCounters(r, commonFlags))
                    .append(" |\n");
            }
        }
        return md.toString();
    }

    private static String ratios(final RunResult hotpath, final List<RunResult> sameClass) {
        if (!methodName(hotpath).startsWith("hotpath")) {
            return "";
        }
        final List<String> parts = new ArrayList<>();
        for (final RunResult other : sameClass) {
            final String name = methodName(other);
            if ((name.startsWith("baseline_") || name.startsWith("anchor_")) && caseOf(other).equals(caseOf(hotpath))
                && variantOf(name).equals(variantOf(methodName(hotpath)))
                && other.getPrimaryResult().getScoreUnit().equals(hotpath.getPrimaryResult().getScoreUnit())) {
                final double h = hotpath.getPrimaryResult().getScore();
                final double o = other.getPrimaryResult().getScore();
                // A ratio of times: for throughput modes (ops per time) the quotient is inverted.
                final boolean throughput = hotpath.getPrimaryResult().getScoreUnit().startsWith("ops/");
                final double ratio = throughput ? o / h : h / o;
                parts.add(String.format(Locale.ROOT, ratio < 0.1 ? "%.3f× %s" : "%.2f× %s", ratio, name));
            }
        }
        return String.join(", ", parts);
    }

    /**
     * The variant a method name states in its last part, for the suffixes that change what is measured: a
     * {@code _disabled} row is compared only with other {@code _disabled} rows.
     */
    private static String variantOf(final String method) {
        return method.endsWith("_disabled") ? "disabled" : "";
    }

    private static String bytesPerOp(final RunResult r) {
        final Result<?> norm = r.getSecondaryResults().get(ALLOC_NORM);
        if (norm == null) {
            return "n/a";
        }
        final double bytes = norm.getScore();
        return bytes < 1 ? String.format(Locale.ROOT, "%.3f", bytes) : String.format(Locale.ROOT, "%.0f", bytes);
    }

    private static String jvmFlags(final RunResult r) {
        return String.join(" ", r.getParams().getJvmArgs());
    }

    private static String mostCommonJvmFlags(final List<RunResult> results) {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        for (final RunResult r : results) {
            counts.merge(jvmFlags(r), 1, Integer::sum);
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }

    private static String otherCounters(final RunResult r, final String commonFlags) {
        final List<String> parts = new ArrayList<>();
        if (!jvmFlags(r).equals(commonFlags)) {
            parts.add("JVM flags: `" + jvmFlags(r) + "`");
        }
        for (final Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
            if (!e.getKey().startsWith("gc.")) {
                parts.add(e.getKey() + "=" + number(e.getValue().getScore()) + " " + e.getValue().getScoreUnit());
            }
        }
        return String.join(", ", parts);
    }

    private static String caseOf(final RunResult r) {
        final var p = r.getParams();
        final List<String> parts = new ArrayList<>();
        for (final String key : p.getParamsKeys()) {
            parts.add(key + "=" + p.getParam(key));
        }
        if (p.getThreads() != 1) {
            parts.add("threads=" + p.getThreads());
        }
        return String.join(", ", parts);
    }

    private static String className(final RunResult r) {
        final String benchmark = r.getParams().getBenchmark();
        final String cls = benchmark.substring(0, benchmark.lastIndexOf('.'));
        return cls.startsWith(BENCHMARK_PACKAGE) ? cls.substring(BENCHMARK_PACKAGE.length()) : cls;
    }

    private static String methodName(final RunResult r) {
        final String benchmark = r.getParams().getBenchmark();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    private static String number(final double value) {
        if (Double.isNaN(value)) {
            return "?";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return Math.abs(value) >= 10 ? String.format(Locale.ROOT, "%.1f", value)
            : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String jmhVersion() {
        return org.openjdk.jmh.util.Version.getPlainVersion();
    }
}
