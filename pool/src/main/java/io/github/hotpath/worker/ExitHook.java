package io.github.hotpath.worker;

import io.github.hotpath.core.internal.ExitOrder;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM shutdown hook that drains a pool whose owner never closed it: the workers are daemon threads, so a
 * {@code main} that forgets {@code close()} still lets the JVM exit, and this hook then closes the pool (running the
 * accepted jobs, within the pool's close timeout) before the JVM halts. Registered when the pool starts, removed by
 * the last worker to end, so a terminated pool is not kept reachable by the JVM's hook table.
 *
 * <p>Its jobs may log: from before it is registered until it has run or been removed, it counts in
 * {@link ExitOrder}, whose waiting keeps a hotpath log service's own exit hook from closing the service under them.
 */
final class ExitHook {
    private final Thread hook;
    private final AtomicInteger liveWorkers;
    /** Whether this hook counts in {@link ExitOrder}: set once before registering, cleared once after. */
    private final AtomicBoolean counted = new AtomicBoolean();

    ExitHook(final Runnable atExit, final String name, final int workers) {
        this.hook = new Thread(() -> {
            try {
                atExit.run();
            } finally {
                uncount();
            }
        }, name);
        this.liveWorkers = new AtomicInteger(workers);
    }

    void register() {
        if (counted.compareAndSet(false, true)) {
            ExitOrder.producerRegistered(); // before the JVM may start the hook
        }
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (final IllegalStateException exiting) {
            // Built while the JVM exits (in another shutdown hook): that hook owns the pool's end.
            uncount();
        } catch (final RuntimeException | Error e) { // a SecurityManager's refusal: never leave the count up
            uncount();
            throw e;
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
            if (Runtime.getRuntime().removeShutdownHook(hook)) {
                uncount(); // it will never run
            }
        } catch (final IllegalStateException exiting) {
            // The JVM is exiting: the hook table is no longer changed, and soon gone. A running hook uncounts itself.
        }
    }

    private void uncount() {
        if (counted.compareAndSet(true, false)) {
            ExitOrder.producerDone();
        }
    }
}
