package io.github.hotpath.benchmarks.service;

import io.github.hotpath.log.Logger;
import io.github.hotpath.pool.ConcurrentObjectPool;
import io.github.hotpath.text.TextBuilder;
import io.github.hotpath.text.TextParser;
import io.github.hotpath.worker.ConcurrentWorkerPool;

import java.nio.ByteBuffer;

/**
 * The article's handler done with hotpath: the same behaviour as {@link NaiveHandler} (a test asserts
 * byte-identical responses, log lines and side-job results) with no allocation per request, on the calling thread,
 * the worker pool's threads or the logger's writer thread.
 * <ol>
 *   <li>the context comes from a reset-on-release pool and holds its maps in open-addressing collections;</li>
 *   <li>the query and the JSON response are written into the context's reusable {@link TextBuilder}s, and the
 *       response goes straight into the caller's {@link ByteBuffer} as UTF-8;</li>
 *   <li>the log line is a primitive-specialized record, formatted on the logger's writer thread;</li>
 *   <li>the side job is a pre-allocated job object filled by a method reference, handed to a bounded worker
 *       pool.</li>
 * </ol>
 *
 * <p>Thread-safety: {@link #handle} may be called from any number of threads at once.
 */
public final class HotpathHandler {
    private final ConcurrentObjectPool<ServiceContext> contexts;
    private final Logger log;
    private final ConcurrentWorkerPool<AuditJob> audits;

    /**
     * A handler.
     *
     * @param contexts the pool of request contexts.
     * @param log      the logger of the line each request writes.
     * @param audits   the worker pool that runs the side jobs.
     */
    public HotpathHandler(final ConcurrentObjectPool<ServiceContext> contexts, final Logger log,
        final ConcurrentWorkerPool<AuditJob> audits) {
        this.contexts = contexts;
        this.log = log;
        this.audits = audits;
    }

    /**
     * Handles one request and writes the response into {@code out}.
     *
     * @param request the request.
     * @param out     receives the response body, UTF-8 JSON, from its position.
     * @return the number of bytes written.
     * @throws java.nio.BufferOverflowException if the response does not fit in {@code out}.
     * @throws IllegalStateException            if the side job could not be handed over in time.
     */
    public int handle(final Request request, final ByteBuffer out) {
        // snippet: hotpath-1-lease
        final long handle = contexts.acquire();                  // 0 B: a handle, not a lease object per request
        try {
            return handle(request, contexts.object(handle), out);
        } finally {
            contexts.release(handle);                            // reset on release
        }
        // end-snippet
    }

    private int handle(final Request request, final ServiceContext ctx, final ByteBuffer out) {
        // snippet: hotpath-1-context
        ctx.userId(request.header("X-User")).tenantId(request.header("X-Tenant"));
        for (int i = 0; i < request.headerCount(); i++) {
            ctx.putHeader(request.headerName(i), request.headerValue(i));   // open addressing: no node per put
        }
        ctx.addTrace("recv").addTrace(request.method());
        ctx.putTag("method", request.method()).putTag("region", ctx.header("X-Region"));
        // end-snippet

        // snippet: hotpath-2-builder
        final TextBuilder query = ctx.query;                     // the context's own builder, reset on release
        for (int i = 0; i < request.queryCount(); i++) {
            query.append(request.queryKey(i)).append('=').append(request.queryValue(i)).append('&');
        }
        // end-snippet

        ctx.units = Work.units(query.length(), ctx.headerCount());
        final int status = Work.status(ctx.units);
        final long latencyMicros = Work.latencyMicros(ctx.units);
        // snippet: hotpath-3a-log
        log.info().append("handled user=").append(ctx.userId())          // primitives copied, not boxed;
            .append(" tenant=").append(ctx.tenantId())                     // formatted on the writer thread
            .append(" status=").append(status)
            .append(" units=").append(ctx.units)
            .append(" latencyMicros=").append(latencyMicros)
            .append(" load=").append(Work.load(ctx.units))
            .log();
        // end-snippet

        // snippet: hotpath-3b-job
        ctx.tenant = TextParser.parseInt(ctx.tenantId(), 2, ctx.tenantId().length());   // "t-42": no substring
        if (!audits.submit(AuditJob::fill, ctx)) {               // a pre-allocated job; nothing captured
            throw new IllegalStateException("audit queue full for too long");
        }
        // end-snippet
        ctx.addTrace("done");

        // snippet: hotpath-2-response
        final TextBuilder json = ctx.json;                       // straight into the caller's buffer as UTF-8
        json.append("{\"user\":").appendJsonString(ctx.userId())
            .append(",\"tenant\":").appendJsonString(ctx.tenantId())
            .append(",\"status\":").append(status)
            .append(",\"method\":").appendJsonString(request.method())
            .append(",\"path\":").appendJsonString(request.path())
            .append(",\"query\":").appendJsonString(query)
            .append(",\"trace\":[").appendJsonString(ctx.trace(0)).append(',')
            .appendJsonString(ctx.trace(1)).append(',').appendJsonString(ctx.trace(2)).append(']')
            .append(",\"tags\":{\"method\":").appendJsonString(ctx.tag("method"))
            .append(",\"region\":").appendJsonString(ctx.tag("region")).append('}')
            .append(",\"headers\":").append(ctx.headerCount())
            .append(",\"units\":").append(ctx.units)
            .append(",\"latencyMicros\":").append(latencyMicros).append('}');
        return json.writeUtf8(out);
        // end-snippet
    }
}
