package io.github.hotpath.pool;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.time.Duration;
import java.util.Arrays;

/**
 * The object pool's release-then-acquire hand-off between threads, through its public API: an object is handed to
 * at most one holder, none is lost, and the acquirer sees every write of the releaser's reset. The real
 * {@link ConcurrentObjectPool}: the release's generation CAS, the reset on the releasing thread, the shared idle
 * queue, and the miss path of a bounded pool ({@link Misses}: the bound, the wait, the look at the shared places).
 *
 * <p>The pool: {@code whenEmptyWait(1, 1 s)}, which turns the per-thread caches off, so that a release goes through
 * the shared queue that the other thread takes from. At rest, its one object is held by actor 1, and its request
 * data still shows the previous request ({@link #PREVIOUS}). Actor 1 ends a request: it writes its own request data
 * ({@link #MINE}) and releases the object (the pool's reset clears every field), then acquires for its next request.
 * Actor 2 acquires at the same moment, waiting for the release. Each, once it has the object, checks it and
 * releases it, so that the other one's wait ends too. Each reports: {@code 1} got the object with every field reset
 * and released it, {@code 2} got it showing data written before a reset, {@code 3} got it but its release was
 * refused as stale or double (another thread had been handed the object meanwhile), {@code 0} got nothing (the wait
 * timed out: the object was lost). The arbiter closes the pool (it gives back the pool's tag).
 */
@JCStressTest
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "each got the object in turn, reset, and gave it back")
@Outcome(id = ".*2.*", expect = Expect.FORBIDDEN,
    desc = "an acquirer saw data written before the reset: the release did not publish the reset")
@Outcome(id = ".*3.*", expect = Expect.FORBIDDEN, desc = "the object was handed to both at once")
@Outcome(id = ".*0.*", expect = Expect.FORBIDDEN, desc = "an acquirer got nothing: the object was lost")
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
        final long[] payload = new long[16];

        void fill(final int value) {
            requestId = value;
            Arrays.fill(payload, value);
        }

        void reset() {
            fill(0);
        }

        boolean isReset() {
            for (final long v : payload) {
                if (v != 0) {
                    return false;
                }
            }
            return requestId == 0;
        }
    }

    private final ConcurrentObjectPool<Pooled> pool = ConcurrentObjectPool.builder(Pooled::new, Pooled::reset)
        .whenEmptyWait(1, Duration.ofSeconds(1)).build();
    private final long heldHandle = pool.acquire();
    private final Pooled held = pool.object(heldHandle);

    /** The pool's one object, held by actor 1 with the previous request's data. */
    public ObjectPoolReleaseAcquireTest() {
        held.fill(PREVIOUS);
    }

    /**
     * Actor 1: writes its request's data into the object it holds, releases it, then acquires and releases again.
     *
     * @param r where the outcome goes
     */
    @Actor
    public void releaseThenAcquire(final II_Result r) {
        held.fill(MINE);
        pool.release(heldHandle);
        r.r1 = acquireCheckRelease();
    }

    /**
     * Actor 2: acquires, waiting for the release, and releases.
     *
     * @param r where the outcome goes
     */
    @Actor
    public void acquire(final II_Result r) {
        r.r2 = acquireCheckRelease();
    }

    /** Gives the pool's tag back: the test builds millions of pools. */
    @Arbiter
    public void close() {
        pool.close();
    }

    private int acquireCheckRelease() {
        final long handle = pool.tryAcquire();
        if (handle == ConcurrentObjectPool.NO_HANDLE) {
            return 0;
        }
        final Pooled p = pool.object(handle);
        final int seen = p == held && p.isReset() ? 1 : 2;
        try {
            pool.release(handle);
        } catch (final PoolMisuseException e) {
            return 3;
        }
        return seen;
    }
}
