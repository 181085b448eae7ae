package io.github.hotpath.pool;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The object pool's release-then-acquire hand-off between threads, through its public API: an object is handed to
 * at most one holder, no idle object is lost, and the acquirer sees every write of the releaser's reset. The real
 * {@link ConcurrentObjectPool}: the release's generation CAS, the reset on the releasing thread, the shared idle
 * queue, and the miss path of a bounded pool ({@link Misses}: bound check, one more look at the shared places).
 *
 * <p>The pool: {@code whenEmptyReject(2)}, which turns the per-thread caches off, so that every release goes through
 * the shared queue another thread takes from. At rest, two objects: {@code idle} waits in the queue; {@code held} is
 * held by actor 1, and its request data still shows the state's construction ({@link #PREVIOUS}). Actor 1 ends a
 * request: it writes its own request data into {@code held} ({@link #MINE}) and releases it (the pool's reset clears
 * both fields), then acquires for its next request. Actor 2 acquires. Each reports what it got: {@code 1}
 * {@code idle}, {@code 2} {@code held} with both fields reset, {@code 3} {@code held} showing any data written before
 * the reset, {@code 0} nothing ({@code NO_HANDLE}). The arbiter closes the pool (it gives back the pool's tag).
 */
@JCStressTest
@Outcome(id = {"1, 2", "2, 1"}, expect = Expect.ACCEPTABLE, desc = "each acquirer got its own object, reset")
@Outcome(id = {"1, 1", "2, 2"}, expect = Expect.FORBIDDEN, desc = "both acquirers got the same object")
@Outcome(id = ".*3.*", expect = Expect.FORBIDDEN,
    desc = "an acquirer saw data written before the reset: the release did not publish the reset")
@Outcome(id = ".*0.*", expect = Expect.FORBIDDEN, desc = "an acquirer got nothing: an idle object was lost")
@Outcome(expect = Expect.FORBIDDEN, desc = "impossible outcome")
@State
public class ObjectPoolReleaseAcquireTest {
    /** The held object's data before actor 1's request (written when the state was built). */
    static final int PREVIOUS = 42;
    /** Actor 1's request data, written just before its release. */
    static final int MINE = 7;

    /** A pooled object: plain fields, as a user's request context has. */
    static final class Pooled {
        int requestId;
        long payload;

        void reset() {
            requestId = 0;
            payload = 0;
        }
    }

    private final ConcurrentObjectPool<Pooled> pool =
        ConcurrentObjectPool.builder(Pooled::new, Pooled::reset).whenEmptyReject(2).build();
    private final Pooled idle;
    private final Pooled held;
    private final long heldHandle;

    /** One object idle in the queue, one held by actor 1 with the previous request's data. */
    public ObjectPoolReleaseAcquireTest() {
        final long first = pool.acquire();
        heldHandle = pool.acquire();
        idle = pool.object(first);
        held = pool.object(heldHandle);
        pool.release(first);
        held.requestId = PREVIOUS;
        held.payload = PREVIOUS;
    }

    /**
     * Actor 1: writes its request's data into the object it holds, releases it, then acquires.
     *
     * @param r where the outcome goes
     */
    @Actor
    public void releaseThenAcquire(final II_Result r) {
        held.requestId = MINE;
        held.payload = MINE;
        pool.release(heldHandle);
        r.r1 = seen(pool.tryAcquire());
    }

    /**
     * Actor 2: acquires.
     *
     * @param r where the outcome goes
     */
    @Actor
    public void acquire(final II_Result r) {
        r.r2 = seen(pool.tryAcquire());
    }

    /** Gives the pool's tag back: the test builds millions of pools. */
    @Arbiter
    public void close() {
        pool.close();
    }

    private int seen(final long handle) {
        if (handle == ConcurrentObjectPool.NO_HANDLE) {
            return 0;
        }
        final Pooled p = pool.object(handle);
        if (p == idle) {
            return 1;
        }
        if (p != held) {
            return 4;
        }
        return p.requestId == 0 && p.payload == 0 ? 2 : 3;
    }
}
