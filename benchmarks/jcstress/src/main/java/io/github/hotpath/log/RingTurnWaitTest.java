package io.github.hotpath.log;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A producer waiting in its turn (see {@link RingWaitingRoom}, Rounds and credit): its credited offer found the ring
 * full and waits for room, while the writer frees a slot and then, as one that has run dry would, takes unused credit
 * back. The producer must either get in on its credit, or see the credit void and give up its turn, and never wait
 * past its bound; and every record of credit must be counted exactly once: used, taken back, still left, or the one
 * the producer took for an offer it then gave up (no longer counted, by design). A take-back between the producer's
 * look at the epoch and its offer lets that one record in on void credit (see RingWaitingRoom): it looks the same
 * as the first outcome here, and is allowed.
 *
 * <p>The ring: four slots, all published. The producer's entry holds two records of credit and waits up to 5 ms
 * (jcstress does not always run the two actors of a state at the same time, so the wait may end on its bound). r1,
 * the producer's result: {@code 0} its record got in, {@code 1} it gave up, {@code -1} its credit was void before it
 * took any. r2: records claimed in the ring. r3: the credit the writer took back, plus ten times the credit still
 * counted at the end, which must be none: credit the producer gave up or used is no longer counted.
 */
@JCStressTest
@Outcome(id = "0, 5, 1", expect = Expect.ACCEPTABLE,
    desc = "it got in on its credit (at once, or after waiting for the slot); the writer took back the other record")
@Outcome(id = "1, 4, 1", expect = Expect.ACCEPTABLE,
    desc = "the writer took the unused record back while it waited: it gave its turn up without offering")
@Outcome(id = "1, 4, 0", expect = Expect.ACCEPTABLE,
    desc = "no room within its bound: it gave the credit back and queued; the writer then found none to take")
@Outcome(id = "-1, 4, 2", expect = Expect.ACCEPTABLE,
    desc = "the writer took the credit back before the producer used any: it did not offer on it")
@Outcome(expect = Expect.FORBIDDEN, desc = "a record lost or duplicated, credit counted twice or kept for ever")
@State
public class RingTurnWaitTest {
    private final RecordRing ring = new RecordRing(4, 4, 8);
    private final RingWaitingRoom room = new RingWaitingRoom(4, 1, 2, 5_000_000L);
    private final LogEntry entry = new LogEntry(null, new RecordBuffer(4, 8));
    private long takenBack;
    private int producerSaw;

    /** A full ring, and two records of credit for the producer's entry. */
    public RingTurnWaitTest() {
        for (int i = 0; i < ring.capacity(); i++) {
            ring.offer(new LogEntry(null, new RecordBuffer(4, 8)), 0);
        }
        room.grantForTest(entry, 2);
        entry.buffer.begin(Level.INFO, "logger", "thread", 1L);
    }

    /** Actor 1, the writer: takes the oldest record, then unused credit back. */
    @Actor
    public void writer() {
        ring.peek(0);
        ring.release(0);
        takenBack = room.takeBackCredit();
    }

    /** Actor 2, the producer: offers on its credit, and waits in its turn if the ring is full. */
    @Actor
    public void producer() {
        producerSaw = room.offerOnCredit(ring, entry);
    }

    /**
     * Reads the producer's result, the ring and the credit's count.
     *
     * @param r where the outcome goes
     */
    @Arbiter
    public void verdict(final III_Result r) {
        r.r1 = producerSaw;
        r.r2 = (int) ring.claimed();
        r.r3 = (int) (takenBack + 10 * room.creditLeft());
    }
}
