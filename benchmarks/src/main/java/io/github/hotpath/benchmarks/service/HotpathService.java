package io.github.hotpath.benchmarks.service;

import io.github.hotpath.log.ConcurrentLogService;
import io.github.hotpath.log.LogFormat;
import io.github.hotpath.log.LogSink;
import io.github.hotpath.pool.ConcurrentObjectPool;
import io.github.hotpath.worker.ConcurrentWorkerPool;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The hotpath handler with what it runs on, built once at start-up: the context pool, the logger service (plain
 * lines to a file; waiting when full, so no record is lost and a benchmark cannot hide work by dropping it)
 * and a worker pool of two for the side jobs ({@code WAIT} when every job object is in flight).
 */
public final class HotpathService implements AutoCloseable {
    private static final Duration SIDE_JOBS_TIMEOUT = Duration.ofSeconds(30);
    private final AuditLedger ledger = new AuditLedger();
    private final ConcurrentObjectPool<ServiceContext> contexts;
    private final ConcurrentLogService logs;
    private final ConcurrentWorkerPool<AuditJob> audits;
    private final HotpathHandler handler;

    /**
     * Builds and starts the service.
     *
     * @param logFile where log lines go, for example {@code /dev/null}.
     */
    public HotpathService(final String logFile) {
        // snippet: hotpath-setup
        contexts = ConcurrentObjectPool.builder(ServiceContext::new).maxIdle(64).build();
        logs = ConcurrentLogService.builder()
            .sink(LogSink.file(Path.of(logFile)))
            .format(LogFormat.PLAIN)
            .whenFullWait()
            .build();
        audits = ConcurrentWorkerPool.builder(AuditJob::new, (AuditJob job) -> ledger.record(job.tenant, job.units))
            .workers(2)
            .capacity(1024)
            .whenFullWait(Duration.ofSeconds(1))
            .threadNamePrefix("hotpath-audit-")
            .build();
        handler = new HotpathHandler(contexts, logs.logger(NaiveService.LOGGER), audits);
        // end-snippet
    }

    /** @return the handler. */
    public HotpathHandler handler() {
        return handler;
    }

    /** @return where the side jobs record. */
    public AuditLedger ledger() {
        return ledger;
    }

    /** @return the threads the work crosses to: the workers and the logger's writer. */
    public Thread[] backgroundThreads() {
        final Thread[] workers = audits.backgroundThreads().toArray(new Thread[0]);
        final Thread[] all = java.util.Arrays.copyOf(workers, workers.length + 1);
        all[workers.length] = logs.backgroundThreads().get(0);
        return all;
    }

    /** @return the worker pool, for its metrics. */
    public ConcurrentWorkerPool<AuditJob> audits() {
        return audits;
    }

    /** @return the logger service, for its metrics. */
    public ConcurrentLogService logs() {
        return logs;
    }

    /** Waits until every side job submitted so far has run and every log record accepted so far is written. */
    public void drain() {
        try {
            if (!audits.awaitSettled(SIDE_JOBS_TIMEOUT)) {
                throw new IllegalStateException("side jobs did not finish in 30 s");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the side jobs", e);
        }
        logs.flush();
    }

    @Override
    public void close() throws InterruptedException {
        audits.shutdown();
        if (!audits.awaitTermination(SIDE_JOBS_TIMEOUT)) {
            throw new IllegalStateException("side jobs did not finish in 30 s");
        }
        logs.close();
        contexts.close();
    }
}
