package io.github.hotpath.core;

/**
 * An object that can be returned to the state it had when it was freshly built, so that it can be reused instead
 * of allocated again.
 *
 * <h2>The contract</h2>
 * After {@link #reset()} returns, the object is <em>observably the same as a freshly built one</em> made by the
 * same factory with the same configuration:
 * <ul>
 *   <li>every query an ordinary user can make of it (sizes, contents, flags, optional values) answers as it would on
 *       a fresh object;</li>
 *   <li>it holds no reference to any object it was given or built during its previous use, so that neither stale
 *       data nor a retained graph survives the reset (a cleared array of references is nulled, not just truncated);
 *       </li>
 *   <li>what may differ is only what no user can observe through its API: the capacity of internal arrays, which is
 *       the point of reuse. Implementations that grow should shrink back on reset once a capacity exceeds a
 *       documented limit, so one oversized use does not pin memory for ever.</li>
 * </ul>
 *
 * <h2>Allocation</h2>
 * {@code reset()} allocates nothing, except when it shrinks a container that grew past its limit (documented by each
 * implementation).
 *
 * <h2>Thread-safety</h2>
 * {@code reset()} is called by the single thread that owns the object at that moment; implementations need not be
 * thread-safe. Pools call it on release, before the object can be handed to another thread, and publish it safely.
 */
@FunctionalInterface
public interface Resettable {
    /**
     * Returns this object to its freshly built state, as described in the {@linkplain Resettable contract}.
     */
    void reset();
}
