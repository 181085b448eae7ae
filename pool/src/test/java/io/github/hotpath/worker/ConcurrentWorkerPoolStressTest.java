package io.github.hotpath.worker;

import io.github.hotpath.core.Backoff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bounded, deterministic stress: numbered jobs from several producers under every backpressure policy, with failing
 * jobs, rejections and shutdowns at (seeded) random moments. Each number is counted when handled; at the end every
 * accepted job must have been handled exactly once or reported as not run, and every counter must add up. Each run
 * has a wall-clock cap, so a bug shows as a labelled failure, never as a hung build.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentWorkerPoolStressTest {
    private static final int PRODUCERS = 3;
    private static final int WORKERS = 2;
    private static final int CAPACITY = 64;
    private static final long FAILING_EVERY = 997;
    private static final long RUN_CAP_NANOS = TimeUnit.SECONDS.toNanos(30);

    @ParameterizedTest
    @EnumSource(FullPolicy.class)
    void millionsOfJobsFromSeveralProducersAreEachHandledExactlyOnce(final FullPolicy policy) throws Exception {
        final Run run = new Run(policy, 1_500_000, -1, false, ConcurrentWorkerPool.IDLE_DEFAULT);
        run.execute();
        run.verify();
        if (policy == FullPolicy.WAIT) {
            assertEquals(0, run.pool.metrics().rejected(), "WAIT with a 10 s timeout rejected a job: " + run.pool);
        }
    }

    @ParameterizedTest
    @MethodSource("io.github.hotpath.worker.Policies#idlePresets")
    void everyIdlePresetHandsEveryJobOverExactlyOnce(final Backoff idle) throws Exception {
        final Random seeds = new Random(61L + idle.spins());
        final Run run = new Run(FullPolicy.WAIT, 300_000, 150_000 + seeds.nextInt(100_000), true, idle);
        run.execute();
        run.verify();
    }

    @ParameterizedTest
    @EnumSource(FullPolicy.class)
    void countsAddUpAcrossShutdownsAtRandomMoments(final FullPolicy policy) throws Exception {
        final Random seeds = new Random(6L * 31 + policy.ordinal());
        for (int i = 0; i < 8; i++) {
            final int total = 120_000;
            final Run run = new Run(policy, total, seeds.nextInt(total), i % 2 == 1, ConcurrentWorkerPool.IDLE_DEFAULT);
            run.execute();
            run.verify();
        }
    }

    @Test
    void aFanInJobIsNeverLeftQueuedBesideAParkedWorker() throws Exception {
        // Two workers; each round a producer submits a pair whose first job waits for the second, so the pair needs
        // both workers awake. Rounds start after pauses around the length of the workers' spin before parking, so
        // some submits land while a worker still searches or is half-way through announcing that it parks: the
        // windows that the jcstress ParkWakeHandshakeTest (benchmarks/jcstress) pins one at a time, and that test
        // hooks in the worker's idle path once opened here. A lost wake-up leaves the second job queued beside a
        // parked worker, and the first one gives up waiting for it.
        final int rounds = 3_000;
        final Random pauses = new Random(7_007L);
        final AtomicLong secondsDone = new AtomicLong();
        final AtomicLong firstsGaveUp = new AtomicLong();
        final JobHandler<NumberedJob> pairs = j -> {
            if (j.number % 2 == 1) {
                secondsDone.incrementAndGet();
                return;
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (secondsDone.get() <= j.number / 2) {
                if (System.nanoTime() - deadline > 0) {
                    firstsGaveUp.incrementAndGet();
                    return;
                }
                LockSupport.parkNanos(1_000);
            }
        };
        try (ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.builder(NumberedJob::new, pairs)
            .workers(2).capacity(8).threadNamePrefix("fan-in-worker-").build()) {
            final long capped = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int round = 0;
            for (; round < rounds && System.nanoTime() - capped < 0; round++) {
                assertTrue(pool.submit(NumberedJob.FILL, 2L * round));
                assertTrue(pool.submit(NumberedJob.FILL, 2L * round + 1));
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (pool.metrics().completed() != 2L * round + 2) {
                    if (System.nanoTime() - deadline > 0) {
                        fail("FORBIDDEN lost wake-up: fan-in pair " + round + " still not handled after 5 s; " + pool);
                    }
                    Thread.onSpinWait();
                }
                assertEquals(0, firstsGaveUp.get(), () -> "FORBIDDEN lost wake-up: a fan-in job waited 2 s for its "
                    + "partner, queued beside a parked worker; " + pool);
                final long pauseEnd = System.nanoTime() + pauses.nextInt(6_000);
                while (System.nanoTime() - pauseEnd < 0) {
                    Thread.onSpinWait();
                }
            }
            final WorkerPoolMetrics m = pool.metrics();
            System.out.printf("fan-in stress: %d pairs, %d parks%n", round, m.parks());
            assertTrue(m.parks() > 0, "no worker ever parked: the test exercised nothing");
        }
    }

    @Test
    void aJobSubmittedWhileTheWorkerGoesIdleIsNeverLeftWaiting() throws Exception {
        // One worker, one job at a time, each submitted after a pause around the length of the worker's spin before
        // parking (a few microseconds): some submits land exactly while the worker announces that it parks. A lost
        // wake-up leaves a job queued with nobody awake to take it, and since
        // no further job comes to wake the worker, it shows as a job that never completes.
        final Backoff idle = ConcurrentWorkerPool.IDLE_DEFAULT;
        final int jobs = 50_000;
        final Random pauses = new Random(6_006L);
        try (ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.builder(NumberedJob::new,
            (NumberedJob j) -> { }).workers(1).capacity(4).idle(idle).threadNamePrefix("wakeup-worker-").build()) {
            final long capped = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            for (int i = 0; i < jobs && System.nanoTime() - capped < 0; i++) {
                pool.submit(NumberedJob.FILL, i);
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (pool.metrics().completed() != i + 1) {
                    if (System.nanoTime() - deadline > 0) {
                        fail(idle + ": FORBIDDEN lost wake-up: job " + i + " still not handled after 5 s; " + pool);
                    }
                    Thread.onSpinWait();
                }
                final long pauseEnd = System.nanoTime() + pauses.nextInt(6_000);
                while (System.nanoTime() - pauseEnd < 0) {
                    Thread.onSpinWait();
                }
            }
            final WorkerPoolMetrics m = pool.metrics();
            System.out.printf("wake-up stress %s: %d jobs, %d parks%n", idle, m.completed(), m.parks());
            assertTrue(m.parks() > 0, idle + ": the worker never parked: the test exercised nothing");
        }
    }

    private static long accepted(final ConcurrentWorkerPool<?> pool) {
        final WorkerPoolMetrics m = pool.metrics();
        return m.submitted() + m.rejected();
    }

    /** One pool, its producers and the bookkeeping that checks it. */
    private static final class Run {
        final FullPolicy policy;
        final int total;
        final long shutdownAfter;
        final boolean now;
        final Backoff idle;
        final AtomicIntegerArray handled;
        final byte[] accepted;
        final List<NumberedJob> jobs = new CopyOnWriteArrayList<>();
        final AtomicLong torn = new AtomicLong();
        final AtomicLong errorsReported = new AtomicLong();
        final AtomicLong rejectedSeen = new AtomicLong();
        final AtomicLong timedOut = new AtomicLong();
        final AtomicReference<Throwable> unexpected = new AtomicReference<>();
        long notRunReturned;
        ConcurrentWorkerPool<NumberedJob> pool;

        Run(final FullPolicy policy, final int total, final long shutdownAfter, final boolean now,
            final Backoff idle) {
            this.policy = policy;
            this.total = total;
            this.shutdownAfter = shutdownAfter;
            this.now = now;
            this.idle = idle;
            this.handled = new AtomicIntegerArray(total);
            this.accepted = new byte[total];
        }

        String label() {
            return policy + ", " + idle + (shutdownAfter < 0 ? ", shutdown at the end"
                : ", " + (now ? "shutdownNow" : "shutdown") + " after ~" + shutdownAfter + " jobs");
        }

        void execute() throws Exception {
            pool = Policies.whenFull(ConcurrentWorkerPool.builder(() -> {
                final NumberedJob j = new NumberedJob();
                jobs.add(j);
                return j;
            }, (NumberedJob job) -> {
                if (!job.intact()) {
                    torn.getAndIncrement();
                    return;
                }
                handled.getAndIncrement((int) job.number);
                if (job.number % FAILING_EVERY == 0) {
                    throw new IllegalStateException("failing job " + job.number);
                }
            }).workers(WORKERS).capacity(CAPACITY).idle(idle), policy, Duration.ofSeconds(10))
                .errorHandler((job, e) -> errorsReported.getAndIncrement()).threadNamePrefix("stress-worker-").build();
            final long deadline = System.nanoTime() + RUN_CAP_NANOS;
            final Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                final int first = p;
                producers[p] = new Thread(() -> produce(first, deadline), "stress-producer-" + p);
            }
            final Thread killer = new Thread(() -> {
                if (shutdownAfter < 0) {
                    return;
                }
                while (accepted(pool) < shutdownAfter && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                }
                if (now) {
                    notRunReturned = pool.shutdownNow();
                } else {
                    pool.shutdown();
                }
            }, "stress-killer");
            killer.start();
            for (final Thread t : producers) {
                t.start();
            }
            for (final Thread t : producers) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (t.isAlive()) {
                    pool.shutdownNow();
                    fail(label() + ": FORBIDDEN hung producer " + t.getName() + " past the cap; " + pool);
                }
            }
            killer.join(10_000);
            if (!pool.isShutdown()) {
                pool.shutdown();
            }
            if (!pool.awaitTermination(Duration.ofSeconds(20))) {
                pool.shutdownNow();
                fail(label() + ": FORBIDDEN workers did not end within 20 s of shutdown; " + pool);
            }
        }

        private void produce(final int first, final long deadline) {
            long rejected = 0;
            try {
                for (int k = first; k < total; k += PRODUCERS) {
                    if (System.nanoTime() - deadline > 0) {
                        timedOut.getAndIncrement();
                        return;
                    }
                    final boolean ok;
                    try {
                        ok = pool.submit(NumberedJob.FILL, k);
                    } catch (final IllegalStateException e) {
                        if (!pool.isShutdown()) {
                            unexpected.compareAndSet(null, e);
                        }
                        return; // shut down: this job and the rest were not accepted
                    }
                    if (ok) {
                        accepted[k] = 1;
                    } else {
                        rejected++;
                    }
                }
            } catch (final Throwable t) {
                unexpected.compareAndSet(null, t);
            } finally {
                rejectedSeen.getAndAdd(rejected);
            }
        }

        void verify() {
            final String at = label() + ": ";
            if (unexpected.get() != null) {
                throw new AssertionError(at + "FORBIDDEN unexpected exception in a producer", unexpected.get());
            }
            assertEquals(0, timedOut.get(), at + "FORBIDDEN a producer hit the wall-clock cap");
            assertEquals(0, torn.get(), at + "FORBIDDEN a handler saw a job not as its producer filled it");
            long acceptedCount = 0;
            long notRunSeen = 0;
            long failing = 0;
            for (int k = 0; k < total; k++) {
                final int h = handled.get(k);
                if (accepted[k] == 1) {
                    acceptedCount++;
                    if (h > 1) {
                        fail(at + "FORBIDDEN job " + k + " handled " + h + " times");
                    }
                    if (h == 0) {
                        notRunSeen++;
                    } else if (k % FAILING_EVERY == 0) {
                        failing++;
                    }
                } else if (h != 0) {
                    fail(at + "FORBIDDEN job " + k + " was handled but never accepted");
                }
            }
            final WorkerPoolMetrics m = pool.metrics();
            assertEquals(acceptedCount, m.submitted(), at + "FORBIDDEN submitted() differs from accepted jobs");
            assertEquals(notRunSeen, m.notRun(),
                at + "FORBIDDEN an accepted job was neither handled nor reported as not run (lost)");
            if (now) {
                assertEquals(notRunReturned, m.notRun(), at + "shutdownNow() returned a wrong not-run count");
            } else {
                assertEquals(0, m.notRun(), at + "FORBIDDEN shutdown() dropped accepted jobs");
            }
            assertEquals(m.submitted(), m.completed() + m.failed() + m.notRun(),
                at + "FORBIDDEN submitted != completed + failed + notRun: " + pool);
            assertEquals(failing, m.failed(), at + "failed() differs from the failing jobs that ran");
            assertEquals(failing, errorsReported.get(), at + "FORBIDDEN a failure was not reported");
            assertEquals(rejectedSeen.get(), m.rejected(), at + "rejected() differs from the producers' count");
            if (policy != FullPolicy.CALLER_RUNS) {
                assertEquals(0, m.ranOnCaller(), at + "a job ran on a caller under " + policy);
            }
            assertEquals(0, m.inFlight(), at + "FORBIDDEN a job object leaked (not back in the free list)");
            assertEquals(CAPACITY, jobs.size(), at + "the factory was called more than capacity times");
            for (final NumberedJob j : jobs) {
                assertEquals(0, j.notResetSeen, at + "FORBIDDEN a claim returned a job that was not reset");
            }
            assertTrue(pool.isTerminated(), at + "workers still alive");
            System.out.printf("stress %s: %s%n", label(), m);
        }
    }

    /**
     * Resets that fail now and then, under several producers: every failed reset replaces its job (in the index in
     * place, and by a new index when it fills), and still every job is handled exactly once, no claim ever gets a
     * job not reset, and the counts add up.
     */
    @Test
    void jobsWhoseResetFailsAreReplacedWhileProducersRaceAndNothingIsLostOrDirty() throws Exception {
        final int producers = 4;
        final int perProducer = 50_000;
        final AtomicIntegerArray handled = new AtomicIntegerArray(producers * perProducer);
        final AtomicLong dirtyClaims = new AtomicLong();
        final AtomicLong resetFailures = new AtomicLong();
        try (ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.builder(NumberedJob::new,
                (NumberedJob job) -> {
                    final boolean fail = job.number % 7 == 0;
                    job.number = NumberedJob.UNSET;
                    if (fail) {
                        resetFailures.incrementAndGet();
                        throw new IllegalStateException("reset failed half-way"); // check is left dirty
                    }
                    job.check = 0;
                }, (NumberedJob job) -> handled.incrementAndGet((int) job.number))
            .errorHandler((job, error) -> { }).workers(2).capacity(16).threadNamePrefix("replace-stress-")
            .build()) {
            final Thread[] threads = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                final int base = p * perProducer;
                threads[p] = new Thread(() -> {
                    for (int n = 0; n < perProducer; n++) {
                        final int number = base + n;
                        assertTrue(pool.submit((job, value) -> {
                            if (job.number != NumberedJob.UNSET || job.check != 0) {
                                dirtyClaims.incrementAndGet();
                            }
                            job.number = value;
                            job.check = NumberedJob.checkOf(value);
                        }, number));
                    }
                }, "replace-producer-" + p);
                threads[p].start();
            }
            for (final Thread t : threads) {
                t.join(60_000);
                assertFalse(t.isAlive(), t.getName() + " hung");
            }
            assertTrue(pool.awaitSettled(Duration.ofSeconds(60)));
            assertEquals(0, dirtyClaims.get(), "FORBIDDEN: a claim got a job its failed reset left dirty");
            for (int i = 0; i < handled.length(); i++) {
                assertEquals(1, handled.get(i), "FORBIDDEN: job " + i + " handled " + handled.get(i) + " times");
            }
            final WorkerPoolMetrics m = pool.metrics();
            assertEquals((long) producers * perProducer, m.submitted(), m.toString());
            assertEquals(resetFailures.get(), m.failed(), m.toString());
            assertEquals(m.submitted(), m.completed() + m.failed(), m.toString());
            assertTrue(resetFailures.get() > 20_000, "the failing resets ran: " + resetFailures.get());
        }
    }
}
