package io.github.hotpath.core;

import io.github.hotpath.core.modulecheck.MeterProbe;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * hotpath-core requires {@code jdk.management} only {@code static}, so that a service using the pools or the logger
 * does not need it. These tests run the meter with hotpath-core as a named module in a JVM of its own: without
 * {@code jdk.management} in the module graph it must say "unsupported" and why (never pass, never fail with a
 * {@link NoClassDefFoundError}); with it, it must count.
 */
class ModuleGraphTest {
    @Test
    void withoutJdkManagementTheMeterSaysUnsupportedAndWhy() throws Exception {
        final List<String> out = probe("java.base");
        assertEquals("supported=false", out.get(0), out.toString());
        assertTrue(out.get(1).startsWith("error=hotpath's allocation meter needs the jdk.management module, which is "
            + "not in this run's module graph"), out.toString());
        assertTrue(out.get(1).contains("--add-modules jdk.management"), out.toString());
    }

    @Test
    void withJdkManagementInTheGraphTheMeterCounts() throws Exception {
        final List<String> out = probe("java.base,jdk.management");
        assertEquals("supported=true", out.get(0), out.toString());
        assertEquals("measured=" + (double) AllocationMeter.boxedLongBytes(), out.get(1), out.toString());
    }

    private static List<String> probe(final String modules) throws IOException, InterruptedException {
        final Path core = Path.of(AllocationMeter.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        final Path tests = Path.of(MeterProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Process p = new ProcessBuilder(java.toString(), "--limit-modules", modules,
            "--module-path", core.toString(), "--add-modules", "io.github.hotpath.core",
            "-cp", tests.toString(), MeterProbe.class.getName())
            .redirectErrorStream(true).start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not finish");
        assertEquals(0, p.exitValue(), output);
        return output.lines().toList();
    }
}
