package io.github.hotpath.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a failed measurement allocated: runs the operation again for about {@value #BUDGET_MILLIS} ms under an
 * in-process JFR recording of {@code jdk.ObjectAllocationSample} events with stack traces, reads the recording back
 * with {@code jdk.jfr.consumer.RecordingFile}, and names the top allocating frames on the metered threads.
 *
 * <p>The only class that names {@code jdk.jfr}, which {@code hotpath-core} {@code requires static}: it is used only
 * once the module is found present and readable, and it fails soft, into a line of the message, never into another
 * exception. JFR samples an allocation when a thread needs a new TLAB; so that an allocation too rare to fill one is
 * sampled too, the re-run asks for a collection every {@value #GC_EVERY_MILLIS} ms ({@link System#gc()}), which
 * retires every thread's TLAB. Under {@code -XX:+DisableExplicitGC} a rare allocation may go unnamed.
 */
final class AllocationSites {
    /** How long the diagnostic re-run lasts, at least one round. */
    static final long BUDGET_MILLIS = 1_000;
    private static final int TOP_SITES = 5;
    private static final long GC_EVERY_MILLIS = 50;
    private static final int MAX_FRAMES = 6;
    private static final String UNAVAILABLE = unavailableReason();

    private AllocationSites() {
    }

    /**
     * Runs the operation again under JFR and describes the top allocating sites, as lines of a failure message.
     *
     * @param run        the failed measurement, ready to run more windows.
     * @param roundCalls calls per window.
     * @return the lines, each starting with a line break.
     */
    static String describe(final MeteredRun run, final int roundCalls) {
        if (UNAVAILABLE != null) {
            return "\n  top allocating frames: not available: " + UNAVAILABLE;
        }
        try {
            return Jfr.record(run, roundCalls);
        } catch (final Exception | LinkageError e) {
            return "\n  top allocating frames: not available: the JFR re-run failed: " + e;
        }
    }

    private static String unavailableReason() {
        final Optional<Module> jfr = ModuleLayer.boot().findModule("jdk.jfr");
        if (jfr.isEmpty() || !AllocationSites.class.getModule().canRead(jfr.get())) {
            return "the jdk.jfr module is not in this run's module graph (add `--add-modules jdk.jfr`)";
        }
        try {
            return Jfr.available() ? null : "JFR is not available in this JVM";
        } catch (final LinkageError e) {
            return "JFR cannot be loaded: " + e;
        }
    }

    /** Holds the references to JFR, so that its classes load only when the module is there. */
    private static final class Jfr {
        private static final String EVENT = "jdk.ObjectAllocationSample";

        static boolean available() {
            return jdk.jfr.FlightRecorder.isAvailable();
        }

        static String record(final MeteredRun run, final int roundCalls) throws Exception {
            final Path file = Files.createTempFile("hotpath-allocation-sites-", ".jfr");
            try {
                long operations = 0;
                final long start;
                try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
                    recording.setName("hotpath allocation sites");
                    recording.enable(EVENT).withStackTrace().with("throttle", "10000/s");
                    recording.start();
                    start = System.nanoTime(); // JFR's first start takes a second or two: not part of the budget
                    long lastGc = start;
                    do {
                        run.window(roundCalls);
                        operations += roundCalls;
                        if (System.nanoTime() - lastGc > GC_EVERY_MILLIS * 1_000_000) {
                            // A collection retires every thread's TLAB, so each thread's next allocation takes the
                            // slow path that JFR samples: a rare allocation gets named too.
                            System.gc();
                            lastGc = System.nanoTime();
                        }
                    } while (System.nanoTime() - start < BUDGET_MILLIS * 1_000_000);
                    recording.stop();
                    recording.dump(file);
                }
                final long nanos = System.nanoTime() - start;
                return describe(jdk.jfr.consumer.RecordingFile.readAllEvents(file), run, operations, nanos);
            } finally {
                Files.deleteIfExists(file);
            }
        }

        private static String describe(final List<jdk.jfr.consumer.RecordedEvent> events, final MeteredRun run,
            final long operations, final long nanos) {
            final long[] ids = run.threadIds();
            final Set<Long> metered = new HashSet<>();
            for (final long id : ids) {
                metered.add(id);
            }
            // Ranked by samples, not by the events' weight: a thread's first sample weighs everything it allocated
            // since its previous one, before the re-run too, which would crown a one-off.
            final Map<String, long[]> sites = new HashMap<>();
            long total = 0;
            for (final jdk.jfr.consumer.RecordedEvent e : events) {
                if (!e.getEventType().getName().equals(EVENT) || e.getThread() == null
                    || !metered.contains(e.getThread().getJavaThreadId())
                    || e.getThread().getJavaThreadId() == ids[0] && !insideWindow(e)) {
                    continue; // another thread's, or the calling thread's outside the windows (JFR's own, say)
                }
                total++;
                sites.computeIfAbsent(site(e), k -> new long[1])[0]++;
            }
            final StringBuilder s = new StringBuilder(1024);
            s.append("\n  top allocating frames (JFR ").append(EVENT).append(" on the metered threads during ")
                .append(operations).append(" more operations in ").append(AllocationReport.seconds(nanos))
                .append("; share of the samples):");
            if (sites.isEmpty()) {
                return s.append("\n    none sampled: JFR samples when a thread needs a new TLAB, and this allocation")
                    .append(" is too rare to need one in that time").toString();
            }
            final List<Map.Entry<String, long[]>> top = new ArrayList<>(sites.entrySet());
            top.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
            long rest = 0;
            for (int i = 0; i < top.size(); i++) {
                final long samples = top.get(i).getValue()[0];
                if (i > 0 && (i >= TOP_SITES || samples == 1)) {
                    rest += samples; // a site sampled once beside busier ones: a one-off, not the culprit
                    continue;
                }
                s.append(String.format(Locale.ROOT, "\n    %3.0f%% (%d sample%s) ", 100.0 * samples / total, samples,
                    samples == 1 ? "" : "s")).append(top.get(i).getKey());
            }
            if (rest > 0) {
                s.append(String.format(Locale.ROOT, "\n    %3.0f%% (%d sample%s) at sites sampled once or below the "
                    + "top %d", 100.0 * rest / total, rest, rest == 1 ? "" : "s", TOP_SITES));
            }
            return s.toString();
        }

        /** A class name as Java writes it: {@code [B} is {@code byte[]}, {@code [Ljava.lang.Long;} is {@code
         * java.lang.Long[]}. */
        private static String javaName(final String name) {
            int dims = 0;
            while (dims < name.length() && name.charAt(dims) == '[') {
                dims++;
            }
            if (dims == 0) {
                return name;
            }
            final String element = switch (name.charAt(dims)) {
                case 'Z' -> "boolean";
                case 'B' -> "byte";
                case 'C' -> "char";
                case 'S' -> "short";
                case 'I' -> "int";
                case 'J' -> "long";
                case 'F' -> "float";
                case 'D' -> "double";
                default -> name.substring(dims + 1, name.length() - 1);
            };
            return element + "[]".repeat(dims);
        }

        private static boolean insideWindow(final jdk.jfr.consumer.RecordedEvent e) {
            if (e.getStackTrace() == null) {
                return false;
            }
            for (final jdk.jfr.consumer.RecordedFrame f : e.getStackTrace().getFrames()) {
                if (f.getMethod() != null && f.getMethod().getType().getName().equals(MeteredRun.class.getName())) {
                    return true;
                }
            }
            return false;
        }

        /** The allocated type, the thread and the top frames above the meter's own loop. */
        private static String site(final jdk.jfr.consumer.RecordedEvent e) {
            final StringBuilder s = new StringBuilder(256);
            final jdk.jfr.consumer.RecordedClass type = e.getClass("objectClass");
            s.append(type == null ? "?" : javaName(type.getName())).append(" on ").append(e.getThread().getJavaName());
            final jdk.jfr.consumer.RecordedStackTrace stack = e.getStackTrace();
            if (stack == null) {
                return s.append(" (no stack trace)").toString();
            }
            int shown = 0;
            for (final jdk.jfr.consumer.RecordedFrame f : stack.getFrames()) {
                if (shown == MAX_FRAMES || f.getMethod() == null) {
                    break;
                }
                final String cls = f.getMethod().getType().getName();
                if (cls.equals(MeteredRun.class.getName())) {
                    break;
                }
                if (cls.contains("$$Lambda")) {
                    continue; // a lambda's hidden class: the frame below it names the lambda's body
                }
                s.append("\n          at ").append(cls).append('.').append(f.getMethod().getName());
                if (f.getLineNumber() > 0) {
                    s.append(':').append(f.getLineNumber());
                }
                shown++;
            }
            return s.toString();
        }
    }
}
