package io.github.hotpath.worker;

import io.github.hotpath.core.Resettable;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

/**
 * A fixed set of worker threads that run one {@link JobHandler} on a bounded set of pre-allocated, recycled job
 * objects: the allocation-free replacement for {@code executor.execute(() -> process(request))}, which allocates a
 * capturing lambda (and, with {@code submit}, a {@code FutureTask}) per task and hides overload in an unbounded
 * queue.
 *
 * <pre>{@code
 * ConcurrentWorkerPool<Order> pool = ConcurrentWorkerPool.builder(Order::new, order -> book.apply(order))
 *     .workers(2).capacity(1024).backpressure(Backpressure.WAIT).waitTimeout(1, TimeUnit.SECONDS).build();
 * Order order = pool.claim();          // a free, reset job object; null if the pool pushed back
 * if (order != null) {
 *     order.fill(request);
 *     pool.submit(order);              // a worker will handle it, reset it and recycle it
 * }
 * pool.submit(Order::fill, request);   // the same, without a capturing lambda (false if pushed back)
 * }</pre>
 *
 * <h2>Life of a job</h2>
 * The factory makes {@link Builder#capacity(int) capacity} job objects when the pool is built. A producer
 * {@linkplain #claim() claims} a free one, fills it and {@linkplain #submit(Object) submits} it (or gives it back
 * unsubmitted with {@link #cancel(Object)}); a worker takes it from a bounded queue, calls the handler, resets it
 * (with the reset action, or {@link Resettable#reset()}) and makes it free again. When every job object is in
 * flight (claimed, queued or being handled), the pool pushes back according to its {@link Backpressure} policy.
 *
 * <h2>Thread-safety</h2>
 * Every method may be called from any thread. A claimed job belongs to the thread that claimed it: only that
 * thread may {@linkplain #submit(Object) submit} or {@linkplain #cancel(Object) cancel} it, and nobody may touch it
 * after that. The handler runs concurrently on the workers (and, with {@link Backpressure#CALLER_RUNS}, on claiming
 * threads). A handler may itself claim and submit jobs of the same pool, but with {@link Backpressure#WAIT} it then
 * waits for its own pool: keep the wait timeout short in that case.
 *
 * <h2>Misuse</h2>
 * Submitting (or cancelling) {@code null}, an object that is not one of this pool's jobs, a job the calling thread
 * has not claimed, a job already submitted, or a stale reference to a job that was recycled (and is now free or
 * claimed by another thread) throws {@link IllegalArgumentException} or {@link IllegalStateException} with a
 * message saying which; the pool is unchanged. After {@link #shutdown()}, {@link #claim()} and {@link #submit}
 * throw {@link IllegalStateException}; a job claimed before the shutdown and submitted after it is reset and
 * recycled (not run) before the exception is thrown.
 *
 * <h2>Failures</h2>
 * A handler that throws does not kill its worker: the failure is counted ({@link #failed()}), passed to the
 * {@link JobErrorHandler} (default: {@link JobErrorHandler#reportToStderr()}, rate-limited), and the job is reset
 * and recycled as usual. A reset action that throws is reported the same way and counts the job as failed.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown()} stops accepting and lets the workers run every accepted job, then end;
 * {@link #shutdownNow()} also interrupts the workers, which end after their current job, and takes back every
 * queued job without running it (counted in {@link #notRun()}). {@link #awaitTermination(long, TimeUnit)} waits,
 * within a timeout, for the workers to end; they end only after every accepted job has been handled or taken back,
 * including a job still running on a {@link Backpressure#CALLER_RUNS} claimer and the take-back of a
 * {@code shutdownNow()} in progress on another thread. Once terminated, {@code submitted() == completed() +
 * failed() + notRun()}: no accepted job is lost silently. A claimed job belongs to its claimer until submitted or
 * cancelled: if the claiming thread dies holding it, that job object stays in flight for ever (the pool has one
 * fewer job; nothing accepted is lost).
 *
 * <h2>Allocation</h2>
 * Building the pool allocates the job objects, the queues and the threads. After that, claiming, submitting,
 * handing over, parking and waking idle workers or waiting claimers, recycling and reading the metrics allocate
 * nothing, and neither do rejections and wait timeouts (a {@code null} return); what the handler and the reset
 * action allocate is their own. Only the exceptions thrown on misuse or after shutdown, {@link #shutdownNow()}'s
 * interrupts, {@link #workerThreads()}, {@link #toString()} and the default error handler's printing allocate.
 * This holds for platform threads: on JDK 21 and later, parking and unparking a <em>virtual</em> thread (a claimer
 * that waits, or a worker made by a virtual-thread factory) allocates in the JDK's scheduler.
 *
 * <h2>Memory effects</h2>
 * Everything a producer wrote to a job before {@link #submit(Object)} (or in the translator of
 * {@link #submit(BiConsumer, Object)}) <em>happens-before</em> the handler reads it. Everything the handler and the
 * reset action wrote to the job <em>happens-before</em> the job is returned by a later {@link #claim()}. Handling a
 * job happens-before {@link #completed()} or {@link #failed()} counts it.
 *
 * <p>Note: departing from {@code java.util.concurrent.ExecutorService}, there are no futures and no per-task
 * objects; a full pool answers with a return value ({@code null} or {@code false}), never a
 * {@code RejectedExecutionException}.
 *
 * @param <J> the job type.
 */
