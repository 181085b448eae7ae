package io.github.hotpath.pool;

import io.github.hotpath.core.Resettable;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A reset-on-release object pool that any thread may acquire from and any thread may release to.
 *
 * <pre>{@code
 * ConcurrentObjectPool<RequestContext> pool =
 *     ConcurrentObjectPool.forResettable(RequestContext::new).maxIdle(256).build();
 *
 * try (Lease<RequestContext> lease = pool.lease()) {       // try-with-resources
 *     handle(lease.object());
 * }
 *
 * long handle = pool.acquire();                             // or explicit, e.g. across threads
 * RequestContext ctx = pool.object(handle);
 * ...
 * pool.release(handle);                                     // reset here, then reusable
 * }</pre>
 *
 * <h2>How it works</h2>
 * Idle objects wait in a bounded lock-free MPMC queue. In front of it, each platform thread keeps a one-object
 * cache, so a thread that acquires and releases in turn touches no shared memory at all. Virtual threads (detected
 * at run time on JDK 21+) bypass the cache and use the queue, so no cache grows per virtual thread and they still
 * reuse objects. The pool resets an object on {@linkplain #release(long) release}, on the releasing thread, so an
 * idle object never holds request data. Every object lives in a slot whose <em>generation</em> counts its
 * acquisitions; a handle is {@code (pool tag, generation, slot index)} packed in a {@code long}, so the pool tells
 * the current holder from a stale one without allocating (see {@link PoolMisuseException}).
 *
 * <h2>Policies</h2>
 * <ul>
 *   <li>Idle objects retained: {@link Builder#maxIdle(int)} in the shared queue (rounded up to a power of two), plus
 *       at most one per platform thread in its cache. A released object that does not fit is dropped and counted.
 *       </li>
 *   <li>When empty: create a new object and count a miss (default, {@link Builder#whenEmptyCreate()}); or, with a
 *       bound on live objects, fail fast ({@link Builder#whenEmptyFail(int)}) or wait up to a timeout
 *       ({@link Builder#whenEmptyWait(int, Duration)}). The bounded policies turn the per-thread cache off: an idle
 *       object parked in one thread's cache could not be given to another thread that is waiting for it.</li>
 *   <li>Retained size: {@link Builder#retainedSizeCap(ToLongFunction, long)} drops an object that is still too big
 *       after its reset (the reset itself may shrink it, as {@link RequestContext#reset()} does).</li>
 * </ul>
 *
 * <h2>Thread-safety</h2>
 * Every method may be called from any thread. A handle or lease belongs to one holder at a time; a holder may pass
 * it to another thread (with the usual happens-before hand-off) which then releases it.
 *
 * <h2>Memory effects</h2>
 * Actions of a thread before it releases an object happen-before the reset, and the reset happens-before the actions
 * of the next thread that acquires that object.
 *
 * <h2>Allocation</h2>
 * {@link #acquire()}, {@link #tryAcquire()}, {@link #object(long)}, {@link #release(long)} and {@link #lease()}
 * allocate nothing in steady state, on platform and virtual threads, in the default (non-strict) mode. A miss
 * allocates what the factory builds (and, when the slot table is full, a table twice as large); a thread's first
 * use of the pool allocates its cache cell. {@link #metrics()} allocates its snapshot. Strict mode allocates a lease
 * per {@link #lease()} and, for one acquisition in {@link Builder#leakSampling(int) N} (handles and leases alike), a
 * {@code Throwable} that records the acquiring stack.
 *
 * <h2>Misuse</h2>
 * Double release, stale release (the object was handed out again meanwhile) and handles this pool never issued are
 * rejected with a {@link PoolMisuseException} and counted; the pool and the current holder are unaffected. The one
 * limit: a handle keeps 35 bits of its slot's generation, so a stale release is caught unless its slot was acquired an
 * exact multiple of 2^35 (about 3.4 &times; 10^10) times since the stale handle was issued; then, if the slot's
 * current holder has not released it yet, the stale release is taken for that holder's (see
 * {@link PoolMisuseException.Kind#STALE_RELEASE}). When the user's code throws on a release (the reset action, the
 * strict reset check, the retained-size function, even with a checked exception thrown sneakily), the object is
 * dropped, counted in {@link PoolMetrics#resetFailures()}, and the exception is rethrown; a factory that throws leaves
 * the bound of a bounded pool as it was. <b>Note:</b> unlike {@code java.util} collections,
 * the explicit API works on handles, not on objects: an object reference cannot carry a generation, so a release
 * by object could not tell a stale holder from the current one.
 *
 * @param <T> the type of the pooled objects.
 */
public final class ConcurrentObjectPool<T> {
    /** What {@link #tryAcquire()} returns when a bounded pool has nothing to give; never a valid handle. */
    public static final long NO_HANDLE = -1L;

    /** What a bounded-or-not pool does when no idle object is available. */
    public enum WhenEmpty {
        /** Build a new object with the factory and count a miss. */
        CREATE,
        /** Build one if fewer than the bound are alive, else fail at once. */
        FAIL,
        /** Build one if fewer than the bound are alive, else wait up to a timeout for a release. */
        WAIT
    }

    static final int INDEX_BITS = 20;
    static final int MAX_SLOTS = 1 << INDEX_BITS;
    static final long INDEX_MASK = MAX_SLOTS - 1;
    static final int GENERATION_BITS = 35;
    static final long GENERATION_MASK = (1L << GENERATION_BITS) - 1;
    static final int TAG_SHIFT = INDEX_BITS + GENERATION_BITS;
    static final long TAG_MASK = 0xFF;
    /** Stranded caches of dead threads are looked for on every this-many-th miss (and by the test kit). */
    private static final int RECLAIM_EVERY_MISSES = 64;
    /** How many slots one such look scans (round-robin), to bound the time a miss holds the lock. */
    private static final int RECLAIM_SLOTS_PER_SCAN = 64;
    private static final long WAIT_SLICE_NANOS = 50_000;
    private static final int MAX_LEAK_SITES = 16;
    /** Outcomes of {@link #resetAndPlace(Slot)}. */
    private static final int PLACED = 0;
    private static final int DIRTY = 1;
    private static final int OVERSIZE = 2;
    private static final int NO_ROOM = 3;

    private static final AtomicLong TAGS = new AtomicLong();
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final Supplier<? extends T> factory;
    private final Consumer<? super T> reset;
    private final MpmcAtomicArrayQueue<Slot<T>> idle;
    private final ThreadLocal<CacheCell> cache;
    private final boolean threadCache;
    private final WhenEmpty whenEmpty;
    private final int maxTotal;
    private final long waitNanos;
    private final ToLongFunction<? super T> sizeOf;
    private final long maxRetainedSize;
    private final boolean strict;
    private final Predicate<? super T> resetCheck;
    private final int leakSampleEvery;
    private final Consumer<? super Throwable> leakListener;
    private final long tag;

    private final Object lock = new Object();
    /** The slot table; grown copy-on-write under the lock, read without it. */
    private volatile Slot<T>[] slots;
    private int slotCount;
    private final ArrayDeque<Slot<T>> emptySlots = new ArrayDeque<>();
    private long live;
    private long highWaterMark;
    private long misses;
    private int reclaimCursor;
    private final ArrayDeque<Throwable> leakSites = new ArrayDeque<>();

    private final AtomicLong created = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedOversize = new AtomicLong();
    private final AtomicLong misuseRejected = new AtomicLong();
    private final AtomicLong resetFailures = new AtomicLong();
    private final AtomicLong leaksDetected = new AtomicLong();
    private final AtomicLong exhausted = new AtomicLong();
    private final AtomicLong strictSamples = new AtomicLong();

    /**
     * One platform thread's one-object cache: the index of the cached slot. It must hold nothing that leads back to
     * the pool (a slot does: slot, lease, pool), because the thread's ThreadLocalMap holds the cell strongly and only
     * its key, the pool's ThreadLocal, weakly: a cell holding a slot would keep a discarded pool alive as long as any
     * thread that ever cached one of its objects.
     */
    static final class CacheCell {
        static final int EMPTY = -1;
        final Thread owner = Thread.currentThread();
        int index = EMPTY;
    }

    @SuppressWarnings("unchecked")
    private ConcurrentObjectPool(final Builder<T> b) {
        this.factory = b.factory;
        this.reset = b.reset;
        this.idle = new MpmcAtomicArrayQueue<>(b.maxIdle);
        this.whenEmpty = b.whenEmpty;
        this.threadCache = b.threadCache && b.whenEmpty == WhenEmpty.CREATE;
        this.cache = threadCache ? ThreadLocal.withInitial(CacheCell::new) : null;
        this.maxTotal = b.maxTotal;
        this.waitNanos = b.waitNanos;
        this.sizeOf = b.sizeOf;
        this.maxRetainedSize = b.maxRetainedSize;
        this.strict = b.strict;
        this.leakSampleEvery = b.leakSampleEvery;
        this.leakListener = b.leakListener;
        this.tag = TAGS.getAndIncrement() & TAG_MASK;
        this.slots = (Slot<T>[]) new Slot<?>[16];
        if (b.strict && b.equivalence != null) {
            final T fresh = Objects.requireNonNull(b.factory.get(), "factory returned null");
            final BiPredicate<? super T, ? super T> equivalence = b.equivalence;
            this.resetCheck = o -> equivalence.test(fresh, o);
        } else {
            this.resetCheck = b.strict ? b.resetCheck : null;
        }
    }

    /**
     * Starts building a pool of objects made by {@code factory} and cleaned by {@code reset} on every release.
     *
     * @param factory builds a new object on a miss; must not return null.
     * @param reset   returns a released object to its freshly built state; runs on the releasing thread.
     * @param <T>     the type of the pooled objects.
     * @return a builder with the default policies.
     */
    public static <T> Builder<T> builder(final Supplier<? extends T> factory, final Consumer<? super T> reset) {
        return new Builder<>(factory, reset);
    }

    /**
     * Starts building a pool of {@link Resettable} objects, reset with {@link Resettable#reset()} on release.
     *
     * @param factory builds a new object on a miss; must not return null.
     * @param <T>     the type of the pooled objects.
     * @return a builder with the default policies.
     */
    public static <T extends Resettable> Builder<T> forResettable(final Supplier<? extends T> factory) {
        return new Builder<>(factory, Resettable::reset);
    }

    /**
     * Takes an object from the pool, building one if the pool is empty (default policy).
     *
     * @return the handle of this acquisition; pass it to {@link #object(long)} and, once, to {@link #release(long)}.
     * @throws PoolExhaustedException if the pool is bounded and no object became available in time.
     */
    public long acquire() {
        final long handle = tryAcquire();
        if (handle == NO_HANDLE) {
            throw new PoolExhaustedException(exhaustedMessage());
        }
        return handle;
    }

    /**
     * Takes an object from the pool like {@link #acquire()}, but reports exhaustion of a bounded pool by returning
     * {@link #NO_HANDLE} instead of throwing.
     *
     * @return the handle of this acquisition, or {@link #NO_HANDLE}.
     */
    public long tryAcquire() {
        Slot<T> slot = takeIdle();
        if (slot == null) {
            slot = miss();
            if (slot == null) {
                return NO_HANDLE;
            }
        }
        final long handle = handle(slot.index, slot.claim());
        if (strict) {
            slot.acquiredAt = leakSampleEvery > 0 && strictSamples.getAndIncrement() % leakSampleEvery == 0
                ? new Throwable("pooled object acquired here (" + describe(handle) + ") was not released")
                : null;
        }
        return handle;
    }

    /**
     * Takes an object from the pool as a {@link Lease} for {@code try}-with-resources.
     *
     * @return the lease; {@link Lease#close()} releases it.
     * @throws PoolExhaustedException if the pool is bounded and no object became available in time.
     */
    public Lease<T> lease() {
        final long handle = acquire();
        final Slot<T> slot = slots[index(handle)];
        if (!strict) {
            return slot.lease.open(handle, null);
        }
        final Lease<T> lease = new Lease<>(this, slot, true);
        final Throwable site = slot.acquiredAt;
        return lease.open(handle, site == null ? null : LeakTracker.watch(this, lease, handle, site));
    }

    /**
     * The object of an acquisition. In strict mode, also checks that the handle is still held.
     *
     * @param handle a handle returned by {@link #acquire()} and not yet released.
     * @return the pooled object.
     * @throws PoolMisuseException if the handle was never issued by this pool, or (strict mode) was released.
     */
    public T object(final long handle) {
        final Slot<T> slot = slotOf(handle);
        if (strict) {
            requireCurrent(handle, "object(handle)");
        }
        return slot.object;
    }

    /**
     * Resets the object of an acquisition and returns it to the pool (or drops it, if it does not fit or is over the
     * retained-size cap).
     *
     * @param handle a handle returned by {@link #acquire()} and not yet released.
     * @throws PoolMisuseException   if the handle was already released, is stale, or was never issued by this pool;
     *                               nothing changes and the misuse is counted.
     * @throws IllegalStateException in strict mode, if the reset left the object dirty (the object is dropped).
     * @throws RuntimeException      whatever the reset action, the strict reset check or the retained-size function
     *                               threw (the object is dropped and counted in {@link PoolMetrics#resetFailures()}).
     */
    public void release(final long handle) {
        final Slot<T> slot = slotOf(handle);
        final long handleGeneration = generation(handle);
        for (;;) {
            final long state = slot.state();
            final long slotGeneration = Slot.generation(state);
            // Compare the full generation's low bits with the handle's: a handle issued when the slot's generation was
            // a multiple of 2^35 carries 0, and is the current holder's. Only a slot never acquired has nothing issued.
            if (slotGeneration == 0 || (slotGeneration & GENERATION_MASK) != handleGeneration) {
                throw misuse(wasIssued(slotGeneration, handleGeneration)
                    ? PoolMisuseException.Kind.STALE_RELEASE : PoolMisuseException.Kind.NOT_ISSUED, handle,
                    "release: the slot is at generation " + slotGeneration);
            }
            if (!Slot.inUse(state)) {
                throw misuse(PoolMisuseException.Kind.DOUBLE_RELEASE, handle, "release: already released");
            }
            if (slot.tryRelease(state)) {
                break;
            }
        }
        if (strict) {
            slot.acquiredAt = null;               // safe: no one can claim the slot before recycle() offers it
        }
        recycle(slot);
    }

    /**
     * A snapshot of the counters (see {@link PoolMetrics}).
     *
     * @return a new snapshot.
     */
    public PoolMetrics metrics() {
        synchronized (lock) {
            long acquired = 0;
            long inUse = 0;
            long idleObjects = 0;
            final Slot<T>[] table = slots;
            for (int i = 0; i < slotCount; i++) {
                final Slot<T> slot = table[i];
                final long state = slot.state();
                acquired += Slot.generation(state);
                if (Slot.inUse(state)) {
                    inUse++;
                } else if (slot.object != null) {
                    idleObjects++;
                }
            }
            return new PoolMetrics(acquired, acquired - inUse, created.get(), dropped.get(), droppedOversize.get(),
                misuseRejected.get(), resetFailures.get(), leaksDetected.get(), exhausted.get(), inUse, idleObjects,
                highWaterMark);
        }
    }

    /**
     * The capacity of the shared idle queue ({@link Builder#maxIdle(int)} rounded up to a power of two).
     *
     * @return the most idle objects the shared queue retains.
     */
    public int idleCapacity() {
        return idle.capacity();
    }

    /**
     * Whether this pool runs in strict mode.
     *
     * @return true if built with {@link Builder#strict(boolean) strict(true)}.
     */
    public boolean isStrict() {
        return strict;
    }

    /**
     * The empty-pool policy.
     *
     * @return what the pool does when no idle object is available.
     */
    public WhenEmpty whenEmpty() {
        return whenEmpty;
    }

    @Override
    public String toString() {
        return "ConcurrentObjectPool[tag " + tag + ", " + metrics() + "]";
    }

    // ----- hot path -----

    private Slot<T> takeIdle() {
        if (threadCache) {
            final Thread thread = Thread.currentThread();
            if (!isVirtual(thread)) {
                final CacheCell cell = cache.get();
                final int index = cell.index;
                if (index != CacheCell.EMPTY) {
                    cell.index = CacheCell.EMPTY;
                    final Slot<T> slot = slots[index];   // the table only grows, and this thread saw the slot in it
                    slot.cachedBy = null;
                    return slot;
                }
            }
        }
        return idle.poll();
    }

    private void recycle(final Slot<T> slot) {
        // From the release CAS on, the object belongs to no one until it is placed or dropped: any failure of the
        // user's code (reset, strict check, sizeOf, even a sneaky checked exception) must drop it exactly once, or a
        // bounded pool would lose capacity for ever.
        final int outcome;
        try {
            outcome = resetAndPlace(slot);
        } catch (final Throwable e) {
            resetFailures.incrementAndGet();
            drop(slot);
            throw e;
        }
        if (outcome == PLACED) {
            return;
        }
        final T object = slot.object;
        drop(slot);
        if (outcome == OVERSIZE) {
            droppedOversize.incrementAndGet();
        } else if (outcome == DIRTY) {
            resetFailures.incrementAndGet();
            throw new IllegalStateException("strict pool: the reset action left the object dirty, so it was dropped"
                + " instead of being reused: " + object);
        }
    }

    /** Resets the object and places it in a cache or the idle queue; nothing can throw once it is placed. */
    private int resetAndPlace(final Slot<T> slot) {
        final T object = slot.object;
        reset.accept(object);
        if (strict && resetCheck != null && !resetCheck.test(object)) {
            return DIRTY;
        }
        if (sizeOf != null && sizeOf.applyAsLong(object) > maxRetainedSize) {
            return OVERSIZE;
        }
        if (threadCache) {
            final Thread thread = Thread.currentThread();
            if (!isVirtual(thread)) {
                CacheCell cell = slot.lastCell;
                if (cell == null || cell.owner != thread) {
                    cell = cache.get();
                    slot.lastCell = cell;
                }
                if (cell.index == CacheCell.EMPTY) {
                    slot.cachedBy = thread;
                    cell.index = slot.index;
                    return PLACED;
                }
            }
        }
        return idle.offer(slot) ? PLACED : NO_ROOM;
    }

    private long handle(final int index, final long generation) {
        return tag << TAG_SHIFT | (generation & GENERATION_MASK) << INDEX_BITS | index;
    }

    // ----- slow paths -----

    private Slot<T> miss() {
        if (whenEmpty == WhenEmpty.CREATE) {
            return create(false);
        }
        final long deadline = System.nanoTime() + waitNanos;
        for (;;) {
            final Slot<T> built = create(true);
            if (built != null) {
                return built;
            }
            final Slot<T> slot = idle.poll();
            if (slot != null) {
                return slot;
            }
            // Polled just above, after the last park: a release that came in before the deadline is not missed.
            final long remaining = deadline - System.nanoTime();
            if (whenEmpty == WhenEmpty.FAIL || remaining <= 0 || Thread.currentThread().isInterrupted()) {
                exhausted.incrementAndGet();
                return null;
            }
            LockSupport.parkNanos(this, Math.min(remaining, WAIT_SLICE_NANOS));
        }
    }

    /** Builds an object into a free slot; null if the pool is bounded and full. */
    private Slot<T> create(final boolean bounded) {
        synchronized (lock) {
            if (threadCache && ++misses % RECLAIM_EVERY_MISSES == 0
                && reclaimStrandedLocked(RECLAIM_SLOTS_PER_SCAN) > 0) {
                final Slot<T> reclaimed = idle.poll();
                if (reclaimed != null) {
                    return reclaimed;
                }
            }
            if (bounded && live >= maxTotal) {
                return null;
            }
            live++;
            highWaterMark = Math.max(highWaterMark, live);
        }
        final T object;
        try {
            object = Objects.requireNonNull(factory.get(), "the pool's factory returned null");
        } catch (final Throwable e) {                 // also a sneaky checked exception: give the place back
            synchronized (lock) {
                live--;
            }
            throw e;
        }
        synchronized (lock) {
            Slot<T> slot = emptySlots.poll();
            if (slot == null) {
                try {
                    slot = newSlotLocked();
                } catch (final Throwable e) {         // table full, or out of memory growing it
                    live--;
                    throw e;
                }
            }
            slot.object = object;
            created.incrementAndGet();
            return slot;
        }
    }

    private Slot<T> newSlotLocked() {
        Slot<T>[] table = slots;
        if (slotCount == table.length) {
            if (table.length == MAX_SLOTS) {
                throw new IllegalStateException("a pool holds at most " + MAX_SLOTS + " live objects");
            }
            table = java.util.Arrays.copyOf(table, Math.min(MAX_SLOTS, table.length * 2));
        }
        final Slot<T> slot = new Slot<>(this, slotCount);
        table[slotCount++] = slot;
        slots = table;
        return slot;
    }

    private void drop(final Slot<T> slot) {
        synchronized (lock) {
            slot.object = null;
            live--;
            emptySlots.push(slot);
        }
        dropped.incrementAndGet();
    }

    /**
     * Returns to the shared queue the idle objects cached by platform threads that have ended (their cache cells
     * died with them), scanning every slot. Misses do the same in bounded steps (see {@link #create(boolean)}); the
     * test kit calls this.
     *
     * @return how many objects were reclaimed.
     */
    int reclaimStranded() {
        synchronized (lock) {
            return reclaimStrandedLocked(slotCount);
        }
    }

    /** Looks at the next {@code budget} slots (round-robin), so that no miss holds the lock for a whole scan. */
    private int reclaimStrandedLocked(final int budget) {
        final Slot<T>[] table = slots;
        final int count = slotCount;
        int reclaimed = 0;
        int i = reclaimCursor;
        for (int n = Math.min(budget, count); n > 0; n--) {
            if (i >= count) {
                i = 0;
            }
            reclaimed += reclaimIfStrandedLocked(table[i++]);
        }
        reclaimCursor = i;
        return reclaimed;
    }

    private int reclaimIfStrandedLocked(final Slot<T> slot) {
        final CacheCell last = slot.lastCell;
        if (last != null && !last.owner.isAlive()) {
            slot.lastCell = null;             // a hint only (a racing release may rewrite it): keep no dead thread
        }
        final Thread owner = slot.cachedBy;
        if (owner == null || owner.isAlive()) {
            return 0;
        }
        // The owner ended, so all its writes are visible now (termination happens-before isAlive() returns false).
        // Read cachedBy again: the first read may have been older than the owner's own clearing of it, after which
        // the slot may have gone to another thread's cache.
        if (slot.cachedBy != owner || Slot.inUse(slot.state())) {
            return 0;
        }
        slot.cachedBy = null;
        slot.lastCell = null;
        if (!idle.offer(slot)) {
            slot.object = null;
            live--;
            emptySlots.push(slot);
            dropped.incrementAndGet();
        }
        return 1;
    }

    // ----- handles, misuse, leaks -----

    private Slot<T> slotOf(final long handle) {
        if (handle < 0 || (handle >>> TAG_SHIFT) != tag) {
            throw misuse(PoolMisuseException.Kind.NOT_ISSUED, handle, "not a handle of this pool");
        }
        final int index = index(handle);
        final Slot<T>[] table = slots;
        final Slot<T> slot = index < table.length ? table[index] : null;
        if (slot == null) {
            throw misuse(PoolMisuseException.Kind.NOT_ISSUED, handle, "no such slot");
        }
        return slot;
    }

    void requireCurrent(final long handle, final String what) {
        if (!isInUse(handle)) {
            throw misuse(PoolMisuseException.Kind.USE_AFTER_RELEASE, handle, what + " after release");
        }
    }

    boolean isInUse(final long handle) {
        if (handle < 0 || (handle >>> TAG_SHIFT) != tag) {
            return false;
        }
        final Slot<T>[] table = slots;
        final int index = index(handle);
        final Slot<T> slot = index < table.length ? table[index] : null;
        if (slot == null) {
            return false;
        }
        final long state = slot.state();
        return Slot.inUse(state) && (Slot.generation(state) & GENERATION_MASK) == generation(handle);
    }

    /**
     * Whether a handle carrying {@code handleGeneration} (35 bits) was issued for a slot now at the full generation
     * {@code slotGeneration}, which does not match it: then it is stale. Before the slot's first wrap, the issued
     * generations are 1 to {@code slotGeneration}; once it has wrapped, every 35-bit value was issued (0 at 2^35).
     */
    static boolean wasIssued(final long slotGeneration, final long handleGeneration) {
        return slotGeneration > GENERATION_MASK || handleGeneration != 0 && handleGeneration < slotGeneration;
    }

    private PoolMisuseException misuse(final PoolMisuseException.Kind kind, final long handle, final String what) {
        misuseRejected.incrementAndGet();
        return new PoolMisuseException(kind, what + " (" + describe(handle) + ", pool tag " + tag + ")");
    }

    void reportLeak(final Throwable site) {
        leaksDetected.incrementAndGet();
        synchronized (leakSites) {
            if (leakSites.size() == MAX_LEAK_SITES) {
                leakSites.removeFirst();
            }
            leakSites.addLast(site);
        }
        try {
            leakListener.accept(site);
        } catch (final RuntimeException ignored) {
            // A failing listener must not kill the cleaner thread; the leak is counted and kept above.
        }
    }

    /** The last few leak sites, oldest first (for the test kit). */
    List<Throwable> leakSites() {
        synchronized (leakSites) {
            return new ArrayList<>(leakSites);
        }
    }

    /** Strict mode: the sampled acquiring sites of the acquisitions still in use (for the test kit). */
    List<Throwable> outstandingSites() {
        final List<Throwable> sites = new ArrayList<>();
        synchronized (lock) {
            final Slot<T>[] table = slots;
            for (int i = 0; i < slotCount; i++) {
                final Throwable site = table[i].acquiredAt;
                if (site != null && Slot.inUse(table[i].state())) {
                    sites.add(site);
                }
            }
        }
        return sites;
    }

    /** Applies {@code action} to every idle object; only meaningful at quiescence (for the test kit). */
    void forEachIdle(final Consumer<? super T> action) {
        synchronized (lock) {
            final Slot<T>[] table = slots;
            for (int i = 0; i < slotCount; i++) {
                final Slot<T> slot = table[i];
                if (slot.object != null && !Slot.inUse(slot.state())) {
                    action.accept(slot.object);
                }
            }
        }
    }

    /** Idle objects reachable for acquisition: in the shared queue or in a live thread's cache (for the test kit). */
    long reachableIdle() {
        synchronized (lock) {
            long cached = 0;
            final Slot<T>[] table = slots;
            for (int i = 0; i < slotCount; i++) {
                final Thread owner = table[i].cachedBy;
                if (owner != null && owner.isAlive()) {
                    cached++;
                }
            }
            return cached + idle.size();
        }
    }

    /** Test hook: sets the generation of the idle slot {@code index} (see {@link Slot#presetGeneration(long)}). */
    void presetGeneration(final int index, final long generation) {
        synchronized (lock) {
            slots[index].presetGeneration(generation);
        }
    }

    Predicate<? super T> resetCheck() {
        return resetCheck;
    }

    private String exhaustedMessage() {
        if (whenEmpty == WhenEmpty.WAIT && Thread.currentThread().isInterrupted()) {
            return "pool exhausted: all " + maxTotal + " objects in use, and the waiting thread was interrupted"
                + " (its interrupt status is kept)";
        }
        return "pool exhausted: all " + maxTotal + " objects in use"
            + (whenEmpty == WhenEmpty.WAIT ? " and none released within " + Duration.ofNanos(waitNanos) : "");
    }

    static int index(final long handle) {
        return (int) (handle & INDEX_MASK);
    }

    static long generation(final long handle) {
        return (handle >>> INDEX_BITS) & GENERATION_MASK;
    }

    static String describe(final long handle) {
        return handle < 0 ? "no handle" : "slot " + index(handle) + ", generation " + generation(handle);
    }

    private static boolean isVirtual(final Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (final Throwable e) {
            throw new IllegalStateException("Thread.isVirtual() failed", e);
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup()
                .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (final NoSuchMethodException | IllegalAccessException beforeJdk21) {
            return null;
        }
    }

    /**
     * Configures a {@link ConcurrentObjectPool}. Not thread-safe; build once, at start-up.
     *
     * @param <T> the type of the pooled objects.
     */
    public static final class Builder<T> {
        private final Supplier<? extends T> factory;
        private final Consumer<? super T> reset;
        private int maxIdle = 64;
        private WhenEmpty whenEmpty = WhenEmpty.CREATE;
        private int maxTotal = Integer.MAX_VALUE;
        private long waitNanos;
        private boolean threadCache = true;
        private ToLongFunction<? super T> sizeOf;
        private long maxRetainedSize = Long.MAX_VALUE;
        private boolean strict;
        private Predicate<? super T> resetCheck;
        private BiPredicate<? super T, ? super T> equivalence;
        private int leakSampleEvery = 64;
        private Consumer<? super Throwable> leakListener = site -> System.getLogger(ConcurrentObjectPool.class
            .getName()).log(System.Logger.Level.WARNING, "leaked pooled object", site);

        private Builder(final Supplier<? extends T> factory, final Consumer<? super T> reset) {
            this.factory = Objects.requireNonNull(factory, "factory");
            this.reset = Objects.requireNonNull(reset, "reset");
        }

        /**
         * How many idle objects the shared queue retains (rounded up to a power of two, at least 2); default 64.
         * Each platform thread's cache may hold one more.
         *
         * @param count at least 1.
         * @return this builder.
         */
        public Builder<T> maxIdle(final int count) {
            if (count < 1 || count > MAX_SLOTS) {
                throw new IllegalArgumentException("maxIdle must be in [1, " + MAX_SLOTS + "]: " + count);
            }
            this.maxIdle = Math.max(2, count);
            return this;
        }

        /**
         * When empty, build a new object and count a miss (the default). The number of live objects is unbounded
         * (up to 2^20), the number of idle ones is bounded by {@link #maxIdle(int)}.
         *
         * @return this builder.
         */
        public Builder<T> whenEmptyCreate() {
            this.whenEmpty = WhenEmpty.CREATE;
            this.maxTotal = Integer.MAX_VALUE;
            this.waitNanos = 0;
            return this;
        }

        /**
         * When empty, build a new object only while fewer than {@code maxTotal} are alive; otherwise fail at once
         * ({@link #tryAcquire()} returns {@link #NO_HANDLE}, {@link #acquire()} throws). Turns the per-thread cache
         * off.
         *
         * @param maxTotal the most objects alive at once, at least 1.
         * @return this builder.
         */
        public Builder<T> whenEmptyFail(final int maxTotal) {
            this.whenEmpty = WhenEmpty.FAIL;
            this.maxTotal = requireTotal(maxTotal);
            this.waitNanos = 0;
            return this;
        }

        /**
         * When empty, build a new object only while fewer than {@code maxTotal} are alive; otherwise wait up to
         * {@code timeout} for one to be released (waiters poll with a 50 µs park, so they suit a saturated pool, not
         * a hot path). Turns the per-thread cache off. A waiter polls once more after its last park before giving up;
         * an interrupted waiter gives up at once (its interrupt status kept, and {@link #acquire()}'s exception says
         * so).
         *
         * @param maxTotal the most objects alive at once, at least 1.
         * @param timeout  how long an acquisition may wait, zero or more.
         * @return this builder.
         */
        public Builder<T> whenEmptyWait(final int maxTotal, final Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be >= 0: " + timeout);
            }
            this.whenEmpty = WhenEmpty.WAIT;
            this.maxTotal = requireTotal(maxTotal);
            this.waitNanos = timeout.toNanos();
            return this;
        }

        /**
         * Whether platform threads keep a one-object cache in front of the shared queue (default true; always off
         * with a bounded policy). Turning it off trades single-thread speed for one shared idle store.
         *
         * @param enabled true to use the per-thread cache.
         * @return this builder.
         */
        public Builder<T> threadCache(final boolean enabled) {
            this.threadCache = enabled;
            return this;
        }

        /**
         * Drops a released object whose size after reset is over {@code maxSize}, instead of keeping an object that
         * once grew large for ever. Counted in {@link PoolMetrics#droppedOversize()}.
         *
         * @param sizeOf  measures a reset object (for example the capacity of its containers); must not allocate.
         * @param maxSize the largest size retained.
         * @return this builder.
         */
        public Builder<T> retainedSizeCap(final ToLongFunction<? super T> sizeOf, final long maxSize) {
            this.sizeOf = Objects.requireNonNull(sizeOf, "sizeOf");
            this.maxRetainedSize = maxSize;
            return this;
        }

        /**
         * Strict mode, for tests and staging (default off; when off, it costs one predictable branch on a final field):
         * leases are checked on every use, reset objects are verified, and sampled leases report leaks with the stack
         * that acquired them.
         *
         * @param enabled true for strict mode.
         * @return this builder.
         */
        public Builder<T> strict(final boolean enabled) {
            this.strict = enabled;
            return this;
        }

        /**
         * In strict mode, checks every object after its reset; a dirty object is dropped and the release throws.
         *
         * @param isClean true when the object is as freshly built.
         * @return this builder.
         */
        public Builder<T> verifyReset(final Predicate<? super T> isClean) {
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
        public Builder<T> verifyResetAgainstFresh(final BiPredicate<? super T, ? super T> equivalent) {
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
         */
        public Builder<T> leakSampling(final int every) {
            if (every < 0) {
                throw new IllegalArgumentException("leak sampling must be >= 0: " + every);
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
        public Builder<T> onLeak(final Consumer<? super Throwable> listener) {
            this.leakListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the pool. With strict mode and {@link #verifyResetAgainstFresh(BiPredicate)}, calls the factory once
         * for the reference object.
         *
         * @return a new, empty pool.
         */
        public ConcurrentObjectPool<T> build() {
            return new ConcurrentObjectPool<>(this);
        }

        private static int requireTotal(final int maxTotal) {
            if (maxTotal < 1 || maxTotal > MAX_SLOTS) {
                throw new IllegalArgumentException("maxTotal must be in [1, " + MAX_SLOTS + "]: " + maxTotal);
            }
            return maxTotal;
        }
    }
}
