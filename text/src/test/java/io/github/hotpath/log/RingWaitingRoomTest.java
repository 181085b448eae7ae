package io.github.hotpath.log;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The waiting room's bookkeeping, driven by hand: the writer of the hand-off is never started. */
class RingWaitingRoomTest {
    private final LogCounters counters = new LogCounters();
    private final AsynchronousHandoff handoff = new AsynchronousHandoff(
        LogSink.outputStream(OutputStream.nullOutputStream()), LogFormat.PLAIN, 2, 4, 64, false, 2, 0,
        "never-started", counters);
    private final RecordRing ring = handoff.ring();
    private final RingWaitingRoom room = handoff.waiters();

    private static LogEntry entry() {
        return new LogEntry(null, new RecordBuffer(4, 64));
    }

    /** Waits (bounded) until {@code tickets} tickets were handed out. */
    private void awaitTickets(final long tickets) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (room.ticketsIssued() < tickets) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the producer never queued");
            }
            Thread.sleep(1);
        }
    }

    @Test
    void anAdmittedWaiterTooDeepToOfferGivesBackTheRoomPromisedToIt() throws InterruptedException {
        assertEquals(RecordRing.ACCEPTED, ring.offer(entry(), 0));
        assertEquals(RecordRing.ACCEPTED, ring.offer(entry(), 0));
        ring.injectedStackOverflows = 1; // the waiter's offer overflows, as a log() from a deep stack would
        final Thread producer = new Thread(() -> handoff.hand(entry()), "producer");
        producer.start();
        awaitTickets(1);
        ring.release(0);
        room.admitOrTakeBack(ring, 1, 1);
        producer.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(producer.isAlive());
        assertEquals(1, counters.droppedTooDeep.get());
        // A promise kept for ever shrinks the room of every later admission and of every producer that does not
        // wait; after a ring's worth of them nobody is admitted any more and every producer waits for ever.
        assertEquals(0, room.promised(), "the promise of a waiter that never offered was kept");
        assertEquals(RecordRing.ACCEPTED, ring.offer(entry(), room.promised()));
    }
}
