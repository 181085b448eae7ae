package io.github.hotpath.core;

import java.util.Optional;

/**
 * The JVM's counters that the allocation meter reads: bytes allocated per thread and the JIT's total compilation
 * time. The only class that names {@code com.sun.management} and {@code java.lang.management}, which
 * {@code hotpath-core} {@code requires static}: it is loaded only once {@link #UNSUPPORTED_REASON} has found the
 * {@code jdk.management} module present and readable, so a run without that module sees a clear "unsupported"
 * message instead of a {@link NoClassDefFoundError}.
 */
final class HotSpotCounters {
    /** Why allocation cannot be counted in this run, or null when it can. */
    static final String UNSUPPORTED_REASON = unsupportedReason();

    private HotSpotCounters() {
    }

    private static String unsupportedReason() {
        final String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version");
        final Module me = HotSpotCounters.class.getModule();
        final Optional<Module> management = ModuleLayer.boot().findModule("jdk.management");
        if (management.isEmpty() || !me.canRead(management.get())) {
            return "hotpath's allocation meter needs the jdk.management module, which is not in this run's module "
                + "graph (" + jvm + "): add `--add-modules jdk.management` to the test JVM, or `requires "
                + "jdk.management` to the module that runs the test";
        }
        return Jdk.reason(jvm);
    }

    /**
     * Bytes the calling thread has allocated so far. Allocates nothing.
     *
     * @return the running total, or -1 on a virtual thread (JDK 21+: the JVM counts its carrier's allocation).
     */
    static long currentThread() {
        return Jdk.THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Bytes the calling thread has allocated so far, refusing a thread the JVM keeps no count for: a virtual thread
     * reads -1 before and after, which would measure 0 bytes whatever it allocates. Allocates nothing.
     *
     * @return the running total.
     * @throws IllegalStateException on a virtual thread.
     */
    static long requireCurrentThread() {
        final long bytes = Jdk.THREADS.getCurrentThreadAllocatedBytes();
        if (bytes < 0) {
            throw new IllegalStateException("cannot count the allocation of the calling thread '"
                + Thread.currentThread() + "': the JVM keeps no allocation count for a virtual thread (it counts its "
                + "carrier's, which other virtual threads share); measure on a platform thread");
        }
        return bytes;
    }

    /**
     * Bytes a thread has allocated so far, through the single-id form, which allocates nothing (the {@code long[]}
     * form returns a new array).
     *
     * @param id the thread's id.
     * @return the running total, or -1 if the thread is not alive or is virtual.
     */
    static long thread(final long id) {
        return Jdk.THREADS.getThreadAllocatedBytes(id);
    }

    /**
     * The JIT's total compilation time so far, in milliseconds, or -1 if the JVM does not say.
     *
     * @return the running total, or -1.
     */
    static long compilationMillis() {
        return Jdk.COMPILATION == null ? -1 : Jdk.COMPILATION.getTotalCompilationTime();
    }

    /**
     * Whether a HotSpot flag is on, false if the JVM has no such flag.
     *
     * @param name the flag's name.
     * @return its value.
     */
    static boolean vmFlag(final String name) {
        return Jdk.vmFlag(name);
    }

    /** Holds the references to the management classes, so that they load only when the module is there. */
    private static final class Jdk {
        static final com.sun.management.ThreadMXBean THREADS = threadBean();
        static final java.lang.management.CompilationMXBean COMPILATION = compilationBean();

        private static String reason(final String jvm) {
            if (THREADS == null) {
                return "this JVM (" + jvm + ") has no com.sun.management.ThreadMXBean: it cannot count allocated bytes";
            }
            if (!THREADS.isThreadAllocatedMemorySupported()) {
                return "this JVM (" + jvm + ") does not support counting allocated bytes per thread";
            }
            if (!THREADS.isThreadAllocatedMemoryEnabled()) {
                THREADS.setThreadAllocatedMemoryEnabled(true);
            }
            // A virtual thread has no count of its own (the JVM counts its carrier's): no verdict on the JVM.
            if (THREADS.getCurrentThreadAllocatedBytes() < 0
                && !io.github.hotpath.core.internal.ThreadKind.isVirtual(Thread.currentThread())) {
                return "this JVM (" + jvm + ") returned no allocation count for the current thread";
            }
            return null;
        }

        private static com.sun.management.ThreadMXBean threadBean() {
            final java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
            return bean instanceof com.sun.management.ThreadMXBean ? (com.sun.management.ThreadMXBean) bean : null;
        }

        private static java.lang.management.CompilationMXBean compilationBean() {
            final java.lang.management.CompilationMXBean bean =
                java.lang.management.ManagementFactory.getCompilationMXBean();
            return bean != null && bean.isCompilationTimeMonitoringSupported() ? bean : null;
        }

        private static boolean vmFlag(final String name) {
            try {
                return Boolean.parseBoolean(java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption(name).getValue());
            } catch (final IllegalArgumentException noSuchFlag) {
                return false;
            }
        }
    }
}
