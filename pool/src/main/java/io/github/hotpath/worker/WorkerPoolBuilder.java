package io.github.hotpath.worker;

import io.github.hotpath.core.Backoff;
import io.github.hotpath.core.Durations;
import io.github.hotpath.core.JmxRegistration;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Builds a {@link ConcurrentWorkerPool}; start from {@link ConcurrentWorkerPool#builder(Supplier, JobHandler)}.
 * Every argument is checked when it is given: a bad one throws at once, naming the parameter and the value, never
 * an obscure error later.
 *
 * <p>Defaults: 1 worker, 1024 jobs, {@linkplain #whenFullWait(Duration) wait} up to 10 seconds when full,
 * {@link ConcurrentWorkerPool#IDLE_DEFAULT} idling, threads named {@code hotpath-worker-N}, daemon threads with an
 * exit hook that drains the pool (see {@link #daemon(boolean)}), failures reported to stderr (rate-limited), named
 * {@code worker-pool-N}, not registered with JMX.
 *
 * <h2>Thread-safety and allocation</h2>
 * Not thread-safe: configure it on one thread. {@link #build()} may be called more than once and makes a new pool,
 * with new jobs and threads, each time.
 *
 * @param <J> the job type.
 */
public final class WorkerPoolBuilder<J> {
    /** The most worker threads a pool may have. */
    public static final int MAX_WORKERS = 32_768;
    /** The most job objects a pool may have: 2<sup>24</sup>. */
    public static final int MAX_CAPACITY = 1 << 24;

    final Supplier<? extends J> factory;
    final Consumer<? super J> resetAction;
    final JobHandler<? super J> handler;
    int workers = 1;
    int capacity = 1024;
    FullPolicy whenFull = FullPolicy.WAIT;
    long waitTimeoutNanos = Durations.requireTimeoutNanos("waitTimeout", ConcurrentWorkerPool.DEFAULT_WAIT_TIMEOUT);
    long closeTimeoutNanos =
        Durations.requireTimeoutNanos("closeTimeout", ConcurrentWorkerPool.DEFAULT_CLOSE_TIMEOUT);
    Backoff idle = ConcurrentWorkerPool.IDLE_DEFAULT;
    JobErrorHandler<? super J> errorHandler;
    ThreadFactory threadFactory;
    String threadNamePrefix = "hotpath-worker-";
    boolean daemon = true;
    String name;
    boolean jmx;

    /** Numbers the pools built without a name, for their default names. */
    private static final AtomicInteger UNNAMED = new AtomicInteger();

    WorkerPoolBuilder(final Supplier<? extends J> factory, final Consumer<? super J> resetAction,
                      final JobHandler<? super J> handler) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.resetAction = Objects.requireNonNull(resetAction, "resetAction");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * The number of worker threads.
     *
     * @param count 1 to {@value #MAX_WORKERS}; default 1.
     * @return this builder.
     * @throws IllegalArgumentException if {@code count} is out of range.
     */
    public WorkerPoolBuilder<J> workers(final int count) {
        if (count < 1 || count > MAX_WORKERS) {
            throw new IllegalArgumentException("workers must be in [1, " + MAX_WORKERS + "], got " + count);
        }
        this.workers = count;
        return this;
    }

    /**
     * The number of job objects, all made by the factory when the pool is built: the most jobs that can be in
     * flight (claimed, queued or being handled) at once. Any count in range is used as given (no rounding).
     *
     * @param jobs 1 to {@value #MAX_CAPACITY}; default 1024. {@link #build()} also refuses a count whose
     *             structures would not fit in the heap: about 200 bytes a job up to 65,536 jobs (each job's state
     *             has a cache line of its own), about 72 above, the job objects not included.
     * @return this builder.
     * @throws IllegalArgumentException if {@code jobs} is out of range.
     */
    public WorkerPoolBuilder<J> capacity(final int jobs) {
        if (jobs < 1 || jobs > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be in [1, " + MAX_CAPACITY + "], got " + jobs);
        }
        this.capacity = jobs;
        return this;
    }

    /**
     * When every job object is in flight, a claim waits for one to be freed, up to {@code timeout}; then it gives up:
     * {@code claim()} returns {@code null}, a translator {@code submit} returns {@code false}, counted in
     * {@link WorkerPoolMetrics#rejected()}. The default, with 10 seconds. Also sets the {@linkplain
     * #waitTimeout(Duration) wait timeout} to {@code timeout}.
     *
     * @param timeout the longest wait; zero gives up at once, {@code Duration.ofSeconds(Long.MAX_VALUE)} waits for
     *                ever (every timeout saturates at about 292 years).
     * @return this builder.
     * @throws NullPointerException     if {@code timeout} is null.
     * @throws IllegalArgumentException if {@code timeout} is negative.
     */
    public WorkerPoolBuilder<J> whenFullWait(final Duration timeout) {
        this.waitTimeoutNanos = Durations.requireTimeoutNanos("timeout", timeout);
        this.whenFull = FullPolicy.WAIT;
        return this;
    }

    /**
     * When every job object is in flight, a claim gives up at once: {@code claim()} returns {@code null}, a
     * translator {@code submit} returns {@code false}, counted in {@link WorkerPoolMetrics#rejected()}. No
     * exception object is made.
     *
     * @return this builder.
     */
    public WorkerPoolBuilder<J> whenFullReject() {
        this.whenFull = FullPolicy.REJECT;
        return this;
    }

    /**
     * When every job object is in flight, the claiming thread takes the oldest queued job and runs the handler on
     * it itself (counted in {@link WorkerPoolMetrics#ranOnCaller()}), which frees a job object, and tries again; if
     * nothing is queued either (every job is being handled or held by claimers), it waits as
     * {@link #whenFullWait(Duration)} does, up to the {@linkplain #waitTimeout(Duration) wait timeout}.
     *
     * <p>Note: unlike {@code ThreadPoolExecutor.CallerRunsPolicy}, which runs the task being submitted, the caller
     * runs a job that is already queued: with pre-allocated jobs there is no free object to fill until one is
     * recycled. The effect on the producer is the same: it slows to the speed of the consumers. A handler that
     * submits to its own pool may so run other jobs nested in its own call, at most one level per job object.
     *
     * @return this builder.
     */
    public WorkerPoolBuilder<J> whenFullCallerRuns() {
        this.whenFull = FullPolicy.CALLER_RUNS;
        return this;
    }

    /**
     * The longest a claim waits for a free job object ({@link #whenFullWait(Duration)}, and
     * {@link #whenFullCallerRuns()} when nothing is queued). It does not bound {@link ConcurrentWorkerPool#close()}:
     * see {@link #closeTimeout(Duration)}.
     *
     * @param timeout zero or more; default 10 seconds; saturates as {@link #whenFullWait(Duration)} says.
     * @return this builder.
     * @throws NullPointerException     if {@code timeout} is null.
     * @throws IllegalArgumentException if {@code timeout} is negative.
     */
    public WorkerPoolBuilder<J> waitTimeout(final Duration timeout) {
        this.waitTimeoutNanos = Durations.requireTimeoutNanos("waitTimeout", timeout);
        return this;
    }

    /**
     * How long {@link ConcurrentWorkerPool#close()} (and so the exit hook) waits for the accepted jobs to run before
     * it takes back the ones still queued ({@link ConcurrentWorkerPool#shutdownNow()}, counted as not run), and then
     * again for the running ones to end. Separate from the claim's {@linkplain #waitTimeout(Duration) wait timeout},
     * which a service keeps short to push back on callers, while a close should run a full queue.
     *
     * @param timeout zero or more; default 30 seconds; saturates as {@link #whenFullWait(Duration)} says.
     * @return this builder.
     * @throws NullPointerException     if {@code timeout} is null.
     * @throws IllegalArgumentException if {@code timeout} is negative.
     */
    public WorkerPoolBuilder<J> closeTimeout(final Duration timeout) {
        this.closeTimeoutNanos = Durations.requireTimeoutNanos("closeTimeout", timeout);
        return this;
    }

    /**
     * How a worker that finds the queue empty waits: it spins and yields as the backoff says, and at a step that
     * parks it announces itself so that the next submit wakes it. While a worker spins or yields, a submit wakes
     * nobody (no unpark per job). Presets: {@link ConcurrentWorkerPool#IDLE_DEFAULT},
     * {@link ConcurrentWorkerPool#IDLE_LOW_LATENCY}, {@link Backoff#BUSY_SPIN} (never parks: a core per worker).
     *
     * @param backoff the idle backoff; default {@link ConcurrentWorkerPool#IDLE_DEFAULT}.
     * @return this builder.
     * @throws NullPointerException if {@code backoff} is null.
     */
    public WorkerPoolBuilder<J> idle(final Backoff backoff) {
        this.idle = Objects.requireNonNull(backoff, "backoff");
        return this;
    }

    /**
     * Where failures of the handler and the reset action go.
     *
     * @param onError the error handler; default {@link JobErrorHandler#reportToStderr()} (one per pool).
     * @return this builder.
     * @throws NullPointerException if {@code onError} is null.
     */
    public WorkerPoolBuilder<J> errorHandler(final JobErrorHandler<? super J> onError) {
        this.errorHandler = Objects.requireNonNull(onError, "onError");
        return this;
    }

    /**
     * Makes the worker threads (new, not started: the pool starts them). Overrides the name prefix and the daemon
     * flag: the factory decides both. {@link #build()} refuses a factory that returns null, a started thread or the
     * same thread twice; it cannot tell a thread that ignores the worker it was given, which would never run jobs.
     *
     * @param factory the thread factory.
     * @return this builder.
     * @throws NullPointerException if {@code factory} is null.
     */
    public WorkerPoolBuilder<J> threadFactory(final ThreadFactory factory) {
        this.threadFactory = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /**
     * Names the worker threads {@code prefix + index}.
     *
     * @param prefix the name prefix; default {@code "hotpath-worker-"}.
     * @return this builder.
     * @throws NullPointerException if {@code prefix} is null.
     */
    public WorkerPoolBuilder<J> threadNamePrefix(final String prefix) {
        this.threadNamePrefix = Objects.requireNonNull(prefix, "prefix");
        return this;
    }

    /**
     * Whether the worker threads are daemon threads. Default true: a program that forgets to close the pool still
     * exits, and loses no accepted job, because every pool registers a JVM shutdown hook that closes it (runs the
     * accepted jobs, within the close timeout twice over, as {@link ConcurrentWorkerPool#close()} does) and says on
     * stderr if any did not run; the hook goes away when the pool terminates. A job that itself calls
     * {@code System.exit} is not waited for (its thread waits in the exit for the hook): the hook runs the others.
     * With {@code false}, a program whose {@code main} returns without closing the pool never exits.
     *
     * @param on true for daemon threads.
     * @return this builder.
     */
    public WorkerPoolBuilder<J> daemon(final boolean on) {
        this.daemon = on;
        return this;
    }

    /**
     * The pool's name: its JMX {@code name} key, its Micrometer {@code name} tag, and part of its {@code toString()}.
     * Give each pool of a service its own, stable name (a dashboard keys on it).
     *
     * @param poolName non-empty, without {@code , = : " * ?}, control characters or line breaks; default
     *                 {@code worker-pool-N}, N counting the pools built without a name in this JVM (1, 2, ...),
     *                 which depends on build order.
     * @return this builder.
     * @throws NullPointerException     if {@code poolName} is null.
     * @throws IllegalArgumentException if {@code poolName} is empty or holds a reserved character.
     */
    public WorkerPoolBuilder<J> name(final String poolName) {
        this.name = JmxRegistration.requireName("name", poolName);
        return this;
    }

    /**
     * Whether {@link #build()} registers the pool on the platform MBean server as a {@link WorkerPoolMXBean} named
     * {@code io.github.hotpath:type=WorkerPool,name=<name>}; {@link ConcurrentWorkerPool#close()} unregisters it.
     * A pool shut down but not closed stays registered and shows its final counts. Needs only the JDK (see
     * {@link JmxRegistration} for modular applications).
     *
     * @param on true to register; default false.
     * @return this builder.
     */
    public WorkerPoolBuilder<J> jmx(final boolean on) {
        this.jmx = on;
        return this;
    }

    /** The name given, or the next default one. */
    String nameOrDefault() {
        return name != null ? name : "worker-pool-" + UNNAMED.incrementAndGet();
    }

    /** Makes worker {@code i}'s thread (not started), checking what a thread factory returns. */
    Thread newWorkerThread(final Worker<?>[] made, final int i) {
        if (threadFactory == null) {
            final Thread t = new Thread(made[i], threadNamePrefix + i);
            t.setDaemon(daemon);
            return t;
        }
        final Thread t = threadFactory.newThread(made[i]);
        if (t == null) {
            throw new IllegalArgumentException("the threadFactory returned null for worker " + i);
        }
        if (t.getState() != Thread.State.NEW) {
            throw new IllegalArgumentException("the threadFactory returned a thread already started: " + t);
        }
        for (int k = 0; k < i; k++) {
            if (made[k].thread() == t) {
                throw new IllegalArgumentException("the threadFactory returned the same thread for workers " + k
                    + " and " + i + ": " + t);
            }
        }
        return t;
    }

    /**
     * Makes the job objects, starts the workers and returns the running pool.
     *
     * @return a new pool.
     * @throws NullPointerException     if the job factory returns null.
     * @throws IllegalArgumentException if the job factory returns the same object twice, if the thread factory
     *                                  returns null, a started thread or the same thread twice, or if the capacity
     *                                  cannot fit in the heap.
     * @throws IllegalStateException    with {@link #jmx(boolean) jmx(true)}, if a bean of the same name is already
     *                                  registered (no thread is started then).
     */
    public ConcurrentWorkerPool<J> build() {
        checkHeap(Runtime.getRuntime().maxMemory());
        return ConcurrentWorkerPool.start(this);
    }

    /** Refuses a capacity whose structures need more than {@code maxHeapBytes}, with a message saying so. */
    void checkHeap(final long maxHeapBytes) {
        final long bytes = JobSlots.structureBytes(capacity);
        if (bytes > maxHeapBytes) {
            throw new IllegalArgumentException("capacity " + capacity + " needs about " + (bytes >> 20)
                + " MiB for the pool's own structures, more than the heap's maximum of " + (maxHeapBytes >> 20)
                + " MiB");
        }
    }
}
