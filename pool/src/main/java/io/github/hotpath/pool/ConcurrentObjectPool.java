package io.github.hotpath.pool;

import io.github.hotpath.core.JmxRegistration;
import io.github.hotpath.core.Resettable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A reset-on-release object pool that any thread may acquire from and any thread may release to.
 *
 * <pre>{@code
 * ConcurrentObjectPool<RequestContext> pool = ConcurrentObjectPool.builder(RequestContext::new).maxIdle(256).build();
 *
 * long handle = pool.acquire();                   // explicit: 0 B, any thread, may cross threads
 * try {
 *     handle(pool.object(handle));
 * } finally {
 *     pool.release(handle);                       // reset here, then reusable
 * }
 *
 * try (Lease<RequestContext> lease = pool.lease()) {   // or a lease, for try-with-resources (see Lease)
 *     handle(lease.object());
 * }
 * }</pre>
 *
 * <h2>How it works</h2>
 * Idle objects wait in a bounded lock-free MPMC queue. In front of it, each platform thread keeps a one-object
 * cache ({@code ThreadCache}), so a thread that acquires and releases in turn touches no shared memory at all, and
 * virtual threads (detected at run time on JDK 21+) use a fixed set of one-object cells picked by thread id
 * ({@code StripedIdleCells}): one uncontended CAS each way, and no state that grows with the number of virtual
 * threads. The pool resets an object on {@linkplain #release(long) release}, on the releasing thread, so an idle
 * object never holds request data. Every object lives in a slot whose <em>generation</em> counts its acquisitions; a
 * handle packs the pool's tag, the generation and the slot index in a {@code long} ({@code HandleCodec}), so the pool
 * tells the current holder from a stale one without allocating.
 *
 * <h2>Policies</h2>
 * Idle objects retained ({@link PoolBuilder#maxIdle(int)}), what happens when empty (create, reject or wait), and a
 * retained-size cap: see {@link PoolBuilder}.
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
 * {@link #acquire()}, {@link #tryAcquire()}, {@link #object(long)}, {@link #release(long)}, and a kept lease's
 * {@link Lease#acquire()} and {@link Lease#close()}, allocate nothing in steady state, on platform and virtual
 * threads, in every mode but for strict mode's samples. {@link #lease()} and {@link #newLease()} allocate the lease.
 * A miss allocates what the factory builds (and, when the slot table is full, a table twice as large); a platform
 * thread's first use of the pool allocates its cache cell; {@link #metrics()} allocates its snapshot; a misuse
 * allocates its exception. Strict mode, for one acquisition in {@link PoolBuilder#leakSampling(int) N}, allocates a
 * {@code Throwable} that records the acquiring stack (and, for a lease, registers it with a {@code Cleaner}).
 *
 * <h2>What is caught, in which mode</h2>
 * In every mode, with no allocation and no counter on the hot path, each rejected with a
 * {@link PoolMisuseException} of its {@link PoolMisuseException.Kind kind} and counted, leaving the pool and the
 * current holder unaffected:
 * <ul>
 *   <li>a handle released twice ({@code DOUBLE_RELEASE}), or released after its object went to another holder
 *       ({@code STALE_RELEASE});</li>
 *   <li>{@link #object(long)} with a released handle ({@code USE_AFTER_RELEASE}): one load and compare of the slot's
 *       state, which the holder's own thread wrote;</li>
 *   <li>a handle this pool never issued ({@code NOT_ISSUED}): made up, {@link #NO_HANDLE}, or another live pool's
 *       (no two live pools share a tag: {@code PoolTags});</li>
 *   <li>a {@link Lease} closed twice, or asked for its object after {@code close()}: exactly, since a lease is never
 *       handed to two holders.</li>
 * </ul>
 * The limits, stated exactly: a stale handle is mistaken for the current holder's if its slot was acquired an exact
 * multiple of 2^28 times since it was issued ({@link PoolMisuseException.Kind#STALE_RELEASE}); a handle of a pool
 * that was closed or garbage-collected may carry the tag of a pool built after it (see {@code PoolTags}); and a
 * reference to the object itself, kept past its release, is not a handle: no pool can see it used.
 * {@linkplain PoolBuilder#strict(boolean) Strict mode} adds, for tests and staging: every reset object verified by a
 * check of yours; sampled acquiring stacks, so that a lease collected unreleased is reported as a leak, and
 * {@link PoolAssertions} names the acquiring sites of unreleased handles.
 *
 * <p>When the user's code throws on a release (the reset action, the strict reset check, the retained-size
 * function, even with a checked exception thrown sneakily), the object is dropped, counted in
 * {@link PoolMetrics#resetFailures()}, and the exception is rethrown; a factory that throws leaves the bound of a
 * bounded pool as it was. <b>Note:</b> unlike {@code java.util} collections, the explicit API works on handles, not on
 * objects: an object reference cannot carry a generation, so a release by object could not tell a stale holder from
 * the current one.
 *
 * <h2>Closing</h2>
 * {@link #close()} lets the pool's idle objects go and gives its tag back; acquisitions after it throw, and objects
 * released after it are reset and dropped, not kept.
 *
 * @param <T> the type of the pooled objects.
 */
public final class ConcurrentObjectPool<T> implements AutoCloseable {
    /** What {@link #tryAcquire()} returns when a bounded pool has nothing to give; never a valid handle. */
    public static final long NO_HANDLE = -1L;

    /** Outcomes of {@link #resetAndPlace(Slot)}. */
    private static final int PLACED = 0;
    private static final int DIRTY = 1;
    private static final int OVERSIZE = 2;
    private static final int NO_ROOM = 3;

    private final Consumer<? super T> reset;
    private final IdleStore<T> idle;
    private final Misses<T> misses;
    private final ToLongFunction<? super T> sizeOf;
    private final long maxRetainedSize;
    /** Null unless the pool is strict. */
    private final StrictMode<T> strict;
    private final PoolTags.Tag poolTag;
    /** This pool's tag, which no other live pool holds (see {@link PoolTags}). */
    private final int tag;
    private final SlotTable<T> table = new SlotTable<>();
    private final PoolCounters counters = new PoolCounters();
    /** Written once by {@link #close()}; plain, as an acquisition that happens-after close() must see it. */
    private boolean closed;
    private final String name;
    /** The JMX registration, or null; unregistered by {@link #close()}. */
    private final JmxRegistration jmx;

    ConcurrentObjectPool(final PoolBuilder<T> b) {
        this.reset = b.reset;
        this.idle = new IdleStore<>(b.maxIdle, b.threadCache && b.whenEmpty == EmptyPolicy.CREATE, table);
        this.misses = new Misses<>(b, table, idle, counters);
        this.sizeOf = b.sizeOf;
        this.maxRetainedSize = b.maxRetainedSize;
        this.strict = b.strict ? StrictMode.create(b.factory, b.resetCheck, b.equivalence, b.leakSampleEvery,
            b.leakListener, counters.leaksDetected) : null;
        this.poolTag = PoolTags.LIVE_POOLS.take(this);
        this.tag = poolTag.value;
        this.name = b.nameOrDefault();
        this.jmx = b.jmx ? register() : null;
    }

    /** Registers the MXBean; if that fails, gives the tag back, since the caller never gets this pool. */
    private JmxRegistration register() {
        try {
            return JmxRegistration.register("ObjectPool", name, ObjectPoolMXBean.class, new ObjectPoolJmx(this));
        } catch (final RuntimeException e) {
            poolTag.giveBack();
            throw e;
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
    public static <T> PoolBuilder<T> builder(final Supplier<? extends T> factory, final Consumer<? super T> reset) {
        return new PoolBuilder<>(factory, reset);
    }

    /**
     * Starts building a pool of {@link Resettable} objects, reset with {@link Resettable#reset()} on release.
     *
     * @param factory builds a new object on a miss; must not return null.
     * @param <T>     the type of the pooled objects.
     * @return a builder with the default policies.
     */
    public static <T extends Resettable> PoolBuilder<T> builder(final Supplier<? extends T> factory) {
        return new PoolBuilder<>(factory, Resettable::reset);
    }

    /**
     * Takes an object from the pool, building one if the pool is empty (default policy).
     *
     * @return the handle of this acquisition; pass it to {@link #object(long)} and, once, to {@link #release(long)}.
     * @throws PoolExhaustedException if the pool is bounded and no object became available in time.
     * @throws IllegalStateException  if the pool is closed, also if it closes while this call waits.
     */
    public long acquire() {
        final long handle = tryAcquire();
        if (handle == NO_HANDLE) {
            throw new PoolExhaustedException(misses.exhaustedMessage());
        }
        return handle;
    }

    /**
     * Takes an object from the pool like {@link #acquire()}, but reports exhaustion of a bounded pool by returning
     * {@link #NO_HANDLE} instead of throwing.
     *
     * @return the handle of this acquisition, or {@link #NO_HANDLE}.
     * @throws IllegalStateException if the pool is closed, also if it closes while this call waits.
     */
    public long tryAcquire() {
        if (closed) {
            throw new IllegalStateException("pool closed: " + this);
        }
        Slot<T> slot = idle.take();
        if (slot == null) {
            slot = misses.miss();
            if (slot == null) {
                return NO_HANDLE;
            }
        }
        final long handle = HandleCodec.encode(tag, slot.index, slot.claim());
        if (strict != null) {
            slot.acquiredAt = strict.sampleSite(handle);
        }
        return handle;
    }

    /**
     * Takes an object from the pool in a new {@link Lease}, for {@code try}-with-resources. Allocates the lease: a
     * holder that leases again and again keeps one from {@link #newLease()} and calls {@link Lease#acquire()}.
     *
     * @return a new lease holding the acquisition; {@link Lease#close()} releases it.
     * @throws PoolExhaustedException if the pool is bounded and no object became available in time.
     * @throws IllegalStateException  if the pool is closed, also if it closes while this call waits.
     */
    public Lease<T> lease() {
        return newLease().acquire();
    }

    /**
     * A new, closed {@link Lease} of this pool, for one holder to {@linkplain Lease#acquire() acquire} with again and
     * again without allocating. Allocates the lease.
     *
     * @return a lease that holds nothing yet.
     */
    public Lease<T> newLease() {
        return new Lease<>(this);
    }

    /**
     * The object of an acquisition that is still held.
     *
     * @param handle a handle returned by {@link #acquire()} and not yet released.
     * @return the pooled object.
     * @throws PoolMisuseException if the handle was released ({@link PoolMisuseException.Kind#USE_AFTER_RELEASE}),
     *                             in every mode, or was never issued by this pool
     *                             ({@link PoolMisuseException.Kind#NOT_ISSUED}).
     */
    public T object(final long handle) {
        final Slot<T> slot = slotOf(handle);
        if (!HandleCodec.isHeld(slot.state(), handle)) {
            throw notHeld(slot, handle, "object(handle)");
        }
        return slot.object;
    }

    /**
     * Resets the object of an acquisition and returns it to the pool (or drops it, if it does not fit, is over the
     * retained-size cap, or the pool is closed).
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
        for (;;) {
            final long state = slot.state();
            final long slotGeneration = Slot.generation(state);
            // Compare the full generation's low bits with the handle's: a handle issued when the slot's generation was
            // a multiple of the wrap carries 0, and is the current holder's. Only a slot never acquired issued nothing.
            if (slotGeneration == 0 || !HandleCodec.sameGeneration(slotGeneration, handle)) {
                throw misuse(HandleCodec.wasIssued(slotGeneration, HandleCodec.generation(handle))
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
        if (strict != null) {
            slot.acquiredAt = null;               // safe: no one can claim the slot before recycle() offers it
        }
        recycle(slot);
    }

    /**
     * A snapshot of the counters (see {@link PoolMetrics}). Reading it writes nothing that the hot path reads.
     *
     * @return a new snapshot.
     */
    public PoolMetrics metrics() {
        return table.metrics(counters, idle.capacity(), misses.maxTotal());
    }

    /**
     * Closes the pool: later acquisitions throw {@link IllegalStateException}, and so does an acquisition still
     * waiting under {@code whenEmptyWait} (within one back-off step, at most 50 µs); the idle objects in the shared
     * queue and the virtual threads' cells are dropped (counted in {@link PoolMetrics#dropped()}), and objects still
     * in use may be released as usual, after which they are reset and dropped, not kept. The pool's tag is given back
     * (see {@code PoolTags}): a tag comes back to a later pool only after every other free tag was taken. Idempotent.
     * An object cached by a platform thread is let go when the pool is garbage-collected. Unregisters the pool's
     * MXBean, if {@link PoolBuilder#jmx(boolean)} registered one.
     */
    @Override
    public void close() {
        final String why = "pool closed while waiting for an object: " + name;
        synchronized (table.lock()) {
            closed = true;
            table.close(why);
        }
        poolTag.giveBack();
        idle.drain(this::dropCounted);
        if (jmx != null) {
            jmx.close();
        }
    }

    /**
     * The pool's name, as {@link PoolBuilder#name(String)} gave it or by default {@code object-pool-N}: the
     * {@code name} of its JMX ObjectName and of its Micrometer tag.
     *
     * @return the name.
     */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "ConcurrentObjectPool[" + name + ", tag " + tag + (closed ? ", closed, " : ", ") + metrics() + "]";
    }

    // ----- hot path -----

    private void recycle(final Slot<T> slot) {
        // From the release CAS on, the object belongs to no one until it is placed or dropped: any failure of the
        // user's code (reset, strict check, sizeOf, even a sneaky checked exception) must drop it exactly once, or a
        // bounded pool would lose capacity for ever.
        final int outcome;
        try {
            outcome = resetAndPlace(slot);
        } catch (final Throwable e) {
            counters.resetFailures.incrementAndGet();
            dropCounted(slot);
            throw e;
        }
        if (outcome == PLACED) {
            return;
        }
        final T object = slot.object;
        dropCounted(slot);
        if (outcome == OVERSIZE) {
            counters.droppedOversize.incrementAndGet();
        } else if (outcome == DIRTY) {
            counters.resetFailures.incrementAndGet();
            throw new IllegalStateException("strict pool: the reset action left the object dirty, so it was dropped"
                + " instead of being reused: " + object);
        }
    }

    /** Resets the object and places it in a cache or the idle queue; nothing can throw once it is placed. */
    private int resetAndPlace(final Slot<T> slot) {
        final T object = slot.object;
        reset.accept(object);
        if (strict != null && !strict.isClean(object)) {
            return DIRTY;
        }
        if (sizeOf != null && sizeOf.applyAsLong(object) > maxRetainedSize) {
            return OVERSIZE;
        }
        return !closed && idle.put(slot) ? PLACED : NO_ROOM;
    }

    // ----- slow paths -----

    private void dropCounted(final Slot<T> slot) {
        table.drop(slot);
        counters.dropped.incrementAndGet();
    }

    // ----- handles and misuse -----

    private Slot<T> slotOf(final long handle) {
        if (!HandleCodec.hasTag(handle, tag)) {
            throw misuse(PoolMisuseException.Kind.NOT_ISSUED, handle, "not a handle of this pool");
        }
        final Slot<T> slot = table.find(HandleCodec.index(handle));
        if (slot == null) {
            throw misuse(PoolMisuseException.Kind.NOT_ISSUED, handle, "no such slot");
        }
        return slot;
    }

    /** The misuse of a handle whose slot is not held at its generation: released, or never issued. */
    private PoolMisuseException notHeld(final Slot<T> slot, final long handle, final String what) {
        final long slotGeneration = Slot.generation(slot.state());
        final boolean issued = slotGeneration != 0 && (HandleCodec.sameGeneration(slotGeneration, handle)
            || HandleCodec.wasIssued(slotGeneration, HandleCodec.generation(handle)));
        return issued ? misuse(PoolMisuseException.Kind.USE_AFTER_RELEASE, handle, what + " after release")
            : misuse(PoolMisuseException.Kind.NOT_ISSUED, handle, what + ": the slot is at generation "
            + slotGeneration);
    }

    /** Whether {@code handle} names an acquisition of this pool that is still held. */
    boolean isInUse(final long handle) {
        if (!HandleCodec.hasTag(handle, tag)) {
            return false;
        }
        final Slot<T> slot = table.find(HandleCodec.index(handle));
        return slot != null && HandleCodec.isHeld(slot.state(), handle);
    }

    /** The object of an acquisition just made by the caller (a lease), with no check. */
    T heldObject(final long handle) {
        return table.get(HandleCodec.index(handle)).object;
    }

    /** The acquiring site recorded for an acquisition just made by the caller, if strict mode sampled it. */
    Throwable sampledSite(final long handle) {
        return strict == null ? null : table.get(HandleCodec.index(handle)).acquiredAt;
    }

    /** Counts a misuse and makes its exception. */
    PoolMisuseException misuse(final PoolMisuseException.Kind kind, final long handle, final String what) {
        counters.misuseRejected.incrementAndGet();
        return new PoolMisuseException(kind, what + " (" + HandleCodec.describe(handle) + "; this pool's tag is "
            + tag + ")");
    }

    // ----- for leak tracking and the test kit (PoolAssertions), never on the hot path -----

    void reportLeak(final Throwable site) {
        strict.reportLeak(site);
    }

    /** The last few leak sites, oldest first. */
    List<Throwable> leakSites() {
        return strict == null ? List.of() : strict.leakSites();
    }

    /** Strict mode: the sampled acquiring sites of the acquisitions still in use. */
    List<Throwable> outstandingSites() {
        final List<Throwable> sites = new ArrayList<>();
        table.forEachSlot(slot -> {
            final Throwable site = slot.acquiredAt;
            if (site != null && Slot.inUse(slot.state())) {
                sites.add(site);
            }
        });
        return sites;
    }

    /** Applies {@code action} to every idle object; only meaningful at quiescence. */
    void forEachIdle(final Consumer<? super T> action) {
        table.forEachSlot(slot -> {
            if (slot.object != null && !Slot.inUse(slot.state())) {
                action.accept(slot.object);
            }
        });
    }

    /** Idle objects reachable for acquisition: in the shared queue, a cell, or a live thread's cache. */
    long reachableIdle() {
        return idle.reachable();
    }

    /** Returns to the shared queue the idle objects cached by platform threads that have ended. */
    int reclaimStranded() {
        return idle.reclaimAll(counters);
    }

    /** Test hook: sets the generation of the idle slot {@code index} (see {@link Slot#presetGeneration(long)}). */
    void presetGeneration(final int index, final long generation) {
        synchronized (table.lock()) {
            table.get(index).presetGeneration(generation);
        }
    }

    Predicate<? super T> resetCheck() {
        return strict == null ? null : strict.resetCheck();
    }
}
