package io.github.hotpath.log;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The waiting room's credit (see {@link RingWaitingRoom}, Rounds and credit): a producer offers on its credit while
 * the writer, having run dry, takes unused credit back. Every record of credit must be counted exactly once, as
 * used by the producer, taken back by the writer, or still left; a credit counted twice would let the writer admit
 * waiters into room that is not free, and one counted in neither would be room lost for ever. Real
 * {@link RecordRing}, {@link RingWaitingRoom}, {@link RecordBuffer} and {@link LogEntry}; the producer's offer is
 * {@code AsynchronousHandoff.hand}'s credited path, the writer's call is the one {@code RingWaitingRoom.admit} makes.
 *
 * <p>The ring: four slots, empty. The producer's entry holds two records of credit. r1, the producer's result:
 * {@code 0} its record got in on credit, {@code -1} its credit was void (taken back first), {@code 1} the ring
 * was full, other: anything else. r2: records in the ring. r3: credit used + taken back + left, which must be 2.
 */
@JCStressTest
@Outcome(id = "0, 1, 2", expect = Expect.ACCEPTABLE,
    desc = "the record got in on credit; the writer took back the other record of credit, or it is still left")
@Outcome(id = "-1, 0, 2", expect = Expect.ACCEPTABLE,
    desc = "the writer took the credit back first: the producer's credit is void and it did not offer on it")
@Outcome(id = ".*, .*, [^2]", expect = Expect.FORBIDDEN, desc = "credit counted twice, or lost")
@Outcome(expect = Expect.FORBIDDEN, desc = "a record lost, duplicated, or offered on void credit")
@State
public class RingCreditTakeBackTest {
    private final RecordRing ring = new RecordRing(4, 4, 8);
    private final RingWaitingRoom room = new RingWaitingRoom(4, 1);
    private final LogEntry entry = new LogEntry(null, new RecordBuffer(4, 8));
    private long takenBack;
    private int producerSaw;

    /** Two records of credit for the producer's entry. */
    public RingCreditTakeBackTest() {
        room.grantForTest(entry, 2);
        entry.buffer.begin(Level.INFO, "logger", "thread", 1L);
    }

    /** Actor 1, the writer: takes unused credit back. */
    @Actor
    public void writer() {
        takenBack = room.takeBackCredit();
    }

    /** Actor 2, the producer: offers on its credit. */
    @Actor
    public void producer() {
        producerSaw = entry.credit > 0 ? room.offerOnCredit(ring, entry) : RingWaitingRoom.NO_CREDIT;
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
        r.r3 = (int) (takenBack + (producerSaw == RecordRing.ACCEPTED ? 1 : 0) + room.creditLeft());
    }
}