public final class ConcurrentWorkerPool<J> implements AutoCloseable {
    /** Default maximum time a claimer waits under {@link Backpressure#WAIT}: 10 seconds. */
    public static final long DEFAULT_WAIT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    // Job states, one per slot: FREE, QUEUED (submitted, not yet taken), RUNNING (taken by a worker or a caller,
    // or being cancelled), or the Thread that claimed it. A single CAS checks owner and state at once.
    private static final Object FREE = new StateName("free");
    private static final Object QUEUED = new StateName("queued");
    private static final Object RUNNING = new StateName("running");

    private static final int ACCEPTING = 0;
    private static final int SHUTDOWN = 1;
    private static final int STOP = 2;

    /** States are 16 references apart (64 bytes or more), so producers and workers do not share their lines. */
    private static final int STATE_PADDING_SHIFT = 4;
    private static final int MAX_PADDED_STATES = 1 << 16;

    /** Slots in which waiting claimers register so that recycling can unpark them. */
    private static final int WAITER_SLOTS = 16;
    /** A waiter that found no slot polls at this interval instead of waiting to be woken. */
    private static final long UNREGISTERED_WAITER_PARK_NANOS = 100_000;
    /**
     * {@link IdleStrategy#PARK} re-checks the queue this many times with {@code Thread.onSpinWait()} (well under a
     * microsecond to a few microseconds, by CPU), then {@link #PARK_YIELDS} times with {@code Thread.yield()}, before
     * it parks. The yields matter most: when threads outnumber cores, a spinning worker holds the core the producer
     * needs, while a yielding one hands it over and is still awake when the next job comes, so a producer that
     * submits jobs back to back need not wake a worker (an unpark system call) each time the queue runs dry. On a
     * 2-core machine, 100 spins and no yield cost 650-1300 ns per job in WorkerPoolBenchmark, 20 and 20 cost ~380.
     * An idle pool still parks within some tens of microseconds (a yield with nothing else to run returns at once).
     */
    private static final int PARK_SPINS = 20;
    /** See {@link #PARK_SPINS}. */
    private static final int PARK_YIELDS = 20;
    private static final int BACKOFF_SPINS = 2_000;
    private static final int BACKOFF_YIELDS = 50;
    /** A shut-down worker re-checks at this interval whether a caller-run job or a take-back has ended. */
    private static final long OUTSIDE_RUNS_POLL_NANOS = 50_000;

    private final Object[] jobs;
    private final JobIndex index;
    /** Slot {@code i}'s state is at {@code i << stateShift}: one cache line per state, unless that is too big. */
    private final AtomicReferenceArray<Object> states;
    private final int stateShift;
    private final MpmcAtomicArrayQueue<J> freeJobs;
    private final MpmcAtomicArrayQueue<J> queuedJobs;
    private final Consumer<? super J> resetAction;
    private final JobHandler<? super J> handler;
    private final JobErrorHandler<? super J> errorHandler;
    private final Backpressure backpressure;
    private final long waitTimeoutNanos;
    private final IdleStrategy idleStrategy;
    private final Worker<J>[] workers;

    private final AtomicInteger runState = new AtomicInteger(ACCEPTING);
    private final AtomicInteger idleWorkers = new AtomicInteger();
    /**
     * Workers that found the queue empty and are spinning on it (not parked, not running a job). While one is, a
     * producer need not wake anybody: that worker takes the job, or re-checks the queue when it stops searching and
     * passes a wake-up on (see {@link #stopSearching}). This saves an unpark system call per job whenever the
     * workers keep up with the producers.
     */
    private final AtomicInteger searchingWorkers = new AtomicInteger();
    private final AtomicInteger waitingClaimers = new AtomicInteger();
    /**
     * Threads other than the workers that may be taking or handling queued jobs: a CALLER_RUNS claimer between its
     * announcement and the end of the job it took, and {@link #shutdownNow()} while it takes jobs back. The workers
     * do not end while it is non-zero, so termination means every accepted job has been counted.
     */
    private final AtomicInteger outsideRuns = new AtomicInteger();
    /** Serialises {@link #shutdownNow()}; private, so no user code can hold it. */
    private final Object shutdownNowLock = new Object();
    private final AtomicReferenceArray<Thread> claimWaiters = new AtomicReferenceArray<>(WAITER_SLOTS);

    /**
     * Tests only: run by a worker that found the queue empty, just before it announces that it parks, so a test can
     * submit in the window where a missing re-check would lose the wake-up. The worker still counts as searching
     * there, so such a submit wakes nobody. Null (one volatile read per park) otherwise.
     */
    volatile Runnable beforeParkAnnouncement;

    /**
     * Tests only: run by a worker between the two steps of its park announcement (counting itself idle and raising
     * its parked flag), so a test can submit where a waker could see one step without the other. Null otherwise.
     */
    volatile Runnable midParkAnnouncement;

    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong notRun = new AtomicLong();
    // Apart, so that completed() and failed() are sums of counters that only grow, and never go down between reads.
    private final AtomicLong callerCompleted = new AtomicLong();
    private final AtomicLong callerFailed = new AtomicLong();

