package io.github.hotpath.worker;

import io.github.hotpath.core.AllocationMeter;
import io.github.hotpath.core.junit.AllocationFree;
import io.github.hotpath.core.junit.ZeroAllocationExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 0 bytes per job across the producer and every worker thread, in steady state and when the workers go idle between
 * jobs; each test also counts which thread ran each job, so a caller that ran the work itself cannot pass for a
 * zero-allocation hand-off. The pool is a {@link io.github.hotpath.core.BackgroundWork}: the injected meter meters
 * its workers and settles it with no code of the test's. Each kind of operation has a twin that must see one boxed
 * {@code Long} per operation, so the test can fail. Runs twice in the build: with and without escape analysis.
 */
@Tag("allocation")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(ZeroAllocationExtension.class)
class ConcurrentWorkerPoolAllocationTest {
    private static final long FIRST = 123_456_789L;
    private static final long BOXED_LONG_BYTES = AllocationMeter.boxedLongBytes();
    private static final Duration SETTLE = Duration.ofSeconds(20);

    static volatile Object sink;

    /** Fills a job from a number boxed in advance (the object translator form). */
    static final BiConsumer<NumberedJob, Long> FILL_FROM_BOXED = (job, n) -> NumberedJob.FILL.accept(job, n);

    /** Checks each job, counts the thread that ran it (workers by index, anything else in the last cell). */
    static final class CountingHandler implements JobHandler<NumberedJob> {
        volatile Thread[] workers = new Thread[0];
        final AtomicLongArray ranOn = new AtomicLongArray(8);
        final AtomicLong torn = new AtomicLong();
        volatile boolean boxOnWorker;

        @Override
        public void handle(final NumberedJob job) {
            if (!job.intact()) {
                torn.getAndIncrement();
            }
            final Thread me = Thread.currentThread();
            final Thread[] w = workers;
            int i = 0;
            while (i < w.length && w[i] != me) {
                i++;
            }
            ranOn.getAndIncrement(i);
            if (boxOnWorker) {
                sink = Long.valueOf(job.number);
            }
        }

        long ranOnWorkers() {
            long n = 0;
            for (int i = 0; i < workers.length; i++) {
                n += ranOn.get(i);
            }
            return n;
        }

        long ranElsewhere() {
            return ranOn.get(workers.length);
        }
    }

    private static ConcurrentWorkerPool<NumberedJob> pool(
        final CountingHandler handler, final int capacity, final FullPolicy policy) {
        final ConcurrentWorkerPool<NumberedJob> pool = Policies.whenFull(ConcurrentWorkerPool.builder(
                NumberedJob::new, handler).workers(2).capacity(capacity).threadNamePrefix("alloc-worker-"), policy,
            ConcurrentWorkerPool.DEFAULT_WAIT_TIMEOUT).build();
        handler.workers = pool.backgroundThreads().toArray(new Thread[0]);
        return pool;
    }

    /** Settles the pool inside an operation; measured with the rest, so {@code awaitSettled} must not allocate. */
    private static void settle(final ConcurrentWorkerPool<NumberedJob> pool) {
        try {
            if (!pool.awaitSettled(SETTLE)) {
                throw new AssertionError("jobs not handled within " + SETTLE + ": " + pool);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while settling", e);
        }
    }

    @AllocationFree
    void translatorSubmitAllocatesNothingOnTheProducerOrAnyWorker(final AllocationMeter meter) {
        final CountingHandler handler = new CountingHandler();
        try (ConcurrentWorkerPool<NumberedJob> pool = pool(handler, 256, FullPolicy.WAIT)) {
            meter.alsoBackground(pool).assertNoAllocation("submit(FILL, long) + hand-over + handle + recycle", i -> {
                if (!pool.submit(NumberedJob.FILL, FIRST + i)) {
                    throw new AssertionError("pushed back under WAIT: " + pool);
                }
            });
            assertEquals(0, handler.ranElsewhere(), "a job ran off the workers: the 0 B/job would prove nothing");
            assertEquals(0, pool.metrics().ranOnCaller());
            assertEquals(pool.metrics().submitted(), handler.ranOnWorkers(), "every job ran on a worker");
            assertEquals(0, handler.torn.get(), "a handler saw a job that was not as the producer filled it");
        }
    }

    @AllocationFree
    void objectTranslatorSubmitAllocatesNothingOnTheProducerOrAnyWorker(final AllocationMeter meter) {
        final CountingHandler handler = new CountingHandler();
        final Long[] numbers = new Long[1_000];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = FIRST + i;
        }
        try (ConcurrentWorkerPool<NumberedJob> pool = pool(handler, 256, FullPolicy.WAIT)) {
            meter.alsoBackground(pool).assertNoAllocation("submit(translator, Object)", i -> {
                if (!pool.submit(FILL_FROM_BOXED, numbers[i % numbers.length])) {
                    throw new AssertionError("pushed back under WAIT: " + pool);
                }
            });
            assertEquals(pool.metrics().submitted(), handler.ranOnWorkers(), "every job ran on a worker");
        }
    }

