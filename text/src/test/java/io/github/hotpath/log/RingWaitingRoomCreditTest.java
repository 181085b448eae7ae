package io.github.hotpath.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rounds and credit of the waiting room, driven by hand: a ring of 16 slots, a room that admits one waiter per round
 * while the writer is busy (as on two cores), and the test playing the writer.
 */
class RingWaitingRoomCreditTest {
    private static final Runnable NO_WRITER = () -> { };

    private final RecordRing ring = new RecordRing(16, 4, 64);
    private final RingWaitingRoom room = new RingWaitingRoom(4, 1);
    private final LogEntry first = entry();
    private final LogEntry second = entry();
    private final AtomicInteger firstResult = new AtomicInteger(-9);
    private final AtomicInteger secondResult = new AtomicInteger(-9);
    private Thread firstWaiter;
    private Thread secondWaiter;
    private long head;

    private static LogEntry entry() {
        return new LogEntry(null, new RecordBuffer(4, 64));
    }

    @AfterEach
    void closeRoom() throws InterruptedException {
        ring.close();
        room.close();
        for (final Thread t : new Thread[] {firstWaiter, secondWaiter}) {
            if (t != null) {
                t.join(TimeUnit.SECONDS.toMillis(10));
                assertFalse(t.isAlive(), "a waiter never woke up after close");
            }
        }
    }

    /** Fills the ring, then queues a waiter (ticket 0). */
    private void oneWaiterOnAFullRing() throws InterruptedException {
        for (int i = 0; i < ring.capacity(); i++) {
            assertEquals(RecordRing.ACCEPTED, ring.offer(entry(), 0));
        }
        firstWaiter = waiter(first, firstResult, "first");
        awaitTickets(1);
    }

    /** Fills the ring, then queues two waiters in order (tickets 0 and 1). */
    private void twoWaitersOnAFullRing() throws InterruptedException {
        oneWaiterOnAFullRing();
        secondWaiter = waiter(second, secondResult, "second");
        awaitTickets(2);
    }

    /** Two waiters on a full ring; the writer, still busy, takes 8 records and admits the first with 7 of credit. */
    private void firstOfTwoAdmittedWithCredit() throws InterruptedException {
        twoWaitersOnAFullRing();
        writerTakesAndAdmits(8);
        join(firstWaiter);
    }

