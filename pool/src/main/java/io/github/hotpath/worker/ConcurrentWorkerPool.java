package io.github.hotpath.worker;

import io.github.hotpath.core.BackgroundWork;
import io.github.hotpath.core.Backoff;
import io.github.hotpath.core.Durations;
import io.github.hotpath.core.JmxRegistration;
import io.github.hotpath.core.Resettable;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
 * try (ConcurrentWorkerPool<Order> pool = ConcurrentWorkerPool.builder(Order::new, order -> book.apply(order))
 *         .workers(2).capacity(1024).whenFullWait(Duration.ofSeconds(1)).build()) {
 *     Order order = pool.claim();          // a free, reset job object; null if the pool pushed back
 *     if (order != null) {
 *         order.fill(request);
 *         pool.submit(order);              // a worker will handle it, reset it and recycle it
 *     }
 *     pool.submit(Order::fill, request);   // the same, without a capturing lambda (false if pushed back)
 * }                                        // close(): runs every accepted job, then the workers end
 * }</pre>
 *
 * <h2>Life of a job</h2>
 * The factory makes {@link WorkerPoolBuilder#capacity(int) capacity} job objects when the pool is built. A producer
 * {@linkplain #claim() claims} a free one, fills it and {@linkplain #submit(Object) submits} it (or gives it back
 * unsubmitted with {@link #cancel(Object)}); a worker takes it from a bounded queue, calls the handler, resets it
 * (with the reset action, or {@link Resettable#reset()}) and makes it free again. When every job object is in
 * flight (claimed, queued or being handled), the pool waits, rejects or makes the caller run queued work, as the
 * builder's {@code whenFull...} method said.
 *
 * <h2>Thread-safety</h2>
 * Every method may be called from any thread. A claimed job belongs to the thread that claimed it: only that
 * thread may {@linkplain #submit(Object) submit} or {@linkplain #cancel(Object) cancel} it, and nobody may touch it
 * after that. The handler runs concurrently on the workers (and, with {@link WorkerPoolBuilder#whenFullCallerRuns()},
 * on claiming threads). A handler may itself claim and submit jobs of the same pool, but when the pool is full it
 * then waits for (or runs jobs of) its own pool: keep the wait timeout short in that case.
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
 * A handler that throws does not kill its worker: the failure is counted ({@link WorkerPoolMetrics#failed()}),
 * passed to the {@link JobErrorHandler} (default: {@link JobErrorHandler#reportToStderr()}, rate-limited), and the
 * job is reset and recycled as usual. A reset action that throws is reported the same way and counts the job as
 * failed; the job, perhaps half reset, is then replaced by a new one from the factory, so that what it held never
 * reaches the next claimer (a stale reference to it is refused as not a job of this pool). If the factory throws
 * too, that is reported as well and the job is recycled as the reset left it.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown()} stops accepting and lets the workers run every accepted job, then end;
 * {@link #shutdownNow()} also interrupts the workers, which end after their current job, and takes back every
 * queued job without running it (counted in {@link WorkerPoolMetrics#notRun()}). {@link #awaitTermination(Duration)}
 * waits for the workers to end; they end only after every accepted job has been handled or taken back, including a
 * job still running on a caller-runs claimer and the take-back of a {@code shutdownNow()} in progress on another
 * thread. Once terminated, {@code submitted == completed + failed + notRun}: no accepted job is lost silently.
 * A claimed job belongs to its claimer until submitted or cancelled: if the claiming thread dies holding it, that
 * job object stays in flight for ever (the pool has one fewer job; nothing accepted is lost). The workers are daemon
 * threads by default and every pool registers an exit hook, so a program that forgets {@link #close()} still exits
 * and still runs what it accepted (see {@link WorkerPoolBuilder#daemon(boolean)}).
 *
 * <h2>Allocation</h2>
 * Building the pool allocates the job objects, the queues and the threads. After that, claiming, submitting,
 * handing over, parking and waking idle workers or waiting claimers, recycling and {@link #awaitSettled(Duration)}
 * allocate nothing on platform threads, and neither do rejections and wait timeouts (a {@code null} return); what the
 * handler and the reset action allocate is their own. {@link #metrics()} allocates its snapshot record;
 * {@link #backgroundThreads()} a list; the exceptions thrown on misuse or after shutdown, {@link #shutdownNow()}'s
 * interrupts, {@link #toString()} and the default error handler's printing allocate. On a virtual thread (JDK 21+),
 * claiming and submitting while a job object is free allocate nothing either (measured over the carrier threads);
 * but a claimer that must wait parks, and parking a virtual thread allocates in the JDK (its continuation and timer:
 * about 120 bytes per wait on JDK 25, whole JVM, measured by {@code VirtualThreadSubmitAllocationTest}, for a thread
 * that has parked before; a thread's first park also freezes its stack into a new chunk of about 1 to 2 KB, so on
 * thread-per-request, where every waiting request is a new thread, each wait costs that; the same wait on a platform
 * thread allocates nothing), as does a worker made by a virtual-thread factory each time it parks. Size the capacity
 * so that requests rarely wait (docs/virtual-threads.md in the repository).
 *
 * <h2>Memory effects</h2>
 * Everything a producer wrote to a job before {@link #submit(Object)} (or in the translator of
 * {@link #submit(BiConsumer, Object)}) <em>happens-before</em> the handler reads it. Everything the handler and the
 * reset action wrote to the job <em>happens-before</em> the job is returned by a later {@link #claim()}. Handling a
 * job happens-before a {@link #metrics()} snapshot that counts it, and happens-before a
 * {@link #awaitSettled(Duration)} that returns {@code true}.
 *
 * <p>Note: departing from {@code java.util.concurrent.ExecutorService}, there are no futures and no per-task
 * objects; a full pool answers with a return value ({@code null} or {@code false}), never a
 * {@code RejectedExecutionException}; and the workers are daemon threads drained by an exit hook.
 *
 * <p>Design: this class is the facade; the parts are package-private, one idea each: {@code JobSlots} (job states
 * and the claim/submit CAS), {@code JobSubmitter} (the producer side: claim under the full policy, submit,
 * cancel), {@code ClaimWaiters} (waiting claimers and their wake-up), {@code Worker} and
 * {@code IdleWorkers} (the worker loop, and the producer/worker park handshake), {@code JobRunner} (handler, reset,
 * error handler), {@code Lifecycle}, {@code RunState} and {@code ExitHook} (shutdown, termination, settling),
 * {@code PoolCounters} (metrics) and {@code WorkerPoolJmx} (the opt-in MXBean); {@link WorkerPoolMeterBinder} binds
 * the metrics to Micrometer.
 *
 * @param <J> the job type.
 */
public final class ConcurrentWorkerPool<J> implements AutoCloseable, BackgroundWork {
    /** The default {@linkplain WorkerPoolBuilder#waitTimeout(Duration) wait timeout}: 10 seconds. */
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(10);
    /** The default {@linkplain WorkerPoolBuilder#closeTimeout(Duration) close timeout}: 30 seconds. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The default idling: 20 {@code Thread.onSpinWait()}, then 20 {@code Thread.yield()}, then park until a submit
     * wakes the worker (re-checking once a minute, a safety net that costs nothing). The yields matter most: when
     * threads outnumber cores, a spinning worker holds the core the producer needs, while a yielding one hands it
     * over and is still awake when the next job comes, so a producer that submits jobs back to back need not wake a
     * worker (an unpark system call) each time the queue runs dry. On a 2-core machine, 100 spins and no yield cost
     * 650-1300 ns per job in {@code WorkerPoolBenchmark}, 20 and 20 about 380. An idle pool still parks within some
     * tens of microseconds (a yield with nothing else to run returns at once).
     */
    public static final Backoff IDLE_DEFAULT =
        Backoff.spinYieldPark(20, 20, Duration.ofMinutes(1), Duration.ofMinutes(1));

    /**
     * Lower hand-off latency after short idle gaps, at the price of some CPU: 2,000 spins and 50 yields before
     * parking as {@link #IDLE_DEFAULT} does; an idle pool still ends up parked.
     */
    public static final Backoff IDLE_LOW_LATENCY =
        Backoff.spinYieldPark(2_000, 50, Duration.ofMinutes(1), Duration.ofMinutes(1));

    private final JobSlots<J> slots;
    private final RunState runState;
    private final JobSubmitter<J> submitter;
    private final PoolCounters counters;
    private final Worker<J>[] workers;
    private final Lifecycle<J> lifecycle;
    private final FullPolicy whenFull;
    private final long waitTimeoutNanos;
    private final Backoff idleBackoff;
    private final String name;
    /** The JMX registration, or null; unregistered by {@link #close()}. */
    private final JmxRegistration jmx;

    private ConcurrentWorkerPool(final WorkerPoolBuilder<J> b) {
        slots = new JobSlots<>(b.factory, b.capacity);
        runState = new RunState();
        final ClaimWaiters waiters = new ClaimWaiters();
        counters = new PoolCounters();
        final JobRunner<J> runner = new JobRunner<>(b.handler, b.resetAction,
            b.errorHandler != null ? b.errorHandler : JobErrorHandler.reportToStderr(), slots, waiters, runState,
            counters);
        whenFull = b.whenFull;
        waitTimeoutNanos = b.waitTimeoutNanos;
        idleBackoff = b.idle;
        @SuppressWarnings("unchecked")
        final Worker<J>[] made = (Worker<J>[]) new Worker<?>[b.workers];
        workers = made;
        final IdleWorkers idle = new IdleWorkers(made, slots, runState);
        submitter = new JobSubmitter<>(slots, runState, idle, waiters, runner, counters, whenFull, waitTimeoutNanos);
        final ExitHook exitHook = new ExitHook(this::closeAtExit, b.threadNamePrefix + "exit-hook", made.length);
        for (int i = 0; i < made.length; i++) {
            made[i] = new Worker<>(slots, runState, idle, runner, b.idle, exitHook);
            made[i].bind(b.newWorkerThread(made, i));
        }
        lifecycle = new Lifecycle<>(made, slots, runState, idle, waiters, runner, counters, exitHook,
            b.closeTimeoutNanos);
        name = b.nameOrDefault();
        // Last, before any worker starts: a name already taken fails the build with nothing to stop.
        jmx = b.jmx ? JmxRegistration.register("WorkerPool", name, WorkerPoolMXBean.class, new WorkerPoolJmx(this))
            : null;
    }

    static <J> ConcurrentWorkerPool<J> start(final WorkerPoolBuilder<J> b) {
        final ConcurrentWorkerPool<J> pool = new ConcurrentWorkerPool<>(b);
        try {
            pool.lifecycle.start();
        } catch (final RuntimeException | Error e) {
            pool.unregister();
            throw e;
        }
        return pool;
    }

    private void closeAtExit() {
        lifecycle.closeAtExit();
    }

    /**
     * Starts building a pool of {@link Resettable} jobs: each job's {@link Resettable#reset()} is its reset action.
     *
     * @param factory makes the job objects, all of them when the pool is built; each must be a distinct object.
     * @param handler processes every job.
     * @param <J>     the job type.
     * @return a builder with the defaults listed in {@link WorkerPoolBuilder}.
     * @throws NullPointerException if an argument is null.
     */
    public static <J extends Resettable> WorkerPoolBuilder<J> builder(
        final Supplier<? extends J> factory, final JobHandler<? super J> handler) {
        return new WorkerPoolBuilder<>(factory, Resettable::reset, handler);
    }

    /**
     * Starts building a pool of jobs reset by the given action.
     *
     * @param factory     makes the job objects, all of them when the pool is built; each must be a distinct object.
     * @param resetAction returns a handled job to its freshly built state (see {@link Resettable}'s contract).
     * @param handler     processes every job.
     * @param <J>         the job type.
     * @return a builder with the defaults listed in {@link WorkerPoolBuilder}.
     * @throws NullPointerException if an argument is null.
     */
    public static <J> WorkerPoolBuilder<J> builder(
        final Supplier<? extends J> factory, final Consumer<? super J> resetAction,
        final JobHandler<? super J> handler) {
        return new WorkerPoolBuilder<>(factory, resetAction, handler);
    }

    // ---- Producer side ----

    /**
     * Claims a free job object, reset to its freshly built state, for the calling thread to fill and then
     * {@linkplain #submit(Object) submit} or {@linkplain #cancel(Object) cancel}. When every job object is in flight,
     * the builder's {@code whenFull...} policy decides: wait (up to the wait timeout), give up, or run a queued job
     * on this thread first.
     *
     * @return a job owned by the calling thread, or {@code null} if the pool pushed back (rejected, or the wait
     *     timed out, or the calling thread was interrupted while waiting: its interrupt status is kept); each
     *     {@code null} is counted in {@link WorkerPoolMetrics#rejected()}.
     * @throws IllegalStateException if the pool has been shut down.
     */
    public J claim() {
        final int slot = submitter.claim();
        return slot < 0 ? null : slots.job(slot);
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
        submitter.submit(slots.slotOf(job, "submit"));
    }

    /**
     * Claims a job, fills it with {@code translator} and submits it, without a capturing lambda: pass a method
     * reference or a non-capturing lambda and the data as {@code arg}, as with the Disruptor's translators.
     *
     * @param translator fills the job from the argument (on the calling thread).
     * @param arg        the data for the job; may be null if the translator accepts it.
     * @param <A>        the argument type.
     * @return true if the job was submitted, false if the pool pushed back (see {@link #claim()}).
     * @throws NullPointerException  if {@code translator} is null.
     * @throws IllegalStateException if the pool has been shut down.
     * @throws RuntimeException      whatever the translator throws (any {@code Throwable}, even a checked exception
     *                               thrown sneakily); the job is then cancelled, not submitted.
     */
    public <A> boolean submit(final BiConsumer<? super J, ? super A> translator, final A arg) {
        Objects.requireNonNull(translator, "translator");
        final int slot = submitter.claim();
        if (slot < 0) {
            return false;
        }
        try {
            translator.accept(slots.job(slot), arg);
        } catch (final Throwable e) { // also a checked exception thrown sneakily (Lombok, Kotlin): never leak the job
            submitter.cancel(slot);
            throw e;
        }
        submitter.submit(slot);
        return true;
    }

    /**
     * Claims a job, fills it with {@code translator} from a primitive argument (nothing boxed) and submits it.
     *
     * @param translator fills the job from the argument (on the calling thread).
     * @param arg        the data for the job.
     * @return true if the job was submitted, false if the pool pushed back (see {@link #claim()}).
     * @throws NullPointerException  if {@code translator} is null.
     * @throws IllegalStateException if the pool has been shut down.
     * @throws RuntimeException      whatever the translator throws (any {@code Throwable}, even a checked exception
     *                               thrown sneakily); the job is then cancelled, not submitted.
     */
    public boolean submit(final ObjLongConsumer<? super J> translator, final long arg) {
        Objects.requireNonNull(translator, "translator");
        final int slot = submitter.claim();
        if (slot < 0) {
            return false;
        }
        try {
            translator.accept(slots.job(slot), arg);
        } catch (final Throwable e) { // also a checked exception thrown sneakily (Lombok, Kotlin): never leak the job
            submitter.cancel(slot);
            throw e;
        }
        submitter.submit(slot);
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
        submitter.cancel(slots.slotOf(job, "cancel"));
    }

    // ---- Shutdown, termination, settling ----

    /**
     * Stops accepting: later {@link #claim()} and {@link #submit} calls throw {@link IllegalStateException}, waiting
     * claimers are woken and throw it too. The workers run every job accepted so far, then end. Returns at once;
     * {@link #awaitTermination(Duration)} waits. Calling it again has no effect.
     */
    public void shutdown() {
        lifecycle.shutdown();
    }

    /**
     * Stops accepting, interrupts the workers (each ends after its current job, whose handler sees the interrupt)
     * and takes back every accepted job that no thread has started: each is reset and recycled without running,
     * and counted in {@link WorkerPoolMetrics#notRun()}. Returns once they are all taken back; it does not wait for
     * running jobs ({@link #awaitTermination(Duration)} does).
     *
     * @return how many accepted jobs this call took back without running them.
     */
    public long shutdownNow() {
        return lifecycle.shutdownNow();
    }

    /**
     * Waits until every worker has ended (after {@link #shutdown()} or {@link #shutdownNow()}), or the timeout.
     * Called from a handler (on one of this pool's workers, or on a claimer running a queued job under
     * {@link WorkerPoolBuilder#whenFullCallerRuns()}), returns {@code false} at once: the pool cannot end while that
     * handler runs.
     *
     * @param timeout the longest time to wait; zero checks without waiting; saturates at about 292 years.
     * @return true if every worker has ended, false if the timeout elapsed first.
     * @throws InterruptedException     if the calling thread is interrupted while waiting.
     * @throws NullPointerException     if {@code timeout} is null.
     * @throws IllegalArgumentException if {@code timeout} is negative.
     */
    public boolean awaitTermination(final Duration timeout) throws InterruptedException {
        return lifecycle.awaitTermination(Durations.requireTimeoutNanos("timeout", timeout));
    }

    /**
     * Shuts down and waits up to the {@linkplain WorkerPoolBuilder#closeTimeout(Duration) close timeout} (30 s by
     * default) for every accepted job to run; if they have not by then, shuts down now (see {@link #shutdownNow()})
     * and waits up to the close timeout again. Never hangs for longer. With a close timeout of zero this is
     * {@link #shutdown()} followed at once by {@link #shutdownNow()}: queued jobs are taken back, not run. Called from
     * a handler or reset action (on a worker, or on a claimer running a queued job under
     * {@link WorkerPoolBuilder#whenFullCallerRuns()}), it only shuts down and returns: it cannot wait for its own job,
     * and the workers still run every accepted job. Calling it again is harmless. Unregisters the pool's MXBean, if
     * {@link WorkerPoolBuilder#jmx(boolean)} registered one.
     */
    @Override
    public void close() {
        try {
            lifecycle.close();
        } finally {
            unregister();
        }
    }

    private void unregister() {
        if (jmx != null) {
            jmx.close();
        }
    }

    /**
     * Whether {@link #shutdown()} or {@link #shutdownNow()} has been called.
     *
     * @return true once the pool no longer accepts jobs.
     */
    public boolean isShutdown() {
        return !runState.accepting();
    }

    /**
     * Whether every worker has ended.
     *
     * @return true once the pool is shut down and its workers have ended.
     */
    public boolean isTerminated() {
        return lifecycle.isTerminated();
    }

    /**
     * The worker threads, for monitoring (thread dumps, per-thread allocation); do not interrupt them except to
     * cancel a blocked handler.
     *
     * @return a new, unmodifiable list of the worker threads, in worker order.
     */
    @Override
    public List<Thread> backgroundThreads() {
        final Thread[] threads = new Thread[workers.length];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = workers[i].thread();
        }
        return List.of(threads);
    }

    /**
     * Waits until every job accepted before this call has been completed, failed or counted as not run, or the
     * timeout passes; jobs accepted during the call may be waited for too. Allocates nothing on platform threads.
     * Called from a handler (on one of this pool's workers, or on a claimer running a queued job under
     * {@link WorkerPoolBuilder#whenFullCallerRuns()}), returns {@code false} at once: its own job is not done.
     *
     * @param timeout how long to wait at most; zero checks without waiting; saturates at about 292 years.
     * @return true if everything accepted before the call was done within the timeout.
     * @throws InterruptedException     if the calling thread is interrupted while waiting.
     * @throws NullPointerException     if {@code timeout} is null.
     * @throws IllegalArgumentException if {@code timeout} is negative.
     */
    @Override
    public boolean awaitSettled(final Duration timeout) throws InterruptedException {
        return lifecycle.awaitSettled(Durations.requireTimeoutNanos("timeout", timeout));
    }

    // ---- Metrics ----

    /**
     * The pool's name, as {@link WorkerPoolBuilder#name(String)} gave it or by default {@code worker-pool-N}: the
     * {@code name} of its JMX ObjectName and of its Micrometer tag.
     *
     * @return the name.
     */
    public String name() {
        return name;
    }

    /**
     * A snapshot of the pool's counters. Cheap: it reads each counter once and writes nothing the pool's threads
     * read; it allocates only the record.
     *
     * @return the counters now.
     */
    public WorkerPoolMetrics metrics() {
        return counters.snapshot(slots, workers);
    }

    @Override
    public String toString() {
        final WorkerPoolMetrics m = metrics();
        return "ConcurrentWorkerPool[" + name + ", workers=" + m.workers() + ", capacity=" + m.capacity()
            + ", whenFull=" + whenFull
            + (whenFull == FullPolicy.REJECT ? "" : " " + Duration.ofNanos(waitTimeoutNanos)) + ", idle=" + idleBackoff
            + ", submitted=" + m.submitted() + ", completed=" + m.completed() + ", failed=" + m.failed()
            + ", rejected=" + m.rejected() + ", ranOnCaller=" + m.ranOnCaller() + ", notRun=" + m.notRun()
            + ", queueDepth=" + m.queueDepth() + ", inFlight=" + m.inFlight() + (isShutdown() ? ", shut down" : "")
            + "]";
    }
}
