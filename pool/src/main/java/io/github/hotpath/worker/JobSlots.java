package io.github.hotpath.worker;

import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The job objects of a worker pool and the state of each: who may touch it now. This is the pool's sequencer: a
 * job moves FREE &rarr; claimed by a thread &rarr; QUEUED &rarr; RUNNING &rarr; FREE, and each move is one write or
 * one compare-and-set on the job's state word, so that a misused job (foreign, submitted twice, submitted by a
 * thread that did not claim it, a stale reference to a recycled job) is refused with a clear exception instead of
 * corrupting the pool. Free jobs wait in one bounded MPMC queue, submitted ones in another.
 *
 * <h2>States</h2>
 * FREE, QUEUED (submitted, not yet taken), RUNNING (taken by a worker or a caller, or being cancelled or taken
 * back), or the {@code Thread} that claimed it: a single CAS from the calling thread to QUEUED checks the owner and
 * the state at once. Only the thread that polled a job from a queue moves it out of FREE or QUEUED, so those moves
 * are release stores, not CASes.
 *
 * <h2>Memory effects</h2>
 * Each queue's offer <em>happens-before</em> the poll that returns the same job, so what the producer wrote to a
 * job before submitting it is seen by the thread that takes it, and what the handler and the reset action wrote is
 * seen by the next claimer.
 *
 * <h2>Replacing a job</h2>
 * A job whose reset action threw is not trusted to be clean: before it is freed, {@link #replace} swaps it for a
 * new object from the factory and maps it in the identity index (a release store, or a new index in the volatile
 * field when the table is full: either before the free queue's offer that hands the new object out). A stale
 * reference to the old object is refused as not a job of this pool: its slot no longer holds it.
 */
final class JobSlots<J> {
    static final Object FREE = new StateName("free");
    static final Object QUEUED = new StateName("queued");
    static final Object RUNNING = new StateName("running");

    /** States are 16 references apart (64 bytes or more), so producers and workers do not share their lines. */
    private static final int STATE_PADDING_SHIFT = 4;
    private static final int MAX_PADDED_STATES = 1 << 16;

    private final Object[] jobs;
    private final Supplier<? extends J> factory;
    /** Replaced (never changed in place) when a job is: see Replacing a job. */
    private volatile JobIndex index;
    /** Slot {@code i}'s state is at {@code i << stateShift}: one cache line per state, unless that is too big. */
    private final AtomicReferenceArray<Object> states;
    private final int stateShift;
    private final MpmcAtomicArrayQueue<J> freeJobs;
    private final MpmcAtomicArrayQueue<J> queuedJobs;

    /**
     * Makes every job object.
     *
     * @throws NullPointerException     if the factory returns null.
     * @throws IllegalArgumentException if the factory returns the same object twice.
     */
    JobSlots(final Supplier<? extends J> factory, final int capacity) {
        this.factory = factory;
        jobs = new Object[capacity];
        for (int i = 0; i < capacity; i++) {
            jobs[i] = Objects.requireNonNull(factory.get(), "the job factory returned null");
        }
        index = new JobIndex(jobs);
        stateShift = capacity <= MAX_PADDED_STATES ? STATE_PADDING_SHIFT : 0;
        states = new AtomicReferenceArray<>(capacity << stateShift);
        freeJobs = new MpmcAtomicArrayQueue<>(Math.max(2, capacity));
        queuedJobs = new MpmcAtomicArrayQueue<>(Math.max(2, capacity));
        for (int i = 0; i < capacity; i++) {
            states.set(st(i), FREE);
            freeJobs.offer(job(i));
        }
    }

    /**
     * Bytes that the pool's own structures take for this many jobs (the job objects not included), as an estimate
     * for the builder's heap check; references counted at 8 bytes, so it errs on the high side.
     */
    static long structureBytes(final int capacity) {
        final long c = capacity;
        final long states = (c <= MAX_PADDED_STATES ? c << STATE_PADDING_SHIFT : c) * 8;
        final long queues = 2 * (c * 8 + c * 8); // each: an element array and a sequence array
        long indexSize = 2;
        while (indexSize < c * 2) {
            indexSize <<= 1;
        }
        return c * 8 + states + queues + indexSize * 12;
    }

    int capacity() {
        return jobs.length;
    }

    @SuppressWarnings("unchecked")
    J job(final int slot) {
        return (J) jobs[slot];
    }

    /**
     * The slot of a job a caller passed in, or an exception saying why it is not one of this pool's jobs.
     *
     * @throws NullPointerException     if {@code job} is null.
     * @throws IllegalArgumentException if it is not one of this pool's job objects.
     */
    int slotOf(final Object job, final String what) {
        Objects.requireNonNull(job, "job");
        final int slot = index.slotOf(job);
        if (slot < 0 || jobs[slot] != job) { // a replaced job stays in the index, not in its slot
            throw new IllegalArgumentException("cannot " + what + " " + job.getClass().getName() + "@"
                + Integer.toHexString(System.identityHashCode(job))
                + ": it is not a job of this pool (jobs must come from claim(); a job whose reset action threw was"
                + " replaced by a new one)");
        }
        return slot;
    }

    /** Takes a free job for the calling thread; returns its slot, or -1 if none is free. */
    int claimFree() {
        final J job = freeJobs.poll();
        if (job == null) {
            return -1;
        }
        // Polling the free queue gave this thread the job exclusively: a release store marks it as ours.
        final int slot = index.slotOf(job);
        states.setRelease(st(slot), Thread.currentThread());
        return slot;
    }

    /** Claimed by the calling thread &rarr; QUEUED; false (and no change) if the calling thread does not hold it. */
    boolean queueOwned(final int slot) {
        return states.compareAndSet(st(slot), Thread.currentThread(), QUEUED);
    }

    /** Claimed by the calling thread &rarr; RUNNING, to cancel it; false if the calling thread does not hold it. */
    boolean cancelOwned(final int slot) {
        return states.compareAndSet(st(slot), Thread.currentThread(), RUNNING);
    }

    /** QUEUED but refused (the pool shut down before the offer) &rarr; RUNNING, so that it can be recycled. */
    void unqueue(final int slot) {
        states.set(st(slot), RUNNING);
    }

    /** Puts a QUEUED job in the queue; its producer index counts accepted submits and moves before it can be taken. */
    void enqueue(final J job) {
        if (!queuedJobs.offer(job)) {
            throw new IllegalStateException("internal error: the job queue is full, but it holds every job");
        }
    }

    /** Takes the oldest queued job and marks it RUNNING; returns its slot, or -1 if the queue is empty. */
    int takeQueued() {
        final J job = queuedJobs.poll();
        if (job == null) {
            return -1;
        }
        final int slot = index.slotOf(job);
        states.setRelease(st(slot), RUNNING);
        return slot;
    }

    /**
     * Replaces the job in {@code slot} (RUNNING, held by the calling thread) with a new one from the factory, because
     * its reset action threw: the old object, perhaps half reset, never reaches another claimer. Rare: it allocates
     * the object (and, once every capacity / 2 replacements or so, a new index without the replaced objects), and
     * serializes replacements on this object.
     *
     * @throws NullPointerException     if the factory returns null (the old job stays).
     * @throws IllegalArgumentException if it returns an object that is or was in the pool (the old job stays).
     * @throws RuntimeException         whatever the factory throws, or an {@code Error} building the new index (the
     *                                  old job stays).
     */
    synchronized void replace(final int slot) {
        final Object fresh = Objects.requireNonNull(factory.get(), "the job factory returned null");
        if (index.slotOf(fresh) >= 0) {
            throw new IllegalArgumentException("the job factory returned an object that is or was in the pool: each"
                + " job must be a new, distinct object");
        }
        final Object old = jobs[slot];
        jobs[slot] = fresh;
        try {
            if (!index.add(fresh, slot)) {
                index = new JobIndex(jobs); // volatile: published before free() offers the new job
            }
        } catch (final RuntimeException | Error e) { // out of memory for the new index: keep the pool consistent
            jobs[slot] = old;
            throw e;
        }
    }

    /** RUNNING &rarr; FREE: the job, reset, goes back to the free queue. */
    void free(final int slot) {
        states.setRelease(st(slot), FREE);
        freeJobs.offer(job(slot));
    }

    boolean queueEmpty() {
        return queuedJobs.isEmpty();
    }

    /** Whether any job is QUEUED, including one whose submit is between its state change and its offer. */
    boolean anyQueued() {
        for (int i = 0; i < jobs.length; i++) {
            if (states.get(st(i)) == QUEUED) {
                return true;
            }
        }
        return false;
    }

    /** How many jobs are QUEUED now; for the exit hook's report. */
    int queuedCount() {
        int n = 0;
        for (int i = 0; i < jobs.length; i++) {
            if (states.get(st(i)) == QUEUED) {
                n++;
            }
        }
        return n;
    }

    /** Whether the job in this slot is queued or being handled (or taken back), as opposed to free or claimed. */
    boolean inFlight(final int slot) {
        final Object state = states.get(st(slot));
        return state == QUEUED || state == RUNNING;
    }

    /** Jobs accepted so far: the queue's producer index. */
    long accepted() {
        return queuedJobs.currentProducerIndex();
    }

    /** Jobs taken from the queue so far (by workers, callers or a take-back): the queue's consumer index. */
    long taken() {
        return queuedJobs.currentConsumerIndex();
    }

    int queueDepth() {
        return queuedJobs.size();
    }

    int notFree() {
        return jobs.length - freeJobs.size();
    }

    /**
     * Whether every job that no thread holds is back in the free queue: a job is marked FREE just before it is
     * offered there ({@link #free}), and {@link #notFree()} counts it until then. Not for a hot path: reads every
     * state.
     */
    boolean recycled() {
        int held = 0;
        for (int i = 0; i < jobs.length; i++) {
            if (states.get(st(i)) instanceof Thread) {
                held++;
            }
        }
        return freeJobs.size() + held >= jobs.length;
    }

    /** The exception for a submit or cancel of a job the calling thread does not hold, saying who does. */
    IllegalStateException notHeld(final String what, final int slot) {
        final Object state = states.get(st(slot));
        final String why;
        if (state == FREE) {
            why = "it is free: it was not claimed, or it was already submitted or cancelled and has been recycled";
        } else if (state == QUEUED || state == RUNNING) {
            why = "it was already submitted (it is " + state + ")";
        } else {
            why = "it is claimed by thread '" + ((Thread) state).getName() + "', not by the calling thread";
        }
        return new IllegalStateException("cannot " + what + " job #" + slot + " on thread '"
            + Thread.currentThread().getName() + "': " + why);
    }

    private int st(final int slot) {
        return slot << stateShift;
    }

    /** A job state's name, for misuse messages. */
    private static final class StateName {
        private final String name;

        StateName(final String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