    @AllocationFree
    void claimFillSubmitAllocatesNothingOnTheProducerOrAnyWorker(final AllocationMeter meter) {
        final CountingHandler handler = new CountingHandler();
        try (ConcurrentWorkerPool<NumberedJob> pool = pool(handler, 64, FullPolicy.WAIT)) {
            meter.alsoBackground(pool).assertNoAllocation("claim + fill + submit", i -> {
                final NumberedJob job = pool.claim();
                job.number = FIRST + i;
                job.check = NumberedJob.checkOf(job.number);
                pool.submit(job);
            });
            assertEquals(pool.metrics().submitted(), handler.ranOnWorkers(), "every job ran on a worker");
            assertEquals(0, handler.torn.get());
        }
    }

    @AllocationFree
    void workersParkAndAreWokenBetweenJobsWithoutAllocating(final AllocationMeter meter) {
        final CountingHandler handler = new CountingHandler();
        try (ConcurrentWorkerPool<NumberedJob> pool = pool(handler, 16, FullPolicy.WAIT)) {
            final long parksBefore = pool.metrics().parks();
            final Thread[] workers = pool.backgroundThreads().toArray(new Thread[0]);
            // One job at a time: after each, wait until both workers have found the queue empty and parked, so that
            // every submit has to wake a parked worker. A call waits until both workers have parked again, about a
            // millisecond here, and the adaptive warm-up took 10-12 s (measured, JDK 17): a fixed warm-up and fewer
            // calls per round keep the test to seconds.
            meter.alsoBackground(pool).warmup(5_000).operations(3_000)
                .assertNoAllocation("submit to a parked worker", i -> {
                    pool.submit(NumberedJob.FILL, FIRST + i);
                    settle(pool);
                    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    for (final Thread w : workers) {
                        while (w.getState() != Thread.State.TIMED_WAITING) {
                            if (System.nanoTime() - deadline > 0) {
                                throw new AssertionError("a worker did not park again within 20 s: " + pool);
                            }
                            Thread.onSpinWait();
                        }
                    }
                });
            final long jobs = pool.metrics().submitted();
            final long parks = pool.metrics().parks() - parksBefore;
            assertTrue(parks >= jobs, "the workers did not go idle between jobs: " + parks + " parks for "
                + jobs + " jobs, so this test proved nothing about parking");
            assertEquals(jobs, handler.ranOnWorkers(), "every job ran on a worker");
        }
    }

