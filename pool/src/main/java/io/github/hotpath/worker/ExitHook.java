package io.github.hotpath.worker;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM shutdown hook that drains a pool whose owner never closed it: the workers are daemon threads, so a
 * {@code main} that forgets {@code close()} still lets the JVM exit, and this hook then closes the pool (running the
 * accepted jobs, within the pool's wait timeout) before the JVM halts. Registered when the pool starts, removed by
 * the last worker to end, so a terminated pool is not kept reachable by the JVM's hook table.
 */
final class ExitHook {
    private final Thread hook;
    private final AtomicInteger liveWorkers;

    ExitHook(final Runnable atExit, final String name, final int workers) {
        this.hook = new Thread(atExit, name);
        this.liveWorkers = new AtomicInteger(workers);
    }

    void register() {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (final IllegalStateException exiting) {
            // Built while the JVM exits (in another shutdown hook): that hook owns the pool's end.
        }
    }

    /** Called by each worker as it ends; the last one removes the hook. */
    void workerEnded() {
        if (liveWorkers.decrementAndGet() == 0) {
            remove();
        }
    }

    void remove() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (final IllegalStateException exiting) {
            // The JVM is exiting: the hook table is no longer changed, and soon gone.
        }
    }
}
