package io.github.hotpath.benchmarks.service;

import io.github.hotpath.log.ConcurrentLogService;
import io.github.hotpath.log.LogFormat;
import io.github.hotpath.log.LogSink;
import io.github.hotpath.pool.ConcurrentObjectPool;
import io.github.hotpath.worker.Backpressure;
import io.github.hotpath.worker.ConcurrentWorkerPool;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The hotpath handler with what it runs on, built once at start-up: the context pool, the logger service (plain
 * lines to a file; waiting when full, so no record is lost and a benchmark cannot hide work by dropping it)
 * and a worker pool of two for the side jobs ({@code WAIT} when every job object is in flight).
 */
public final class HotpathService implements AutoCloseable {
    private final AuditLedger ledger = new AuditLedger();
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
        final ConcurrentObjectPool<ServiceContext> contexts =
            ConcurrentObjectPool.forResettable(ServiceContext::new).maxIdle(64).build();
        logs = ConcurrentLogService.builder()
            .sink(LogSink.file(Path.of(logFile)))
            .format(LogFormat.PLAIN)
            .whenFullWait()
            .build();
        audits = ConcurrentWorkerPool.builder(AuditJob::new, (AuditJob job) -> ledger.record(job.tenant, job.units))
            .workers(2)
            .capacity(1024)
            .backpressure(Backpressure.WAIT).waitTimeout(1, TimeUnit.SECONDS)
            .threadNamePrefix("hotpath-audit-")
            .daemon(true)
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
        final Thread[] workers = audits.workerThreads();
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
        while (audits.completed() + audits.failed() != audits.submitted()) {
            Thread.onSpinWait();
        }
        logs.flush();
    }

    @Override
    public void close() throws InterruptedException {
        audits.shutdown();
        if (!audits.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("side jobs did not finish in 30 s");
        }
        logs.close();
    }
}