    @AllocationFree
    void callerRunsAllocatesNothingAndSaysWhichThreadRanTheJobs(final AllocationMeter meter) {
        final CountingHandler handler = new CountingHandler();
        try (ConcurrentWorkerPool<NumberedJob> pool = pool(handler, 8, FullPolicy.CALLER_RUNS)) {
            meter.alsoBackground(pool).assertNoAllocation("submit under CALLER_RUNS", i -> {
                if (!pool.submit(NumberedJob.FILL, FIRST + i)) {
                    throw new AssertionError("pushed back under CALLER_RUNS: " + pool);
                }
            });
            final WorkerPoolMetrics m = pool.metrics();
            assertEquals(m.ranOnCaller(), handler.ranElsewhere(), "the pool's count matches the handler's");
            assertEquals(m.submitted(), handler.ranOnWorkers() + handler.ranElsewhere());
            assertTrue(handler.ranOnWorkers() > 0, "no job ran on a worker: the hand-over was not measured");
            System.out.printf("CALLER_RUNS allocation test: %d jobs on workers, %d on the producer%n",
                handler.ranOnWorkers(), handler.ranElsewhere());
        }
    }

    @AllocationFree
    void aRejectedClaimAllocatesNothing(final AllocationMeter meter) {
        final CountingHandler handler = new CountingHandler();
        try (ConcurrentWorkerPool<NumberedJob> pool = pool(handler, 1, FullPolicy.REJECT)) {
            final NumberedJob held = pool.claim();
            meter.assertNoAllocation("claim() rejected", i -> assertNull(pool.claim()));
            pool.cancel(held);
        }
    }

    @AllocationFree
    void awaitSettledOnASettledPoolAllocatesNothing(final AllocationMeter meter) {
        final CountingHandler handler = new CountingHandler();
        try (ConcurrentWorkerPool<NumberedJob> pool = pool(handler, 64, FullPolicy.WAIT)) {
            pool.submit(NumberedJob.FILL, FIRST);
            meter.assertNoAllocation("awaitSettled", i -> assertTrue(pool.awaitSettled(SETTLE)));
        }
    }

    @Test
    void twinCatchesOneBoxedLongPerClaimAndSubmit(final AllocationMeter meter) {
        final CountingHandler handler = new CountingHandler();
        try (ConcurrentWorkerPool<NumberedJob> pool = pool(handler, 64, FullPolicy.WAIT)) {
            final AllocationMeter.Measurement m = meter.alsoBackground(pool).measure(i -> {
                final NumberedJob job = pool.claim();
                NumberedJob.FILL.accept(job, FIRST + i);
                sink = Long.valueOf(job.number);
                pool.submit(job);
            });
            assertEquals(BOXED_LONG_BYTES, m.bytesPerOperation(), "claim + box + submit: " + m);
        }
    }

    @Test
    void twinCatchesOneBoxedLongPerTranslatorSubmit(final AllocationMeter meter) {
        final CountingHandler handler = new CountingHandler();
        try (ConcurrentWorkerPool<NumberedJob> pool = pool(handler, 256, FullPolicy.WAIT)) {
            final AllocationMeter.Measurement m = meter.alsoBackground(pool).measure(i -> pool.submit((job, n) -> {
                NumberedJob.FILL.accept(job, n);
                sink = Long.valueOf(n);
            }, FIRST + i));
            assertEquals(BOXED_LONG_BYTES, m.bytesPerOperation(), "a translator that boxes: " + m);
        }
    }

    @Test
    void twinCatchesOneBoxedLongPerJobOnTheWorkerThread(final AllocationMeter meter) {
        final CountingHandler handler = new CountingHandler();
        handler.boxOnWorker = true;
        try (ConcurrentWorkerPool<NumberedJob> pool = pool(handler, 256, FullPolicy.WAIT)) {
            final AllocationMeter.Measurement all = meter.alsoBackground(pool)
                .measure(i -> pool.submit(NumberedJob.FILL, FIRST + i));
            assertEquals(BOXED_LONG_BYTES, all.bytesPerOperation(), "producer + workers: " + all);
            final AllocationMeter.Measurement producerOnly = meter.warmup(0)
                .settle(() -> settle(pool)).measure(i -> pool.submit(NumberedJob.FILL, FIRST + i));
            assertEquals(0, producerOnly.bytes(), "the box is made on the worker, not the producer: " + producerOnly);
            assertEquals(pool.metrics().submitted(), handler.ranOnWorkers());
        }
    }
}
