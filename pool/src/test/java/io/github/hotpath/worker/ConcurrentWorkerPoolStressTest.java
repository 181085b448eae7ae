package io.github.hotpath.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    @EnumSource(Backpressure.class)
    void millionsOfJobsFromSeveralProducersAreEachHandledExactlyOnce(final Backpressure policy) throws Exception {
        final Run run = new Run(policy, 1_500_000, -1, false, IdleStrategy.PARK);
        run.execute();
        run.verify();
        if (policy == Backpressure.WAIT) {
            assertEquals(0, run.pool.rejected(), "WAIT with a 10 s timeout rejected a job: " + run.pool);
        }
    }

    @ParameterizedTest
    @EnumSource(IdleStrategy.class)
    void everyIdleStrategyHandsEveryJobOverExactlyOnce(final IdleStrategy idle) throws Exception {
        final Random seeds = new Random(61L + idle.ordinal());
        final Run run = new Run(Backpressure.WAIT, 300_000, 150_000 + seeds.nextInt(100_000), true, idle);
        run.execute();
        run.verify();
    }

    @ParameterizedTest
    @EnumSource(Backpressure.class)
    void countsAddUpAcrossShutdownsAtRandomMoments(final Backpressure policy) throws Exception {
        final Random seeds = new Random(6L * 31 + policy.ordinal());
        for (int i = 0; i < 8; i++) {
            final int total = 120_000;
            final Run run = new Run(policy, total, seeds.nextInt(total), i % 2 == 1, IdleStrategy.PARK);
            run.execute();
            run.verify();
        }
    }

    @Test
    void aJobSubmittedJustBeforeTheWorkerAnnouncesItParksIsStillHandled() throws Exception {
        // Deterministic form of the lost wake-up: the submit completes (and sees no parked worker to wake) after the
        // worker found the queue empty but before it announces that it parks. Only the worker's re-check of the
        // queue after announcing saves the job.
        final int jobs = 1_000;
        final AtomicLong submittedInWindow = new AtomicLong();
        try (ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.builder(
            NumberedJob::new, (NumberedJob j) -> {
        }).workers(1).capacity(4).threadNamePrefix("window-worker-").build()) {
            pool.beforeParkAnnouncement = () -> {
                final long n = submittedInWindow.get();
                if (n < jobs) {
                    pool.submit(NumberedJob.FILL, n);
                    submittedInWindow.incrementAndGet();
                }
            };
            pool.submit(NumberedJob.FILL, -5L); // wakes the worker (or finds it spinning); from then on it feeds itself
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.completed() != jobs + 1) {
                if (System.nanoTime() - deadline > 0) {
                    fail("FORBIDDEN lost wake-up: a job submitted in the window before the park announcement was "
                        + "left queued with the worker parked; " + submittedInWindow.get()
                        + " submitted in the window, "
                        + pool);
                }
                Thread.onSpinWait();
            }
            pool.beforeParkAnnouncement = null;
        }
    }

    @Test
    void aJobSubmittedWhileTheWorkerGoesIdleIsNeverLeftWaiting() throws Exception {
        // One worker, one job at a time, each submitted after a pause around the length of the worker's spin before
        // parking (a few microseconds): some submits land exactly while the worker announces that it parks. A lost
        // wake-up leaves a job queued with nobody awake to take it, and since
        // no further job comes to wake the worker, it shows as a job that never completes.
        final IdleStrategy idle = IdleStrategy.PARK;
        final int jobs = 50_000;
        final Random pauses = new Random(6_006L);
        try (ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.builder(
            NumberedJob::new, (NumberedJob j) -> {
        }).workers(1).capacity(4).idleStrategy(idle).threadNamePrefix("wakeup-worker-").build()) {
            final long capped = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            for (int i = 0; i < jobs && System.nanoTime() - capped < 0; i++) {
                pool.submit(NumberedJob.FILL, i);
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (pool.completed() != i + 1) {
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
            System.out.printf("wake-up stress %s: %d jobs, %d parks%n", idle, pool.completed(), pool.parks());
            assertTrue(pool.parks() > 0, idle + ": the worker never parked: the test exercised nothing");
        }
    }

    /** One pool, its producers and the bookkeeping that checks it. */
    private static final class Run {
        final Backpressure policy;
        final int total;
        final long shutdownAfter;
        final boolean now;
        final IdleStrategy idle;
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

        Run(final Backpressure policy, final int total, final long shutdownAfter, final boolean now,
            final IdleStrategy idle) {
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
            pool = ConcurrentWorkerPool.builder(() -> {
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
            }).workers(WORKERS).capacity(CAPACITY).backpressure(policy).idleStrategy(idle)
                .waitTimeout(10, TimeUnit.SECONDS)
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
                while (pool.submitted() + pool.rejected() < shutdownAfter && System.nanoTime() - deadline < 0) {
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
            if (!pool.awaitTermination(20, TimeUnit.SECONDS)) {
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
            assertEquals(acceptedCount, pool.submitted(), at + "FORBIDDEN submitted() differs from accepted jobs");
            assertEquals(notRunSeen, pool.notRun(),
                at + "FORBIDDEN an accepted job was neither handled nor reported as not run (lost)");
            if (now) {
                assertEquals(notRunReturned, pool.notRun(), at + "shutdownNow() returned a wrong not-run count");
            } else {
                assertEquals(0, pool.notRun(), at + "FORBIDDEN shutdown() dropped accepted jobs");
            }
            assertEquals(pool.submitted(), pool.completed() + pool.failed() + pool.notRun(),
                at + "FORBIDDEN submitted != completed + failed + notRun: " + pool);
            assertEquals(failing, pool.failed(), at + "failed() differs from the failing jobs that ran");
            assertEquals(failing, errorsReported.get(), at + "FORBIDDEN a failure was not reported");
            assertEquals(rejectedSeen.get(), pool.rejected(), at + "rejected() differs from the producers' count");
            if (policy != Backpressure.CALLER_RUNS) {
                assertEquals(0, pool.ranOnCaller(), at + "a job ran on a caller under " + policy);
            }
            assertEquals(0, pool.inFlight(), at + "FORBIDDEN a job object leaked (not back in the free list)");
            assertEquals(CAPACITY, jobs.size(), at + "the factory was called more than capacity times");
            for (final NumberedJob j : jobs) {
                assertEquals(0, j.notResetSeen, at + "FORBIDDEN a claim returned a job that was not reset");
            }
            assertTrue(pool.isTerminated(), at + "workers still alive");
            System.out.printf("stress %s: %d accepted, %d completed, %d failed, %d not run, %d rejected,"
                + " %d ran on a caller%n", label(), pool.submitted(), pool.completed(), pool.failed(), pool.notRun(),
                pool.rejected(), pool.ranOnCaller());
        }
    }
}