    private ConcurrentWorkerPool(final Builder<J> b) {
        final int capacity = b.capacity;
        jobs = new Object[capacity];
        for (int i = 0; i < capacity; i++) {
            jobs[i] = Objects.requireNonNull(b.factory.get(), "the job factory returned null");
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
        resetAction = b.resetAction;
        handler = b.handler;
        errorHandler = b.errorHandler != null ? b.errorHandler : JobErrorHandler.reportToStderr();
        backpressure = b.backpressure;
        waitTimeoutNanos = b.waitTimeoutNanos;
        idleStrategy = b.idleStrategy;
        @SuppressWarnings("unchecked")
        final Worker<J>[] made = (Worker<J>[]) new Worker<?>[b.workers];
        workers = made;
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker<>(this);
        }
        for (int i = 0; i < workers.length; i++) {
            final Thread t = b.threadFactory != null ? b.threadFactory.newThread(workers[i])
                : new Thread(workers[i], b.threadNamePrefix + i);
            if (t == null) {
                throw new IllegalStateException("the thread factory returned null");
            }
            if (b.threadFactory == null) {
                t.setDaemon(b.daemon);
            }
            workers[i].thread = t;
        }
    }

    /**
     * Starts building a pool of {@link Resettable} jobs: each job's {@link Resettable#reset()} is its reset action.
     *
     * @param factory makes the job objects, all of them when the pool is built; each must be a distinct object.
     * @param handler processes every job.
     * @param <J>     the job type.
     * @return a builder with the defaults: 1 worker, 1024 jobs, {@link Backpressure#WAIT} with a 10 s timeout,
     *     {@link IdleStrategy#PARK}, threads named {@code hotpath-worker-N}, not daemons.
     */
    public static <J extends Resettable> Builder<J> builder(
        final Supplier<? extends J> factory, final JobHandler<? super J> handler) {
        return new Builder<>(factory, Resettable::reset, handler);
    }

    /**
     * Starts building a pool of jobs reset by the given action.
     *
     * @param factory     makes the job objects, all of them when the pool is built; each must be a distinct object.
     * @param resetAction returns a handled job to its freshly built state (see {@link Resettable}'s contract).
     * @param handler     processes every job.
     * @param <J>         the job type.
     * @return a builder with the defaults of {@link #builder(Supplier, JobHandler)}.
     */
    public static <J> Builder<J> builder(
        final Supplier<? extends J> factory, final Consumer<? super J> resetAction,
        final JobHandler<? super J> handler) {
        return new Builder<>(factory, resetAction, handler);
    }

