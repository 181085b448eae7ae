package io.github.hotpath.log;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The log ring's publication between a producer and the writer ({@link RecordRing#offer}, {@link RecordRing#peek},
 * {@link RecordRing#release}), both ways: the writer sees every field a producer wrote before publishing, and a
 * producer never gets back, to fill, a buffer the writer is still reading. Real {@link RecordRing},
 * {@link RecordBuffer} and {@link LogEntry}; nothing copied. (Offer and poll only: what a producer does when the
 * ring is full is the service's business, not the ring's.)
 *
 * <p>The ring: two slots; record A was published at position 0 when the state was built, position 1 is free.
 * Actor 1 is a producer: it fills record B and offers it (position 1, always free), then fills record C and offers
 * it (position 2, which needs the writer to have released position 0; else the offer reports the ring full). When C
 * is accepted, the producer's entry holds position 0's old buffer, A's, as its spare: it begins its next record, D,
 * in it at once. Actor 2 is the writer: it reads position 0 and releases it, then reads position 1 if published.
 * r1: {@code 1} C accepted, {@code 0} the ring was full. r2, what the writer read at position 0: {@code 1} all of A,
 * {@code 3} any field of D. r3, at position 1: {@code 0} not published yet, {@code 1} all of B, {@code 2} a record
 * that is not all of B.
 */
@JCStressTest
@Outcome(id = {"0, 1, 0", "0, 1, 1", "1, 1, 0", "1, 1, 1"}, expect = Expect.ACCEPTABLE,
    desc = "the writer read whole records; the producer refilled A's buffer only after the writer released it")
@Outcome(id = ".*, 3, .*", expect = Expect.FORBIDDEN,
    desc = "the writer read a buffer the producer had got back and was refilling")
@Outcome(id = ".*, 2", expect = Expect.FORBIDDEN,
    desc = "the writer saw a published record without every field its producer wrote")
@Outcome(expect = Expect.FORBIDDEN, desc = "impossible outcome")
@State
public class RecordRingHandOffTest {
    static final long A = 1_000_001L;
    static final long B = 2_000_002L;
    static final long C = 3_000_003L;
    static final long D = 4_000_004L;

    private final RecordRing ring = new RecordRing(2, 4, 8);
    private final LogEntry entry = new LogEntry(null, new RecordBuffer(4, 8));

    /** Record A published at position 0. */
    public RecordRingHandOffTest() {
        fill(entry.buffer, A);
        ring.offer(entry, 0);
    }

    /** A record whose every field says {@code value}. */
    private static void fill(final RecordBuffer b, final long value) {
        b.begin(Level.INFO, "logger", "thread", value);
        b.primitive(RecordBuffer.LONG, value);
        b.primitive(RecordBuffer.INT, value);
    }

    /** {@code value} if every field of the record says it, else -1. */
    private static long whole(final RecordBuffer b) {
        final long value = b.epochMillis;
        final boolean whole = b.level() == Level.INFO && b.parts == 2 && b.tags[0] == RecordBuffer.LONG
            && b.nums[0] == value && b.tags[1] == RecordBuffer.INT && b.nums[1] == value;
        return whole ? value : -1;
    }

    /**
     * Actor 1, a producer: offers B, offers C, and on acceptance begins D in the buffer it got back.
     *
     * @param r where the outcome goes
     */
    @Actor
    public void producer(final III_Result r) {
        fill(entry.buffer, B);
        if (ring.offer(entry, 0) != RecordRing.ACCEPTED) {
            r.r1 = -1; // impossible: position 1 is free
            return;
        }
        fill(entry.buffer, C);
        if (ring.offer(entry, 0) == RecordRing.ACCEPTED) {
            r.r1 = 1;
            fill(entry.buffer, D);
        } else {
            r.r1 = 0;
        }
    }

    /**
     * Actor 2, the writer: reads and releases position 0, then reads position 1 if it is published.
     *
     * @param r where the outcome goes
     */
    @Actor
    public void writer(final III_Result r) {
        final RecordBuffer first = ring.peek(0);
        r.r2 = first == null ? 0 : whole(first) == A ? 1 : 3;
        ring.release(0);
        final RecordBuffer second = ring.peek(1);
        r.r3 = second == null ? 0 : whole(second) == B ? 1 : 2;
    }
}
