package io.github.hotpath.core.modulecheck;

import io.github.hotpath.core.AllocationMeter;

/**
 * Run by {@code ModuleGraphTest} in a JVM of its own, with hotpath-core as a named module: prints whether the meter
 * can count and what a measurement says, so the test can check both module graphs, with and without
 * {@code jdk.management}.
 */
public final class MeterProbe {
    static volatile Object sink;

    private MeterProbe() {
    }

    /**
     * Prints {@code supported=<bool>} and then the measurement or the error of a measuring call.
     *
     * @param args unused.
     */
    public static void main(final String[] args) {
        System.out.println("supported=" + AllocationMeter.isSupported());
        try {
            final AllocationMeter.Measurement m = AllocationMeter.meter().allocationSites(false)
                .measure(i -> sink = Long.valueOf(123_456_789L + i));
            System.out.println("measured=" + m.bytesPerOperation());
        } catch (final IllegalStateException e) {
            System.out.println("error=" + e.getMessage());
        }
    }
}
