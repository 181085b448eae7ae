package io.github.hotpath.log;

import java.util.List;

/**
 * How a logged entry reaches the sink: the one seam between the calling threads and the writing. Two
 * implementations: {@link AsynchronousHandoff} queues the entry's record for a writer thread, and
 * {@link SynchronousHandoff} formats and writes it on the calling thread under a lock. The service, its loggers and
 * its entries are the same for both.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
interface Handoff {
    /**
     * Hands over the record of an entry that its owner has just logged: accepted (queued or written), or dropped and
     * counted. Never throws, except a fatal {@code VirtualMachineError}. On return the entry may hold a different
     * (spare) buffer.
     */
    void hand(LogEntry entry);

    /**
     * Whether {@code thread} is formatting records now (the writer thread, or a synchronous caller inside its
     * write): a record it begins would be re-entrant, from a throwable printed or from sink code.
     */
    boolean formatsOn(Thread thread);

    /**
     * Waits until every record accepted before the call is written or counted as failed, and the sink flushed.
     *
     * @param timeoutNanos    how long to wait at most, saturated.
     * @param requireWritten  true to return false if the writer stopped on a fatal error (what it had not written is
     *                        counted as failed), as {@code flush} does; false to count that as settled.
     * @param interruptible   true to end the wait with {@link InterruptedException}; false to wait on and keep the
     *                        interrupt status.
     * @return true if everything accepted before the call was dealt with in time.
     */
    boolean awaitWritten(long timeoutNanos, boolean requireWritten, boolean interruptible)
        throws InterruptedException;

    /** Stops accepting, writes what was accepted, closes the sink, waits for it at most the close timeout. */
    void close();

    /** Waits at most the close timeout for a close that another thread began to finish. */
    void awaitClosed();

    /** Records accepted so far. */
    long accepted();

    /** Records accepted and not yet taken by the writer. */
    long queueDepth();

    /** Slots of the queue, or 0 without a queue. */
    int capacity();

    /** The threads that write: the writer thread, or none. */
    List<Thread> threads();
}
