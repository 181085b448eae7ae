package io.github.hotpath.pool;

/**
 * A pool was used against its contract: a handle or lease was released twice, released after its object had been
 * handed to someone else, used after release (strict mode), or was never issued by this pool. The pool rejects the
 * call, counts it in {@link PoolMetrics#misuseRejected()} and stays consistent: no object is released twice, and
 * the current holder of the object is unaffected.
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
        /** The acquisition was released and its object has since been handed to another holder. */
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
