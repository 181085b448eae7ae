package io.github.hotpath.benchmarks.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The article's handler as a Java service writes it today, with every one of its culprits:
 * <ol>
 *   <li>a fresh context per request: two Strings, two {@code HashMap}s and an {@code ArrayList};</li>
 *   <li>the query rendered by string concatenation in a loop;</li>
 *   <li>a log line through SLF4J's {@code Object...} API, boxing the primitives (Logback writes it);</li>
 *   <li>a side job handed to an executor as a capturing lambda;</li>
 *   <li>the JSON response built into a {@code String}, then encoded to a new {@code byte[]}.</li>
 * </ol>
 * {@link HotpathHandler} does the same work with hotpath; a test asserts that the two produce byte-identical
 * responses and the same side-job results.
 *
 * <p>Thread-safety: {@link #handle} may be called from any number of threads at once.
 */
public final class NaiveHandler {
    private static final Logger LOG = LoggerFactory.getLogger(NaiveService.LOGGER);

    private final Executor executor;
    private final AuditLedger ledger;

    /**
     * A handler.
     *
     * @param executor runs the side jobs.
     * @param ledger   where the side jobs record.
     */
    public NaiveHandler(final Executor executor, final AuditLedger ledger) {
        this.executor = executor;
        this.ledger = ledger;
    }

    // snippet: naive-context
    /** The article's {@code RequestCtx}, ported as most Java services would write it. */
    static final class RequestCtx {
        String userId;
        String tenantId;
        final Map<String, String> headers = new HashMap<>(16);
        final List<String> trace = new ArrayList<>(16);
        final Map<String, String> tags = new HashMap<>(8);
    }
    // end-snippet

    /**
     * Handles one request.
     *
     * @param request the request.
     * @return the response body, UTF-8 JSON.
     */
    public byte[] handle(final Request request) {
        // snippet: naive-1-context
        final RequestCtx ctx = new RequestCtx();                 // a context, 2 maps and a list per request
        ctx.userId = request.header("X-User");
        ctx.tenantId = request.header("X-Tenant");
        for (int i = 0; i < request.headerCount(); i++) {
            ctx.headers.put(request.headerName(i), request.headerValue(i));   // a HashMap node per put
        }
        ctx.trace.add("recv");
        ctx.trace.add(request.method());
        ctx.tags.put("method", request.method());
        ctx.tags.put("region", ctx.headers.get("X-Region"));
        // end-snippet

        // snippet: naive-2-concat
        String query = "";                                       // a new String per row, copying all before it
        for (int i = 0; i < request.queryCount(); i++) {
            query += request.queryKey(i) + "=" + request.queryValue(i) + "&";
        }
        // end-snippet

        final int units = Work.units(query.length(), ctx.headers.size());
        final int status = Work.status(units);
        final long latencyMicros = Work.latencyMicros(units);
        final double load = Work.load(units);
        // snippet: naive-3a-log
        LOG.info("handled user={} tenant={} status={} units={} latencyMicros={} load={}",
            ctx.userId, ctx.tenantId, status, units, latencyMicros, load);    // 4 boxes and an Object[]
        // end-snippet

        // snippet: naive-3b-job
        final int tenant = Integer.parseInt(ctx.tenantId.substring(2));
        executor.execute(() -> ledger.record(tenant, units));    // a capturing lambda (and a queue node) per job
        // end-snippet
        ctx.trace.add("done");

        // snippet: naive-2-response
        final String json = "{\"user\":" + quote(ctx.userId)     // the response as a String, then as bytes
            + ",\"tenant\":" + quote(ctx.tenantId)
            + ",\"status\":" + status
            + ",\"method\":" + quote(request.method())
            + ",\"path\":" + quote(request.path())
            + ",\"query\":" + quote(query)
            + ",\"trace\":[" + quote(ctx.trace.get(0)) + "," + quote(ctx.trace.get(1)) + ","
            + quote(ctx.trace.get(2)) + "]"
            + ",\"tags\":{\"method\":" + quote(ctx.tags.get("method"))
            + ",\"region\":" + quote(ctx.tags.get("region")) + "}"
            + ",\"headers\":" + ctx.headers.size()
            + ",\"units\":" + units
            + ",\"latencyMicros\":" + latencyMicros + "}";
        return json.getBytes(StandardCharsets.UTF_8);
        // end-snippet
    }

    /** JSON string quoting as a hand-written helper would do it: a new StringBuilder and a new String per call. */
    static String quote(final String s) {
        final StringBuilder sb = new StringBuilder();
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
