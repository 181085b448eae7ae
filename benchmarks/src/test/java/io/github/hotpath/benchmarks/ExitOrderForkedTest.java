package io.github.hotpath.benchmarks;

import io.github.hotpath.log.ConcurrentLogService;
import io.github.hotpath.log.LogSink;
import io.github.hotpath.log.Logger;
import io.github.hotpath.worker.ConcurrentWorkerPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A program that leaves both a worker pool and a log service open at exit: the pool's exit hook runs the accepted
 * jobs, which log, and the log service's exit hook waits for it before it closes, so that no job's line is dropped
 * as logged after close. Was: the two hooks raced, and about 2% to 6% of the lines were lost. Forked JVMs, because
 * it is about the JVM's exit.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExitOrderForkedTest {
    private static final int JOBS = 1_000;

    /** The forked program: submits {@code JOBS} jobs whose handler logs, then returns or exits without closing. */
    public static final class Program {
        private Program() {
        }

        /**
         * Entry point of the forked JVM.
         *
         * @param args the log file, then {@code exit} (end with {@code System.exit(0)}) or {@code return}.
         */
        public static void main(final String[] args) {
            final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.file(Path.of(args[0])))
                .build();
            final Logger log = service.logger("jobs");
            final ConcurrentWorkerPool<AtomicLong> pool = ConcurrentWorkerPool.builder(AtomicLong::new,
                    (AtomicLong job) -> job.set(0), (AtomicLong job) -> {
                        Thread.sleep(0, 200_000); // the jobs outlast main: most run in the pool's exit hook
                        log.info().append("job ").append(job.get()).log();
                    })
                .workers(1).capacity(JOBS).build();
            for (int n = 0; n < JOBS; n++) {
                pool.submit(AtomicLong::set, n);
            }
            // No close of either: only the exit hooks stand between the jobs and their lines.
            if (args[1].equals("exit")) {
                System.exit(0);
            }
        }
    }

    private static List<String> run(final Path file, final String how) throws IOException, InterruptedException {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            Program.class.getName(), file.toString(), how).redirectErrorStream(true).start();
        final boolean ended = process.waitFor(90, TimeUnit.SECONDS);
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            process.destroyForcibly();
        }
        assertTrue(ended, "forbidden: the forked JVM did not exit: " + output);
        assertEquals(0, process.exitValue(), output);
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    @Test
    void jobsThatLogWhileTheirPoolDrainsAtExitLoseNoLine(@TempDir final Path dir) throws Exception {
        for (final String how : new String[] {"return", "exit"}) {
            final List<String> lines = run(dir.resolve(how + ".log"), how);
            assertEquals(JOBS, lines.stream().filter(l -> l.contains(" - job ")).count(),
                how + ": " + lines.stream().filter(l -> !l.contains(" - job ")).toList());
            assertTrue(lines.stream().noneMatch(l -> l.contains("dropped")), how + ": a drop notice");
        }
    }
}
