package io.github.hotpath.pool;

import io.github.hotpath.core.Resettable;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestContextTest {
    static final String[][] HEADERS = {
        {"X-User", "u-123456789"}, {"X-Tenant", "acme-eu-1"}, {"X-Request-Id", "req-123456789"},
        {"Accept", "application/json"}, {"Content-Type", "application/json"}, {"User-Agent", "checkout/4.2"},
        {"Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}, {"Authorization", "Bearer x"},
    };

    static void fill(final RequestContext ctx) {
        ctx.userId(HEADERS[0][1]).tenantId(HEADERS[1][1]);
        for (final String[] header : HEADERS) {
            ctx.putHeader(header[0], header[1]);
        }
        ctx.addTrace("auth").addTrace("load-cart").addTrace("price");
        ctx.putTag("route", "/checkout").putTag("region", "eu");
    }

    @Test
    void holdsWhatItIsGivenAndResetClearsAllOfIt() {
        final RequestContext ctx = new RequestContext();
        assertTrue(ctx.isReset());
        fill(ctx);
        assertEquals("u-123456789", ctx.userId());
        assertEquals("acme-eu-1", ctx.tenantId());
        assertEquals(8, ctx.headerCount());
        assertEquals("req-123456789", ctx.header("X-Request-Id"));
        assertNull(ctx.header("X-Missing"));
        assertEquals(3, ctx.traceSize());
        assertEquals("load-cart", ctx.trace(1));
        assertEquals(2, ctx.tagCount());
        assertEquals("eu", ctx.tag("region"));
        final Map<String, String> seen = new HashMap<>();
        ctx.forEachHeader(seen::put);
        assertEquals(8, seen.size());
        assertEquals("Bearer x", seen.get("Authorization"));
        final Map<String, String> tags = new HashMap<>();
        ctx.forEachTag(tags::put);
        assertEquals(Map.of("route", "/checkout", "region", "eu"), tags);
        assertFalse(ctx.isReset());

        ctx.reset();
        assertTrue(ctx.isReset(), ctx.toString());
        assertNull(ctx.userId());
        assertNull(ctx.tenantId());
        assertNull(ctx.header("X-Request-Id"), "no header survives a reset");
        assertEquals(0, ctx.headerCount());
        assertEquals(0, ctx.traceSize());
        assertThrows(IndexOutOfBoundsException.class, () -> ctx.trace(0));
        assertEquals(0, ctx.tagCount());
    }

    @Test
    void nullNamesAndValuesAreRejectedWithTheirName() {
        final RequestContext ctx = new RequestContext();
        assertThrows(NullPointerException.class, () -> ctx.putHeader(null, "v"));
        final NullPointerException e = assertThrows(NullPointerException.class, () -> ctx.putHeader("X-User", null));
        assertTrue(e.getMessage().contains("X-User"), e.getMessage());
        assertThrows(NullPointerException.class, () -> ctx.putTag("k", null));
        assertThrows(NullPointerException.class, () -> ctx.addTrace(null));
        assertTrue(ctx.isReset(), "a rejected put changes nothing");
    }

    @Test
    void resetShrinksContainersThatGrewPastTheirLimit() {
        final RequestContext ctx = new RequestContext();
        final long fresh = ctx.retainedCapacity();
        fill(ctx);
        ctx.reset();
        assertEquals(fresh, ctx.retainedCapacity(), "an ordinary request keeps the initial containers");

        for (int i = 0; i < 10_000; i++) {
            ctx.putHeader("X-H-" + i, "v").putTag("t-" + i, "v").addTrace("step");
        }
        assertTrue(ctx.retainedCapacity() > 20_000, "grown: " + ctx.retainedCapacity());
        ctx.reset();
        assertEquals(fresh, ctx.retainedCapacity(), "one huge request must not pin memory for ever");
        assertTrue(ctx.isReset());
        fill(ctx);
        assertEquals(8, ctx.headerCount(), "works after shrinking");
    }

    /** Extension by subclassing: the service's own fields are reset by the same {@code reset()}. */
    static final class CheckoutContext extends RequestContext {
        long cartId;
        final StringBuilder notes = new StringBuilder(64);

        @Override
        protected void resetFields() {
            cartId = 0;
            notes.setLength(0);
        }

        @Override
        protected boolean fieldsAreReset() {
            return cartId == 0 && notes.length() == 0;
        }
    }

    @Test
    void aSubclassExtendsResetAndIsResetWithItsOwnFields() {
        final CheckoutContext ctx = new CheckoutContext();
        fill(ctx);
        ctx.cartId = 123_456_789L;
        ctx.notes.append("gift wrap");
        assertFalse(ctx.isReset());
        ctx.reset();
        assertTrue(ctx.isReset());
        assertEquals(0, ctx.cartId);
        assertEquals(0, ctx.notes.length());
        assertEquals(0, ctx.headerCount());
    }

    /** Extension by composition: a service's own Resettable holds a RequestContext. */
    static final class Exchange implements Resettable {
        final RequestContext request = new RequestContext();
        int status;

        @Override
        public void reset() {
            request.reset();
            status = 0;
        }
    }

    @Test
    void aComposedContextIsPooledAndResetWithItsOwner() {
        final ConcurrentObjectPool<Exchange> pool = ConcurrentObjectPool.builder(Exchange::new).build();
        try (Lease<Exchange> lease = pool.lease()) {
            fill(lease.object().request);
            lease.object().status = 201;
        }
        PoolAssertions.assertQuiescent(pool, e -> e.status == 0 && e.request.isReset());
    }

    @Test
    void aSubclassThatForgetsAFieldIsCaughtByAStrictPool() {
        final ConcurrentObjectPool<RequestContext> pool = ConcurrentObjectPool
            .<RequestContext>builder(LeakyContext::new)
            .strict(true).verifyReset(RequestContext::isReset).build();
        final long handle = pool.acquire();
        ((LeakyContext) pool.object(handle)).secret = "tenant A";
        assertThrows(IllegalStateException.class, () -> pool.release(handle));
        assertEquals(1, pool.metrics().resetFailures());
    }

    /** Overrides fieldsAreReset but forgets resetFields: the reset contract is broken. */
    static final class LeakyContext extends RequestContext {
        String secret;

        @Override
        protected boolean fieldsAreReset() {
            return secret == null;
        }
    }
    /** The symptom: {@code header(null)} threw a message-less NullPointerException from inside Agrona. */
    @Test
    void aNullNameOrValueIsAClearErrorNamingTheArgument() {
        final RequestContext ctx = new RequestContext();
        assertNullNamed("header name", () -> ctx.header(null));
        assertNullNamed("header name", () -> ctx.putHeader(null, "v"));
        assertNullNamed("header value", () -> ctx.putHeader("X-User", null));
        assertNullNamed("X-User", () -> ctx.putHeader("X-User", null));
        assertNullNamed("tag name", () -> ctx.tag(null));
        assertNullNamed("tag name", () -> ctx.putTag(null, "v"));
        assertNullNamed("tag value", () -> ctx.putTag("route", null));
        assertNullNamed("trace entry", () -> ctx.addTrace(null));
        assertNullNamed("action", () -> ctx.forEachHeader(null));
        assertNullNamed("action", () -> ctx.forEachTag(null));
        assertTrue(ctx.isReset(), "a rejected call changes nothing: " + ctx);
    }

    private static void assertNullNamed(final String name, final org.junit.jupiter.api.function.Executable call) {
        final NullPointerException e = assertThrows(NullPointerException.class, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(name), name + ": " + e.getMessage());
    }
}
