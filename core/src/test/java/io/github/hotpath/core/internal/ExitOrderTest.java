package io.github.hotpath.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExitOrderTest {
    @Test
    void aLogHookWaitsForEveryPendingProducerAndNoLongerThanItsTimeout() throws Exception {
        assertTrue(ExitOrder.awaitProducers(0), "nothing pending at first");
        ExitOrder.producerRegistered();
        ExitOrder.producerRegistered();
        assertEquals(2, ExitOrder.pendingProducers());
        final long start = System.nanoTime();
        assertFalse(ExitOrder.awaitProducers(TimeUnit.MILLISECONDS.toNanos(50)), "two pending: the wait times out");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
        final Thread producers = new Thread(() -> {
            try {
                Thread.sleep(50);
                ExitOrder.producerDone();
                Thread.sleep(50);
                ExitOrder.producerDone();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producers.start();
        assertTrue(ExitOrder.awaitProducers(TimeUnit.SECONDS.toNanos(20)), "woken when the last one is done");
        assertEquals(0, ExitOrder.pendingProducers());
        producers.join();
    }

    @Test
    void anInterruptEndsTheWaitAndIsKept() {
        ExitOrder.producerRegistered();
        try {
            Thread.currentThread().interrupt();
            assertFalse(ExitOrder.awaitProducers(TimeUnit.SECONDS.toNanos(20)));
            assertTrue(Thread.interrupted(), "the interrupt is kept");
        } finally {
            ExitOrder.producerDone();
        }
    }
}
