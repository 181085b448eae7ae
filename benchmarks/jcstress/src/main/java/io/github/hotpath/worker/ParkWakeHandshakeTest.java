package io.github.hotpath.worker;

import io.github.hotpath.core.Backoff;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.time.Duration;

/**
 * The worker pool's park/wake handshake ({@link IdleWorkers}): a submit racing a worker that goes to park must
 * never leave a queued job beside a parked worker (a lost wake-up). Real {@link IdleWorkers}, {@link Worker},
 * {@link JobSlots} and {@link RunState}; nothing copied.
 *
 * <p>The pool at rest: two workers. Worker A has found the queue empty and counts as searching; worker B is parked
 * (announced: counted idle, flag raised). Actor 1 is worker A going to park, in the order of the worker loop: it
 * stops searching (passing on a wake-up a producer skipped meanwhile), then announces, re-checks the queue and parks
 * on its own thread for up to {@link #PARK_NANOS} unless the re-check finds a job. Actor 2 is a producer submitting
 * two jobs, each claim, queue, offer and {@link IdleWorkers#jobQueued()} as {@code submit} does: a fan-in, where
 * the first job waits for the second, so each job needs a worker of its own. The {@link Arbiter} reads who was
 * woken: a waker lowers the worker's flag and counts the wake-up before it unparks it (B's thread is never started,
 * so its unparks do nothing). The producer, once done, notes whether A's flag is still raised: if A then turns out
 * to have parked and never been woken, A was parked when the last submit was over and nobody will wake it. A park
 * that ended before the producer was done (its timeout, or a stray unpark that an earlier round left in the
 * thread's permit) gives no verdict; the park is long so that this is rare.
 *
 * <p>The windows this covers are the ones the pool's regression tests once opened with test hooks: a submit while
 * A still searches (producers skip the wake-up; A's {@code stopSearching} must pass it on to B), and a submit
 * between A's count and its flag (a waker must not take A's flag for B's count).
 *
 * <p>r1: worker A {@code 0} stayed awake (its re-check saw a job), {@code 1} parked and was woken, {@code 2} parked
 * and nobody woke it, {@code 3} parked and its park ended before the producer was done (no verdict). r2: worker B
 * {@code 1} woken, {@code 0} still parked.
 */
@JCStressTest
@Outcome(id = {"0, 1", "1, 1"}, expect = Expect.ACCEPTABLE, desc = "both workers awake for the two jobs")
@Outcome(id = "3, 1", expect = Expect.ACCEPTABLE_INTERESTING,
    desc = "no verdict on A: its park ended (timeout, stray unpark) before the producer was done")
@Outcome(id = "2, .*", expect = Expect.FORBIDDEN,
    desc = "lost wake-up: worker A parked beside a queued job and nobody woke it")
@Outcome(id = ".*, 0", expect = Expect.FORBIDDEN,
    desc = "lost wake-up: worker B left parked beside a job that no awake worker can take")
@State
public class ParkWakeHandshakeTest {
    /** Worker A's park: long beside a submit, so that it rarely ends before the producer is done. */
    static final long PARK_NANOS = Duration.ofMillis(200).toNanos();
    /** Spins and yields nothing: step 0 parks, for {@link #PARK_NANOS}. */
    static final Backoff PARK =
        Backoff.spinYieldPark(0, 0, Duration.ofNanos(PARK_NANOS), Duration.ofNanos(PARK_NANOS));
    /** Worker B's thread: never started, so an unpark of it does nothing. */
    private static final Thread NOT_STARTED = new Thread(() -> { }, "not-started");

    private final JobSlots<Object> slots = new JobSlots<>(Object::new, 2);
    private final RunState runState = new RunState();
    private final Worker<?>[] workers = new Worker<?>[2];
    private final IdleWorkers idle = new IdleWorkers(workers, slots, runState);
    private final Worker<Object> a = new Worker<>(slots, runState, idle, null, PARK, null);
    private final Worker<Object> b = new Worker<>(slots, runState, idle, null, PARK, null);
    /** Whether A's flag was still raised when the producer was done (written by actor 2, read by the arbiter). */
    private boolean aFlagUpAfterSubmits;

    /** Worker A searching, worker B parked; A first in the wake-up order, so that a waker prefers it. */
    public ParkWakeHandshakeTest() {
        workers[0] = a;
        workers[1] = b;
        b.bind(NOT_STARTED);
        idle.announce(b);
        idle.startSearching();
    }

    /**
     * Actor 1, worker A: stops searching and parks, as the worker loop does after its poll found nothing.
     */
    @Actor
    public void workerGoesToPark() {
        a.bind(Thread.currentThread()); // before its flag goes up (a volatile write): a waker reads it after
        idle.stopSearching();
        idle.park(a, 0, PARK);
    }

    /** Actor 2: submits two jobs, as {@code ConcurrentWorkerPool.submit} does. */
    @Actor
    public void producerSubmitsTwo() {
        submitOne();
        submitOne();
        aFlagUpAfterSubmits = a.parkedFlagRaised();
    }

    private void submitOne() {
        final int slot = slots.claimFree();
        slots.queueOwned(slot);
        slots.enqueue(slots.job(slot));
        idle.jobQueued();
    }

    /**
     * Looks who was woken.
     *
     * @param r where the outcome goes
     */
    @Arbiter
    public void whoWasWoken(final II_Result r) {
        if (a.parks() == 0) {
            r.r1 = 0;
        } else {
            r.r1 = a.wakeUps() > 0 ? 1 : aFlagUpAfterSubmits ? 2 : 3;
        }
        r.r2 = (int) b.wakeUps();
    }
}
