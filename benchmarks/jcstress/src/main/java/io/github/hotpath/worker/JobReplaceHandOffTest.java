package io.github.hotpath.worker;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The worker pool's replacement of a job whose reset action threw ({@link JobSlots#replace}): the worker builds a
 * new job object and publishes a new identity index before it frees the slot, and a claimer that gets the slot
 * must get the new object, find it in the index, and own it. Real {@link JobSlots}, {@link JobRunner} and
 * {@link ClaimWaiters}; nothing copied.
 *
 * <p>The pool at rest: one job, running (claimed, submitted and taken by a worker when the state was built), whose
 * reset action throws. Actor 1 is the worker: it runs the job ({@link JobRunner#run(int)}: the handler, then the
 * reset, which throws, so the job is replaced) and frees it. Actor 2 is a claimer: it tries once for a free job, then
 * checks the object it got, the index's slot for it, and that the job's state names it (the CAS a submit makes).
 *
 * <p>r1, the worker: {@code 1} its run reported the failure, {@code 0} it did not. r2, the claimer: {@code 0} no job
 * free yet, {@code 1} the new object, found in the index at its slot and owned, {@code 2} the old, half-reset object,
 * {@code 3} an object the index does not place at the slot it was claimed from, {@code 4} the claim threw, {@code 5}
 * a job whose state named another thread.
 */
@JCStressTest
@Outcome(id = {"1, 0", "1, 1"}, expect = Expect.ACCEPTABLE,
    desc = "the claimer found nothing yet, or got the new object, indexed and owned")
@Outcome(id = ".*, 2", expect = Expect.FORBIDDEN, desc = "the half-reset object reached a claimer")
@Outcome(id = {".*, 3", ".*, 4"}, expect = Expect.FORBIDDEN, desc = "the claimer saw a stale index")
@Outcome(id = ".*, 5", expect = Expect.FORBIDDEN, desc = "the job was claimed by two threads")
@Outcome(expect = Expect.FORBIDDEN, desc = "impossible outcome")
@State
public class JobReplaceHandOffTest {
    private final JobSlots<Object> slots = new JobSlots<>(Object::new, 1);
    private final JobRunner<Object> runner = new JobRunner<>(job -> { }, job -> {
        throw new IllegalStateException("reset failed");
    }, (job, error) -> { }, slots, new ClaimWaiters(), new RunState(), new PoolCounters());
    private final Object original;
    private final int running;
    private int workerSaw;
    private int claimerSaw;

    /** The only job, running on a worker. */
    public JobReplaceHandOffTest() {
        final int slot = slots.claimFree();
        original = slots.job(slot);
        slots.queueOwned(slot);
        slots.enqueue(slots.job(slot));
        running = slots.takeQueued();
    }

    /** Actor 1, the worker: runs the job (its reset throws: replaced) and frees it. */
    @Actor
    public void workerRunsAndFrees() {
        workerSaw = runner.run(running) ? 0 : 1;
        runner.free(running);
    }

    /** Actor 2, a claimer: one try for a free job, then checks what it got. */
    @Actor
    public void claimer() {
        final int slot;
        try {
            slot = slots.claimFree();
        } catch (final RuntimeException e) {
            claimerSaw = 4;
            return;
        }
        if (slot < 0) {
            claimerSaw = 0;
            return;
        }
        final Object job = slots.job(slot);
        if (job == original) {
            claimerSaw = 2;
        } else if (slots.slotOf(job, "check") != slot) {
            claimerSaw = 3;
        } else {
            claimerSaw = slots.queueOwned(slot) ? 1 : 5;
        }
    }

    /**
     * Reads both verdicts.
     *
     * @param r where the outcome goes
     */
    @Arbiter
    public void verdict(final II_Result r) {
        r.r1 = workerSaw;
        r.r2 = claimerSaw;
    }
}
