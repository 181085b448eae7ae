package io.github.hotpath.pool;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The virtual threads' idle store ({@link StripedIdleCells}): a slot one thread puts in a cell is taken by at most
 * one thread, is never lost, and its taker sees the reset made before the put. Real {@link StripedIdleCells} and
 * {@link Slot}; nothing copied.
 *
 * <p>The pool picks a virtual thread's cell by its thread id; two virtual threads whose ids collide share a cell,
 * and a miss on any thread looks through every cell ({@link StripedIdleCells#takeAny()}). The actors are platform
 * threads, so they pass the cell's owner explicitly: one unstarted {@link Thread} that stands for both colliding
 * virtual threads ({@link #COLLIDING}). Actor 1 ends a request on the first of them: it resets the object of the slot
 * it holds (its request data {@code 42} becomes {@code 0}), puts the slot in its cell, then takes from its cell for
 * its next request. Actor 2, the second virtual thread, takes from the same cell, and on a miss from any cell.
 * r1, r2: {@code 1} got the slot reset, {@code 42} got it with the request data still in it, {@code 0} got nothing.
 * r3: slots left in the cells afterwards.
 */
@JCStressTest
@Outcome(id = {"1, 0, 0", "0, 1, 0"}, expect = Expect.ACCEPTABLE,
    desc = "one of the two threads got the slot, reset; the cells are empty")
@Outcome(id = "1, 1, .*", expect = Expect.FORBIDDEN, desc = "both threads got the slot")
@Outcome(id = ".*42.*", expect = Expect.FORBIDDEN,
    desc = "a taker saw the request data: the put did not publish the reset")
@Outcome(id = "0, 0, .*", expect = Expect.FORBIDDEN, desc = "nobody got the slot: lost, or left in a cell")
@Outcome(expect = Expect.FORBIDDEN, desc = "impossible outcome")
@State
public class StripedIdleCellsHandOffTest {
    /** Stands for two virtual threads whose ids pick the same cell; never started. */
    private static final Thread COLLIDING = new Thread(() -> { }, "colliding-virtual-threads");

    /** A pooled object with request data. */
    static final class Pooled {
        int requestId = 42;
    }

    private final StripedIdleCells<Pooled> cells = new StripedIdleCells<>(16);
    private final Slot<Pooled> slot = new Slot<>(0);

    /** The slot, holding an object with the previous request's data, is held by actor 1. */
    public StripedIdleCellsHandOffTest() {
        slot.object = new Pooled();
    }

    /**
     * Actor 1: resets the object, puts its slot in the cell, takes from the cell.
     *
     * @param r where the outcome goes
     */
    @Actor
    public void resetPutTake(final III_Result r) {
        slot.object.requestId = 0;
        if (!cells.put(slot, COLLIDING)) {
            r.r1 = -1; // the cell was taken: impossible, it starts empty and only this actor puts
            return;
        }
        r.r1 = seen(cells.take(COLLIDING));
    }

    /**
     * Actor 2: takes from the shared cell, and on a miss from any cell.
     *
     * @param r where the outcome goes
     */
    @Actor
    public void take(final III_Result r) {
        final Slot<Pooled> own = cells.take(COLLIDING);
        r.r2 = seen(own != null ? own : cells.takeAny());
    }

    /**
     * Counts the slots left in the cells.
     *
     * @param r where the outcome goes
     */
    @Arbiter
    public void left(final III_Result r) {
        r.r3 = cells.size();
    }

    private int seen(final Slot<Pooled> taken) {
        if (taken == null) {
            return 0;
        }
        return taken.object.requestId == 0 ? 1 : taken.object.requestId;
    }
}