    private Thread waiter(final LogEntry entry, final AtomicInteger result, final String name) {
        final Thread t = new Thread(() -> result.set(room.await(ring, entry, NO_WRITER)), name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void awaitTickets(final long tickets) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (room.ticketsIssued() < tickets) {
            assertTrue(System.nanoTime() < deadline, "a producer never queued");
            Thread.sleep(1);
        }
    }

    /** The writer takes {@code n} records, then admits as {@code WriterLoop.admitWaiters} does. */
    private void writerTakesAndAdmits(final int n) {
        for (int i = 0; i < n; i++) {
            ring.peek(head);
            ring.release(head++);
        }
        room.admitOrTakeBack(ring, head, ring.capacity() / 4);
    }

    private static void join(final Thread t) throws InterruptedException {
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(t.isAlive(), t.getName() + " was not let in");
    }

    @Test
    void aBusyWriterAdmitsOneWaiterAndGivesItTheWholeRoom() throws InterruptedException {
        twoWaitersOnAFullRing();
        writerTakesAndAdmits(8); // 8 slots free, 8 records still to take: busy
        join(firstWaiter);
        assertEquals(RecordRing.ACCEPTED, firstResult.get());
        assertEquals(7, first.credit, "one slot for its record, the other seven as credit");
        assertEquals(7, room.creditLeft());
        assertTrue(room.hasUnadmitted(), "the second waiter was admitted too, beside the first");
        assertTrue(secondWaiter.isAlive());

        // The credit lets the first producer in without queueing behind the second, which still waits.
        for (int i = 0; i < 7; i++) {
            assertEquals(RecordRing.ACCEPTED, room.offerOnCredit(ring, first));
        }
        assertEquals(0, first.credit);
        assertEquals(0, room.promised(), "credit spent is no longer promised");
        assertEquals(RecordRing.FULL, ring.offer(entry(), room.promised()), "the credit overran the ring");

        // Its credit spent, the second waiter's turn comes with the next round.
        writerTakesAndAdmits(8);
        join(secondWaiter);
        assertEquals(RecordRing.ACCEPTED, secondResult.get());
        assertEquals(7, second.credit);
    }

    @Test
    void aProducerWithoutCreditLeavesTheCreditOfOthersFree() throws InterruptedException {
        firstOfTwoAdmittedWithCredit();
        assertEquals(7, room.promised(), "seven slots are the first producer's credit");
        // A producer that did not wait offers into the room beyond the promises, and there is none.
        assertEquals(RecordRing.FULL, ring.offer(entry(), room.promised()));
        assertEquals(RecordRing.ACCEPTED, room.offerOnCredit(ring, first));
    }

    @Test
    void creditNotUsedWhenTheWriterRunsDryIsTakenBackAndVoid() throws InterruptedException {
        firstOfTwoAdmittedWithCredit();
        assertEquals(RecordRing.ACCEPTED, room.offerOnCredit(ring, first));
        assertEquals(RecordRing.ACCEPTED, room.offerOnCredit(ring, first));
        assertEquals(5, first.credit);

        // The first producer stops logging; the writer takes everything and finds the second still waiting: it takes
        // the five records of credit back and admits every waiter it has room for, without credit.
        writerTakesAndAdmits(ring.capacity() - 8 + 1 + 2);
        join(secondWaiter);
        assertEquals(RecordRing.ACCEPTED, secondResult.get());
        assertEquals(0, second.credit, "a drained writer gave credit");
        assertEquals(0, room.creditLeft(), "credit nobody used stayed counted");
        assertEquals(0, room.promised());

        assertEquals(RingWaitingRoom.NO_CREDIT, room.offerOnCredit(ring, first), "void credit was used");
        assertEquals(0, first.credit);
        assertEquals(1, ring.claimed() - head, "only the second waiter's record is in the ring");
    }

    @Test
    void creditNobodyUsesIsTakenBackWhenTheWriterRunsDryWithNobodyWaiting() throws InterruptedException {
        oneWaiterOnAFullRing();
        writerTakesAndAdmits(8);
        join(firstWaiter);
        assertEquals(RecordRing.ACCEPTED, room.offerOnCredit(ring, first));
        assertEquals(6, room.promised(), "the credit left is kept from producers that did not wait");
        assertEquals(RecordRing.FULL, ring.offer(entry(), room.promised()));

        // The credited producer stops logging: once the writer has taken everything, the credit is taken back and
        // the ring is whole again for everyone.
        writerTakesAndAdmits((int) (ring.claimed() - head));
        assertEquals(0, room.creditLeft());
        assertEquals(0, room.promised());
        assertEquals(RecordRing.ACCEPTED, ring.offer(entry(), room.promised()));
        assertEquals(RingWaitingRoom.NO_CREDIT, room.offerOnCredit(ring, first));
    }

    @Test
    void aCreditedOfferThatFindsTheRingFullGivesTheRestBack() throws InterruptedException {
        firstOfTwoAdmittedWithCredit();
        // Something ignored the promises (it cannot happen through the service) and took the credited room.
        for (int i = 0; i < 7; i++) {
            assertEquals(RecordRing.ACCEPTED, ring.offer(entry(), 0));
        }
        assertEquals(RecordRing.FULL, room.offerOnCredit(ring, first));
        assertEquals(0, first.credit);
        assertEquals(0, room.creditLeft(), "credit the producer gave up stayed counted: room lost for ever");
        assertEquals(0, room.promised());
    }

    @Test
    void aDrainedWriterAdmitsEveryWaiterItHasRoomForWithoutCredit() throws InterruptedException {
        twoWaitersOnAFullRing();
        writerTakesAndAdmits(ring.capacity());
        join(firstWaiter);
        join(secondWaiter);
        assertEquals(RecordRing.ACCEPTED, firstResult.get());
        assertEquals(RecordRing.ACCEPTED, secondResult.get());
        assertEquals(0, first.credit);
        assertEquals(0, second.credit);
        assertEquals(0, room.promised());
    }
}
