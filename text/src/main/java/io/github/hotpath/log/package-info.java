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
 * <p>Entry point: {@link io.github.hotpath.log.ConcurrentLogService#builder()}.
 */
package io.github.hotpath.log;
