package io.github.hotpath.pool;

/**
 * A pool was used against its contract: a handle or lease was released twice, released after its object had been
 * handed to someone else, used after release (strict mode), or was never issued by this pool. The pool rejects the
 * call, counts it in {@link PoolMetrics#misuseRejected()} and stays consistent: no object is released twice, and
 * the current holder of the object is unaffected. The one misuse that can go unnoticed is a stale release across an
 * exact multiple of 2^35 acquisitions of the same slot (see {@link Kind#STALE_RELEASE}).
 *
 * <h2>Allocation</h2>
 * Thrown only on misuse, which is a bug in the caller; each throw allocates the exception and its message.
 */
public final class PoolMisuseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** What the caller did wrong. */
    public enum Kind {
        /** The acquisition was already released, and its object has not been handed out since. */
        DOUBLE_RELEASE,
        /**
         * The acquisition was released and its object has since been handed to another holder. Caught unless the
         * object's slot was acquired an exact multiple of 2^35 times since the stale handle was issued: a handle
         * keeps the low 35 bits of its slot's generation, so after exactly that many acquisitions a stale handle
         * looks like the current one, and a stale release then is taken for the current holder's release (the object
         * is reset and becomes available while that holder still uses it). At 10^8 acquisitions a second of one slot,
         * a stale handle must be held for almost six minutes and released at that one acquisition in 3.4 &times; 10^10
         * to be mistaken; at realistic rates, days. After the slot's first wrap, a handle whose generation does not
         * match is always reported as stale, since every 35-bit generation was issued by then.
         */
        STALE_RELEASE,
        /**
         * The handle was never issued by this pool: made up, {@code NO_HANDLE}, or another pool's (recognised by the
         * 8-bit pool tag in every handle, so pools built a multiple of 256 apart cannot tell each other's handles by
         * tag alone; the slot and generation checks still apply).
         */
        NOT_ISSUED,
        /** A lease's object was asked for after the lease was closed (strict mode). */
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
