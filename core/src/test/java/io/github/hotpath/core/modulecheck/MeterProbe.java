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
     * Prints {@code supported=<bool>} and then the measurement or the error of a measuring call. With the argument
     * {@code virtual-first} (JDK 21+), first prints the same two lines, prefixed {@code virtual }, from a virtual
     * thread that is the first to use the meter.
     *
     * @param args {@code virtual-first}, or nothing.
     * @throws Exception if the virtual thread cannot be started or joined.
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("virtual-first")) {
            final Thread virtual = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class)
                .invoke(null, (Runnable) () -> {
                    System.out.println("virtual supported=" + AllocationMeter.isSupported());
                    measure("virtual ");
                });
            virtual.join();
        }
        System.out.println("supported=" + AllocationMeter.isSupported());
        measure("");
    }

    private static void measure(final String prefix) {
        try {
            final AllocationMeter.Measurement m = AllocationMeter.meter().allocationSites(false)
                .measure(i -> sink = Long.valueOf(123_456_789L + i));
            System.out.println(prefix + "measured=" + m.bytesPerOperation());
        } catch (final IllegalStateException e) {
            System.out.println(prefix + "error=" + e.getMessage());
        }
    }
}
