package io.github.hotpath.worker;

import io.github.hotpath.core.Resettable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example of docs/worker-pool.md ("Use it"), compiled and run; {@code ReadmeSnippetsTest} checks that the
 * guide's block is this file's {@code worker-after} region, so the guide cannot drift from the API.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReadmeExampleTest {
    record Request(long instrumentId, long priceMicros) {
    }

    static final class Book {
        final AtomicLong applied = new AtomicLong();
        final AtomicLong checksum = new AtomicLong();

        void apply(final PriceUpdate u) {
            applied.incrementAndGet();
            checksum.addAndGet(u.instrumentId ^ u.priceMicros);
        }
    }

    // snippet: worker-after
    static final class PriceUpdate implements Resettable {
        long instrumentId;
        long priceMicros;

        static void fill(final PriceUpdate u, final Request r) {
            u.instrumentId = r.instrumentId();
            u.priceMicros = r.priceMicros();
        }

        @Override
        public void reset() {
            instrumentId = 0;
            priceMicros = 0;
        }
    }

    static final class PriceFeed implements AutoCloseable {
        final AtomicLong overloaded = new AtomicLong();
        private final ConcurrentWorkerPool<PriceUpdate> pool;

        PriceFeed(final Book book) {
            pool = ConcurrentWorkerPool.builder(PriceUpdate::new, (PriceUpdate u) -> book.apply(u))
                .workers(2).capacity(1024)
                .whenFullWait(Duration.ofMillis(50))
                .threadNamePrefix("book-").build();
        }

        void onRequest(final Request request) {
            if (!pool.submit(PriceUpdate::fill, request)) { // a method reference: nothing captured, nothing allocated
                overloaded.incrementAndGet();               // pushed back: every job was in flight for 50 ms
            }
        }

        @Override
        public void close() {
            pool.close();                                   // runs every accepted job, then the workers end
        }
    }
    // end-snippet

    @Test
    void theReadmeExampleRunsEveryAcceptedJobByTheTimeItIsClosed() {
        final Book book = new Book();
        long expected = 0;
        final long overloaded;
        try (PriceFeed feed = new PriceFeed(book)) {
            for (long i = 0; i < 10_000; i++) {
                feed.onRequest(new Request(i, 1_000_000 + i));
                expected += i ^ (1_000_000 + i);
            }
            overloaded = feed.overloaded.get();
        }
        assertEquals(10_000 - overloaded, book.applied.get(), "close() ran every accepted job");
        if (overloaded == 0) {
            assertEquals(expected, book.checksum.get());
        }
        assertTrue(overloaded < 10_000);
    }
}
