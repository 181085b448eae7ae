/**
 * A primitive-specialized, asynchronous logger that allocates nothing per entry, on the calling thread or on its
 * writer.
 *
 * <h2>Design note</h2>
 * The culprit it answers is {@code log.info("status={} latency={}", status, latency)}: every primitive boxed into an
 * {@code Object...} array, the message formatted on the calling thread. Here a call builds an entry with primitive
 * overloads ({@link io.github.hotpath.log.LogEntry}); the calling thread only copies raw bits and chars into a
 * pre-allocated record, and {@code log()} hands that record over. Nothing is kept per thread: a new thread (a
 * virtual thread per request) logs without allocating. Formatting is deferred to a writer, as NanoLog and
 * Quill do in C++: that is what keeps the calling thread's cost low.
 *
 * <p>The parts, one idea each, behind the public facade
 * ({@link io.github.hotpath.log.ConcurrentLogService}, {@link io.github.hotpath.log.Logger},
 * {@link io.github.hotpath.log.LogEntry}, {@link io.github.hotpath.log.LogMetrics}):
 * <ul>
 *   <li>{@code EntryPool}: the bounded set of entries that threads borrow at {@code info()} and give back at
 *       {@code log()}, and the reclaiming of entries whose {@code log()} was forgotten;</li>
 *   <li>{@code RecordBuffer}: the raw content of one record (tags, bits, copied chars);</li>
 *   <li>{@code Handoff}: how a logged entry reaches the sink, with two implementations:
 *       {@code AsynchronousHandoff} (a bounded multi-producer ring, {@code RecordRing}, claimed only at
 *       {@code log()} with one CAS and a buffer exchange, and a writer thread) and {@code SynchronousHandoff}
 *       (formats and writes under a lock on the caller);</li>
 *   <li>{@code RingWaitingRoom}: where producers that found the ring full wait under {@code whenFullWait()}, in
 *       ticket order, parked until the writer admits them into the room it has made (a few at a time, with credit,
 *       while the writer is busy);</li>
 *   <li>{@code WriterLoop}: the writer thread's loop, its idling, its admitting of waiting producers, draining at
 *       close and dying on a fatal error;</li>
 *   <li>{@code ServiceLifecycle}, {@code LoggerRegistry} and {@code ServiceFootprint}: the service's start and
 *       close, its loggers and their levels, and the heap check of its configuration;</li>
 *   <li>{@code LineBatch} and {@code LineFormatter}: lines laid out and gathered into one buffer per batch;</li>
 *   <li>{@code SinkWriter}: the calls on the {@link io.github.hotpath.log.LogSink}, and what they wrote or lost,
 *       counted in {@code LogCounters};</li>
 *   <li>{@code RollingFile}: a file sink that rolls between batches, as its public
 *       {@link io.github.hotpath.log.RollingPolicy} says.</li>
 * </ul>
 *
 * <p>Records are claimed in the ring only at {@code log()}, so a forgotten {@code log()} or a thread that dies
 * mid-entry leaves nothing half-published for the writer to wait on. Names cost nothing per entry: a logger escapes
 * its name once when created, an entry keeps a reference to its thread's name {@code String} (a renamed thread has
 * a new one), and the writer escapes a thread name only when it differs from the previous record's. The writer also
 * reuses the formatted date and time of the current second. Re-entrant logging (from a caller's
 * {@code CharSequence} while it is copied, or from a throwable while it is printed) is ignored and counted as
 * dropped, never allowed to corrupt an entry or to make the writer wait for itself.
 *
 * <p>Entry point: {@link io.github.hotpath.log.ConcurrentLogService#builder()}.
 */
package io.github.hotpath.log;
