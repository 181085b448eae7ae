/**
 * Reset-on-release object pools, and a request context built to be pooled.
 *
 * <h2>Design note</h2>
 * {@link io.github.hotpath.pool.ConcurrentObjectPool} keeps idle objects in a bounded lock-free MPMC queue
 * (JCTools' {@code MpmcAtomicArrayQueue}) with a one-object cache per platform thread in front of it, the way
 * Stormpot's thread-local claim works: a thread that acquires and releases in turn never touches shared memory.
 * Virtual threads, detected at run time through a {@code MethodHandle} to {@code Thread.isVirtual()} (the library
 * targets Java 17), bypass the cache, so a million virtual threads never grow a million caches, and still reuse
 * objects through the queue. The bounded policies (fail fast, wait) turn the cache off: an idle object parked in one
 * thread's cache could not be given to another thread waiting for it. Caches of threads that ended are reclaimed.
 *
 * <p>An object is reset on <em>release</em>, on the releasing thread, so an idle object never holds a request's data.
 *
 * <h2>Generations, handles and leases</h2>
 * Each object lives in a slot whose generation counts its acquisitions. The explicit API hands out a {@code long}
 * handle: pool tag (8 bits), generation (35 bits), slot index (20 bits), and the sign bit clear so that no handle
 * equals {@code NO_HANDLE}. Releasing is one CAS from "in use, generation g" to "idle, generation g", so a double
 * release, a stale release (A releases, B gets the same object, A releases again) and a handle the pool never issued
 * are all told apart from the current holder and rejected, without allocating.
 *
 * <p>The slot counts its generation in 63 bits, the handle keeps the low 35, and the pool compares exactly those, so a
 * handle issued at a multiple of 2^35 (carrying 0) releases normally. The limit: a stale release is caught unless its
 * slot was acquired an exact multiple of 2^35 times since the stale handle was issued, in which case it looks like the
 * current holder's release. No fixed width removes that; the split was chosen as a balance. Fewer tag bits would buy
 * generation bits (4 would give 39 bits, 16 times rarer) but tell fewer pools' handles apart, and the index needs its
 * 20 bits for a million live objects; a stale handle must be kept for 3.4 &times; 10^10 acquisitions of its slot and
 * released at exactly the wrong one, which the 35 bits already make far rarer than the misuses the tag catches. A
 * release <em>by object</em> could not do this: a stale holder's reference is identical to the current
 * holder's, which is why neither Stormpot, Commons Pool 2 nor Netty's Recycler catch a stale release.
 *
 * <p>The {@link io.github.hotpath.pool.Lease} for {@code try}-with-resources has the same limit: to allocate nothing
 * it is one object per slot, reused. It records the handle of its acquisition, so a second {@code close()} is caught
 * until the object is handed out again; after that, a kept reference is the next holder's lease. Strict mode
 * allocates a fresh lease per acquisition, and catches every use after release.
 *
 * <h2>Metrics for free</h2>
 * Acquisitions are the sum of the slots' generations and releases follow from the in-use bits, so the hot path
 * updates no counter at all; the other counters change on slow paths only.
 *
 * <h2>Strict mode</h2>
 * A final flag chosen at build time (off by default): strict leases check every use, each reset object is verified
 * (a user check, or comparison with a fresh object), and one lease in N is watched by a {@code Cleaner} with the
 * stack that acquired it, so a lease dropped without {@code close()} is reported as a leak. A handle is a
 * {@code long} that the GC cannot watch, so an unreleased handle is reported by
 * {@link io.github.hotpath.pool.PoolAssertions#assertQuiescent} as an outstanding acquisition, with its sampled
 * acquiring site.
 *
 * <h2>RequestContext</h2>
 * {@link io.github.hotpath.pool.RequestContext} stores headers and tags in Agrona's open-addressing maps (no entry
 * objects, unlike {@code HashMap}, whose {@code put} allocates a node even in a reused map) and its trace in a list
 * whose {@code clear()} keeps the array; reset shrinks what grew past a limit.
 */
package io.github.hotpath.pool;
