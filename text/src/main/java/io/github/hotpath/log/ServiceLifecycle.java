package io.github.hotpath.log;

import io.github.hotpath.core.JmxRegistration;
import io.github.hotpath.core.internal.ExitOrder;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The start and the close of one {@link ConcurrentLogService}: starting the writer and installing the JVM shutdown hook
 * (which waits for hotpath's worker pools to drain, see {@link #closeAtExit()}), and on close, in this order,
 * unregistering the MXBean, removing the hook, stopping the entries (threads waiting for one give up) and closing the
 * hand-off (threads waiting for room are woken, the writer drains and closes the sink). Only the first close does the
 * work; a later one waits for it, at most the close timeout.
 *
 * <p>Thread-safety: {@link #close()} may be called from any thread, the shutdown hook's and the writer's included.
 * Allocation: none after construction, except what removing a shutdown hook and unregistering a bean allocate.
 */
final class ServiceLifecycle {
    private final Handoff handoff;
    private final EntryPool entries;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** The JVM shutdown hook that closes the service, or null. */
    private final Thread shutdownHook;
    /** The JMX registration, or null. */
    private JmxRegistration jmx;
    private final long closeTimeoutNanos;

    ServiceLifecycle(final Handoff handoff, final EntryPool entries, final boolean shutdownHook,
                     final String hookName, final long closeTimeoutNanos) {
        this.handoff = handoff;
        this.entries = entries;
        this.closeTimeoutNanos = closeTimeoutNanos;
        this.shutdownHook = shutdownHook ? new Thread(this::closeAtExit, hookName) : null;
    }

    /**
     * The shutdown hook: first waits (within the close timeout) for the exit hooks of hotpath's worker pools, whose
     * jobs may still log while they drain (see {@link ExitOrder}), then closes.
     */
    private void closeAtExit() {
        ExitOrder.awaitProducers(closeTimeoutNanos);
        close();
    }

    /** Keeps the service's JMX registration (or null), for close to unregister. Before {@link #start()} only. */
    void registered(final JmxRegistration registration) {
        this.jmx = registration;
    }

    /** Starts the writer (asynchronous hand-off) and installs the shutdown hook. */
    void start() {
        if (handoff instanceof AsynchronousHandoff) {
            ((AsynchronousHandoff) handoff).start();
        }
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** See {@link ConcurrentLogService#close()}. */
    void close() {
        if (jmx != null) {
            jmx.close();
        }
        if (!closing.compareAndSet(false, true)) {
            handoff.awaitClosed();
            return;
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (final IllegalStateException shuttingDown) {
                // The hook is running or about to: it will find the service closed.
            }
        }
        entries.close();
        handoff.close();
    }
}
