package io.github.hotpath.log;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The log ring's claim between producers ({@link RecordRing#offer}): two producers racing for the tail each get a
 * position of their own, so the writer reads every record once, none twice and none skipped, each in the position
 * it was claimed for. Real {@link RecordRing}, {@link RecordBuffer} and {@link LogEntry}; nothing copied.
 *
 * <p>The ring: two slots, with one record already written and released when the state was built, so the two
 * positions the producers claim (1 and 2) wrap around the ring. Actors 1 and 2 are producers offering records 1 and
 * 2. The arbiter is the writer, after both: r1 and r2 are the records it reads at positions 1 and 2 ({@code 0} if
 * not published, {@code -1} if not a whole record), r3 is {@code 1} if a third position reads as published, or if a
 * producer's entry still holds the buffer it published (it must hold the slot's spare instead).
 */
@JCStressTest
@Outcome(id = {"1, 2, 0", "2, 1, 0"}, expect = Expect.ACCEPTABLE, desc = "each record once, in its own position")
@Outcome(id = {"1, 1, .*", "2, 2, .*"}, expect = Expect.FORBIDDEN, desc = "one record read twice: two producers "
    + "claimed one position, and the other record is lost")
@Outcome(id = {"0, .*", ".*, 0, .*"}, expect = Expect.FORBIDDEN, desc = "a claimed position was skipped")
@Outcome(id = ".*, 1", expect = Expect.FORBIDDEN,
    desc = "a position past the claimed ones reads as published, or a producer kept its published buffer")
@Outcome(expect = Expect.FORBIDDEN, desc = "impossible outcome")
@State
public class RecordRingClaimTest {
    private final RecordRing ring = new RecordRing(2, 2, 8);
    private final LogEntry first = new LogEntry(null, new RecordBuffer(2, 8));
    private final LogEntry second = new LogEntry(null, new RecordBuffer(2, 8));
    private RecordBuffer firstPublished;
    private RecordBuffer secondPublished;

    /** Position 0 written and released: the next two positions wrap around the ring. */
    public RecordRingClaimTest() {
        fill(first.buffer, 9);
        ring.offer(first, 0);
        ring.peek(0);
        ring.release(0);
    }

    private static void fill(final RecordBuffer b, final long value) {
        b.begin(Level.WARN, "logger", "thread", value);
        b.primitive(RecordBuffer.LONG, value);
    }

    /** Actor 1: offers record 1. */
    @Actor
    public void producer1() {
        firstPublished = first.buffer;
        fill(firstPublished, 1);
        if (ring.offer(first, 0) != RecordRing.ACCEPTED) {
            firstPublished = null;
        }
    }

    /** Actor 2: offers record 2. */
    @Actor
    public void producer2() {
        secondPublished = second.buffer;
        fill(secondPublished, 2);
        if (ring.offer(second, 0) != RecordRing.ACCEPTED) {
            secondPublished = null;
        }
    }

    /**
     * The writer, after both producers: reads positions 1 and 2, and checks that nothing more is published.
     *
     * @param r where the outcome goes
     */
    @Arbiter
    public void writer(final III_Result r) {
        r.r1 = read(1);
        r.r2 = read(2);
        final boolean kept = first.buffer == firstPublished || second.buffer == secondPublished;
        r.r3 = ring.peek(3) != null || kept ? 1 : 0;
    }

    private int read(final long position) {
        final RecordBuffer b = ring.peek(position);
        if (b == null) {
            return 0;
        }
        final boolean whole = b.level() == Level.WARN && b.parts == 1 && b.nums[0] == b.epochMillis;
        return whole ? (int) b.epochMillis : -1;
    }
}
