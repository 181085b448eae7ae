package io.github.hotpath.core;

import io.github.hotpath.core.internal.ThreadKind;
import io.github.hotpath.core.modulecheck.MeterProbe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The JVM keeps no allocation count for a virtual thread: it reads -1 before and after, so a measurement taken on one
 * would say 0 bytes whatever it allocated. Was: a test that measured on a virtual thread passed with "0.00 bytes per
 * operation"; and when a virtual thread was the first to use the meter, the meter judged the whole JVM unable to
 * count, and every later measurement, on platform threads too, failed. The probe runs in a JVM of its own, so that a
 * virtual thread is the meter's first user.
 */
class VirtualThreadMeterTest {
    @Test
    void onAVirtualThreadTheMeterRefusesToMeasureAndAPlatformThreadStillCounts() throws Exception {
        assumeTrue(ThreadKind.VIRTUAL_THREADS, "JDK 21+");
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
            MeterProbe.class.getName(), "virtual-first").redirectErrorStream(true).start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not finish");
        assertEquals(0, p.exitValue(), output);
        final List<String> out = output.lines().toList();
        assertEquals("virtual supported=true", out.get(0), output);
        assertTrue(out.get(1).startsWith("virtual error=cannot count the allocation of the calling thread"), output);
        assertTrue(out.get(1).contains("measure on a platform thread"), output);
        assertEquals("supported=true", out.get(2), output);
        assertEquals("measured=" + (double) AllocationMeter.boxedLongBytes(), out.get(3), output);
    }
}
