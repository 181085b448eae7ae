package io.github.hotpath.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One place in a pool: the pooled object and the state that tells a current holder from a stale one.
 *
 * <p>{@code state} is {@code generation << 1 | inUse}. The generation counts the acquisitions of this slot (it
 * keeps counting when the slot is refilled with a new object), so the sum of all generations is the number of
 * acquisitions, and a handle carries the generation it was issued with. Only a CAS from "in use, generation g" to
 * "idle, generation g" releases; every other release attempt is misuse and is classified from the state it saw.
 */
final class Slot<T> extends SlotFields<T> {
    // Padding after the fields (superclass fields are laid out first): slots are built next to each other, and
    // two threads each cycling their own slot must not share a cache line.
    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17;

    Slot(final int index) {
        super(index);
    }
}

/** Padding before the fields. */
abstract class SlotPadding {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The fields of a {@link Slot}, between two paddings. */
abstract class SlotFields<T> extends SlotPadding {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SlotFields.class, "state", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Index of this slot in its pool's slot table; part of every handle. */
    final int index;
    /** The pooled object; null while the slot is empty (its object was dropped). Written under the pool's lock. */
    T object;
    /** The platform thread whose one-object cache holds this slot, or null. Written by that thread only. */
    Thread cachedBy;
    /** Strict mode, sampled: where the current acquisition was made, for leak reports and the test kit. */
    Throwable acquiredAt;
    /** The cache cell this slot was last put in: a releasing thread that owns it skips its ThreadLocal lookup. */
    ThreadCache.Cell lastCell;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile long state;

    SlotFields(final int index) {
        this.index = index;
    }

    long state() {
        return state;
    }

    /** Marks an idle slot that this thread owns exclusively (it came from the idle queue or a cache) as in use. */
    long claim() {
        final long next = ((state >>> 1) + 1) << 1 | 1L;
        STATE.setRelease(this, next);
        return next >>> 1;
    }

    /** Releases generation {@code expectedState >>> 1}; false if the state was anything else. */
    boolean tryRelease(final long expectedState) {
        return STATE.compareAndSet(this, expectedState, expectedState & ~1L);
    }

    /** Test hook: makes an idle slot look acquired {@code generation} times, to reach a generation wrap quickly. */
    void presetGeneration(final long generation) {
        if (inUse(state) || generation < 0) {
            throw new IllegalStateException("only an idle slot can be preset, to a generation >= 0");
        }
        STATE.setVolatile(this, generation << 1);
    }

    static boolean inUse(final long state) {
        return (state & 1L) != 0;
    }

    static long generation(final long state) {
        return state >>> 1;
    }
}
