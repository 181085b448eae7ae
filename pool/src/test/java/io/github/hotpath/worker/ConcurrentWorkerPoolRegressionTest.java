package io.github.hotpath.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.hotpath.worker.ConcurrentWorkerPoolTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression tests for races and lifecycle bugs found in the worker pool, each named for the behaviour it pins and
 * each failing on the code before its fix; deterministic (latches open each window at will) and bounded in time.
 * The lost wake-ups of the worker's park announcement, which test hooks in the worker's idle path once opened
 * here, are pinned by the jcstress {@code ParkWakeHandshakeTest} (benchmarks/jcstress), with no hook in production
 * code, and run end to end in {@code ConcurrentWorkerPoolStressTest}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConcurrentWorkerPoolRegressionTest {

    private static WorkerPoolBuilder<NumberedJob> builder(final JobHandler<NumberedJob> handler) {
        return ConcurrentWorkerPool.builder(NumberedJob::new, handler).threadNamePrefix("regression-worker-")
            .daemon(true);
    }

    private static String invariant(final ConcurrentWorkerPool<?> pool) {
        return pool.metrics().toString();
    }

    /** Was: with CALLER_RUNS, the workers ended while a claimer still ran an accepted job. */
    @Test
    void terminationWaitsForAJobRunningOnTheCaller() throws Exception {
        final CountDownLatch releaseFirst = new CountDownLatch(1);
        final CountDownLatch releaseSecond = new CountDownLatch(1);
        final CountDownLatch secondStarted = new CountDownLatch(1);
        final ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            if (job.number == 1) {
                releaseFirst.await();
            } else if (job.number == 2) {
                secondStarted.countDown();
                releaseSecond.await();
            }
        }).workers(1).capacity(2).whenFullCallerRuns().build();
        assertTrue(pool.submit(NumberedJob.FILL, 1L));
        awaitTrue("the worker took job 1", () -> pool.metrics().queueDepth() == 0);
        assertTrue(pool.submit(NumberedJob.FILL, 2L));
        final AtomicReference<Throwable> claimResult = new AtomicReference<>();
        final Thread claimer = new Thread(() -> {
            try {
                claimResult.set(new AssertionError("claimed after shutdown: " + pool.claim()));
            } catch (final Throwable t) {
                claimResult.set(t);
            }
        }, "caller-runs-claimer");
        claimer.setDaemon(true);
        claimer.start();
        assertTrue(secondStarted.await(10, TimeUnit.SECONDS), "the claimer did not run job 2");
        pool.shutdown();
        releaseFirst.countDown();
        assertFalse(pool.awaitTermination(Duration.ofMillis(300)),
            "FORBIDDEN terminated while job 2 still runs on the claimer: " + invariant(pool));
        assertFalse(pool.isTerminated(), "FORBIDDEN isTerminated while job 2 runs on the claimer");
        releaseSecond.countDown();
        assertTrue(pool.awaitTermination(Duration.ofSeconds(10)));
        claimer.join(10_000);
        assertFalse(claimer.isAlive());
        assertTrue(claimResult.get() instanceof IllegalStateException, "the claim after shutdown: " + claimResult);
        assertEquals(2, pool.metrics().completed(), invariant(pool));
        assertEquals(0, pool.metrics().outstanding(), invariant(pool));
    }

    /** Was: shutdownNow() let the workers end before its own take-back had counted the queued jobs. */
    @Test
    void terminationWaitsForShutdownNowToTakeBackTheQueuedJobs() throws Exception {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch drainStarted = new CountDownLatch(1);
        final CountDownLatch drainMayGoOn = new CountDownLatch(1);
        final AtomicReference<Thread> killer = new AtomicReference<>();
        final ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.<NumberedJob>builder(NumberedJob::new,
            job -> {
                if (Thread.currentThread() == killer.get()) { // shutdownNow() resetting a job it took back
                    drainStarted.countDown();
                    try {
                        drainMayGoOn.await(10, TimeUnit.SECONDS);
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                job.reset();
            }, job -> {
                if (job.number == 1) {
                    started.countDown();
                    Thread.sleep(60_000); // ended by shutdownNow's interrupt
                }
            }).workers(1).capacity(8).errorHandler(JobErrorHandler.ignore()).daemon(true).build();
        for (long n = 1; n <= 6; n++) {
            assertTrue(pool.submit(NumberedJob.FILL, n));
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        final AtomicInteger returned = new AtomicInteger(-1);
        final Thread k = new Thread(() -> returned.set((int) pool.shutdownNow()), "shutdown-now");
        k.setDaemon(true);
        killer.set(k);
        k.start();
        assertTrue(drainStarted.await(10, TimeUnit.SECONDS));
        assertFalse(pool.awaitTermination(Duration.ofMillis(300)),
            "FORBIDDEN terminated while shutdownNow() still takes jobs back: " + invariant(pool));
        drainMayGoOn.countDown();
        assertTrue(pool.awaitTermination(Duration.ofSeconds(10)));
        assertEquals(0, pool.metrics().queueDepth(), invariant(pool));
        assertEquals(5, pool.metrics().notRun(), invariant(pool));
        assertEquals(0, pool.metrics().outstanding(), invariant(pool));
        k.join(10_000);
        assertEquals(5, returned.get());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(final Throwable t) throws T {
        throw (T) t;
    }

    /** Was: a checked exception thrown sneakily by a translator leaked the claimed job for ever. */
    @Test
    void aSneakyCheckedExceptionInATranslatorDoesNotLeakTheJob() throws Exception {
        try (ConcurrentWorkerPool<NumberedJob> pool =
                 builder(job -> { }).capacity(1).whenFullReject().build()) {
            final Throwable fromObject = assertThrows(IOException.class, () -> pool.submit((job, arg) -> {
                job.number = 1;
                ConcurrentWorkerPoolRegressionTest.<RuntimeException>sneakyThrow(new IOException("sneaky " + arg));
            }, "object"));
            assertEquals("sneaky object", fromObject.getMessage());
            assertEquals(0, pool.metrics().inFlight(), "FORBIDDEN the object translator's job leaked");
            final Throwable fromLong = assertThrows(IOException.class, () -> pool.submit((job, arg) -> {
                job.number = arg;
                ConcurrentWorkerPoolRegressionTest.<RuntimeException>sneakyThrow(new IOException("sneaky long"));
            }, 2L));
            assertEquals("sneaky long", fromLong.getMessage());
            assertEquals(0, pool.metrics().inFlight(), "FORBIDDEN the long translator's job leaked");
            final NumberedJob job = pool.claim();
            assertNotNull(job, "capacity 1: the only job object is free again");
            assertEquals(NumberedJob.UNSET, job.number, "and reset");
            pool.cancel(job);
            assertEquals(0, pool.metrics().submitted());
        }
    }

    /** Was: an interrupt aimed at one job's handler leaked into the next job on the same worker. */
    @Test
    void anInterruptForOneJobDoesNotLeakIntoTheNext() throws Exception {
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch secondDone = new CountDownLatch(1);
        final AtomicReference<Boolean> secondSawInterrupt = new AtomicReference<>();
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            if (job.number == 1) {
                firstStarted.countDown();
                try {
                    new CountDownLatch(1).await(10, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt(); // the standard idiom: restore the status and return
                }
            } else {
                secondSawInterrupt.set(Thread.currentThread().isInterrupted());
                secondDone.countDown();
            }
        }).workers(1).capacity(4).build()) {
            assertTrue(pool.submit(NumberedJob.FILL, 1L));
            assertTrue(pool.submit(NumberedJob.FILL, 2L)); // queued: the worker takes it without parking in between
            assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
            pool.backgroundThreads().get(0).interrupt(); // cancels job 1's blocked handler, as workerThreads() allows
            assertTrue(secondDone.await(10, TimeUnit.SECONDS));
            assertEquals(Boolean.FALSE, secondSawInterrupt.get(), "FORBIDDEN job 2 saw the interrupt meant for job 1");
        }
    }

    /** Was: a submit refused after shutdown whose reset action calls shutdownNow() spun for ever. */
    @Test
    void aResetActionThatCallsShutdownNowOnARefusedSubmitDoesNotHang() throws Exception {
        final AtomicReference<ConcurrentWorkerPool<NumberedJob>> self = new AtomicReference<>();
        final AtomicBoolean armed = new AtomicBoolean();
        final ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.<NumberedJob>builder(NumberedJob::new,
            job -> {
                job.reset();
                if (armed.getAndSet(false)) {
                    self.get().shutdownNow();
                }
            }, job -> { }).workers(1).capacity(2).daemon(true).build();
        self.set(pool);
        final CountDownLatch claimed = new CountDownLatch(1);
        final CountDownLatch shutDown = new CountDownLatch(1);
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final Thread submitter = new Thread(() -> {
            try {
                final NumberedJob job = pool.claim();
                claimed.countDown();
                shutDown.await();
                pool.submit(job);
            } catch (final Throwable t) {
                thrown.set(t);
            }
        }, "late-submitter");
        submitter.setDaemon(true);
        submitter.start();
        assertTrue(claimed.await(10, TimeUnit.SECONDS));
        pool.shutdown();
        armed.set(true);
        shutDown.countDown();
        submitter.join(5_000);
        assertFalse(submitter.isAlive(), "FORBIDDEN shutdownNow() inside the reset of a refused submit hangs");
        assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
        assertFalse(armed.get(), "the reset action did not call shutdownNow()");
        assertTrue(pool.awaitTermination(Duration.ofSeconds(10)));
        assertEquals(0, pool.metrics().inFlight());
    }

    /** Was: shutdownNow() locked the pool's public monitor, so a user holding it blocked shutdownNow(). */
    @Test
    void shutdownNowDoesNotUseThePoolsPublicMonitor() throws Exception {
        final ConcurrentWorkerPool<NumberedJob> pool = builder(job -> { }).build();
        final AtomicInteger result = new AtomicInteger(-1);
        final Thread stopper;
        synchronized (pool) {
            stopper = new Thread(() -> result.set((int) pool.shutdownNow()), "stopper");
            stopper.setDaemon(true);
            stopper.start();
            stopper.join(5_000);
        }
        assertFalse(stopper.isAlive(), "FORBIDDEN shutdownNow() waited for a lock held by user code");
        assertEquals(0, result.get());
        assertTrue(pool.awaitTermination(Duration.ofSeconds(10)));
    }

    /** Was: close() from a handler waited for its own thread (twice the wait timeout) before returning. */
    @Test
    void closeFromAHandlerReturnsAtOnceAndTheOtherJobsStillRun() throws Exception {
        final AtomicReference<ConcurrentWorkerPool<NumberedJob>> self = new AtomicReference<>();
        final AtomicReference<Long> closeNanos = new AtomicReference<>();
        final CountDownLatch bothSubmitted = new CountDownLatch(1);
        final ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            if (job.number == 1) {
                bothSubmitted.await(); // else the pool may close before the second submit
                final long start = System.nanoTime();
                self.get().close();
                closeNanos.set(System.nanoTime() - start);
            }
        }).workers(1).capacity(4).waitTimeout(Duration.ofSeconds(2)).build();
        self.set(pool);
        assertTrue(pool.submit(NumberedJob.FILL, 1L));
        assertTrue(pool.submit(NumberedJob.FILL, 2L));
        bothSubmitted.countDown();
        assertTrue(pool.awaitTermination(Duration.ofSeconds(10)));
        assertNotNull(closeNanos.get());
        assertTrue(closeNanos.get() < TimeUnit.SECONDS.toNanos(1),
            "close() on a worker waited for itself: " + closeNanos.get() + " ns");
        assertEquals(2, pool.metrics().completed(),
            "shutdown from a handler still runs the accepted jobs: " + invariant(pool));
    }

    /** Was: a thread that failed to start left the workers started before it running for ever. */
    @Test
    void aWorkerThatFailsToStartStopsTheOthers() throws Exception {
        final AtomicReference<Thread> firstWorker = new AtomicReference<>();
        final AtomicInteger made = new AtomicInteger();
        final IllegalStateException failure = assertThrows(IllegalStateException.class, () -> builder(job -> { })
            .workers(2).threadFactory(r -> {
                if (made.getAndIncrement() == 0) {
                    final Thread t = new Thread(r, "starts");
                    t.setDaemon(true);
                    firstWorker.set(t);
                    return t;
                }
                return new Thread(r, "never-starts") {
                    @Override
                    public synchronized void start() {
                        throw new IllegalStateException("no more threads");
                    }
                };
            }).build());
        assertEquals("no more threads", failure.getMessage());
        firstWorker.get().join(10_000);
        assertFalse(firstWorker.get().isAlive(), "FORBIDDEN the started worker of a pool never returned still runs");
    }

    /** A failed caller-run job counts once, as ran on the caller and failed (kept apart so completed only grows). */
    @Test
    void aFailedCallerRunJobCountsAsRanOnCallerAndFailedNotCompleted() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            if (job.number == 1) {
                release.await();
            } else {
                throw new IllegalStateException("job " + job.number);
            }
        }).workers(1).capacity(2).whenFullCallerRuns().errorHandler(JobErrorHandler.ignore())
            .build()) {
            assertTrue(pool.submit(NumberedJob.FILL, 1L));
            awaitTrue("the worker took job 1", () -> pool.metrics().queueDepth() == 0);
            assertTrue(pool.submit(NumberedJob.FILL, 2L));
            final NumberedJob job = pool.claim(); // runs job 2 here: it fails
            assertEquals(NumberedJob.UNSET, job.number);
            assertEquals(1, pool.metrics().ranOnCaller());
            assertEquals(1, pool.metrics().failed());
            assertEquals(0, pool.metrics().completed());
            pool.cancel(job);
            release.countDown();
            awaitTrue("job 1 completed", () -> pool.metrics().completed() == 1);
        }
    }

    /**
     * A worker marks a finished job FREE just before it offers it back to the free queue; settling used to return in
     * between, and a snapshot taken then counted the job in flight (seen once in CI, in a meter binder test).
     */
    @Test
    void nothingIsInFlightOnceSettledEvenWithAJobHeldByAClaimer() throws Exception {
        try (ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.builder(NumberedJob::new,
            (NumberedJob job) -> { }).workers(2).capacity(8).build()) {
            final NumberedJob held = pool.claim(); // held, never submitted: not free, not in flight
            assertNotNull(held);
            for (int round = 0; round < 100_000; round++) {
                for (int i = 0; i < 6; i++) {
                    assertTrue(pool.submit(NumberedJob.FILL, round * 10L + i));
                }
                assertTrue(pool.awaitSettled(Duration.ofSeconds(30)));
                assertEquals(1, pool.metrics().inFlight(), "round " + round + ": only the held job");
            }
            pool.cancel(held);
        }
    }

    /** Was: a job whose reset action threw went back to the free queue half reset, for the next claimer. */
    @Test
    void aJobWhoseResetThrowsIsReplacedNotHandedOutHalfReset() throws Exception {
        final AtomicBoolean failReset = new AtomicBoolean(true);
        final AtomicInteger errors = new AtomicInteger();
        try (ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.builder(NumberedJob::new,
                (NumberedJob job) -> {
                    job.number = NumberedJob.UNSET;
                    if (failReset.getAndSet(false)) {
                        throw new IllegalStateException("reset failed half-way");
                    }
                    job.check = 0;
                }, (NumberedJob job) -> { })
            .errorHandler((job, error) -> errors.incrementAndGet()).workers(1).capacity(1).build()) {
            final NumberedJob first = pool.claim();
            NumberedJob.FILL.accept(first, 7L);
            pool.submit(first);
            assertTrue(pool.awaitSettled(Duration.ofSeconds(10)));
            final NumberedJob next = pool.claim();
            assertNotNull(next);
            assertTrue(next != first, "the half-reset object was handed out again");
            assertEquals(NumberedJob.UNSET, next.number);
            assertEquals(0, next.check);
            assertEquals(1, errors.get());
            assertEquals(1, pool.metrics().failed());
            assertThrows(IllegalArgumentException.class, () -> pool.submit(first));
            // The new object is a job of the pool like any other: submitted, handled, reset, claimed again.
            NumberedJob.FILL.accept(next, 8L);
            pool.submit(next);
            assertTrue(pool.awaitSettled(Duration.ofSeconds(10)));
            assertTrue(pool.claim() == next);
            pool.cancel(next);
            assertEquals(1, pool.metrics().failed());
        }
    }

    /** A cancelled job whose reset throws is replaced too; a factory that then fails leaves the pool whole. */
    @Test
    void aFailingFactoryAfterAFailedResetKeepsThePoolWhole() throws Exception {
        final AtomicInteger made = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        try (ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.builder(() -> {
                if (made.getAndIncrement() == 2) {
                    throw new IllegalStateException("factory failed");
                }
                return new NumberedJob();
            }, (NumberedJob job) -> {
                if (job.number == 13) {
                    throw new IllegalStateException("reset failed");
                }
                job.reset();
            }, (NumberedJob job) -> { })
            .errorHandler((job, error) -> errors.incrementAndGet()).workers(1).capacity(1).build()) {
            final NumberedJob first = pool.claim();
            first.number = 13;
            pool.cancel(first); // reset throws: replaced by the second object the factory makes
            assertEquals(1, errors.get());
            final NumberedJob second = pool.claim();
            assertTrue(second != first);
            assertEquals(NumberedJob.UNSET, second.number);
            second.number = 13;
            pool.cancel(second); // reset throws, and so does the factory: both reported, the job stays
            assertEquals(3, errors.get());
            assertTrue(pool.claim() == second, "the pool kept its one job");
        }
    }

    /**
     * Was: {@code whenFullWait(50 ms)}, the setting of the README's example, also bounded {@code close()}: it gave up
     * after 50 ms and took back the queued jobs (outside review: 89 of 1,024 accepted jobs ran). The claim's wait
     * and the close's are now separate ({@code closeTimeout}, 30 s by default).
     */
    @Test
    void aShortClaimWaitDoesNotCutCloseShort() {
        final AtomicLong ran = new AtomicLong();
        final ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            Thread.sleep(1);
            ran.incrementAndGet();
        }).workers(2).capacity(1024).whenFullWait(Duration.ofMillis(50)).build();
        for (long n = 0; n < 1024; n++) {
            assertTrue(pool.submit(NumberedJob.FILL, n));
        }
        pool.close();
        assertEquals(1024, ran.get(), "forbidden: close dropped accepted jobs: " + invariant(pool));
        assertEquals(0, pool.metrics().notRun(), invariant(pool));
        assertEquals(1024, pool.metrics().completed(), invariant(pool));
    }

    /**
     * Was: {@code close()} from a handler that a claimer ran under CALLER_RUNS waited for its own job, twice the close
     * timeout, then took back the queue (outside review: 4 s with a timeout of 2 s). Now it shuts down and returns,
     * as on a worker.
     */
    @Test
    void closeFromAHandlerRunOnTheCallerDoesNotWaitForItself() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<ConcurrentWorkerPool<NumberedJob>> self = new AtomicReference<>();
        final AtomicLong closeNanos = new AtomicLong(-1);
        final AtomicReference<Thread> closer = new AtomicReference<>();
        final ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            if (job.number == 1) {
                release.await();
            } else if (job.number == 2) {
                closer.set(Thread.currentThread());
                final long start = System.nanoTime();
                self.get().close();
                closeNanos.set(System.nanoTime() - start);
            }
        }).workers(1).capacity(2).whenFullCallerRuns().closeTimeout(Duration.ofSeconds(2)).build();
        self.set(pool);
        assertTrue(pool.submit(NumberedJob.FILL, 1L));
        awaitTrue("the worker took job 1", () -> pool.metrics().queueDepth() == 0);
        assertTrue(pool.submit(NumberedJob.FILL, 2L));
        try {
            pool.claim(); // every job in flight: runs queued job 2 here, which closes the pool
        } catch (final IllegalStateException shutDown) {
            // expected: the claim goes on after the job it ran, and finds the pool shut down
        }
        assertEquals(Thread.currentThread(), closer.get(), "job 2 ran on the caller");
        assertTrue(closeNanos.get() >= 0 && closeNanos.get() < TimeUnit.SECONDS.toNanos(1),
            "forbidden: close() waited for its own job: " + closeNanos.get() + " ns");
        assertFalse(pool.awaitTermination(Duration.ofSeconds(1)), "the worker still holds job 1");
        release.countDown();
        assertTrue(pool.awaitTermination(Duration.ofSeconds(10)));
        assertEquals(0, pool.metrics().notRun(), invariant(pool));
        assertEquals(2, pool.metrics().completed(), invariant(pool));
    }

    /**
     * Was: {@code close()} from a reset action that {@code shutdownNow()}'s take-back ran waited for itself (the
     * workers wait for the take-back to end), twice the close timeout (second review). Now it only shuts down.
     */
    @Test
    void closeFromAResetActionOfATakeBackDoesNotWaitForItself() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<ConcurrentWorkerPool<NumberedJob>> self = new AtomicReference<>();
        final AtomicLong closeNanos = new AtomicLong(-1);
        final ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.<NumberedJob>builder(NumberedJob::new,
            job -> {
                if (job.number == 2 && closeNanos.get() < 0) { // the take-back resets queued job 2
                    final long start = System.nanoTime();
                    self.get().close();
                    closeNanos.set(System.nanoTime() - start);
                }
                job.reset();
            }, job -> {
                if (job.number == 1) {
                    release.await();
                }
            }).workers(1).capacity(4).closeTimeout(Duration.ofSeconds(2)).errorHandler(JobErrorHandler.ignore())
            .build();
        self.set(pool);
        assertTrue(pool.submit(NumberedJob.FILL, 1L));
        awaitTrue("the worker took job 1", () -> pool.metrics().queueDepth() == 0);
        assertTrue(pool.submit(NumberedJob.FILL, 2L));
        assertEquals(1, pool.shutdownNow(), "job 2 taken back");
        assertTrue(closeNanos.get() >= 0 && closeNanos.get() < TimeUnit.SECONDS.toNanos(1),
            "forbidden: close() in the take-back waited for itself: " + closeNanos.get() + " ns");
        release.countDown();
        assertTrue(pool.awaitTermination(Duration.ofSeconds(10)));
        assertEquals(1, pool.metrics().notRun(), invariant(pool));
    }
}
