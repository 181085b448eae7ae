package io.github.hotpath.log;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The log service's ring-full wait ({@code whenFullWait()}): a producer that finds the ring full waits in the
 * {@link RingWaitingRoom} (spins, then parks untimed in the slot of its ticket) while the writer frees room and
 * admits it; the producer must get in (no lost wake-up between its park and the writer's admission), and its record
 * must be in the ring once, with no promise left over. Real {@link RecordRing}, {@link RingWaitingRoom},
 * {@link RecordBuffer} and {@link LogEntry}; nothing copied. The producer's first offer is
 * {@code AsynchronousHandoff.hand}'s fast path, word for word; the writer's admission is
 * {@code WriterLoop.admitWaiters}'s call (for a ring of two slots, a quarter of the ring is one slot).
 *
 * <p>The ring: two slots, both published when the state was built (records A at 0, B at 1): full. Actor 1 is the
 * writer: after a short random delay in one state of four (so that its admission meets the producer in each phase of
 * its wait: not yet there, spinning, taking its parking slot, parked), it takes A and frees position 0, then, as the
 * writer loop does, admits waiters into the room it made until the producer is done. Actor 2 is a producer logging
 * record C: it offers on the fast path and, if the ring is full, waits for its turn and offers again.
 *
 * <p>The wait is untimed, so a lost wake-up would leave the producer parked for ever and hang jcstress. The writer
 * actor is therefore also its watchdog, and does what the service's {@code close()} would do to a waiter: once the
 * producer has held its ticket for {@link #GIVE_UP_NANOS} without finishing, it closes the ring and the room
 * ({@link RingWaitingRoom#close()} unparks every parked waiter, which then finds the ring closed). The real park
 * and the real unpark are exercised; the watchdog only ends a wait that the admission failed to end. A producer that
 * got in only when the watchdog closed the room slept through its admission. (A producer thread descheduled that
 * long after a correct wake-up would read the same; a second makes it unlikely even on a loaded machine.) A timed
 * wait was not used: it would need a timed park that the service never runs, and would hide the lost wake-up
 * behind its timeout.
 *
 * <p>r1, the producer: {@code 0} got in at once (the writer had freed room before its offer), {@code 1} waited,
 * was admitted and got in, {@code 2} was still waiting when the watchdog closed the ring (lost wake-up), {@code 3}
 * its record was dropped otherwise. r2, the ring afterwards: {@code 1} B at position 1 and C at position 2, nothing
 * beyond, {@code 0} C is not in the ring, {@code 2} anything else (C twice, or another record overwritten). r3: the
 * room promised or credited but not taken once the writer has taken everything (must be 0, or producers that do not
 * wait lose that room for ever): the producer's admission by a busy writer gives it a whole turn of credit, which
 * the writer takes back when it has taken everything published.
 */
@JCStressTest
@Outcome(id = {"0, 1, 0", "1, 1, 0"}, expect = Expect.ACCEPTABLE,
    desc = "the record got in once, at once or after the writer admitted and woke its producer")
@Outcome(id = "2, .*", expect = Expect.FORBIDDEN,
    desc = "lost wake-up: the producer slept through its admission until the watchdog closed the ring")
@Outcome(id = "3, .*", expect = Expect.FORBIDDEN, desc = "the record was dropped although the writer made room")
@Outcome(id = ".*, [02], .*", expect = Expect.FORBIDDEN, desc = "the record was lost, or got in twice")
@Outcome(id = ".*, .*, [^0]", expect = Expect.FORBIDDEN, desc = "room stayed promised after every waiter left")
@Outcome(expect = Expect.FORBIDDEN, desc = "impossible outcome")
@State
public class RingWaitWakeUpTest {
    static final long A = 1_000_001L;
    static final long B = 2_000_002L;
    static final long C = 3_000_003L;
    /** How long the writer lets a producer hold its ticket before it gives up on it and closes the ring. */
    static final long GIVE_UP_NANOS = Duration.ofSeconds(1).toNanos();
    /**
     * The writer's delay before it frees room, in {@link Thread#onSpinWait()} calls: 0 to this, at random, in one
     * state of {@link #DELAYED}; none in the others (where the producer rarely parks: cheap states).
     */
    static final int MAX_DELAY_SPINS = 128;
    /** One state of this many has a delayed writer. */
    static final int DELAYED = 4;
    /** No writer in this test: it never sleeps, so a producer has no writer to wake. */
    private static final Runnable WRITER_NEVER_SLEEPS = () -> { };

    private final RecordRing ring = new RecordRing(2, 4, 8);
    private final RingWaitingRoom room = new RingWaitingRoom(2);
    private final LogEntry entry = new LogEntry(null, new RecordBuffer(4, 8));
    private final int delaySpins = ThreadLocalRandom.current().nextInt(DELAYED) == 0
        ? ThreadLocalRandom.current().nextInt(MAX_DELAY_SPINS + 1) : 0;
    /** Set by the producer when its {@code log()} returned; read by the writer. */
    private volatile boolean producerDone;
    private int producerSaw;
    private boolean gaveUp;

    /** Records A and B published: the ring is full. */
    public RingWaitWakeUpTest() {
        final LogEntry first = new LogEntry(null, new RecordBuffer(4, 8));
        fill(first.buffer, A);
        ring.offer(first, 0);
        fill(first.buffer, B);
        ring.offer(first, 0);
    }

    /** A record whose every field says {@code value}. */
    private static void fill(final RecordBuffer b, final long value) {
        b.begin(Level.INFO, "logger", "thread", value);
        b.primitive(RecordBuffer.LONG, value);
    }

    /** {@code value} if every field of the record says it, else -1. */
    private static long whole(final RecordBuffer b) {
        if (b == null) {
            return -1;
        }
        final long value = b.epochMillis;
        final boolean whole = b.level() == Level.INFO && b.parts == 1 && b.tags[0] == RecordBuffer.LONG
            && b.nums[0] == value;
        return whole ? value : -1;
    }

    /** Actor 1, the writer: frees position 0, then admits waiters until the producer is done (or gives up). */
    @Actor
    public void writer() {
        for (int i = 0; i < delaySpins; i++) {
            Thread.onSpinWait();
        }
        ring.peek(0);
        ring.release(0);
        final long head = 1;
        long waitingSince = 0;
        while (!producerDone) {
            room.admitOrTakeBack(ring, head, 1); // as WriterLoop.admitWaiters (a quarter of two slots is one)
            if (room.ticketsIssued() > 0) {
                final long now = System.nanoTime();
                if (waitingSince == 0) {
                    waitingSince = now | 1;
                } else if (now - waitingSince > GIVE_UP_NANOS) {
                    gaveUp = true; // read by the arbiter only
                    ring.close(); // as the service's close: the ring, then the room
                    room.close();
                    return;
                }
            }
            Thread.onSpinWait();
        }
    }

    /** Actor 2, a producer logging C: the fast path of {@code AsynchronousHandoff.hand}, then the wait. */
    @Actor
    public void producer() {
        fill(entry.buffer, C);
        int result = room.hasUnadmitted() ? RecordRing.FULL : ring.offer(entry, room.promised());
        if (result == RecordRing.FULL) {
            result = room.await(ring, entry, WRITER_NEVER_SLEEPS);
        }
        producerSaw = result;
        producerDone = true;
    }

    /**
     * Reads the producer's fate, the ring and the promises left.
     *
     * @param r where the outcome goes
     */
    @Arbiter
    public void verdict(final III_Result r) {
        if (gaveUp) {
            r.r1 = 2;
        } else if (producerSaw != RecordRing.ACCEPTED) {
            r.r1 = 3;
        } else {
            r.r1 = room.ticketsIssued() > 0 ? 1 : 0;
        }
        final long claimed = ring.claimed();
        if (claimed == 2) {
            r.r2 = 0;
        } else {
            r.r2 = claimed == 3 && whole(ring.peek(1)) == B && whole(ring.peek(2)) == C ? 1 : 2;
        }
        // The writer takes everything published, as the writer loop would: then it takes back the credit of a turn
        // the producer did not use (a busy writer's admission grants a whole turn), and nothing may stay promised.
        for (long p = 1; p < claimed && ring.peek(p) != null; p++) {
            ring.release(p);
        }
        room.admitOrTakeBack(ring, claimed, 1);
        r.r3 = (int) room.promised();
    }
}
