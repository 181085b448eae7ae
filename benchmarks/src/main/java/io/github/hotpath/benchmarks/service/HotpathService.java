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
 *
 * <p>Sized for its in-flight bound, the most requests it serves at once (a server's connection limit), as
 * docs/virtual-threads.md explains: what a request holds while it runs (a context, an open log entry) is kept for
 * every request in flight, and the queues behind it (log records, side jobs) hold {@value #QUEUED_PER_REQUEST} times
 * as many, for the requests that finish while the log writer or a worker is off the CPU. A request that finds a
 * context missing or a queue full makes one or waits; on a virtual thread, waiting parks it, and the JDK allocates
 * for each park.
 */
public final class HotpathService implements AutoCloseable {
    /** The in-flight bound of {@link #HotpathService(String)}: 256 requests at once. */
    public static final int IN_FLIGHT = 256;
    /** The queues' room per request in flight: log records and side jobs waiting for their thread. */
    public static final int QUEUED_PER_REQUEST = 32;
    /** The largest in-flight bound accepted: its queues stay within the log service's and worker pool's limits. */
    public static final int MAX_IN_FLIGHT = 1 << 16;
    private static final Duration SIDE_JOBS_TIMEOUT = Duration.ofSeconds(30);
    private final AuditLedger ledger = new AuditLedger();
    private final ConcurrentObjectPool<ServiceContext> contexts;
    private final ConcurrentLogService logs;
    private final ConcurrentWorkerPool<AuditJob> audits;
    private final HotpathHandler handler;

    /**
     * Builds and starts the service, sized for {@value #IN_FLIGHT} requests in flight.
     *
     * @param logFile where log lines go, for example {@code /dev/null}.
     */
    public HotpathService(final String logFile) {
        this(logFile, IN_FLIGHT);
    }

    /**
     * Builds and starts the service, sized for {@code inFlight} requests at once.
     *
     * @param logFile  where log lines go, for example {@code /dev/null}.
     * @param inFlight the most requests served at once (the connection limit), 1 to {@value #MAX_IN_FLIGHT}.
     * @throws IllegalArgumentException if {@code inFlight} is out of that range.
     */
    public HotpathService(final String logFile, final int inFlight) {
        if (inFlight < 1 || inFlight > MAX_IN_FLIGHT) {
            throw new IllegalArgumentException("inFlight must be in [1, " + MAX_IN_FLIGHT + "], got " + inFlight);
        }
        // snippet: hotpath-setup
        final int queued = inFlight * QUEUED_PER_REQUEST;        // room for bursts while a consumer is off the CPU
        contexts = ConcurrentObjectPool.builder(ServiceContext::new)
            .maxIdle(inFlight)                                   // one context per request in flight, kept idle
            .build();
        logs = ConcurrentLogService.builder()
            .sink(LogSink.file(Path.of(logFile)))
            .format(LogFormat.PLAIN)
            .maxOpenEntries(inFlight)                            // one entry open per request in flight
            .capacity(queued)
            .maxRecordChars(256).maxParts(16)                    // twice this line's text and parts, as the ring
            .whenFullWait()                                      // holds queued records: 7 MiB for 256 in flight
            .build();
        audits = ConcurrentWorkerPool.builder(AuditJob::new, (AuditJob job) -> ledger.record(job.tenant, job.units))
            .workers(2)
            .capacity(queued)
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

    /** @return the context pool, for its metrics. */
    public ConcurrentObjectPool<ServiceContext> contexts() {
        return contexts;
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
