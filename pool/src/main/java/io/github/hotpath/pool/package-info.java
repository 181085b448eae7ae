/**
 * Reset-on-release object pools, and a request context built to be pooled.
 *
 * <h2>Design note</h2>
 * {@link io.github.hotpath.pool.ConcurrentObjectPool} is a small facade (acquire, release, misuse) over
 * package-private parts, one idea each:
 * <ul>
 *   <li>{@code HandleCodec}: the layout of a handle (pool tag, generation, slot index in a {@code long}) and why those
 *       widths; {@code PoolTags}: the registry that gives each live pool a tag no other live pool holds;</li>
 *   <li>{@code Slot} and {@code SlotTable}: one place per object, with the state that tells a current holder from a
 *       stale one, and the table that handles index into;</li>
 *   <li>{@code IdleStore}: where idle objects wait and which one a thread takes: a platform thread's one-object
 *       {@code ThreadCache} (the way Stormpot's thread-local claim works), a virtual thread's cell among the
 *       {@code StripedIdleCells} (a fixed set, picked by thread id: nothing grows per virtual thread), and the shared
 *       MPMC queue (JCTools' {@code MpmcAtomicArrayQueue}); virtual threads are told apart at run time
 *       (hotpath-core's internal {@code ThreadKind}), so the library compiles for Java 17;</li>
 *   <li>{@code Misses}: what happens when no object is idle (create, reject or wait, as {@code EmptyPolicy} says);</li>
 *   <li>{@code StrictMode} and {@code LeakTracker}: reset verification and sampled leak detection;</li>
 *   <li>{@code PoolCounters}: the slow-path counters behind {@link io.github.hotpath.pool.PoolMetrics};</li>
 *   <li>{@link io.github.hotpath.pool.PoolBuilder}: the configuration; {@link io.github.hotpath.pool.Lease}: one
 *       holder's try-with-resources use.</li>
 * </ul>
 *
 * <p>An object is reset on <em>release</em>, on the releasing thread, so an idle object never holds a request's data.
 * Releasing is one CAS from "in use, generation g" to "idle, generation g", so a double release, a stale release (A
 * releases, B gets the same object, A releases again) and a handle the pool never issued are all told apart from the
 * current holder and rejected, without allocating; {@code object(handle)} compares the same state. A lease is never
 * handed to two holders, for the same reason: a reused lease could not tell its holders apart.
 *
 * <h2>Metrics for free</h2>
 * Acquisitions are the sum of the slots' generations and releases follow from the in-use bits, so the hot path
 * updates no counter at all; the other counters change on slow paths only.
 *
 * <h2>RequestContext</h2>
 * {@link io.github.hotpath.pool.RequestContext} stores headers and tags in Agrona's open-addressing maps (no entry
 * objects, unlike {@code HashMap}, whose {@code put} allocates a node even in a reused map) and its trace in a list
 * whose {@code clear()} keeps the array; reset shrinks what grew past a limit.
 */
package io.github.hotpath.pool;
