package io.github.hotpath.pool;

import io.github.hotpath.core.AllocationMeter;
import io.github.hotpath.core.junit.AllocationFree;
import io.github.hotpath.core.junit.ZeroAllocationExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Filling a {@link RequestContext} with the article's request (two ids, 8 headers, a trace, tags) and resetting it
 * allocates nothing after warm-up. The strings are made before the measurement, as a server's request parser would
 * have made them, with values outside any cache and varying from call to call.
 */
@Tag("allocation")
@ExtendWith(ZeroAllocationExtension.class)
class RequestContextAllocationTest {
    private static final int VARIANTS = 64;
    private static final String[] NAMES = {
        "X-User", "X-Tenant", "X-Request-Id", "Accept", "Content-Type", "User-Agent", "Traceparent", "Authorization"};
    private static final String[][] VALUES = new String[VARIANTS][NAMES.length];
    private static final String[] TRACE = {"auth", "load-cart", "price"};

    static {
        for (int v = 0; v < VARIANTS; v++) {
            for (int h = 0; h < NAMES.length; h++) {
                VALUES[v][h] = NAMES[h].toLowerCase() + "-" + (123_456_789L + v * 31L + h);
            }
        }
    }

    static long sink;
    private static final BiConsumer<String, String> SUM_LENGTHS = (k, v) -> sink += k.length() + v.length();

    static void fill(final RequestContext ctx, final int i) {
        final String[] values = VALUES[i & (VARIANTS - 1)];
        ctx.userId(values[0]).tenantId(values[1]);
        for (int h = 0; h < NAMES.length; h++) {
            ctx.putHeader(NAMES[h], values[h]);
        }
        for (final String step : TRACE) {
            ctx.addTrace(step);
        }
        ctx.putTag("route", values[2]).putTag("region", values[1]);
    }

    @AllocationFree
    void fillAndResetWithTheArticles8HeadersAllocateNothing(final AllocationMeter meter) {
        final RequestContext ctx = new RequestContext();
        meter.assertNoAllocation("RequestContext fill + reset", i -> {
            fill(ctx, i);
            sink += ctx.header("X-Request-Id").length() + ctx.traceSize() + ctx.tag("route").length();
            ctx.reset();
        });
    }

    @AllocationFree
    void forEachWithANonCapturingConsumerAllocatesNothing(final AllocationMeter meter) {
        final RequestContext ctx = new RequestContext();
        fill(ctx, 0);
        meter.assertNoAllocation("forEachHeader + forEachTag", i -> {
            ctx.forEachHeader(SUM_LENGTHS);
            ctx.forEachTag(SUM_LENGTHS);
        });
    }

    @AllocationFree
    void aPooledRequestAllocatesNothing(final AllocationMeter meter) {
        final ConcurrentObjectPool<RequestContext> pool = ConcurrentObjectPool.builder(RequestContext::new)
            .retainedSizeCap(RequestContext::retainedCapacity, 1_000).build();
        final Lease<RequestContext> kept = pool.newLease();
        meter.assertNoAllocation("lease + fill + close", i -> {
            try (Lease<RequestContext> lease = kept.acquire()) {
                fill(lease.object(), i);
                sink += lease.object().header("Traceparent").length();
            }
        });
        assertEquals(0, pool.metrics().dropped());
        PoolAssertions.assertQuiescent(pool, RequestContext::isReset);
    }

    /**
     * The twin: the article's context kept and cleared, but with {@code HashMap}s (as in a plain port) still
     * allocates a node per {@code put}: the same test shape must catch it.
     */
    @Test
    void twinAReusedHashMapContextIsCaught(final AllocationMeter meter) {
        final HashMap<String, String> headers = new HashMap<>(16);
        final HashMap<String, String> tags = new HashMap<>(8);
        final ArrayList<String> trace = new ArrayList<>(16);
        final AllocationMeter.Measurement m = meter.measure(i -> {
            final String[] values = VALUES[i & (VARIANTS - 1)];
            for (int h = 0; h < NAMES.length; h++) {
                headers.put(NAMES[h], values[h]);
            }
            trace.add(TRACE[0]);
            tags.put("route", values[2]);
            tags.put("region", values[1]);
            sink += headers.get("X-Request-Id").length();
            headers.clear();
            tags.clear();
            trace.clear();
        });
        assertTrue(m.bytesPerOperation() >= 10 * 32, "10 HashMap nodes per request: " + m);
        assertThrows(AssertionError.class, () -> meter.assertNoAllocation("HashMap context",
            i -> {
                headers.put(NAMES[0], VALUES[i & (VARIANTS - 1)][0]);
                headers.clear();
            }));
    }
}
