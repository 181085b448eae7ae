package io.github.hotpath.benchmarks;

import io.github.hotpath.core.Resettable;
import io.github.hotpath.log.ConcurrentLogService;
import io.github.hotpath.log.LogFormat;
import io.github.hotpath.log.LogSink;
import io.github.hotpath.log.Logger;
import io.github.hotpath.pool.ConcurrentObjectPool;
import io.github.hotpath.pool.RequestContext;
import io.github.hotpath.text.TextBuilder;
import io.github.hotpath.worker.ConcurrentWorkerPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's quick start, one region per component ({@code // snippet:} markers that {@link ReadmeSnippetsTest}
 * holds the README to), compiled and run, so the first code a new user copies works as written.
 */
class QuickStartTest {
    static final class RequestHandler {
    }

    static final class PriceUpdate implements Resettable {
        long price;

        void fill(final long newPrice) {
            price = newPrice;
        }

        @Override
        public void reset() {
            price = 0;
        }
    }

    static final class Book {
        final AtomicLong total = new AtomicLong();

        void apply(final PriceUpdate update) {
            total.addAndGet(update.price);
        }
    }

    static int processed;

    static void process(final RequestContext ctx) {
        processed += ctx.headerCount();
    }

    @Test
    void objectPool() {
        final String userId = "u-1";
        final String tenantId = "acme";
        final String region = "eu-1";
        // snippet: quick-pool
        try (ConcurrentObjectPool<RequestContext> contexts =
                 ConcurrentObjectPool.builder(RequestContext::new).maxIdle(256).build()) {   // at start-up
            long handle = contexts.acquire();                               // per request: 0 B after warm-up
            try {
                process(contexts.object(handle).userId(userId).tenantId(tenantId).putHeader("X-Region", region));
            } finally {
                contexts.release(handle);                                   // reset and returned here
            }
        }
        // end-snippet
        assertEquals(1, processed);
    }

    @Test
    void text() {
        final long requestId = 123_456_789L;
        final double ratio = 0.125;
        final ByteBuffer socketBuffer = ByteBuffer.allocate(256);
        // snippet: quick-text
        TextBuilder text = new TextBuilder(8 * 1024);                      // one per thread, or per pooled context
        text.clear().append("id=").append(requestId).append(" ratio=").appendFixed(ratio, 3)
            .append(" at=").appendIsoInstantMillis(System.currentTimeMillis());
        int written = text.writeUtf8(socketBuffer);                         // straight into a ByteBuffer: 0 B
        // end-snippet
        assertEquals(text.length(), written);
        assertTrue(new String(socketBuffer.array(), 0, written, StandardCharsets.UTF_8)
            .startsWith("id=123456789 ratio=0.125 at="));
    }

    @Test
    void logger(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("service.log");
        final int status = 200;
        final long latencyNanos = 1_234_567L;
        // snippet: quick-log
        try (ConcurrentLogService logs = ConcurrentLogService.builder()
                .sink(LogSink.file(file)).format(LogFormat.JSON)          // waits when full (the default)
                .build()) {                                                 // close() writes what was accepted
            Logger log = logs.logger(RequestHandler.class);
            log.info().append("handled status=").append(status).kv("latencyNanos", latencyNanos).log();   // 0 B
        }
        // end-snippet
        final String line = Files.readString(file);
        assertTrue(line.contains("\"msg\":\"handled status=200\""), line);
        assertTrue(line.contains("\"latencyNanos\":1234567"), line);
    }

    @Test
    void workerPool() {
        final Book book = new Book();
        final long request = 123_456_789L;
        int shed = 0;
        // snippet: quick-worker
        try (ConcurrentWorkerPool<PriceUpdate> pool =
                 ConcurrentWorkerPool.builder(PriceUpdate::new, (PriceUpdate u) -> book.apply(u))
                     .workers(2).capacity(1024).whenFullWait(Duration.ofMillis(50)).build()) {
            if (!pool.submit(PriceUpdate::fill, request)) {                // 0 B: no capturing lambda
                shed++;                                                     // still full after 50 ms
            }
        }                                                                   // runs every accepted job, then ends
        // end-snippet
        assertEquals(0, shed);
        assertEquals(request, book.total.get());
    }
}
