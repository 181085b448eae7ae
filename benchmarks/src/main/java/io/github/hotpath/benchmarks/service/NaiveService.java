package io.github.hotpath.benchmarks.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The naive handler with what it runs on: a fixed thread pool of two for the side jobs (an unbounded queue, as
 * {@code Executors.newFixedThreadPool} gives) and SLF4J + Logback writing to a file.
 */
public final class NaiveService implements AutoCloseable {
    /** The logger name both services log under, so their lines can be compared. */
    public static final String LOGGER = "service";

    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
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
        // What Executors.newFixedThreadPool(2) builds (an unbounded LinkedBlockingQueue), plus two counters so that
        // drain() knows when every side job has run: getTaskCount() misses a task a worker has taken from the queue
        // but not yet started, which let a drain return one job early.
        executor = new ThreadPoolExecutor(2, 2, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            final Thread t = new Thread(r, "naive-audit-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }) {
            @Override
            public void execute(final Runnable command) {
                submitted.incrementAndGet();
                super.execute(command);
            }

            @Override
            protected void afterExecute(final Runnable r, final Throwable t) {
                finished.incrementAndGet();
            }
        };
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

    /** Waits until every side job submitted so far has run. Allocates nothing. */
    public void drain() {
        while (finished.get() != submitted.get()) {
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
