package io.github.hotpath.benchmarks;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The proof table that {@link ProofRunner} prints: JMH's rows as Markdown, B/op beside the score, each
 * {@code hotpath*} row's ratio to the baselines and anchors of the same run, virtual-thread rows under the platform
 * rows they repeat. Reads the results only; the gate and the runs are {@link ProofRunner}'s.
 */
final class ProofTable {
    private ProofTable() {
    }

    /**
     * Renders the proof table as Markdown.
     *
     * @param results    what JMH returned, platform and virtual-thread rows.
     * @param flags      the JMH flags, stated above the table.
     * @param remeasured the gate's re-measurements by row, shown beside the rows they judge.
     * @param rowNotes   a note for a row's last column (the round trip around it), or null for none.
     * @return the table, with the environment it was measured in.
     */
    static String render(final Collection<RunResult> results, final String flags,
        final Map<RunResult, RunResult> remeasured, final Function<RunResult, String> rowNotes) {
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
            + "Ratios compare score with score within this run, same parameters, thread count, executor and variant "
            + "(below 1: hotpath takes less time; a `_disabled` row is compared with `_disabled` rows only).\n");
        md.append("- Zero-allocation gate: every `hotpath*` row below 1 B/op, except rows marked ")
            .append(ProofRunner.BY_DESIGN).append(", whose allocation is the point.\n");

        final Map<String, List<RunResult>> byClass = new LinkedHashMap<>();
        for (final RunResult r : besideTheirPlatformRows(results)) {
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
            final Map<String, String> footnotes = new LinkedHashMap<>();
            for (final RunResult r : e.getValue()) {
                final Result<?> primary = r.getPrimaryResult();
                final String byDesign = ProofRunner.ALLOCATION_IS_THE_POINT.get(ProofRunner.rowKey(r));
                if (byDesign != null) {
                    footnotes.put(methodName(r), byDesign);
                }
                md.append("| ").append(methodName(r))
                    .append(" | ").append(caseOf(r))
                    .append(" | ").append(bytesPerOp(r)).append(byDesign == null ? "" : " " + ProofRunner.BY_DESIGN)
                    .append(" | ").append(number(primary.getScore()))
                    .append(" | ").append(number(primary.getScoreError()))
                    .append(" | ").append(primary.getScoreUnit())
                    .append(" | ").append(ratios(r, e.getValue()))
                    .append(" | ").append(otherCounters(r, commonFlags, remeasured.get(r), rowNotes.apply(r)))
                    .append(" |\n");
            }
            footnotes.forEach((method, why) -> md.append("\n").append(ProofRunner.BY_DESIGN).append(" `").append(method)
                .append("`: allocation is the point of this row (").append(why).append("); the gate skips it.\n"));
        }
        return md.toString();
    }

    /** The rows in JMH's order, each virtual-thread row moved right under the platform row it repeats. */
    private static List<RunResult> besideTheirPlatformRows(final Collection<RunResult> results) {
        final List<RunResult> ordered = new ArrayList<>();
        final List<RunResult> virtual = new ArrayList<>();
        for (final RunResult r : results) {
            (ProofRunner.isVirtual(r) ? virtual : ordered).add(r);
        }
        for (final RunResult v : virtual) {
            int at = ordered.size();
            for (int i = 0; i < ordered.size(); i++) {
                final RunResult p = ordered.get(i);
                if (!ProofRunner.isVirtual(p) && p.getParams().getBenchmark().equals(v.getParams().getBenchmark())
                    && platformCaseOf(p).equals(platformCaseOf(v))) {
                    at = i + 1;
                    while (at < ordered.size() && ProofRunner.isVirtual(ordered.get(at))) {
                        at++;
                    }
                    break;
                }
            }
            ordered.add(at, v);
        }
        return ordered;
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

    static String bytesPerOp(final RunResult r) {
        final double bytes = bytesPerOperation(r);
        if (Double.isNaN(bytes)) {
            return "n/a";
        }
        return bytes < 1 ? String.format(Locale.ROOT, "%.3f", bytes) : String.format(Locale.ROOT, "%.0f", bytes);
    }

    /** {@code gc.alloc.rate.norm}, or NaN where the profiler gave none (which the gate counts as a failure). */
    static double bytesPerOperation(final RunResult r) {
        final Result<?> norm = r.getSecondaryResults().get(ProofRunner.ALLOC_NORM);
        return norm == null ? Double.NaN : norm.getScore();
    }

    /** The forks' JVM flags, without the executor flag, which the case column states. */
    private static String jvmFlags(final RunResult r) {
        final List<String> args = new ArrayList<>(r.getParams().getJvmArgs());
        args.remove(ProofRunner.VIRTUAL_EXECUTOR);
        return String.join(" ", args);
    }

    private static String mostCommonJvmFlags(final List<RunResult> results) {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        for (final RunResult r : results) {
            counts.merge(jvmFlags(r), 1, Integer::sum);
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }

    private static String otherCounters(final RunResult r, final String commonFlags, final RunResult remeasured,
        final String rowNote) {
        final List<String> parts = new ArrayList<>();
        if (rowNote != null) {
            parts.add(rowNote);
        }
        if (remeasured != null) {
            parts.add("gate re-measured it with " + ProofRunner.CONFIRM_TIME + " iterations: " + bytesPerOp(remeasured)
                + " B/op");
        }
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

    static String caseOf(final RunResult r) {
        final String platform = platformCaseOf(r);
        if (!ProofRunner.isVirtual(r)) {
            return platform;
        }
        return platform.isEmpty() ? "virtual threads" : platform + ", virtual threads";
    }

    private static String platformCaseOf(final RunResult r) {
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

    static String className(final RunResult r) {
        final String benchmark = r.getParams().getBenchmark();
        final String cls = benchmark.substring(0, benchmark.lastIndexOf('.'));
        final String prefix = ProofRunner.BENCHMARK_PACKAGE;
        return cls.startsWith(prefix) ? cls.substring(prefix.length()) : cls;
    }

    static String methodName(final RunResult r) {
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
