package io.github.hotpath.pool;

import io.github.hotpath.core.Durations;
import io.github.hotpath.core.JmxRegistration;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Configures a {@link ConcurrentObjectPool}; start from {@link ConcurrentObjectPool#builder(Supplier, Consumer)} or
 * {@link ConcurrentObjectPool#builder(Supplier)}.
 *
 * <pre>{@code
 * ConcurrentObjectPool<RequestContext> pool = ConcurrentObjectPool.builder(RequestContext::new)
 *     .maxIdle(256)
 *     .retainedSizeCap(RequestContext::retainedCapacity, 4_096)
 *     .build();
 * }</pre>
 *
 * <h2>What happens when the pool is empty</h2>
 * One of three, named by the verb every hotpath component uses: {@link #whenEmptyCreate()} (the default: build a
 * new object and count a miss), {@link #whenEmptyReject(int)} (with a bound on live objects: the caller gets
 * {@link ConcurrentObjectPool#NO_HANDLE}, or an exception from {@link ConcurrentObjectPool#acquire()}, and it is
 * counted) and {@link #whenEmptyWait(int, Duration)} (with a bound: wait up to a timeout for a release). The last
 * call wins.
 *
 * <h2>Thread-safety and allocation</h2>
 * Not thread-safe; build once, at start-up. {@link #build()} allocates the pool's structures (the idle queue at its
 * full capacity); it builds no pooled object, except the reference object of
 * {@link #verifyResetAgainstFresh(BiPredicate)}.
 *
 * @param <T> the type of the pooled objects.
 */
public final class PoolBuilder<T> {
    final Supplier<? extends T> factory;
    final Consumer<? super T> reset;
    int maxIdle = 64;
    EmptyPolicy whenEmpty = EmptyPolicy.CREATE;
    int maxTotal = HandleCodec.MAX_SLOTS;
    long waitNanos;
    boolean threadCache = true;
    ToLongFunction<? super T> sizeOf;
    long maxRetainedSize = Long.MAX_VALUE;
    boolean strict;
    Predicate<? super T> resetCheck;
    BiPredicate<? super T, ? super T> equivalence;
    int leakSampleEvery = 64;
    Consumer<? super Throwable> leakListener = site -> System.getLogger(ConcurrentObjectPool.class.getName())
        .log(System.Logger.Level.WARNING, "leaked pooled object", site);

    String name;
    boolean jmx;

    /** Numbers the pools built without a name, for their default names. */
    private static final AtomicInteger UNNAMED = new AtomicInteger();

    PoolBuilder(final Supplier<? extends T> factory, final Consumer<? super T> reset) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.reset = Objects.requireNonNull(reset, "reset");
    }

    /**
     * How many idle objects the shared queue retains; default 64. Any positive count is accepted: the queue needs a
     * power of two, so the pool rounds the count up (to at least 2), and never beyond the 2^20 objects a pool can
     * hold; {@link PoolMetrics#idleCapacity()} reports the capacity applied. Each platform thread's cache may hold
     * one more. The queue is allocated at its full capacity by {@link #build()}.
     *
     * @param count at least 1.
     * @return this builder.
     * @throws IllegalArgumentException if {@code count} is less than 1.
     */
    public PoolBuilder<T> maxIdle(final int count) {
        this.maxIdle = idleCapacity(count);
        return this;
    }

    /**
     * When empty, build a new object and count a miss (the default). The number of live objects is unbounded
     * (up to the 2^20 a pool can hold), the number of idle ones is bounded by {@link #maxIdle(int)}.
     *
     * @return this builder.
     */
    public PoolBuilder<T> whenEmptyCreate() {
        this.whenEmpty = EmptyPolicy.CREATE;
        this.maxTotal = HandleCodec.MAX_SLOTS;
        this.waitNanos = 0;
        return this;
    }

    /**
     * When empty, build a new object only while fewer than {@code maxTotal} are alive; otherwise reject at once:
     * {@link ConcurrentObjectPool#tryAcquire()} returns {@link ConcurrentObjectPool#NO_HANDLE},
     * {@link ConcurrentObjectPool#acquire()} throws {@link PoolExhaustedException}, and the rejection is counted in
     * {@link PoolMetrics#exhausted()}. Turns the per-thread cache off: an idle object parked in one thread's cache
     * could not be given to another thread.
     *
     * @param maxTotal the most objects alive at once, at least 1; a count over the 2^20 objects a pool can hold
     *                 means 2^20 ({@link PoolMetrics#maxTotal()} reports the bound applied).
     * @return this builder.
     * @throws IllegalArgumentException if {@code maxTotal} is less than 1.
     */
    public PoolBuilder<T> whenEmptyReject(final int maxTotal) {
        this.whenEmpty = EmptyPolicy.REJECT;
        this.maxTotal = requireTotal(maxTotal);
        this.waitNanos = 0;
        return this;
    }

    /**
     * When empty, build a new object only while fewer than {@code maxTotal} are alive; otherwise wait up to
     * {@code timeout} for one to be released, then reject as {@link #whenEmptyReject(int)} does. Waiters poll with
     * the pool's {@link io.github.hotpath.core.Backoff} (short spins and yields, then parks of at most 50 µs), so
     * they suit a saturated pool, not a hot path. Turns the per-thread cache off. A waiter polls once more after its
     * last park before giving up; an interrupted waiter gives up at once (its interrupt status kept, and
     * {@link ConcurrentObjectPool#acquire()}'s exception says so).
     *
     * @param maxTotal the most objects alive at once, at least 1; over 2^20 means 2^20, as for
     *                 {@link #whenEmptyReject(int)}.
     * @param timeout  how long an acquisition may wait, zero or more; a timeout too long to count in nanoseconds
     *                 (over 292 years) waits for ever.
     * @return this builder.
     * @throws IllegalArgumentException if {@code maxTotal} is less than 1 or {@code timeout} is negative.
     * @throws NullPointerException     if {@code timeout} is null.
     */
    public PoolBuilder<T> whenEmptyWait(final int maxTotal, final Duration timeout) {
        final long nanos = Durations.requireTimeoutNanos("timeout", timeout);
        this.maxTotal = requireTotal(maxTotal);
        this.whenEmpty = EmptyPolicy.WAIT;
        this.waitNanos = nanos;
        return this;
    }

    /**
     * Whether platform threads keep a one-object cache in front of the shared queue (default true; always off
     * with a bounded policy, where an object parked in one thread's cache could not reach a waiting thread). Turning
     * it off trades single-thread speed for one shared idle store. Virtual threads never get a cache of their own:
     * they use a fixed set of one-object cells, shared by all threads, in every configuration.
     *
     * @param enabled true to use the per-thread cache.
     * @return this builder.
     */
    public PoolBuilder<T> threadCache(final boolean enabled) {
        this.threadCache = enabled;
        return this;
    }

    /**
     * Drops a released object whose size after reset is over {@code maxSize}, instead of keeping an object that
     * once grew large for ever. Counted in {@link PoolMetrics#droppedOversize()}.
     *
     * @param sizeOf  measures a reset object (for example the capacity of its containers); must not allocate.
     * @param maxSize the largest size retained, zero or more.
     * @return this builder.
     * @throws IllegalArgumentException if {@code maxSize} is negative.
     * @throws NullPointerException     if {@code sizeOf} is null.
     */
    public PoolBuilder<T> retainedSizeCap(final ToLongFunction<? super T> sizeOf, final long maxSize) {
        Objects.requireNonNull(sizeOf, "sizeOf");
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative, got " + maxSize);
        }
        this.sizeOf = sizeOf;
        this.maxRetainedSize = maxSize;
        return this;
    }

    /**
     * Strict mode, for tests and staging (default off; when off, it costs one predictable branch on a final field).
     * It adds to what every mode catches (see {@link ConcurrentObjectPool}): every reset object is verified
     * ({@link #verifyReset(Predicate)} or {@link #verifyResetAgainstFresh(BiPredicate)}), and sampled acquisitions
     * record their acquiring stack ({@link #leakSampling(int)}), so that a lease collected unreleased is reported as
     * a leak and {@link PoolAssertions} names the sites of unreleased handles.
     *
     * @param enabled true for strict mode.
     * @return this builder.
     */
    public PoolBuilder<T> strict(final boolean enabled) {
        this.strict = enabled;
        return this;
    }

    /**
     * In strict mode, checks every object after its reset; a dirty object is dropped and the release throws.
     *
     * @param isClean true when the object is as freshly built.
     * @return this builder.
     */
    public PoolBuilder<T> verifyReset(final Predicate<? super T> isClean) {
        this.resetCheck = Objects.requireNonNull(isClean, "isClean");
        this.equivalence = null;
        return this;
    }

    /**
     * In strict mode, compares every object after its reset with one fresh object built by the factory when
     * the pool is built; a dirty object is dropped and the release throws.
     *
     * @param equivalent {@code (fresh, reset)} true when the reset object is equivalent to the fresh one.
     * @return this builder.
     */
    public PoolBuilder<T> verifyResetAgainstFresh(final BiPredicate<? super T, ? super T> equivalent) {
        this.equivalence = Objects.requireNonNull(equivalent, "equivalent");
        this.resetCheck = null;
        return this;
    }

    /**
     * In strict mode, samples one acquisition in {@code every} (default 64; 1 samples all, 0 none): a sampled
     * acquisition, handle or lease, records its acquiring stack (a {@code Throwable}); a sampled lease also
     * registers with a {@link java.lang.ref.Cleaner} and is reported as a leak if collected unreleased, and a
     * sampled handle still outstanding is reported with that stack by {@link PoolAssertions}.
     *
     * @param every sample one acquisition in this many; 0 turns leak detection off.
     * @return this builder.
     * @throws IllegalArgumentException if {@code every} is negative.
     */
    public PoolBuilder<T> leakSampling(final int every) {
        if (every < 0) {
            throw new IllegalArgumentException("leakSampling must not be negative, got " + every);
        }
        this.leakSampleEvery = every;
        return this;
    }

    /**
     * Receives each leak report (a {@code Throwable} whose stack is the acquiring site); by default logged at
     * WARNING through {@link System.Logger}. Runs on the cleaner thread.
     *
     * @param listener the leak listener.
     * @return this builder.
     */
    public PoolBuilder<T> onLeak(final Consumer<? super Throwable> listener) {
        this.leakListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * The pool's name: its JMX {@code name} key, its Micrometer {@code name} tag, and part of its {@code toString()}.
     * Give each pool of a service its own, stable name (a dashboard keys on it).
     *
     * @param poolName non-empty, without {@code , = : " * ?}, control characters or line breaks; default
     *                 {@code object-pool-N}, N counting the pools built without a name in this JVM (1, 2, ...),
     *                 which depends on build order.
     * @return this builder.
     * @throws NullPointerException     if {@code poolName} is null.
     * @throws IllegalArgumentException if {@code poolName} is empty or holds a reserved character.
     */
    public PoolBuilder<T> name(final String poolName) {
        this.name = JmxRegistration.requireName("name", poolName);
        return this;
    }

    /**
     * Whether {@link #build()} registers the pool on the platform MBean server as an {@link ObjectPoolMXBean} named
     * {@code io.github.hotpath:type=ObjectPool,name=<name>}; {@link ConcurrentObjectPool#close()} unregisters it.
     * Needs only the JDK (see {@link JmxRegistration} for modular applications).
     *
     * @param on true to register; default false.
     * @return this builder.
     */
    public PoolBuilder<T> jmx(final boolean on) {
        this.jmx = on;
        return this;
    }

    /** The name given, or the next default one. */
    String nameOrDefault() {
        return name != null ? name : "object-pool-" + UNNAMED.incrementAndGet();
    }

    /**
     * Builds the pool. With strict mode and {@link #verifyResetAgainstFresh(BiPredicate)}, calls the factory once
     * for the reference object.
     *
     * @return a new, empty pool.
     * @throws IllegalStateException with {@link #jmx(boolean) jmx(true)}, if a bean of the same name is already
     *                               registered.
     */
    public ConcurrentObjectPool<T> build() {
        return new ConcurrentObjectPool<>(this);
    }

    private static int requireTotal(final int maxTotal) {
        if (maxTotal < 1) {
            throw new IllegalArgumentException("maxTotal must be at least 1, got " + maxTotal);
        }
        return Math.min(maxTotal, HandleCodec.MAX_SLOTS);
    }

    /** The shared queue's capacity for {@code count} idle objects: a power of two from 2 to 2^20. */
    static int idleCapacity(final int count) {
        if (count < 1) {
            throw new IllegalArgumentException("maxIdle must be at least 1, got " + count);
        }
        final int clamped = Math.max(2, Math.min(count, HandleCodec.MAX_SLOTS));
        return Integer.highestOneBit(clamped - 1) << 1;
    }
}
