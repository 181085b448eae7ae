/**
 * A primitive-specialized, asynchronous logger that allocates nothing per record, on the calling thread or on its
 * writer.
 *
 * <h2>Design note</h2>
 * The culprit it answers is {@code log.info("status={} latency={}", status, latency)}: every primitive boxed into an
 * {@code Object...} array, the message formatted on the calling thread. Here a call builds a record with primitive
 * overloads ({@link io.github.hotpath.log.LogRecord}); the calling thread only copies raw bits and chars into its
 * own pre-allocated record, and {@code commit()} exchanges that record's buffer with a free slot of a bounded
 * multi-producer ring (one CAS, no copy). Records are claimed only at commit, so a forgotten {@code commit()} or a
 * thread that dies mid-record leaves nothing half-published for the writer to wait on. One writer thread formats
 * with the text builder, encodes UTF-8 into one batch buffer and writes each batch with one call. Formatting is
 * deferred to the writer, as NanoLog and Quill do in C++: that is what keeps the calling thread's cost low.
 *
 * <p>Names cost nothing per record: a logger escapes its name once when created, a record keeps a reference to its
 * thread's name {@code String} (a renamed thread has a new one), and the writer escapes a thread name only when it
 * differs from the previous record's. The writer also reuses the formatted date and time of the current second.
 * Re-entrant logging (from a caller's {@code CharSequence} while it is copied, or from a throwable while it is
 * printed) is ignored and counted as dropped, never allowed to corrupt a record or to make the writer wait for itself.
 *
 * <p>Entry point: {@link io.github.hotpath.log.ConcurrentLogService#builder()}.
 */
package io.github.hotpath.log;
