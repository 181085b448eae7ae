package io.github.hotpath.benchmarks;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static io.github.hotpath.benchmarks.ProofTable.bytesPerOp;
import static io.github.hotpath.benchmarks.ProofTable.bytesPerOperation;
import static io.github.hotpath.benchmarks.ProofTable.caseOf;
import static io.github.hotpath.benchmarks.ProofTable.className;
import static io.github.hotpath.benchmarks.ProofTable.methodName;
import static io.github.hotpath.benchmarks.ProofTable.render;

/**
 * Runs the proof benchmarks with JMH's GC profiler and prints the proof table: for each proof class, every method
 * with its bytes per operation ({@code gc.alloc.rate.norm}), its score with the error, and for each {@code hotpath*}
 * row its ratio to every {@code baseline_*} and {@code anchor_*} row measured in the same run with the same
 * parameters, thread count and executor.
 *
 * <p>Usage: {@code ProofRunner --out DIR [--smoke | --quick | --full] [--platform-only] [JMH arguments...]}. The mode
 * sets forks, warm-up and measurement; any JMH option given after it wins over the mode (for example {@code -i 10}),
 * and positional arguments are JMH's class/method filters. JMH's JSON result is kept as {@code DIR/proofs.json} (and
 * {@code DIR/proofs-virtual.json}) and the table as {@code DIR/proofs.md}.
 *
 * <p><b>Virtual threads.</b> On a JDK with virtual threads (21+), the classes in {@link #VIRTUAL_CLASSES} run a second
 * time with {@code -Djmh.executor=VIRTUAL} in their forks (JMH then runs the benchmark threads as virtual threads), and
 * the table shows each such row right under its platform-thread row, labelled {@code virtual threads}; ratios compare
 * virtual rows with virtual rows. {@code --platform-only} skips this pass.
 *
 * <p><b>The machine.</b> The table's header gives the cross-CPU round trip ({@link CrossCpuProbe}) measured before
 * and after the whole run, and each row's last column the one measured just before its first fork and just after its
 * last ({@link PlacementProbes}): on a virtual machine it changes when the host moves the vCPUs, and the rows whose
 * threads hand data to each other change with it.
 *
 * <p><b>The zero-allocation gate.</b> The runner exits with status 1, after writing the table, when a {@code hotpath*}
 * row shows 1 B/op or more, unless the row is one whose allocation is the point ({@link #ALLOCATION_IS_THE_POINT},
 * marked {@value #BY_DESIGN} in the table). JMH's profiler adds a fixed few kilobytes per iteration, which a short
 * iteration of a slow operation shows as a byte or two per operation; so when the mode's iterations are shorter than
 * a second (smoke mode), such a row is first measured again with 1-second iterations, and the gate judges that
 * measurement: a steady allocation stays at or above 1 B/op, the profiler's share falls well below.
 */
public final class ProofRunner {
    static final String BENCHMARK_PACKAGE = "io.github.hotpath.benchmarks.";
    static final String ALLOC_NORM = "gc.alloc.rate.norm";
    static final String VIRTUAL_EXECUTOR = "-Djmh.executor=VIRTUAL";
    static final String BY_DESIGN = "†";

    /**
     * Why the {@code *_withMetrics} rows are not gated: their B/op counts every thread, the scraper's too, and each
     * JMX scrape allocates about 1.3 KB on the scraper, so the row's B/op grows as the machine slows the hot path.
     * The hot thread's own 0 B while a scraper reads is asserted by the metrics allocation tests.
     */
    private static final String SCRAPER = "its scraper thread's JMX and Micrometer reads; the hot thread's 0 B is "
        + "asserted by the metrics allocation tests";

    /** The classes that run a second time on virtual threads when the JDK has them. */
    static final Set<String> VIRTUAL_CLASSES = Set.of("PoolBenchmark", "LoggerBenchmark");

