package io.github.hotpath.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A minimal asynchronous component for the meter's tests: {@link #submit()} hands job number n to one platform
 * thread, which runs {@code job.accept(n)}; {@link #awaitSettled(Duration)} waits until every job submitted before it
 * has run. Submitting, running and settling allocate nothing (counters and a backoff that parks, no queue nodes), so
 * that whatever the meter sees on the worker is the job's own allocation.
 */
public final class TestWorker implements BackgroundWork, AutoCloseable {
    private static final Backoff IDLE = Backoff.spinYieldPark(200, 10, Duration.ofNanos(1_000),
        Duration.ofMillis(1));

    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Starts the worker thread.
     *
     * @param name the thread's name.
     * @param job  what the worker does for job number n.
     */
    public TestWorker(final String name, final LongConsumer job) {
        thread = new Thread(() -> {
            int step = 0;
            while (!closed) {
                final long next = done.get();
                if (next < submitted.get()) {
                    job.accept(next);
                    done.set(next + 1);
                    step = 0;
                } else {
                    step = IDLE.idle(step);
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands the next job to the worker. Allocates nothing. */
    public void submit() {
        submitted.incrementAndGet();
    }

    /** @return the worker thread. */
    public Thread thread() {
        return thread;
    }

    @Override
    public List<Thread> backgroundThreads() {
        return List.of(thread);
    }

    @Override
    public boolean awaitSettled(final Duration timeout) {
        final long deadline = System.nanoTime() + Durations.requireTimeoutNanos("timeout", timeout);
        final long target = submitted.get();
        int step = 0;
        while (done.get() < target) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            step = IDLE.idle(step);
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(10_000);
    }

    @Override
    public String toString() {
        return "TestWorker[" + thread.getName() + ", submitted=" + submitted.get() + ", done=" + done.get() + "]";
    }
}
