package io.github.hotpath.log;

/**
 * A snapshot of one {@link ConcurrentLogService}'s counters, from {@link ConcurrentLogService#metrics()}. Every count
 * is since the service was built and only grows (except {@code queueDepth}).
 *
 * <p>After {@link ConcurrentLogService#flush()} or {@link ConcurrentLogService#close()} returns, and with no thread
 * logging meanwhile, {@code accepted == written + failed} (also after the writer stopped on a fatal error: what it
 * could not write is counted as failed); and over any run, {@code accepted + dropped} equals the number of entries
 * logged on enabled levels (an entry begun while the same thread is inside the logger counts as logged and dropped;
 * an entry never logged counts only in {@code abandoned}).
 *
 * <p>A snapshot taken while other threads log is not atomic across counters (each is read once, in turn).
 *
 * <h2>Thread-safety and allocation</h2>
 * Immutable. Each {@link ConcurrentLogService#metrics()} call allocates one snapshot; taking it reads the counters
 * and writes nothing that the loggers or the writer use.
 *
 * @param accepted      records accepted: handed to the writer (asynchronous) or written on the calling thread
 *                      (synchronous).
 * <p>Each kind of drop has its own counter, and the writer writes one line per kind saying how many records were
 * dropped since its last such line and why ("the log queue was full", "the service was closed", ...), as long as the
 * sink is open.
 *
 * @param dropped       records not logged, for any reason: the sum of the four {@code dropped*} counters below.
 * @param droppedFull   of {@code dropped}, those that found the queue (or every entry) taken under
 *                      {@code whenFullDrop()}.
 * @param droppedClosed of {@code dropped}, those logged after the service was closed (also a thread waiting for
 *                      room, woken by close) or after its writer had stopped on a fatal error.
 * @param droppedReentrant of {@code dropped}, those begun while the same thread was inside the logger: from a
 *                      {@code CharSequence} being appended, or from sink or throwable code the writer runs.
 * @param droppedTooDeep of {@code dropped}, those whose {@code log()} overflowed the stack before the record was
 *                      queued (logged from a {@code StackOverflowError} handler).
 * @param written       records written to the sink (its write call returned).
 * @param failed        records accepted but not written: the sink failed (see {@code writeErrors}), formatting failed,
 *                      the writer stopped on a fatal error before writing them, or close gave up on a slot a producer
 *                      claimed but never published.
 * @param bytesWritten  bytes written to the sink, drop notices included.
 * @param writeErrors   write or flush calls on the sink that threw; the first error is also printed to standard error.
 * @param abandoned     entries begun and never logged (a forgotten {@code log()}), discarded.
 * @param misused       calls on an entry after its {@code log()}: ignored.
 * @param temporaryEntries entries allocated for one record each, because every entry was taken and the logging
 *                      thread already held one: a record begun while an argument of its own thread's open record was
 *                      computed, or a thread that forgot its entries' {@code log()} (until another thread reclaims
 *                      them). Each is garbage; a count that keeps growing means a forgotten {@code log()} or too
 *                      small a {@code maxOpenEntries}.
 * @param queueDepth    records accepted and not yet taken by the writer, a moment's snapshot; 0 when synchronous.
 * @param capacity      the queue's slots (the builder's capacity rounded up to a power of two); 0 when synchronous.
 */
public record LogMetrics(
    long accepted,
    long dropped,
    long droppedFull,
    long droppedClosed,
    long droppedReentrant,
    long droppedTooDeep,
    long written,
    long failed,
    long bytesWritten,
    long writeErrors,
    long abandoned,
    long misused,
    long temporaryEntries,
    long queueDepth,
    int capacity) {
}