    private void start() {
        try {
            for (final Worker<J> w : workers) {
                w.thread.start();
            }
        } catch (final RuntimeException | Error e) {
            shutdownNow(); // the caller never gets this pool: the workers already started must not run for ever
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Producer side

    /**
     * Claims a free job object, reset to its freshly built state, for the calling thread to fill and then
     * {@linkplain #submit(Object) submit} or {@linkplain #cancel(Object) cancel}. When every job object is in flight,
     * the pool's {@link Backpressure} policy decides: wait (up to the wait timeout), give up, or run a queued job on
     * this thread first.
     *
     * @return a job owned by the calling thread, or {@code null} if the pool pushed back (rejected, or the wait
     *     timed out, or the calling thread was interrupted while waiting: its interrupt status is kept); each
     *     {@code null} is counted in {@link #rejected()}.
     * @throws IllegalStateException if the pool has been shut down.
     */
    public J claim() {
        final int slot = claimSlot();
        return slot < 0 ? null : job(slot);
    }

    /** Claims a job for the calling thread; returns its slot, or -1 (counted) if the pool pushed back. */
    private int claimSlot() {
        if (runState.get() != ACCEPTING) {
            throw shutDown("claim");
        }
        J job = freeJobs.poll();
        if (job == null) {
            job = backpressure == Backpressure.REJECT ? null : awaitFreeJob(backpressure == Backpressure.CALLER_RUNS);
            if (job == null) {
                rejected.getAndIncrement();
                return -1;
            }
        }
        // Polling the free queue gave this thread the job exclusively: a plain release store marks it as ours.
        final int slot = index.slotOf(job);
        states.lazySet(st(slot), Thread.currentThread());
        return slot;
    }

    /**
     * Submits a job claimed by the calling thread: a worker will handle it, reset it and recycle it.
     *
     * @param job a job the calling thread {@linkplain #claim() claimed} and has not submitted or cancelled yet.
     * @throws NullPointerException     if {@code job} is null.
     * @throws IllegalArgumentException if {@code job} is not one of this pool's job objects.
     * @throws IllegalStateException    if the calling thread does not hold the job (not claimed, claimed by another
     *                                  thread, already submitted, or recycled since), or if the pool has been shut
     *                                  down (the job is then reset and recycled without running).
     */
    public void submit(final J job) {
        submitSlot(job, slotOf(job, "submit"));
    }

    private void submitSlot(final J job, final int slot) {
        if (!states.compareAndSet(st(slot), Thread.currentThread(), QUEUED)) {
            throw notHeld("submit", slot);
        }
        if (runState.get() != ACCEPTING) {
            // The job is not accepted: give it back, so that a late submit cannot leak a job object. It leaves the
            // QUEUED state first: shutdownNow() and the workers wait while a job is QUEUED, and the reset action is
            // user code that may call shutdownNow() or close() itself.
            states.set(st(slot), RUNNING);
            recycle(job, slot);
            throw shutDown("submit");
        }
        // The queue's producer index counts accepted submits (submitted()); it moves before the job can be taken.
        if (!queuedJobs.offer(job)) {
            throw new IllegalStateException("internal error: the job queue is full, but it holds every job");
        }
        // Dekker with Worker.park() and stopSearching(): the offer's CAS of the producer index precedes these reads in
        // the synchronization order, as a worker's decrement of searchingWorkers precedes its look at the queue and an
        // idle worker's increment precedes its re-check: one of the two sides sees the other. A worker counted as
        // searching here decrements later, so it (or the last searcher after it) sees this job if still queued.
        if (searchingWorkers.get() == 0 && idleWorkers.get() > 0) {
            wakeOneWorker();
        }
    }

    /**
     * Called by a worker that stops searching (it took a job, or it is about to park): the last searcher to stop
     * takes over the wake-ups that producers skipped while it searched, so a job queued beside a parked worker wakes
     * it, e.g. for fan-in handlers where one job waits for another.
     */
    private void stopSearching() {
        if (searchingWorkers.decrementAndGet() == 0 && idleWorkers.get() > 0 && !queuedJobs.isEmpty()) {
            wakeOneWorker();
        }
    }

    /**
     * Claims a job, fills it with {@code translator} and submits it, without a capturing lambda: pass a method
     * reference or a non-capturing lambda and the data as {@code arg}, as with the Disruptor's translators.
     *
     * @param translator fills the job from the argument (on the calling thread).
     * @param arg        the data for the job.
     * @param <A>        the argument type.
     * @return true if the job was submitted, false if the pool pushed back (see {@link #claim()}).
     * @throws IllegalStateException if the pool has been shut down.
     * @throws RuntimeException      whatever the translator throws (any {@code Throwable}, even a checked exception
     *                               thrown sneakily); the job is then cancelled, not submitted.
     */
    public <A> boolean submit(final BiConsumer<? super J, ? super A> translator, final A arg) {
        final int slot = claimSlot();
        if (slot < 0) {
            return false;
        }
        final J job = job(slot);
        try {
            translator.accept(job, arg);
        } catch (final Throwable e) { // also a checked exception thrown sneakily (Lombok, Kotlin): never leak the job
            cancelSlot(job, slot);
            throw e;
        }
        submitSlot(job, slot);
        return true;
    }

    /**
     * Claims a job, fills it with {@code translator} from a primitive argument (nothing boxed) and submits it.
     *
     * @param translator fills the job from the argument (on the calling thread).
     * @param arg        the data for the job.
     * @return true if the job was submitted, false if the pool pushed back (see {@link #claim()}).
     * @throws IllegalStateException if the pool has been shut down.
     * @throws RuntimeException      whatever the translator throws (any {@code Throwable}, even a checked exception
     *                               thrown sneakily); the job is then cancelled, not submitted.
     */
    public boolean submit(final ObjLongConsumer<? super J> translator, final long arg) {
        final int slot = claimSlot();
        if (slot < 0) {
            return false;
        }
        final J job = job(slot);
        try {
            translator.accept(job, arg);
        } catch (final Throwable e) { // also a checked exception thrown sneakily (Lombok, Kotlin): never leak the job
            cancelSlot(job, slot);
            throw e;
        }
        submitSlot(job, slot);
        return true;
    }

    /**
     * Gives back a claimed job without submitting it: the job is reset and becomes free. Allowed after shutdown.
     *
     * @param job a job the calling thread claimed and has not submitted.
     * @throws NullPointerException     if {@code job} is null.
     * @throws IllegalArgumentException if {@code job} is not one of this pool's job objects.
     * @throws IllegalStateException    if the calling thread does not hold the job.
     */
    public void cancel(final J job) {
        cancelSlot(job, slotOf(job, "cancel"));
    }

    private void cancelSlot(final J job, final int slot) {
        if (!states.compareAndSet(st(slot), Thread.currentThread(), RUNNING)) {
            throw notHeld("cancel", slot);
        }
        recycle(job, slot);
    }

    private J awaitFreeJob(final boolean callerRuns) {
        final Thread me = Thread.currentThread();
        final long deadline = System.nanoTime() + waitTimeoutNanos;
        int slot = -1;
        for (int i = 0; i < WAITER_SLOTS; i++) {
            if (claimWaiters.get(i) == null && claimWaiters.compareAndSet(i, null, me)) {
                slot = i;
                break;
            }
        }
        // Dekker with recycle(): this increment precedes the re-check of the free queue below, as recycling's offer
        // precedes its read of waitingClaimers.
        waitingClaimers.getAndIncrement();
        try {
            for (;;) {
                // Shut down first: a claimer woken by shutdown() must not take a job freed at the same moment.
                if (runState.get() != ACCEPTING) {
                    throw shutDown("claim");
                }
                final J job = freeJobs.poll();
                if (job != null) {
                    return job;
                }
                if (me.isInterrupted()) {
                    return null; // before running a queued job: a handler must not start with a stray interrupt
                }
                if (callerRuns && runQueuedJobOnCaller()) {
                    continue;
                }
                final long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return null;
                }
                LockSupportParking.parkNanos(this,
                    slot < 0 ? Math.min(remaining, UNREGISTERED_WAITER_PARK_NANOS) : remaining);
            }
        } finally {
            waitingClaimers.getAndDecrement();
            if (slot >= 0) {
                claimWaiters.set(slot, null);
            }
        }
    }

    /**
     * CALLER_RUNS: takes one queued job and runs it on the calling thread, unless the pool is shut down. Announced in
     * {@link #outsideRuns} before the shut-down check (Dekker with a worker's exit check, which reads runState
     * before outsideRuns): either the worker sees this run and waits for it, or this thread sees the shutdown and
     * takes nothing.
     *
     * @return true if a job ran.
     */
    private boolean runQueuedJobOnCaller() {
        outsideRuns.getAndIncrement();
        try {
            if (runState.get() != ACCEPTING) {
                return false;
            }
            final J queued = queuedJobs.poll();
            if (queued == null) {
                return false;
            }
            runJob(queued, null);
            return true;
        } finally {
            outsideRuns.getAndDecrement();
        }
    }

    private void wakeOneWorker() {
        for (final Worker<J> w : workers) {
            if (w.tryWake()) {
                return;
            }
        }
    }

    private void wakeClaimers() {
        for (int i = 0; i < WAITER_SLOTS; i++) {
            final Thread t = claimWaiters.get(i);
            if (t != null) {
                LockSupportParking.unpark(t);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Running and recycling

    /** Runs one job taken from the queue; {@code worker} is null when a claimer runs it. */
    private void runJob(final J job, final Worker<J> worker) {
        final int slot = index.slotOf(job);
        states.lazySet(st(slot), RUNNING);
        boolean ok = true;
        try {
            handler.handle(job);
        } catch (final Throwable t) {
            ok = false;
            report(job, t);
        }
        try {
            resetAction.accept(job);
        } catch (final Throwable t) {
            if (ok) {
                ok = false;
                report(job, t);
            }
        }
        release(job, slot);
        if (worker != null) {
            worker.count(ok);
        } else if (ok) {
            callerCompleted.getAndIncrement();
        } else {
            callerFailed.getAndIncrement();
        }
    }

    /** Resets a job that was not run and makes it free. */
    private void recycle(final J job, final int slot) {
        try {
            resetAction.accept(job);
        } catch (final Throwable t) {
            report(job, t);
        }
        release(job, slot);
    }

    private void release(final J job, final int slot) {
        states.lazySet(st(slot), FREE);
        freeJobs.offer(job);
        if (waitingClaimers.get() > 0) {
            wakeClaimers();
        }
    }

    private void report(final J job, final Throwable error) {
        try {
            errorHandler.onError(job, error);
        } catch (final Throwable ignored) {
            // A faulty error handler must not kill a worker; the failure is counted all the same.
        }
    }

    private boolean anyJobQueued() {
        for (int i = 0; i < jobs.length; i++) {
            if (states.get(st(i)) == QUEUED) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Shutdown

    /**
     * Stops accepting: later {@link #claim()} and {@link #submit} calls throw {@link IllegalStateException}, waiting
     * claimers are woken and throw it too. The workers run every job accepted so far, then end. Returns at once;
     * {@link #awaitTermination(long, TimeUnit)} waits. Calling it again has no effect.
     */
    public void shutdown() {
        runState.compareAndSet(ACCEPTING, SHUTDOWN);
        for (final Worker<J> w : workers) {
            LockSupportParking.unpark(w.thread);
        }
        wakeClaimers();
    }

    /**
     * Stops accepting, interrupts the workers (each ends after its current job, whose handler sees the interrupt)
     * and takes back every accepted job that no thread has started: each is reset and recycled without running,
     * and counted in {@link #notRun()}. Returns once they are all taken back; it does not wait for running jobs
     * ({@link #awaitTermination(long, TimeUnit)} does).
     *
     * @return how many accepted jobs this call took back without running them.
     */
    public long shutdownNow() {
        synchronized (shutdownNowLock) {
            // Announced before STOP: the workers end only once this take-back has counted every job it took.
            outsideRuns.getAndIncrement();
            try {
                runState.set(STOP);
                for (final Worker<J> w : workers) {
                    w.thread.interrupt();
                }
                wakeClaimers();
                long count = 0;
                for (;;) {
                    final J job = queuedJobs.poll();
                    if (job != null) {
                        final int slot = index.slotOf(job);
                        states.lazySet(st(slot), RUNNING);
                        recycle(job, slot);
                        notRun.getAndIncrement();
                        count++;
                    } else if (anyJobQueued()) {
                        // An accepted submit is between its state change and its offer: it is never blocked there.
                        Thread.yield();
                    } else {
                        return count;
                    }
                }
            } finally {
                outsideRuns.getAndDecrement();
            }
        }
    }

    /**
     * Waits until every worker has ended (after {@link #shutdown()} or {@link #shutdownNow()}), or the timeout.
     *
     * @param timeout the longest time to wait.
     * @param unit    its unit.
     * @return true if every worker has ended, false if the timeout elapsed first.
     * @throws InterruptedException if the calling thread is interrupted while waiting.
     */
    public boolean awaitTermination(final long timeout, final TimeUnit unit) throws InterruptedException {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (final Worker<J> w : workers) {
            final long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                TimeUnit.NANOSECONDS.timedJoin(w.thread, remaining);
            }
            if (w.thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Shuts down and waits up to the wait timeout for every accepted job to run; if they have not by then, shuts
     * down now (see {@link #shutdownNow()}) and waits up to the wait timeout again. Never hangs for longer. With a
     * wait timeout of zero this is {@link #shutdown()} followed at once by {@link #shutdownNow()}: queued jobs are
     * taken back, not run. Called on a worker (from a handler or reset action), it only shuts down and returns:
     * a worker cannot wait for itself, and the workers still run every accepted job.
     */
    @Override
    public void close() {
        shutdown();
        if (isWorkerThread(Thread.currentThread())) {
            return; // a handler cannot wait for its own worker to end: the workers run the accepted jobs, then end
        }
        try {
            if (!awaitTermination(waitTimeoutNanos, TimeUnit.NANOSECONDS)) {
                shutdownNow();
                awaitTermination(waitTimeoutNanos, TimeUnit.NANOSECONDS);
            }
        } catch (final InterruptedException e) {
            shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private boolean isWorkerThread(final Thread t) {
        for (final Worker<J> w : workers) {
            if (w.thread == t) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@link #shutdown()} or {@link #shutdownNow()} has been called.
     *
     * @return true once the pool no longer accepts jobs.
     */
    public boolean isShutdown() {
        return runState.get() != ACCEPTING;
    }

    /**
     * Whether every worker has ended.
     *
     * @return true once the pool is shut down and its workers have ended.
     */
    public boolean isTerminated() {
        for (final Worker<J> w : workers) {
            if (w.thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Metrics: each read allocates nothing and may be called from any thread at any time.

    /**
     * Jobs accepted by {@link #submit}.
     *
     * @return the number of accepted jobs.
     */
    public long submitted() {
        return queuedJobs.currentProducerIndex();
    }

    /**
     * Jobs handled without failure, by workers and (with {@link Backpressure#CALLER_RUNS}) by claimers.
     *
     * @return the number of jobs completed.
     */
    public long completed() {
        long n = callerCompleted.get();
        for (final Worker<J> w : workers) {
            n += w.completed();
        }
        return n;
    }

    /**
     * Jobs whose handler (or reset action) threw.
     *
     * @return the number of failed jobs.
     */
    public long failed() {
        long n = callerFailed.get();
        for (final Worker<J> w : workers) {
            n += w.failed();
        }
        return n;
    }

    /**
     * Times a worker parked because the queue was empty: a measure of how often the pool goes idle (each park costs
     * a wake-up of a few microseconds on the next submit; {@link IdleStrategy#BACKOFF} trades CPU for fewer).
     *
     * @return the number of times the workers parked.
     */
    public long parks() {
        long n = 0;
        for (final Worker<J> w : workers) {
            n += w.parks();
        }
        return n;
    }

    /**
     * Claims that returned {@code null}: rejected at once, or timed out while waiting.
     *
     * @return the number of pushed-back claims.
     */
    public long rejected() {
        return rejected.get();
    }

    /**
     * Jobs handled (completed or failed) by a claiming thread under {@link Backpressure#CALLER_RUNS}.
     *
     * @return the number of jobs run on a caller's thread.
     */
    public long ranOnCaller() {
        return callerCompleted.get() + callerFailed.get();
    }

    /**
     * Accepted jobs that {@link #shutdownNow()} took back without running.
     *
     * @return the number of jobs that did not run.
     */
    public long notRun() {
        return notRun.get();
    }

    /**
     * Jobs submitted and not yet taken by a worker (a moment's estimate under concurrent use).
     *
     * @return the current queue depth.
     */
    public int queueDepth() {
        return queuedJobs.size();
    }

    /**
     * Job objects not free: claimed, queued or being handled (a moment's estimate under concurrent use).
     *
     * @return the number of job objects in flight.
     */
    public int inFlight() {
        return jobs.length - freeJobs.size();
    }

    /**
     * The number of job objects.
     *
     * @return the capacity the pool was built with.
     */
    public int capacity() {
        return jobs.length;
    }

    /**
     * The worker threads, for monitoring (thread dumps, per-thread allocation); do not interrupt them except to
     * cancel a blocked handler.
     *
     * @return a new array of the worker threads.
     */
    public Thread[] workerThreads() {
        final Thread[] threads = new Thread[workers.length];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = workers[i].thread;
        }
        return threads;
    }

    @Override
    public String toString() {
        return "ConcurrentWorkerPool[workers=" + workers.length + ", capacity=" + jobs.length + ", backpressure="
            + backpressure + ", idle=" + idleStrategy + ", submitted=" + submitted() + ", completed=" + completed()
            + ", failed=" + failed() + ", rejected=" + rejected() + ", ranOnCaller=" + ranOnCaller()
            + ", notRun=" + notRun() + ", queueDepth=" + queueDepth() + ", inFlight=" + inFlight()
            + (isShutdown() ? ", shut down" : "") + "]";
    }

    // ------------------------------------------------------------------------------------------------------------

    private int st(final int slot) {
        return slot << stateShift;
    }

    @SuppressWarnings("unchecked")
    private J job(final int slot) {
        return (J) jobs[slot];
    }

    private int slotOf(final J job, final String what) {
        Objects.requireNonNull(job, "job");
        final int slot = index.slotOf(job);
        if (slot < 0) {
            throw new IllegalArgumentException("cannot " + what + " " + describe(job)
                + ": it is not a job of this pool (jobs must come from claim())");
        }
        return slot;
    }

    private IllegalStateException notHeld(final String what, final int slot) {
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

    private IllegalStateException shutDown(final String what) {
        return new IllegalStateException("cannot " + what + ": the worker pool has been shut down");
    }

    private static String describe(final Object job) {
        return job.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(job));
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

    /** One worker thread's loop and its own counters (written only by it, read by anyone). */
    private static final class Worker<J> implements Runnable {
        static final VarHandle COMPLETED;
        static final VarHandle FAILED;
        static final VarHandle PARKED;
        static final VarHandle PARKS;

        static {
            try {
                final MethodHandles.Lookup lookup = MethodHandles.lookup();
                COMPLETED = lookup.findVarHandle(Worker.class, "completed", long.class);
                FAILED = lookup.findVarHandle(Worker.class, "failed", long.class);
                PARKED = lookup.findVarHandle(Worker.class, "parked", int.class);
                PARKS = lookup.findVarHandle(Worker.class, "parks", long.class);
            } catch (final ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final ConcurrentWorkerPool<J> pool;
        Thread thread;
        @SuppressWarnings("unused") // through COMPLETED
        private long completed;
        @SuppressWarnings("unused") // through FAILED
        private long failed;
        @SuppressWarnings("unused") // through PARKED
        private int parked;
        @SuppressWarnings("unused") // through PARKS
        private long parks;
        /** Whether this worker counts itself in searchingWorkers; only its own thread reads and writes it. */
        private boolean searching;

        Worker(final ConcurrentWorkerPool<J> pool) {
            this.pool = pool;
        }

        @Override
        public void run() {
            final ConcurrentWorkerPool<J> p = pool;
            final MpmcAtomicArrayQueue<J> queue = p.queuedJobs;
            final AtomicInteger runState = p.runState;
            final AtomicInteger outsideRuns = p.outsideRuns;
            int idleRounds = 0;
            for (;;) {
                final int state = runState.get();
                if (state == STOP) {
                    // shutdownNow() takes the queued jobs back; end once it (and any caller-run job) is done.
                    if (outsideRuns.get() == 0) {
                        endSearch();
                        return;
                    }
                    awaitOutsideRuns();
                    continue;
                }
                final J job = queue.poll();
                if (job != null) {
                    idleRounds = 0;
                    endSearch(); // may pass a wake-up on: more jobs queued than this worker takes
                    // As ThreadPoolExecutor: an interrupt aimed at an earlier handler must not reach this one,
                    // unless it is shutdownNow()'s (runState is STOP before it interrupts).
                    if (Thread.interrupted() && runState.get() == STOP) {
                        thread.interrupt();
                    }
                    p.runJob(job, this);
                } else if (state != ACCEPTING && !p.anyJobQueued()) {
                    // Shut down and every accepted job taken; end once no caller still runs one (read after
                    // runState: Dekker with runQueuedJobOnCaller()).
                    if (outsideRuns.get() == 0) {
                        endSearch();
                        return;
                    }
                    awaitOutsideRuns();
                } else {
                    if (!searching) {
                        searching = true;
                        p.searchingWorkers.getAndIncrement(); // before the next poll: producers may now skip waking
                    }
                    idleRounds = idle(idleRounds, state);
                }
            }
        }

        /** Leaves the searching state, if in it, taking over any wake-up a producer skipped meanwhile. */
        private void endSearch() {
            if (searching) {
                searching = false;
                pool.stopSearching();
            }
        }

        /** Waits a little for a caller-run job or shutdownNow()'s take-back; the pool is shut down, so no hurry. */
        private void awaitOutsideRuns() {
            Thread.interrupted(); // the pool is shut down: an interrupt would only turn this wait into spinning
            LockSupportParking.parkNanos(pool, OUTSIDE_RUNS_POLL_NANOS);
        }

        void count(final boolean ok) {
            // Only this worker writes its counters: a release store (a plain store on x86) publishes the job's
            // handling to whoever reads the count with an acquire load.
            if (ok) {
                COMPLETED.setRelease(this, (long) COMPLETED.getOpaque(this) + 1);
            } else {
                FAILED.setRelease(this, (long) FAILED.getOpaque(this) + 1);
            }
        }

        long completed() {
            return (long) COMPLETED.getAcquire(this);
        }

        long failed() {
            return (long) FAILED.getAcquire(this);
        }

        long parks() {
            return (long) PARKS.getOpaque(this);
        }

        private int idle(final int rounds, final int state) {
            if (state != ACCEPTING) {
                Thread.yield(); // an accepted submit is between its state change and its offer
                return rounds;
            }
            switch (pool.idleStrategy) {
                case BUSY_SPIN:
                    Thread.onSpinWait();
                    return rounds;
                case BACKOFF:
                    if (rounds < BACKOFF_SPINS) {
                        Thread.onSpinWait();
                        return rounds + 1;
                    }
                    if (rounds < BACKOFF_SPINS + BACKOFF_YIELDS) {
                        Thread.yield();
                        return rounds + 1;
                    }
                    park();
                    return rounds;
                default:
                    if (rounds < PARK_SPINS) {
                        Thread.onSpinWait();
                        return rounds + 1;
                    }
                    if (rounds < PARK_SPINS + PARK_YIELDS) {
                        Thread.yield();
                        return rounds + 1;
                    }
                    park();
                    return rounds;
            }
        }

        private void park() {
            final ConcurrentWorkerPool<J> p = pool;
            final Runnable hook = p.beforeParkAnnouncement;
            if (hook != null) {
                hook.run(); // tests only: opens the lost-wake-up window at will
            }
            // A parked worker is no searcher; a job queued while it searched is seen by the check in stopSearching()
            // (another worker woken) or by the re-check below (this one stays awake).
            endSearch();
            // Count first, then raise the flag: a waker that succeeds on the flag then always decrements this worker's
            // own count, never that of another parked worker. A producer that reads the count before the flag is up
            // wakes nobody, but this worker's re-check below sees its job.
            p.idleWorkers.getAndIncrement();
            final Runnable midHook = p.midParkAnnouncement;
            if (midHook != null) {
                midHook.run(); // tests only
            }
            PARKED.setVolatile(this, 1);
            // Re-check after announcing: a producer that offered before seeing the announcement is seen here.
            if (p.queuedJobs.isEmpty() && p.runState.get() == ACCEPTING) {
                PARKS.setOpaque(this, (long) PARKS.getOpaque(this) + 1);
                LockSupportParking.park(this);
            }
            if (PARKED.compareAndSet(this, 1, 0)) {
                p.idleWorkers.getAndDecrement(); // did not park, or woken by shutdown, an interrupt or spuriously
            }
            if (p.runState.get() == ACCEPTING) {
                Thread.interrupted(); // an interrupt aimed at a handler must not turn parking into spinning
            }
        }

        /** Called by a producer: wakes this worker if it is parked (or about to park). */
        boolean tryWake() {
            if ((int) PARKED.getVolatile(this) == 1 && PARKED.compareAndSet(this, 1, 0)) {
                pool.idleWorkers.getAndDecrement();
                LockSupportParking.unpark(thread);
                return true;
            }
            return false;
        }
    }

    /**
     * Builds a {@link ConcurrentWorkerPool}. Not thread-safe; {@link #build()} may be called more than once and makes
     * a new pool, with new jobs and threads, each time.
     *
     * @param <J> the job type.
     */
    public static final class Builder<J> {
        private final Supplier<? extends J> factory;
        private final Consumer<? super J> resetAction;
        private final JobHandler<? super J> handler;
        private int workers = 1;
        private int capacity = 1024;
        private Backpressure backpressure = Backpressure.WAIT;
        private long waitTimeoutNanos = DEFAULT_WAIT_TIMEOUT_NANOS;
        private IdleStrategy idleStrategy = IdleStrategy.PARK;
        private JobErrorHandler<? super J> errorHandler;
        private ThreadFactory threadFactory;
        private String threadNamePrefix = "hotpath-worker-";
        private boolean daemon;

        private Builder(
            final Supplier<? extends J> factory, final Consumer<? super J> resetAction,
            final JobHandler<? super J> handler) {
            this.factory = Objects.requireNonNull(factory, "factory");
            this.resetAction = Objects.requireNonNull(resetAction, "resetAction");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /**
         * The number of worker threads.
         *
         * @param count 1 to 32 768.
         * @return this builder.
         */
        public Builder<J> workers(final int count) {
            if (count < 1 || count > 32_768) {
                throw new IllegalArgumentException("workers must be in [1, 32768]: " + count);
            }
            this.workers = count;
            return this;
        }

        /**
         * The number of job objects, all made by the factory when the pool is built: the most jobs that can be in
         * flight (claimed, queued or being handled) at once.
         *
         * @param jobs 1 to 2<sup>24</sup>.
         * @return this builder.
         */
        public Builder<J> capacity(final int jobs) {
            if (jobs < 1 || jobs > (1 << 24)) {
                throw new IllegalArgumentException("capacity must be in [1, 2^24]: " + jobs);
            }
            this.capacity = jobs;
            return this;
        }

        /**
         * What {@link ConcurrentWorkerPool#claim()} does when every job object is in flight.
         *
         * @param policy the backpressure policy; default {@link Backpressure#WAIT}.
         * @return this builder.
         */
        public Builder<J> backpressure(final Backpressure policy) {
            this.backpressure = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The longest a claim waits for a free job object under {@link Backpressure#WAIT} (and
         * {@link Backpressure#CALLER_RUNS} when nothing is queued); also the bound of each of the two waits of
         * {@link ConcurrentWorkerPool#close()}.
         *
         * @param timeout the longest wait, zero or more; default 10 seconds.
         * @param unit    its unit.
         * @return this builder.
         */
        public Builder<J> waitTimeout(final long timeout, final TimeUnit unit) {
            if (timeout < 0) {
                throw new IllegalArgumentException("wait timeout must be >= 0: " + timeout);
            }
            this.waitTimeoutNanos = unit.toNanos(timeout);
            return this;
        }

        /**
         * What idle workers do.
         *
         * @param strategy the idle strategy; default {@link IdleStrategy#PARK}.
         * @return this builder.
         */
        public Builder<J> idleStrategy(final IdleStrategy strategy) {
            this.idleStrategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * Where failures of the handler and the reset action go.
         *
         * @param onError the error handler; default {@link JobErrorHandler#reportToStderr()}.
         * @return this builder.
         */
        public Builder<J> errorHandler(final JobErrorHandler<? super J> onError) {
            this.errorHandler = Objects.requireNonNull(onError, "onError");
            return this;
        }

        /**
         * Makes the worker threads (not started; the pool starts them). Overrides the name prefix and daemon flag.
         *
         * @param factory the thread factory.
         * @return this builder.
         */
        public Builder<J> threadFactory(final ThreadFactory factory) {
            this.threadFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Names the worker threads {@code prefix + index}.
         *
         * @param prefix the name prefix; default {@code "hotpath-worker-"}.
         * @return this builder.
         */
        public Builder<J> threadNamePrefix(final String prefix) {
            this.threadNamePrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Whether the worker threads are daemon threads. Default false: a JVM does not exit while accepted jobs may
         * still be waiting to run.
         *
         * @param on true for daemon threads.
         * @return this builder.
         */
        public Builder<J> daemon(final boolean on) {
            this.daemon = on;
            return this;
        }

        /**
         * Makes the job objects, starts the workers and returns the running pool.
         *
         * @return a new pool.
         * @throws IllegalArgumentException if the factory returns the same object twice.
         * @throws NullPointerException     if the factory returns null.
         */
        public ConcurrentWorkerPool<J> build() {
            final ConcurrentWorkerPool<J> pool = new ConcurrentWorkerPool<>(this);
            pool.start();
            return pool;
        }
    }
}
