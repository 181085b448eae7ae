/**
 * A bounded worker pool with pre-allocated, recycled jobs: the allocation-free answer to a capturing lambda (and a
 * queue node, and often a {@code FutureTask}) per {@code executor.execute(...)}, and to the unbounded queue that
 * hides overload until memory runs out.
 *
 * <h2>Design</h2>
 * {@link io.github.hotpath.worker.ConcurrentWorkerPool} makes every job object when it is built and keeps the free
 * ones in one bounded MPMC queue and the submitted ones in another (JCTools' {@code MpmcAtomicArrayQueue}, no
 * {@code Unsafe}). Producers claim a job, fill it (directly or with a non-capturing translator) and submit it;
 * a fixed set of named workers take jobs, run the single {@link io.github.hotpath.worker.JobHandler}, reset the job
 * and free it. A per-job state word (free, claimed by a given thread, queued, running), changed by compare-and-set,
 * turns every misuse (foreign job, double submit, stale reference, submit by another thread) into a clear
 * exception instead of a corrupted pool, and lets shutdown know when every accepted job has been taken.
 *
 * <p>Nothing in the steady state allocates, including going idle: workers and waiting claimers park with
 * {@code LockSupport} and announce it in a counter before re-checking their queue (a Dekker-style handshake with
 * the thread that fills the queue, so no wake-up is lost), where a JDK {@code BlockingQueue}'s {@code Condition}
 * allocates a wait node on every wait. When every job is in flight, the {@link io.github.hotpath.worker.Backpressure}
 * policy waits (with a timeout), rejects with a return value, or makes the caller run queued work; each outcome is
 * counted.
 */
package io.github.hotpath.worker;
