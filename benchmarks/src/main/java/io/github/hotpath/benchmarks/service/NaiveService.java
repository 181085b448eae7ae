package io.github.hotpath.benchmarks.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The naive handler with what it runs on: a fixed thread pool of two for the side jobs (an unbounded queue, as
 * {@code Executors.newFixedThreadPool} gives) and SLF4J + Logback writing to a file.
 */
public final class NaiveService implements AutoCloseable {
    /** The logger name both services log under, so their lines can be compared. */
    public static final String LOGGER = "service";

    private final ThreadPoolExecutor executor;
    private final AuditLedger ledger = new AuditLedger();
    private final NaiveHandler handler;

    /**
     * Builds the service and points Logback at the file.
     *
     * @param logFile where log lines go, for example {@code /dev/null}.
     */
    public NaiveService(final String logFile) {
        ServiceLogging.logbackTo(logFile);
        final AtomicInteger n = new AtomicInteger();
        executor = (ThreadPoolExecutor) Executors.newFixedThreadPool(2, r -> {
            final Thread t = new Thread(r, "naive-audit-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        handler = new NaiveHandler(executor, ledger);
    }

    /** @return the handler. */
    public NaiveHandler handler() {
        return handler;
    }

    /** @return where the side jobs record. */
    public AuditLedger ledger() {
        return ledger;
    }

    /** @return side jobs submitted and not yet finished (approximate while running). */
    public long pendingJobs() {
        return executor.getTaskCount() - executor.getCompletedTaskCount();
    }

    /** Waits until every side job submitted so far has run. */
    public void drain() {
        while (executor.getCompletedTaskCount() != executor.getTaskCount()) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() throws InterruptedException {
        final ExecutorService e = executor;
        e.shutdown();
        if (!e.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("side jobs did not finish in 30 s");
        }
    }
}
