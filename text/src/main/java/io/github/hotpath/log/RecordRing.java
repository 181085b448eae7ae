package io.github.hotpath.log;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded multi-producer, single-consumer ring of pre-allocated {@link RecordBuffer}s, in the style of a bounded
 * sequence-per-slot queue: slot {@code i} carries a sequence number that says whose turn it is.
 *
 * <ul>
 *   <li>Free for the producer of position {@code p} when its sequence is {@code p}; the producer claims {@code p}
 *       with one CAS on {@link #tail}, exchanges its filled buffer for the slot's spare one (no copy), and publishes
 *       with sequence {@code p + 1} (release).</li>
 *   <li>Readable by the consumer at position {@code p} when its sequence is {@code p + 1} (acquire); after reading,
 *       the consumer frees it for position {@code p + capacity} (release).</li>
 * </ul>
 * Claim and publish are a few instructions apart with no user code between them, so a producer cannot leave a slot
 * claimed but unpublished by forgetting something; and the publishing call chain is run once on a scratch
 * array before the claim, so that a stack too short for it overflows before anything is claimed. Closing sets
 * {@link #CLOSED} in the tail: later claims fail, and the consumer knows the exact last position to drain.
 *
 * <p>Memory effects: everything a producer wrote into a buffer before publishing happens-before the consumer's
 * reads of it after the acquire; the consumer's reads happen-before the next producer's writes to that slot's
 * buffer.
 *
 * <p>Allocation: none after construction.
 */
final class RecordRing {
    static final long CLOSED = 1L << 62;

    /** Result of {@link #offer}: accepted. */
    static final int ACCEPTED = 0;
    /** Result of {@link #offer}: the ring is full. */
    static final int FULL = 1;
    /** Result of {@link #offer}: the ring is closed. */
    static final int CLOSED_RESULT = 2;

    private final RecordBuffer[] slots;
    private final AtomicLongArray sequences;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    /** Target of the dry run of {@link #setSequence} before a claim; its value means nothing. */
    private final AtomicLongArray scratch = new AtomicLongArray(1);
    /** Test hook: how many coming {@link #setSequence} calls throw a {@link StackOverflowError} (0 in production). */
    int injectedStackOverflows;

    /** A ring of {@code capacity} slots, a power of two (the builder rounds up), each with a spare buffer. */
    RecordRing(final int capacity, final int maxParts, final int maxChars) {
        slots = RecordBuffer.many(capacity, maxParts, maxChars);
        sequences = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            sequences.set(i, i);
        }
        mask = capacity - 1;
    }

    int capacity() {
        return slots.length;
    }

    /**
     * Tries to hand the entry's filled buffer over, leaving {@code reserve} free slots after its own (room promised
     * to others: see {@link RingWaitingRoom}). On {@link #ACCEPTED} that buffer is in the ring and the entry holds
     * the slot's previous (spare) buffer instead.
     */
    int offer(final LogEntry offer, final long reserve) {
        final RecordBuffer[] slots = this.slots;
        while (true) {
            final long t = tail.get();
            if ((t & CLOSED) != 0) {
                return CLOSED_RESULT;
            }
            final int index = (int) t & mask;
            final long sequence = sequences.get(index);
            if (sequence == t && (reserve == 0 || hasRoomAfter(t, reserve))) {
                // Dry run of the publishing call chain, before the claim: if the stack is too short for it (a
                // record logged from a StackOverflowError handler), the overflow happens here, with nothing
                // claimed, instead of after the CAS, where it would leave a claimed slot unpublished for ever.
                setSequence(scratch, 0, t);
                if (tail.compareAndSet(t, t + 1)) {
                    final RecordBuffer spare = slots[index];
                    slots[index] = offer.buffer;
                    offer.buffer = spare;
                    setSequence(sequences, index, t + 1);
                    return ACCEPTED;
                }
            } else if (sequence <= t) {
                // The consumer has not freed this slot (or the reserved room after it) yet: the ring is full, unless
                // the tail moved meanwhile.
                if (tail.get() == t) {
                    return FULL;
                }
            }
            // Another producer claimed t first: retry with the new tail.
        }
    }

    /** Whether the slot {@code reserve} after {@code t} is free too (so are those between: freed in order). */
    private boolean hasRoomAfter(final long t, final long reserve) {
        final long p = t + reserve;
        return reserve < slots.length && sequences.get((int) p & mask) == p;
    }

    /**
     * Publishes a sequence (release). Producers reach it only through here, so that a test can make it overflow
     * the stack as a deep caller would.
     */
    private void setSequence(final AtomicLongArray array, final int index, final long value) {
        if (injectedStackOverflows > 0) {
            injectedStackOverflows--;
            throw new StackOverflowError("injected by a test");
        }
        array.setRelease(index, value);
    }

    /** Test hook: claims the next position and never publishes it, as a producer stopped between the two would. */
    long claimWithoutPublishing() {
        return tail.getAndIncrement();
    }

    /** The buffer at {@code position} if it is published, else null. Consumer only. */
    RecordBuffer peek(final long position) {
        final int index = (int) position & mask;
        return sequences.get(index) == position + 1 ? slots[index] : null;
    }

    /** Frees the slot at {@code position} after the consumer has read it. Consumer only. */
    void release(final long position) {
        sequences.setRelease((int) position & mask, position + slots.length);
    }

    /** Positions claimed so far (without the closed flag). */
    long claimed() {
        return tail.get() & ~CLOSED;
    }

    boolean isClosed() {
        return (tail.get() & CLOSED) != 0;
    }

    /** Closes the ring to further offers; returns the number of positions claimed before it closed. */
    long close() {
        while (true) {
            final long t = tail.get();
            if ((t & CLOSED) != 0 || tail.compareAndSet(t, t | CLOSED)) {
                return t & ~CLOSED;
            }
        }
    }
}
