package io.github.hotpath.worker;

import io.github.hotpath.core.Resettable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's worker pool example ("after"), compiled and run, so the README cannot drift from the API. */
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

    // --- README: after ---
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

    final Book book = new Book();
    final AtomicLong overloaded = new AtomicLong();
    final ConcurrentWorkerPool<PriceUpdate> pool = ConcurrentWorkerPool
        .builder(PriceUpdate::new, (PriceUpdate u) -> book.apply(u))
        .workers(2).capacity(1024)
        .backpressure(Backpressure.WAIT).waitTimeout(50, TimeUnit.MILLISECONDS)
        .threadNamePrefix("book-").build();

    void onRequest(final Request request) {
        if (!pool.submit(PriceUpdate::fill, request)) { // a method reference: nothing captured, nothing allocated
            overloaded.incrementAndGet();               // pushed back: every job was in flight for 50 ms
        }
    }
    // --- end of README ---

    @Test
    void theReadmeExampleRuns() throws Exception {
        long expected = 0;
        for (long i = 0; i < 10_000; i++) {
            onRequest(new Request(i, 1_000_000 + i));
            expected += i ^ (1_000_000 + i);
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(10_000 - overloaded.get(), book.applied.get());
        if (overloaded.get() == 0) {
            assertEquals(expected, book.checksum.get());
        }
    }
}
