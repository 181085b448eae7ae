package io.github.hotpath.worker;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.time.Duration;

/**
 * The worker pool's claimer wait ({@link ClaimWaiters}): a claimer that finds every job in flight and waits is woken
 * when a job is freed (no lost wake-up), and a job is never claimed by two threads. Real {@link ClaimWaiters},
 * {@link JobSlots}, {@link JobRunner} and {@link RunState}; nothing copied.
 *
 * <p>The pool at rest: one job, running (claimed, submitted and taken by a worker when the state was built).
 * Actor 1 is that worker: it frees the job ({@link JobRunner#free(int)}: back to the free queue, then wake one
 * waiter), claims it back at once as a producer on that thread would, and, if it got it, cancels it (frees it
 * again). Actor 2 is a claimer, as {@code ConcurrentWorkerPool.claim()} with {@code whenFullWait}: it tries a free
 * job, and if there is none, waits for one for up to {@link #WAIT_NANOS}. Each checks that the job it got is its own
 * by the CAS that a submit makes ({@code JobSlots.queueOwned}/{@code cancelOwned}: the job's state must still name
 * the claiming thread), which fails if another thread claimed it meanwhile.
 *
 * <p>A lost wake-up does not lose the job here: the claimer's wait ends at its timeout and it finds the job then.
 * So the test tells a wake-up from a timeout by time: the worker notes when it freed the job for the last time, the
 * claimer when it got it; a claimer that got it {@link #LATE_NANOS} or more after the last free slept through it.
 * (A claimer thread descheduled that long after a correct wake-up would read the same; the margin makes it
 * unlikely even on a loaded machine.)
 *
 * <p>r1, the worker: {@code 0} the claimer took the job first, {@code 1} claimed it back and cancelled it,
 * {@code 2} claimed it but its state named another thread. r2, the claimer: {@code 0} found it free at once,
 * {@code 1} waited and was woken, {@code 2} got it only when its wait timed out, {@code 3} got no job, {@code 4} got
 * a job whose state named another thread.
 */
@JCStressTest
@Outcome(id = {"0, 0", "0, 1", "1, 0", "1, 1"}, expect = Expect.ACCEPTABLE,
    desc = "each claim got the job alone; a waiting claimer was woken by a free")
@Outcome(id = {"2, .*", ".*, 4"}, expect = Expect.FORBIDDEN, desc = "the job was claimed by two threads")
@Outcome(id = ".*, 2", expect = Expect.FORBIDDEN,
    desc = "lost wake-up: the claimer slept through the job's free until its wait timed out")
@Outcome(id = ".*, 3", expect = Expect.FORBIDDEN, desc = "the claimer got no job although one was freed")
@Outcome(expect = Expect.FORBIDDEN, desc = "impossible outcome")
@State
public class ClaimWaitWakeUpTest {
    /** The claimer's wait: long, so that only a lost wake-up makes it end by its timeout. */
    static final long WAIT_NANOS = Duration.ofSeconds(1).toNanos();
    /** A claimer that gets the job this long after its last free slept through the free's wake-up. */
    static final long LATE_NANOS = WAIT_NANOS / 2;

    private final JobSlots<Object> slots = new JobSlots<>(Object::new, 1);
    private final RunState runState = new RunState();
    private final ClaimWaiters waiters = new ClaimWaiters();
    private final JobRunner<Object> runner = new JobRunner<>(job -> { }, job -> { }, (job, error) -> { }, slots,
        waiters, runState, new PoolCounters());
    private final int running;
    /** When the worker last freed the job (actor 1), and when the claimer got it (actor 2); read by the arbiter. */
    private long freedAt;
    private long claimedAt;
    private int workerSaw;
    private int claimerSaw;

    /** The only job, running on a worker. */
    public ClaimWaitWakeUpTest() {
        final int slot = slots.claimFree();
        slots.queueOwned(slot);
        slots.enqueue(slots.job(slot));
        running = slots.takeQueued();
    }

    /** Actor 1, the worker: frees the job, claims it back if it is still free, and then cancels it. */
    @Actor
    public void workerFreesThenClaims() {
        runner.free(running);
        final int slot = slots.claimFree();
        if (slot < 0) {
            workerSaw = 0;
        } else if (slots.cancelOwned(slot)) {
            workerSaw = 1;
            runner.free(slot); // a cancel: reset (nothing here) and free, which wakes a waiting claimer
        } else {
            workerSaw = 2;
        }
        freedAt = System.nanoTime();
    }

    /** Actor 2, the claimer: a free job, or else a wait for one, as {@code claim()} does. */
    @Actor
    public void claimerWaits() {
        int slot = slots.claimFree();
        boolean waited = false;
        if (slot < 0) {
            waited = true;
            slot = waiters.awaitFreeSlot(slots, runState, null, WAIT_NANOS);
        }
        claimedAt = System.nanoTime();
        if (slot < 0) {
            claimerSaw = 3;
        } else if (!slots.queueOwned(slot)) {
            claimerSaw = 4;
        } else {
            claimerSaw = waited ? 1 : 0;
        }
    }

    /**
     * Reads both verdicts, and whether the claimer slept through the last free.
     *
     * @param r where the outcome goes
     */
    @Arbiter
    public void verdict(final II_Result r) {
        r.r1 = workerSaw;
        r.r2 = claimerSaw == 1 && claimedAt - freedAt >= LATE_NANOS ? 2 : claimerSaw;
    }
}
