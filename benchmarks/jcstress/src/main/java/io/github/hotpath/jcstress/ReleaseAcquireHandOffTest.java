package io.github.hotpath.jcstress;

import org.jctools.queues.atomic.MpmcAtomicArrayQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The hand-off that hotpath's object pool and worker pool build on: a thread resets an object with plain writes and
 * releases it by offering it to a JCTools {@link MpmcAtomicArrayQueue} of idle objects; other threads acquire by
 * polling that queue. The pools rely on three properties of it, which this test pins: an object is handed to at
 * most one acquirer, an idle object is never lost, and an acquirer sees every write the releaser made before the
 * offer (the offer publishes with release semantics, the poll reads with acquire semantics).
 *
 * <p>The idle queue starts with one clean object, {@code idle}. Actor 1 ends a request: it resets the object it
 * held, {@code held} (whose {@code requestId} still holds the previous request's {@code 42}), releases it, then
 * acquires for its next request. Actor 2 acquires for a request. Each reports what it got: {@code 1} for
 * {@code idle}, {@code 2} for {@code held} in its reset state, {@code 42} for {@code held} still showing the
 * previous request's data, {@code -1} for nothing. Two actors, so that it runs on a 2-CPU machine.
 *
 * <p>The test goes through the queue's public API only, so the pools' internal refactors leave it valid.
 */
@JCStressTest
@Outcome(id = "1, 2", expect = Expect.ACCEPTABLE,
    desc = "actor 1 took the idle object; actor 2 the one actor 1 released, reset")
@Outcome(id = "2, 1", expect = Expect.ACCEPTABLE,
    desc = "actor 2 took the idle object; actor 1 took back the one it released")
@Outcome(id = {"1, 1", "2, 2"}, expect = Expect.FORBIDDEN, desc = "both actors got the same object")
@Outcome(id = ".*42.*", expect = Expect.FORBIDDEN,
    desc = "an acquirer saw the previous request's data: the release did not publish the reset")
@Outcome(id = ".*-1.*", expect = Expect.FORBIDDEN, desc = "an acquirer found no object: an idle object was lost")
@Outcome(expect = Expect.FORBIDDEN, desc = "impossible: the queue made up an outcome")
@State
public class ReleaseAcquireHandOffTest {
    /** A pooled object: plain fields, as a user's request context has. */
    static final class Pooled {
        int requestId;

        Pooled(final int requestId) {
            this.requestId = requestId;
        }
    }

    private final MpmcAtomicArrayQueue<Pooled> queue = new MpmcAtomicArrayQueue<>(4);
    private final Pooled idle = new Pooled(0);
    private final Pooled held = new Pooled(42);

    /** The pool at rest: one idle object in the queue, one held by actor 1. */
    public ReleaseAcquireHandOffTest() {
        queue.offer(idle);
    }

    /**
     * Actor 1: resets and releases the object it held, then acquires.
     *
     * @param r where the outcome goes
     */
    @Actor
    public void releaseThenAcquire(final II_Result r) {
        held.requestId = 0;
        queue.offer(held);
        r.r1 = seen(queue.poll());
    }

    /**
     * Actor 2: acquires.
     *
     * @param r where the outcome goes
     */
    @Actor
    public void acquire(final II_Result r) {
        r.r2 = seen(queue.poll());
    }

    private int seen(final Pooled p) {
        if (p == null) {
            return -1;
        }
        if (p == idle) {
            return 1;
        }
        return p.requestId == 0 ? 2 : p.requestId;
    }
}