    /**
     * The {@code hotpath*} rows (class.method) whose allocation is the point, with the reason the table gives: the
     * zero-allocation gate skips them.
     */
    static final Map<String, String> ALLOCATION_IS_THE_POINT = Map.of(
        "ConcatBenchmark.hotpath_toString", "it returns the String it built, as its anchors do",
        "PoolBenchmark.hotpath_withMetrics", SCRAPER,
        "PoolBenchmark.hotpath_withMetrics_2threads", SCRAPER,
        "WorkerPoolBenchmark.hotpath_withMetrics", SCRAPER,
        "LoggerBenchmark.hotpath_async_withMetrics", SCRAPER,
        "LoggerBenchmark.hotpath_slf4j", "SLF4J's signature: the caller boxes an int, a long and a double into an "
            + "Object[3] (16 + 24 + 24 + 32 = 96 B); the provider adds 0 B (Slf4jAllocationTest)");

    /**
     * Rows (class.method prefix) that the gate reports but does not fail when they run on virtual threads: known
     * allocation with an open issue, so that CI stays a gate for everything else. Each entry names its issue; remove
     * it when the issue is fixed.
     */
    static final Map<String, String> OPEN_ON_VIRTUAL_THREADS = Map.of();

    /** Iterations shorter than this are re-measured before the gate fails a row. */
    static final TimeValue CONFIRM_TIME = TimeValue.seconds(1);
    /**
     * How long the machine's cross-CPU round trip is measured before and after the run: on a virtual machine it
     * changes by several times when the host moves the vCPUs, and the multi-threaded rows with it.
     */
    private static final int PROBE_MILLIS = 250;

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
     * Runs the proofs, prints the table and applies the zero-allocation gate.
     *
     * @param args {@code --out DIR}, then optionally a mode and {@code --platform-only}, then JMH arguments.
     * @throws Exception when JMH fails or a benchmark errors (the runner fails on any benchmark error).
     */
    public static void main(final String[] args) throws Exception {
        Path out = Path.of("benchmarks", "target");
        RunMode mode = RunMode.QUICK;
        boolean virtual = true;
        final List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--smoke" -> mode = RunMode.SMOKE;
                case "--quick" -> mode = RunMode.QUICK;
                case "--full" -> mode = RunMode.FULL;
                case "--platform-only" -> virtual = false;
                default -> jmhArgs.add(args[i]);
            }
        }
        Files.createDirectories(out);
        final CommandLineOptions user = new CommandLineOptions(jmhArgs.toArray(new String[0]));
        final ChainedOptionsBuilder options = options(user, mode);
        if (user.getIncludes().isEmpty()) {
            options.include(BENCHMARK_PACKAGE.replace(".", "\\.") + ".*Benchmark");
        }
        if (!user.getResult().hasValue()) {
            options.result(out.resolve("proofs.json").toString()).resultFormat(ResultFormatType.JSON);
        }
        final long roundTripBefore = CrossCpuProbe.roundTripNanos(PROBE_MILLIS);
        final PlacementProbes probes = probes(user);
        final List<RunResult> results = new ArrayList<>(runner(options.build(), probes).run());

        String virtualNote = "";
        final List<String> again = results.stream().filter(r -> VIRTUAL_CLASSES.contains(className(r)))
            .map(r -> r.getParams().getBenchmark()).distinct().toList();
        if (virtual && !again.isEmpty()) {
            final int jdk = Runtime.version().feature();
            if (jdk < 21) {
                virtualNote = "- Virtual-thread rows: none, JDK " + jdk + " has no virtual threads (21+)\n";
            } else if (user.getJvm().hasValue()) {
                virtualNote = "- Virtual-thread rows: none, the forks run another JVM (-jvm)\n";
            } else {
                final ChainedOptionsBuilder v = only(options(user, mode), again, results)
                    .jvmArgsPrepend(virtualArgs(user));
                if (!user.getResult().hasValue()) {
                    v.result(out.resolve("proofs-virtual.json").toString()).resultFormat(ResultFormatType.JSON);
                }
                results.addAll(runner(v.build(), probes).run());
                final Set<String> classes = new TreeSet<>();
                results.stream().filter(ProofRunner::isVirtual).forEach(r -> classes.add(className(r)));
                virtualNote = "- Virtual-thread rows (" + String.join(", ", classes) + "): the same benchmarks again "
                    + "with `" + VIRTUAL_EXECUTOR + "` in the forks\n";
            }
        }

        final Map<RunResult, RunResult> remeasured = new IdentityHashMap<>();
        final TimeValue iterationTime = user.getMeasurementTime().orElse(mode.iterationTime);
        if (iterationTime.convertTo(TimeUnit.MILLISECONDS) < CONFIRM_TIME.convertTo(TimeUnit.MILLISECONDS)) {
            for (final RunResult r : results) {
                if (gated(r) && !(bytesPerOperation(r) < 1)) {
                    remeasured.put(r, remeasure(user, r, results));
                }
            }
        }

        final String flags = "mode " + mode.name().toLowerCase(Locale.ROOT) + " (-f " + mode.forks + " -wi "
            + mode.warmupIterations + " -w " + mode.warmupTime + " -i " + mode.iterations + " -r "
            + mode.iterationTime + ") -prof gc" + (jmhArgs.isEmpty() ? "" : " " + String.join(" ", jmhArgs));
        final String machineNote = "- Cross-CPU round trip (`CrossCpuProbe`, " + PROBE_MILLIS + " ms): "
            + roundTripBefore + " ns before the run, " + CrossCpuProbe.roundTripNanos(PROBE_MILLIS)
            + " ns after it; the multi-threaded rows slow down when it grows (docs/log.md)";
        final String runNotes = virtualNote.isEmpty() ? flags : flags + "\n" + virtualNote.stripTrailing();
        final String table = render(results, runNotes + "\n" + machineNote, remeasured,
            probes == null ? r -> null : probes::note);
        Files.writeString(out.resolve("proofs.md"), table, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(table);
        System.out.println("Table written to " + out.resolve("proofs.md") + ", JMH results to "
            + (user.getResult().hasValue() ? user.getResult().get() : out.resolve("proofs.json")));

        for (final RunResult r : results) {
            if (methodName(r).startsWith("hotpath") && isVirtual(r) && openOnVirtualThreads(r) != null
                && !(bytesPerOperation(r) < 1)) {
                System.out.println("NOT GATED (open issue): " + rowKey(r) + " [virtual threads]: " + bytesPerOp(r)
                    + " B/op; " + openOnVirtualThreads(r));
            }
        }
        final List<String> failures = gate(results, remeasured);
        if (!failures.isEmpty()) {
            System.out.println();
            System.out.println("ZERO-ALLOCATION GATE FAILED: " + failures.size() + " hotpath row(s) allocate 1 B/op "
                + "or more:");
            failures.forEach(f -> System.out.println("  " + f));
            System.out.println("A row whose allocation is the point belongs in ProofRunner.ALLOCATION_IS_THE_POINT, "
                + "with the reason.");
            System.exit(1);
        }
        System.out.println("Zero-allocation gate: every gated hotpath row is below 1 B/op.");
    }

    /**
     * JMH's console output with a cross-CPU probe before and after each row ({@link PlacementProbes}), or null if the
     * user sent JMH's output to a file ({@code -o}), which JMH then writes as usual (and the table has no probes).
     */
    private static PlacementProbes probes(final CommandLineOptions user) {
        if (user.getOutput().hasValue()) {
            return null;
        }
        // JMH closes its output at the end of a run: this one flushes instead, so System.out stays open.
        final PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8) {
            @Override
            public void close() {
                flush();
            }
        };
        return new PlacementProbes(OutputFormatFactory.createFormatInstance(console,
            user.verbosity().orElse(VerboseMode.NORMAL)));
    }

    private static Runner runner(final Options options, final PlacementProbes probes) {
        return probes == null ? new Runner(options) : new Runner(options, probes);
    }

    /** The run's options: the user's, with the mode's counts and times where the user gave none, and -prof gc. */
    private static ChainedOptionsBuilder options(final CommandLineOptions user, final RunMode mode) {
        final ChainedOptionsBuilder options = new OptionsBuilder().parent(user).shouldFailOnError(true);
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
        return options;
    }

    /**
     * Options that run just the named benchmarks: JMH adds a child's includes to the user's (parent's), so every other
     * benchmark of the first run is excluded by name.
     */
    private static ChainedOptionsBuilder only(final ChainedOptionsBuilder options, final Collection<String> keep,
        final Collection<RunResult> ran) {
        keep.forEach(b -> options.include("^" + Pattern.quote(b) + "$"));
        ran.stream().map(r -> r.getParams().getBenchmark()).filter(b -> !keep.contains(b)).distinct()
            .forEach(b -> options.exclude("^" + Pattern.quote(b) + "$"));
        return options;
    }

    /**
     * The executor flag, prepended so that it keeps the benchmarks' own {@code @Fork(jvmArgsAppend)} (an option's
     * append list would replace them), after any prepend of the user's.
     */
    private static String[] virtualArgs(final CommandLineOptions user) {
        final List<String> args = new ArrayList<>(user.getJvmArgsPrepend().orElse(List.of()));
        args.add(VIRTUAL_EXECUTOR);
        return args.toArray(new String[0]);
    }

    /**
     * One row again, alone, with a 1-second warm-up and one 1-second iteration: what the gate judges when the mode's
     * iterations are short. About 3 seconds with the fork's start.
     */
    private static RunResult remeasure(final CommandLineOptions user, final RunResult r,
        final Collection<RunResult> all) throws RunnerException {
        final var p = r.getParams();
        final ChainedOptionsBuilder o = only(new OptionsBuilder().parent(user).shouldFailOnError(true),
            List.of(p.getBenchmark()), all)
            .forks(1).warmupIterations(1).warmupTime(CONFIRM_TIME).measurementIterations(1)
            .measurementTime(CONFIRM_TIME).threads(p.getThreads()).addProfiler(GCProfiler.class)
            .result(Path.of(System.getProperty("java.io.tmpdir"), "hotpath-proofs-remeasure.json").toString());
        for (final String key : p.getParamsKeys()) {
            o.param(key, p.getParam(key));
        }
        if (isVirtual(r)) {
            o.jvmArgsPrepend(virtualArgs(user));
        }
        return new Runner(o.build()).runSingle();
    }

    /**
     * The zero-allocation gate: every {@code hotpath*} row not in {@link #ALLOCATION_IS_THE_POINT} must show less
     * than 1 B/op, judged on its re-measurement where it has one.
     *
     * @param results    the rows.
     * @param remeasured re-measurements by row.
     * @return one line per failing row; empty if the gate passes.
     */
    static List<String> gate(final Collection<RunResult> results, final Map<RunResult, RunResult> remeasured) {
        final List<String> failures = new ArrayList<>();
        for (final RunResult r : results) {
            if (!gated(r)) {
                continue;
            }
            final RunResult again = remeasured.get(r);
            final double judged = bytesPerOperation(again != null ? again : r);
            if (!(judged < 1)) {
                failures.add(className(r) + "." + methodName(r) + (caseOf(r).isEmpty() ? "" : " [" + caseOf(r) + "]")
                    + ": " + bytesPerOp(r) + " B/op" + (again == null ? ""
                    : ", re-measured with " + CONFIRM_TIME + " iterations: " + bytesPerOp(again) + " B/op"));
            }
        }
        return failures;
    }

    private static boolean gated(final RunResult r) {
        return methodName(r).startsWith("hotpath") && !ALLOCATION_IS_THE_POINT.containsKey(rowKey(r))
            && !(isVirtual(r) && openOnVirtualThreads(r) != null);
    }

    /** The open issue that excuses this row on virtual threads, or null. */
    private static String openOnVirtualThreads(final RunResult r) {
        for (final Map.Entry<String, String> e : OPEN_ON_VIRTUAL_THREADS.entrySet()) {
            if (rowKey(r).startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    static String rowKey(final RunResult r) {
        return className(r) + "." + methodName(r);
    }

    static boolean isVirtual(final RunResult r) {
        return r.getParams().getJvmArgs().contains(VIRTUAL_EXECUTOR);
    }
}
