package io.github.hotpath.log;

import io.github.hotpath.core.Backoff;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The wait of {@code whenFullWait()}: producers that found the ring full wait here in arrival order, asleep, until
 * the writer has made room for them; the writer admits them in ticket order and wakes them. Nothing is lost while
 * the service is open; a slow sink stalls every thread that logs, but the waiting ones take no CPU from the writer.
 *
 * <h2>Tickets and admission</h2>
 * A producer that found the ring full, or found producers still waiting for room the writer has not given them yet
 * (it does not jump that queue), takes a ticket from {@link #tickets}. Tickets below {@link #admitted} may offer
 * again. Only the writer raises {@code admitted}, by at most the room it has made minus the room already promised to
 * admitted waiters that have not offered yet, once that room is worth a wake-up (see {@link WriterLoop}); it then
 * unparks each newly admitted waiter, in ticket order. Once every waiter is admitted, a newly arriving producer may
 * take the room beyond what was promised ({@link #promised}): it offers only if the ring has room for its record
 * and for every promised one after it, so the room of an admitted waiter is never taken from it. The queue orders
 * the producers that find no room, not every producer, so that several producers on a busy ring each park about
 * once per admission rather than once per record.
 *
 * <h2>Rounds and credit</h2>
 * While the writer still has records to take (it is the bottleneck), an admission admits at most one waiter fewer
 * than the machine has processors (at least one), so that the waiters it wakes do not outnumber the cores left beside
 * the writer: woken all at once, four producers on two cores took the writer's core from it a fifth of the time, and
 * that was a fifth of the throughput. Each waiter so admitted gets an equal share of the room: one slot promised for
 * the record it waits with, and credit for the rest, which lets its entry offer that many more records without
 * queueing again. A producer whose credit is spent, or whose credited offer finds the ring full, queues at the back,
 * so producers take turns a round each. Credit is counted in {@link #creditState}: room promised like
 * {@link #promised}, which producers that did not wait leave free.
 *
 * <p>Whenever the writer has taken everything published, credit not used is not being used (its entry stopped
 * logging), and the writer takes it back in one step ({@link #takeBackCredit()}: {@link #creditState} moves to a new
 * epoch with no credit, and credit of an older epoch is void), so that it cannot keep room from others. If producers
 * wait then, it admits every waiter it has room for, with no credit (many waiters that each log a little, as virtual
 * threads per request do, are all woken at once, as before there was credit).
 *
 * <p>A credited offer takes its record of credit before it claims its slot, so for a few instructions that record
 * counts neither as credit nor as claimed: an admission that reads the counts just then may admit one waiter too
 * many, which finds the ring full and queues again (nothing is lost). The epoch has 32 bits: an entry holding credit
 * through exactly 2^32 take-backs would spend credit it no longer has, with the same consequence.
 *
 * <p>A waiter spins {@value #SPINS} times on its turn, then parks without a timeout (a timed park on a virtual
 * thread costs the JDK a timer task per park). A waiter that was admitted but still found the ring full (a producer
 * read the promise a moment before the writer made it, and took the room) takes a new ticket: nothing is lost, it
 * only waits again.
 *
 * <h2>Bound</h2>
 * A waiter parks in the slot of its ticket ({@code ticket mod slots}). Every waiter is inside {@code log()} of an
 * entry it owns, so there are never more waiters than entries ({@code maxOpenEntries}, which sizes the slots). Should
 * a slot still be taken all the same, its waiter does not park untimed: it polls its turn with a bounded back-off
 * (spin, yield, parks of 20 µs to 1 ms), losing neither its record nor its place, and waking no later than a
 * millisecond after it is admitted.
 *
 * <h2>Close and a dead writer</h2>
 * {@link #close()} (from the service's close, or from a writer that dies) wakes every waiter; each then finds the
 * ring closed and its record is counted as dropped because closed. A sink that blocks keeps waiters waiting until
 * the service is closed, as {@code whenFullWait()} promises.
 *
 * <h2>Interrupts</h2>
 * An interrupt does not end the wait (the record would be lost) and must not turn it into a busy spin (a pending
 * interrupt makes {@code park} return at once): it is cleared while waiting and set again before returning.
 *
 * <p>Memory effects: the writer's volatile write of {@link #admitted} before its unpark, and a waiter's volatile
 * write of its slot before it reads {@code admitted} and parks, make sure that either the waiter sees itself
 * admitted or the writer sees it parked (and unparks it). The same pair of writes and reads between a waiter's
 * ticket and the writer's {@code sleeping} flag make sure a waiter never sleeps beside a sleeping writer.
 *
 * <p>Allocation: none after construction on platform threads; the producers' fast path only reads {@link #tickets}
 * and {@link #admitted}, which nobody writes while nobody waits. On a virtual thread (JDK 21+) the JDK allocates
 * when a waiter is unparked: measured on JDK 25, about 32 bytes per untimed park and unpark from a platform thread
 * (the scheduler's {@code ForkJoinPool.execute} wraps the continuation in a {@code ForkJoinTask}), against about
 * 115 bytes for a timed park; and now and then a {@code StackChunk} when the continuation's frames are frozen. The
 * writer admits waiters once a quarter of the ring is free, so that a waiting producer parks about once per quarter
 * ring of records, which spreads that cost to a fraction of a byte per record.
 *
 * <p>Thread-safety: {@link #await} and {@link #hasUnadmitted()} from any thread; {@link #admit} from the writer
 * thread only; {@link #close()} from any thread.
 */
final class RingWaitingRoom {
    /**
     * How many times a waiter checks its turn ({@link Thread#onSpinWait()}) before it parks: a short, bounded spin,
     * so that with more producers than cores the waiting ones leave the CPU to the writer.
     */
    static final int SPINS = 64;
    /** Result of {@link #offerOnCredit}: the entry has no valid credit; offer as a producer without one. */
    static final int NO_CREDIT = -1;
    private static final long CREDIT_MASK = 0xFFFF_FFFFL;
    /** A waiter whose slot is taken (see the class comment) polls its turn with this back-off. */
    private static final Backoff OVERFLOW =
        Backoff.spinYieldPark(0, 16, Duration.ofNanos(20_000), Duration.ofMillis(1));

    /** The next ticket to hand out. */
    private final AtomicLong tickets = new AtomicLong();
    /**
     * Slots the writer has promised to admitted waiters that have not offered yet: a producer that did not wait
     * leaves them free (see {@link RecordRing#offer}).
     */
    private final AtomicLong promised = new AtomicLong();
    /**
     * The credit epoch (high 32 bits) and the credit not yet used in it (low 32 bits, never below 0): a credited offer
     * takes one record of credit with a CAS that fails if the writer took the credit back meanwhile.
     */
    private final AtomicLong creditState = new AtomicLong();
    /** The credit granted to each admitted ticket, by {@code ticket & mask}: {@code epoch << 32 | records}. */
    private final AtomicLongArray grants;
    /** At most how many waiters one admission admits while the writer still has records to take. */
    private final int admitsPerRound;
    /** Tickets below this may offer. Written by the writer thread only. */
    private volatile long admitted;
    private volatile boolean closed;
    /** The parked waiter of each ticket, by {@code ticket & mask}; null when nobody is parked there. */
    private final AtomicReferenceArray<Thread> parked;
    private final int mask;

    /** A waiting room with {@code slots} (a power of two) parking places. */
    RingWaitingRoom(final int slots) {
        this(slots, Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    }

    /** A waiting room that admits at most {@code admitsPerRound} waiters while the writer is busy (tests). */
    RingWaitingRoom(final int slots, final int admitsPerRound) {
        parked = new AtomicReferenceArray<>(slots);
        grants = new AtomicLongArray(slots);
        mask = slots - 1;
        this.admitsPerRound = admitsPerRound;
    }

    /**
     * Waits for room in ticket order and offers the entry, again until the ring accepts it or is closed.
     * {@code wakeWriterIfSleeping} is {@link AsynchronousHandoff#wakeWriterIfSleeping} (one instance, made once).
     *
     * @return {@link RecordRing#ACCEPTED} or {@link RecordRing#CLOSED_RESULT}.
     */
    int await(final RecordRing ring, final LogEntry entry, final Runnable wakeWriterIfSleeping) {
        boolean interrupted = false;
        boolean holdsTicket = false;
        try {
            while (true) {
                final long ticket = tickets.getAndIncrement();
                holdsTicket = true;
                interrupted |= awaitTurn(ticket, wakeWriterIfSleeping);
                final boolean wasPromised = ticket < admitted;
                // The grant is taken before the offer, so that after an accepted offer only plain writes and the
                // promise's decrement follow (a StackOverflowError there would count an accepted record as dropped).
                final long grant = wasPromised ? grants.getAndSet((int) ticket & mask, 0) : 0;
                final int result = ring.offer(entry, 0); // into the room promised to it
                holdsTicket = false;
                if (wasPromised) {
                    promised.decrementAndGet();
                    if (grant != 0) {
                        useGrant(grant, entry, result == RecordRing.ACCEPTED);
                    }
                }
                if (result != RecordRing.FULL) {
                    return result;
                }
                // Admitted, but a producer that read the promise a moment too late took the room: queue again.
            }
        } finally {
            if (holdsTicket) {
                // Thrown out (a StackOverflowError in the park or the offer) between its ticket and its offer: give
                // back the slot promised to the ticket, now if it was admitted, else ahead of the admission that
                // will promise it (promised is then one below the truth until the writer admits the ticket).
                promised.decrementAndGet();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Uses the credit granted to an admitted ticket: into the entry if its offer got in, else given back. A grant of
     * an epoch the writer has closed since is void (that credit is no longer counted).
     */
    private void useGrant(final long grant, final LogEntry entry, final boolean accepted) {
        final long records = grant & CREDIT_MASK;
        final long epoch = grant >>> 32;
        if (accepted) {
            entry.credit = records;
            entry.creditEpoch = epoch;
        } else {
            giveBack(epoch, records);
        }
    }

    /**
     * Gives up unused credit of {@code epoch}: it is no longer counted, so the writer may admit others into it; unless
     * the writer took it back already.
     */
    private void giveBack(final long epoch, final long records) {
        while (true) {
            final long state = creditState.get();
            // Never more than is counted, so that a wrong count could not borrow from the epoch's bits.
            final long given = Math.min(records, state & CREDIT_MASK);
            if (state >>> 32 != epoch || given == 0 || creditState.compareAndSet(state, state - given)) {
                return;
            }
        }
    }

    /**
     * Offers the entry's record into its credit (see Rounds and credit): {@link #NO_CREDIT} if the credit is void
     * (the writer took it back), else the ring's result. A credited offer that finds the ring full gives the rest of
     * the credit back and returns {@link RecordRing#FULL}: the producer then queues like any other.
     */
    int offerOnCredit(final RecordRing ring, final LogEntry entry) {
        final long epoch = entry.creditEpoch;
        while (true) {
            final long state = creditState.get();
            if (state >>> 32 != epoch || (state & CREDIT_MASK) == 0) {
                entry.credit = 0;
                return NO_CREDIT;
            }
            if (creditState.compareAndSet(state, state - 1)) {
                break;
            }
        }
        final long left = entry.credit - 1;
        // Leave the room promised to admitted waiters and the credit of others, not the entry's own.
        final int result = ring.offer(entry, Math.max(0, promised.get() + (creditState.get() & CREDIT_MASK) - left));
        if (result == RecordRing.ACCEPTED) {
            entry.credit = left;
        } else {
            entry.credit = 0;
            giveBack(epoch, left); // the record taken above was not used either: it is no longer counted
        }
        return result;
    }

    /** Waits until the ticket is admitted or the room closed; returns whether an interrupt was cleared. */
    private boolean awaitTurn(final long ticket, final Runnable wakeWriterIfSleeping) {
        // The ticket is taken (volatile) before the writer's sleeping flag is read: a writer that goes to sleep
        // after this read sees the ticket and admits it instead (see WriterLoop).
        wakeWriterIfSleeping.run();
        boolean interrupted = false;
        for (int i = 0; i < SPINS; i++) {
            if (isAdmitted(ticket)) {
                return false;
            }
            Thread.onSpinWait();
        }
        final Thread me = Thread.currentThread();
        final int slot = (int) ticket & mask;
        if (!parked.compareAndSet(slot, null, me)) {
            return pollTurn(ticket, wakeWriterIfSleeping);
        }
        try {
            while (!isAdmitted(ticket)) { // read after the slot's write: the writer sees us, or we see admission
                wakeWriterIfSleeping.run();
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        } finally {
            parked.set(slot, null);
        }
        return interrupted;
    }

    /** The bounded fallback when the ticket's slot is taken: poll with a back-off instead of an untimed park. */
    private boolean pollTurn(final long ticket, final Runnable wakeWriterIfSleeping) {
        boolean interrupted = false;
        int step = 0;
        while (!isAdmitted(ticket)) {
            interrupted |= Thread.interrupted();
            wakeWriterIfSleeping.run();
            step = OVERFLOW.idle(step);
        }
        return interrupted;
    }

    private boolean isAdmitted(final long ticket) {
        return ticket < admitted || closed;
    }

    /** How many tickets were handed out: how many times a producer found the ring full (or others waiting). */
    long ticketsIssued() {
        return tickets.get();
    }

    /** Slots promised to admitted waiters that have not offered yet: a producer that did not wait leaves them. */
    long promised() {
        // promised is below 0 only while a ticket given back ahead waits to be admitted
        return Math.max(0, promised.get()) + (creditState.get() & CREDIT_MASK);
    }

    /**
     * Whether some waiter holds a ticket not yet admitted: then a producer queues behind it instead of offering, and
     * the writer does not sleep. Any thread; two volatile reads.
     */
    boolean hasUnadmitted() {
        return tickets.get() > admitted;
    }

    /**
     * The room promised to admitted waiters that have not offered yet, as the writer must read it: BEFORE it reads
     * how many slots are claimed (see {@link #admit}). Writer only.
     */
    long promisedBeforeClaimed() {
        return promised.get() + (creditState.get() & CREDIT_MASK);
    }

    /**
     * What the writer does at each of its admission points ({@link WriterLoop}), with {@code head} the next position
     * it takes: if producers wait, admits them ({@link #admit}) once the room beyond what is promised or credited is
     * {@code admitRoom}, or the writer has taken everything published; if nobody waits and it has taken everything
     * published, takes back the credit nobody uses ({@link #takeBackCredit()}). Writer only.
     */
    void admitOrTakeBack(final RecordRing ring, final long head, final long admitRoom) {
        if (hasUnadmitted()) {
            final long promisedBefore = promisedBeforeClaimed(); // first: see admit
            final long free = ring.capacity() - (ring.claimed() - head);
            final boolean drained = ring.peek(head) == null;
            if (free - promisedBefore >= admitRoom || drained) {
                admit(free, promisedBefore, drained);
            }
        } else if (ring.peek(head) == null) {
            takeBackCredit(); // credit nobody uses would keep room from producers that did not wait
        }
    }

    /**
     * Admits waiters in ticket order into {@code free} slots of the ring, less {@code promisedBefore}, the room
     * already promised to admitted waiters that have not offered yet and the credit not used, gives each an equal
     * share of that room as credit (see Rounds and credit), and unparks them in that order. While the writer still has
     * records to take ({@code drained} false) it admits at most {@link #admitsPerRound} waiters; once it has taken
     * everything published ({@code drained}), it first takes back the credit not used, then admits every waiter it
     * has room for, without credit.
     * Writer only. Allocates nothing.
     *
     * <p>{@code promisedBefore} is read ({@link #promisedBeforeClaimed()}) before the ring's claimed count that
     * {@code free} comes from: a waiter that offers between the two reads then counts in both (its slot claimed, its
     * promise not yet given back), which admits one too few for a moment. Read the other way round, it would count
     * in neither, and the writer would admit a ticket into a slot that is not free: that waiter would find the ring
     * full and queue again at the back. Credit taken back here is only what was still unused at that moment; a
     * credited offer between its credit and its claim is the exception described under Rounds and credit.
     */
    void admit(final long free, final long promisedBefore, final boolean drained) {
        final long issued = tickets.get();
        final long from = admitted;
        if (from >= issued) {
            return;
        }
        // Nothing published is left to take, so the credited producers are not using their credit: take it back.
        final long room = free - (drained ? promisedBefore - takeBackCredit() : promisedBefore);
        long to = Math.min(issued, from + room);
        if (!drained) {
            to = Math.min(to, from + admitsPerRound);
        }
        if (to <= from) {
            return;
        }
        final long count = to - from;
        final long share = drained ? 1 : room / count; // credit only for the turns of a busy writer
        if (share > 1) {
            final long epoch = creditState.get() >>> 32; // only this thread changes the epoch
            for (long t = from; t < to; t++) {
                grants.set((int) t & mask, epoch << 32 | share - 1);
            }
            creditState.addAndGet(count * (share - 1)); // before admitted, as the promise
        }
        promised.addAndGet(count); // before admitted: a producer that sees the admission sees the promise
        admitted = to;
        final long last = Math.min(to, from + mask + 1); // beyond a slot's worth, waiters poll (see Bound)
        for (long t = from; t < last; t++) {
            final Thread waiter = parked.get((int) t & mask);
            if (waiter != null) {
                LockSupport.unpark(waiter);
            }
        }
    }

    /**
     * Takes back the credit not used, in one step, to a new epoch in which every credit granted before is void; returns
     * how much was taken back (what credited producers had not used at that moment). Writer only.
     */
    long takeBackCredit() {
        final long state = creditState.get();
        if ((state & CREDIT_MASK) == 0) {
            return 0;
        }
        return creditState.getAndSet(((state >>> 32) + 1) << 32) & CREDIT_MASK; // only this thread moves the epoch
    }

    /** Test hook: grants the entry {@code records} of credit in the current epoch, as an admission would. */
    void grantForTest(final LogEntry entry, final long records) {
        creditState.addAndGet(records);
        entry.credit = records;
        entry.creditEpoch = creditState.get() >>> 32;
    }

    /** The credit granted and not yet used or taken back: room producers that did not wait leave free (tests). */
    long creditLeft() {
        return creditState.get() & CREDIT_MASK;
    }

    /** Wakes every waiter for good: the ring is closed, so each finds its offer refused. Any thread. */
    void close() {
        closed = true;
        for (int i = 0; i <= mask; i++) {
            final Thread waiter = parked.get(i);
            if (waiter != null) {
                LockSupport.unpark(waiter);
            }
        }
    }
}
