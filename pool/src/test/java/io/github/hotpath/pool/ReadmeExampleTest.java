package io.github.hotpath.pool;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The example of docs/pool.md ("Use it"), compiled and run, so the guide cannot drift from the API. */
class ReadmeExampleTest {
    record Header(String name, String value) {
    }

    record Request(List<Header> headers) {
        String header(final String name) {
            return headers.stream().filter(h -> h.name().equals(name)).map(Header::value).findFirst().orElse(null);
        }
    }

    static final ConcurrentObjectPool<RequestContext> CONTEXTS =
        ConcurrentObjectPool.builder(RequestContext::new)
            .maxIdle(256)
            .retainedSizeCap(RequestContext::retainedCapacity, 4_096)
            .build();

    static int processed;

    static void process(final RequestContext ctx) {
        processed += ctx.headerCount();
    }

    static void handle(final Request request) {
        long handle = CONTEXTS.acquire();
        try {
            RequestContext ctx = CONTEXTS.object(handle)
                .userId(request.header("X-User"))
                .tenantId(request.header("X-Tenant"));
            for (Header h : request.headers()) {
                ctx.putHeader(h.name(), h.value());
            }
            process(ctx);
        } finally {
            CONTEXTS.release(handle);
        }

        try (Lease<RequestContext> lease = CONTEXTS.lease()) {
            process(lease.object());
        }
    }

    @Test
    void theReadmeExampleRuns() {
        handle(new Request(List.of(new Header("X-User", "u-1"), new Header("X-Tenant", "acme"))));
        assertEquals(2, processed);
        PoolAssertions.assertQuiescent(CONTEXTS, RequestContext::isReset);
    }
}
