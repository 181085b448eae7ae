package io.github.hotpath.benchmarks.service;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * What the JDK allocates when a virtual thread waits (JDK 21+), the cost behind every wait of a request on a virtual
 * thread (a full queue, no free job or log entry): each case runs a thousand new virtual threads that wait the way
 * it says, and prints the bytes per thread above threads that do nothing, over the whole JVM
 * ({@link VirtualThreadLoad#totalAllocatedBytes()}), the smallest of {@value #ROUNDS} rounds.
 *
 * <p>A virtual thread that parks or yields unmounts: its first unmount freezes its stack into a new stack chunk
 * (more bytes the deeper the stack); a timed park also schedules a timer task, every time. Usage:
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.hotpath.benchmarks.service.ParkCost} on JDK 21+.
 */
public final class ParkCost {
    private static final int THREADS = 1_000;
    private static final int ROUNDS = 7;
    private static final int FURTHER = 10;
    private static final int DEEP = 20;
    private static final long PARK_NANOS = 10_000;

    private ParkCost() {
    }

    /**
     * Prints the costs.
     *
     * @param args none.
     * @throws InterruptedException if interrupted while joining the threads.
     */
    public static void main(final String[] args) throws InterruptedException {
        if (VirtualThreadLoad.unavailableReason() != null) {
            System.out.println("ParkCost needs JDK 21+: " + VirtualThreadLoad.unavailableReason());
            System.exit(3);
        }
        final double none = perThread(() -> { });
        final double yield = perThread(Thread::yield) - none;
        final double park = perThread(() -> LockSupport.parkNanos(PARK_NANOS)) - none;
        final double parks = perThread(() -> {
            for (int i = 0; i < 1 + FURTHER; i++) {
                LockSupport.parkNanos(PARK_NANOS);
            }
        }) - none;
        final double deepPark = perThread(() -> deep(DEEP)) - none;
        System.out.printf(Locale.ROOT, "%s %s, whole JVM, %,d virtual threads a round, smallest of %d rounds, bytes "
            + "per thread above a thread that does nothing (%.0f B outside the round: created before it)%n",
            System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), THREADS, ROUNDS, none);
        System.out.printf(Locale.ROOT, "  %-36s %6.0f B%n", "first Thread.yield()", yield);
        System.out.printf(Locale.ROOT, "  %-36s %6.0f B%n", "first timed park", park);
        System.out.printf(Locale.ROOT, "  %-36s %6.0f B%n", "first timed park, " + DEEP + " frames deeper", deepPark);
        System.out.printf(Locale.ROOT, "  %-36s %6.0f B%n", "each further timed park", (parks - park) / FURTHER);
    }

    private static void deep(final int frames) {
        if (frames == 0) {
            LockSupport.parkNanos(PARK_NANOS);
        } else {
            deep(frames - 1);
        }
    }

    /** The smallest round's bytes per thread, the threads made before the round and started and joined in it. */
    private static double perThread(final Runnable task) throws InterruptedException {
        double smallest = Double.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            final Thread[] threads = new Thread[THREADS];
            for (int i = 0; i < THREADS; i++) {
                threads[i] = VirtualThreadLoad.newVirtualThread(task);
            }
            final long before = VirtualThreadLoad.totalAllocatedBytes();
            for (final Thread t : threads) {
                t.start();
            }
            for (final Thread t : threads) {
                t.join();
            }
            smallest = Math.min(smallest, (double) (VirtualThreadLoad.totalAllocatedBytes() - before) / THREADS);
        }
        return smallest;
    }
}
