package io.github.hotpath.log;

import io.github.hotpath.testing.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A program that logs and returns from {@code main} without closing anything still has every accepted record in
 * its file: the shutdown hook drains the queue. Runs in a forked JVM, because it is about the JVM's exit.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ForkedJvmLoggingTest {
    private static final int RECORDS = 50_000;

    /** The forked program: logs {@code RECORDS} JSON records asynchronously, prints the metrics, returns. */
    public static final class Program {
        private Program() {
        }

        /**
         * Entry point of the forked JVM.
         *
         * @param args the log file ({@code -} for standard output); {@code exit} to end with {@code System.exit(0)}
         *             or {@code return}; {@code wait} or {@code drop} when full.
         */
        public static void main(final String[] args) {
            final ConcurrentLogService.Builder builder = ConcurrentLogService.builder()
                .sink(args[0].equals("-") ? LogSink.stdout() : LogSink.file(Path.of(args[0])))
                .format(LogFormat.JSON).capacity(256);
            final ConcurrentLogService service = (args[2].equals("drop") ? builder.whenFullDrop()
                : builder.whenFullWait()).build();
            final Logger log = service.logger("forked");
            for (int n = 0; n < RECORDS; n++) {
                log.info().append("record ").append(n).kv("n", n).log();
            }
            // No flush, no close: only the shutdown hook stands between these records and the exit.
            System.err.println("accepted=" + service.metrics().accepted() + " dropped=" + service.metrics().dropped());
            if (args[1].equals("exit")) {
                System.exit(0);
            }
        }
    }

    private static String run(final Path file, final String how, final String policy, final Path stdoutCopy)
        throws IOException, InterruptedException {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
            Program.class.getName(), file.toString(), how, policy));
        final Path stdout = Files.createTempFile("forked-stdout", ".log");
        final Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).start();
        final boolean ended = process.waitFor(45, TimeUnit.SECONDS);
        final String output = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (stdoutCopy != null) {
            Files.copy(stdout, stdoutCopy, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.delete(stdout);
        if (!ended) {
            process.destroyForcibly();
        }
        assertTrue(ended, "forbidden: the forked JVM did not exit (a non-daemon writer?): " + output);
        assertEquals(0, process.exitValue(), output);
        return output.trim();
    }

    private static void check(final Path file, final String output) throws IOException {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("accepted=(\\d+) dropped=(\\d+)")
            .matcher(output);
        assertTrue(m.find(), output);
        final long accepted = Long.parseLong(m.group(1));
        final long dropped = Long.parseLong(m.group(2));
        assertEquals(RECORDS, accepted + dropped, output);
        long records = 0;
        long noticed = 0;
        final boolean[] seen = new boolean[RECORDS];
        for (final String line : Files.readAllLines(file)) {
            final java.util.Map<String, Object> o = Json.parseObject(line);
            if (o.containsKey("dropped")) {
                noticed += (Long) o.get("dropped");
                continue;
            }
            final int n = ((Long) o.get("n")).intValue();
            assertTrue(!seen[n], "forbidden: record " + n + " written twice");
            seen[n] = true;
            records++;
        }
        assertEquals(accepted, records, "forbidden: the exit lost accepted records (" + output + ")");
        assertEquals(dropped, noticed, "forbidden: drop notices do not add up to the dropped count");
    }

    @Test
    void returningFromMainLosesNoRecordWhenWaiting(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("forked.log");
        final String output = run(file, "return", "wait", null);
        assertTrue(output.contains("accepted=" + RECORDS + " dropped=0"), output);
        check(file, output);
    }

    @Test
    void systemExitLosesNoAcceptedRecordWhenDropping(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("forked-exit.log");
        check(file, run(file, "exit", "drop", null));
    }

    @Test
    void theStdoutSinkWritesEveryRecordToFileDescriptorOne(@TempDir final Path dir) throws Exception {
        final Path copy = dir.resolve("stdout.log");
        final String output = run(Path.of("-"), "return", "wait", copy);
        assertTrue(output.contains("accepted=" + RECORDS + " dropped=0"), output);
        check(copy, output);
    }
}
