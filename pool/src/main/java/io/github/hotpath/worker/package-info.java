/**
 * A bounded worker pool with pre-allocated, recycled jobs: the allocation-free answer to a capturing lambda (and a
 * queue node, and often a {@code FutureTask}) per {@code executor.execute(...)}, and to the unbounded queue that
 * hides overload until memory runs out.
 *
 * <h2>Design</h2>
 * {@link io.github.hotpath.worker.ConcurrentWorkerPool} is a small facade, built by
 * {@link io.github.hotpath.worker.WorkerPoolBuilder}, over package-private parts of one idea each, on the ground
 * the Disruptor splits into a sequencer, wait strategies and an event processor:
 * <ul>
 *   <li>{@code JobSlots}: the job objects, a state word per job (free, claimed by a given thread, queued, running)
 *       changed by compare-and-set, which turns every misuse into a clear exception instead of a corrupted pool,
 *       and two bounded MPMC queues (JCTools' {@code MpmcAtomicArrayQueue}, no {@code Unsafe}), free and
 *       submitted;</li>
 *   <li>{@code ClaimWaiters}: claimers that wait for a free job, each freed job waking exactly one;</li>
 *   <li>{@code Worker} and {@code IdleWorkers}: the worker loop, idling through {@link io.github.hotpath.core.Backoff},
 *       and the producer/worker park handshake (a worker announces itself before it re-checks the queue and parks,
 *       a Dekker pair with the producer that fills it, so no wake-up is lost; while a worker searches the queue,
 *       producers wake nobody);</li>
 *   <li>{@code JobRunner}: the handler, the reset action and the error handler around one job;</li>
 *   <li>{@code Lifecycle}, {@code RunState} and {@code ExitHook}: shutdown, termination, settling, and the exit hook
 *       that drains a pool its owner forgot to close;</li>
 *   <li>{@code PoolCounters} and {@link io.github.hotpath.worker.WorkerPoolMetrics}: the counters and their
 *       snapshot; {@code WorkerPoolJmx} ({@link io.github.hotpath.worker.WorkerPoolMXBean}, opt-in) and
 *       {@link io.github.hotpath.worker.WorkerPoolMeterBinder} (Micrometer, optional) read that snapshot, one per
 *       scrape, and add nothing to the hot path.</li>
 * </ul>
 *
 * <p>Nothing in the steady state allocates, including going idle: workers and waiting claimers park with
 * {@code LockSupport}, where a JDK {@code BlockingQueue}'s {@code Condition} allocates a wait node on every wait.
 * When every job is in flight, the builder's policy waits (with a timeout), rejects with a return value, or makes
 * the caller run queued work; each outcome is counted.
 */
package io.github.hotpath.worker;
