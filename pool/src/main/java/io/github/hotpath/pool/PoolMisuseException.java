package io.github.hotpath.pool;

/**
 * A pool was used against its contract: a handle or lease was released twice, released after its object had been
 * handed to someone else, used after release, or was never issued by this pool. The pool rejects the call, counts it
 * in {@link PoolMetrics#misuseRejected()} and stays consistent: no object is released twice, and the current holder
 * of the object is unaffected. What each kind catches, and its limits, are stated on the kind; the pool's class
 * comment says what each mode catches.
 *
 * <h2>Allocation</h2>
 * Thrown only on misuse, which is a bug in the caller; each throw allocates the exception and its message.
 */
public final class PoolMisuseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** What the caller did wrong. */
    public enum Kind {
        /**
         * The acquisition was already released, and its object has not been handed out since; or a lease was closed
         * twice.
         */
        DOUBLE_RELEASE,
        /**
         * The acquisition was released and its object has since been handed to another holder. Caught unless the
         * object's slot was acquired an exact multiple of 2^28 (268,435,456) times since the stale handle was issued:
         * a handle keeps the low 28 bits of its slot's generation, so after exactly that many acquisitions a stale
         * handle looks like the current one, and a stale release then is taken for the current holder's release (the
         * object is reset and becomes available while that holder still uses it). At 10^8 acquisitions a second of
         * one slot, a stale handle must be held for 2.7 s and released at that one acquisition in 2.7 &times; 10^8
         * to be mistaken. After the slot's first wrap, a handle whose generation does not match is always reported as
         * stale, since every generation was issued by then.
         */
        STALE_RELEASE,
        /**
         * The handle was never issued by this pool: made up, {@code NO_HANDLE}, or another pool's. Every live pool
         * holds a 16-bit tag that no other live pool holds, so a handle of another live pool is always rejected. A
         * handle of a pool that was closed or garbage-collected is rejected too unless a pool built after it took the
         * same tag back (tags are taken round-robin, so only after every other tag free at the time) and the
         * handle's slot index and generation also match one of that pool's held acquisitions.
         */
        NOT_ISSUED,
        /**
         * An object was asked for after its release: {@link ConcurrentObjectPool#object(long)} with a released or
         * stale handle (with the same 2^28 limit as {@link #STALE_RELEASE}), or {@link Lease#object()} after the
         * lease was closed. Caught in every mode.
         */
        USE_AFTER_RELEASE
    }

    /** The kind of misuse. */
    private final Kind kind;

    PoolMisuseException(final Kind kind, final String message) {
        super(kind + ": " + message);
        this.kind = kind;
    }

    /**
     * The kind of misuse, for tests and monitoring.
     *
     * @return what the caller did wrong.
     */
    public Kind kind() {
        return kind;
    }
}
