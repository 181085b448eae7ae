package io.github.hotpath.worker;

import io.github.hotpath.core.Backoff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of {@link ConcurrentWorkerPool}, one behaviour per test. Every test is bounded in time. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConcurrentWorkerPoolTest {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    static void awaitTrue(final String what, final java.util.function.BooleanSupplier condition) {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
        }
    }

    private static WorkerPoolBuilder<NumberedJob> builder(final JobHandler<NumberedJob> handler) {
        return ConcurrentWorkerPool.builder(NumberedJob::new, handler).threadNamePrefix("test-worker-");
    }

    @Test
    void aSubmittedJobIsHandledOnAWorkerWithWhatTheProducerWroteThenResetAndRecycled() throws Exception {
        final AtomicReference<String> seen = new AtomicReference<>();
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> seen.set(
            Thread.currentThread().getName() + ":" + job.number + ":" + job.intact())).capacity(1).build()) {
            final NumberedJob job = pool.claim();
            assertNotNull(job);
            NumberedJob.FILL.accept(job, 123_456_789L);
            pool.submit(job);
            awaitTrue("the job is completed", () -> pool.metrics().completed() == 1);
            assertEquals("test-worker-0:123456789:true", seen.get());
            awaitTrue("the job is free again", () -> pool.metrics().inFlight() == 0);
            final NumberedJob again = pool.claim();
            assertSame(job, again, "capacity 1: the same object is recycled");
            assertEquals(NumberedJob.UNSET, again.number, "a recycled job is reset");
            pool.cancel(again);
            assertEquals(1, pool.metrics().submitted());
            assertEquals(0, pool.metrics().failed());
        }
    }

    @Test
    void translatorFormsFillWithoutCapturingAndReturnFalseWhenPushedBack() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final List<Long> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            release.await();
            handled.add(job.number);
        }).capacity(2).whenFullReject().build()) {
            assertTrue(pool.submit(NumberedJob.FILL, 1_000_001L));
            assertTrue(pool.submit((job, s) -> NumberedJob.FILL.accept(job, Long.parseLong(s)), "1000002"));
            assertFalse(pool.submit(NumberedJob.FILL, 1_000_003L), "every job is in flight: rejected");
            assertEquals(1, pool.metrics().rejected());
            release.countDown();
            awaitTrue("both completed", () -> pool.metrics().completed() == 2);
            assertEquals(List.of(1_000_001L, 1_000_002L), handled);
        }
    }

    @Test
    void aTranslatorThatThrowsCancelsTheJob() throws Exception {
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> { }).capacity(1).build()) {
            assertThrows(ArithmeticException.class, () -> pool.submit((job, n) -> {
                job.number = n;
                throw new ArithmeticException("bad input");
            }, 5L));
            assertEquals(0, pool.metrics().inFlight(), "the job was given back");
            assertEquals(0, pool.metrics().submitted());
            assertEquals(NumberedJob.UNSET, pool.claim().number, "and reset");
        }
    }

    @Test
    void misuseIsAClearExceptionAndLeavesThePoolConsistent() throws Exception {
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            release.await();
            runs.incrementAndGet();
        }).capacity(2).build()) {
            assertThrows(NullPointerException.class, () -> pool.submit((NumberedJob) null));
            final IllegalArgumentException foreign =
                assertThrows(IllegalArgumentException.class, () -> pool.submit(new NumberedJob()));
            assertTrue(foreign.getMessage().contains("not a job of this pool"), foreign.getMessage());

            final NumberedJob job = pool.claim();
            final AtomicReference<Throwable> fromOther = new AtomicReference<>();
            final Thread other = new Thread(() -> {
                try {
                    pool.submit(job);
                } catch (final Throwable t) {
                    fromOther.set(t);
                }
            }, "other-thread");
            other.start();
            other.join(10_000);
            assertTrue(fromOther.get() instanceof IllegalStateException, "submit from another thread: " + fromOther);
            assertTrue(fromOther.get().getMessage().contains("claimed by thread '" + Thread.currentThread().getName()),
                fromOther.get().getMessage());

            pool.submit(job);
            final IllegalStateException twice = assertThrows(IllegalStateException.class, () -> pool.submit(job));
            assertTrue(twice.getMessage().contains("already submitted"), twice.getMessage());
            assertThrows(IllegalStateException.class, () -> pool.cancel(job), "cancel after submit");
            release.countDown();
            awaitTrue("the job is recycled", () -> pool.metrics().inFlight() == 0);
            final IllegalStateException stale = assertThrows(IllegalStateException.class, () -> pool.submit(job));
            assertTrue(stale.getMessage().contains("it is free"), stale.getMessage());

            final NumberedJob unclaimed = pool.claim();
            pool.cancel(unclaimed);
            assertThrows(IllegalStateException.class, () -> pool.cancel(unclaimed), "double cancel");
            assertEquals(1, runs.get(), "only the one legal submit ran");
            assertEquals(1, pool.metrics().submitted());
            assertEquals(0, pool.metrics().inFlight());
            assertNotNull(pool.claim());
            assertNotNull(pool.claim());
        }
    }

    @Test
    void rejectReturnsNullAtOnceAndCounts() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        try (ConcurrentWorkerPool<NumberedJob> pool =
                 builder(job -> release.await()).capacity(1).whenFullReject().build()) {
            final NumberedJob held = pool.claim();
            assertNull(pool.claim());
            assertNull(pool.claim());
            assertEquals(2, pool.metrics().rejected());
            assertEquals(1, pool.metrics().inFlight());
            pool.cancel(held);
            release.countDown();
        }
    }

    @Test
    void waitTimesOutWithNullAndCounts() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> release.await())
            .errorHandler(JobErrorHandler.ignore()).capacity(1).whenFullWait(Duration.ofMillis(50)).build()) {
            pool.submit(NumberedJob.FILL, 1L);
            final long start = System.nanoTime();
            assertNull(pool.claim(), "nothing recycled within the timeout");
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "waited the timeout");
            assertEquals(1, pool.metrics().rejected());
            release.countDown(); // before close, which would otherwise wait its own timeout for the job
        }
    }

    @Test
    void aWaitingClaimerIsWokenByRecyclingNotByItsTimeout() throws Exception {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            started.countDown();
            release.await();
        }).capacity(1).waitTimeout(Duration.ofSeconds(20)).build()) {
            pool.submit(NumberedJob.FILL, 1L);
            started.await();
            final AtomicReference<NumberedJob> claimed = new AtomicReference<>();
            final Thread claimer = new Thread(() -> claimed.set(pool.claim()), "claimer");
            claimer.start();
            awaitTrue("the claimer parks", () -> claimer.getState() == Thread.State.TIMED_WAITING);
            release.countDown();
            claimer.join(5_000);
            assertFalse(claimer.isAlive(), "the claimer was not woken by the recycling");
            assertNotNull(claimed.get());
        }
    }

    @Test
    void callerRunsMakesTheClaimerRunAQueuedJobAndCountsIt() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<Thread> ranOn = new AtomicReference<>();
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            if (job.number == 1) {
                release.await(); // blocks the only worker
            } else {
                ranOn.set(Thread.currentThread());
            }
        }).workers(1).capacity(2).whenFullCallerRuns().build()) {
            pool.submit(NumberedJob.FILL, 1L);
            awaitTrue("the worker took job 1", () -> pool.metrics().queueDepth() == 0);
            pool.submit(NumberedJob.FILL, 2L); // queued behind the blocked worker
            final NumberedJob job = pool.claim(); // no free job: runs job 2 here, then claims its object
            assertNotNull(job);
            assertSame(Thread.currentThread(), ranOn.get(), "job 2 ran on the claiming thread");
            assertEquals(1, pool.metrics().ranOnCaller());
            assertEquals(1, pool.metrics().completed());
            pool.cancel(job);
            release.countDown();
        }
    }

    @Test
    void aThrowingHandlerKeepsItsWorkerAndTheJobIsResetRecycledAndReported() throws Exception {
        final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            if (job.number % 2 == 0) {
                throw new IllegalStateException("even " + job.number);
            }
        }).workers(1).capacity(1).errorHandler((job, e) -> errors.add(job.number + "/" + e.getMessage())).build()) {
            for (long n = 0; n < 10; n++) {
                assertTrue(pool.submit(NumberedJob.FILL, n));
            }
            awaitTrue("all handled", () -> pool.metrics().completed() + pool.metrics().failed() == 10);
            assertEquals(5, pool.metrics().failed());
            assertEquals(5, pool.metrics().completed());
            assertEquals(List.of("0/even 0", "2/even 2", "4/even 4", "6/even 6", "8/even 8"), errors,
                "the error handler sees the job before it is reset");
            assertTrue(pool.backgroundThreads().get(0).isAlive(), "the worker survived");
            assertEquals(NumberedJob.UNSET, pool.claim().number);
        }
    }

    @Test
    void aThrowingResetOrErrorHandlerDoesNotKillTheWorker() throws Exception {
        final AtomicInteger resets = new AtomicInteger();
        try (ConcurrentWorkerPool<NumberedJob> pool = ConcurrentWorkerPool.<NumberedJob>builder(NumberedJob::new,
            job -> {
                job.reset();
                if (resets.incrementAndGet() == 1) {
                    throw new IllegalStateException("reset failed");
                }
            }, job -> {
                if (job.number == 2) {
                    throw new IllegalStateException("handler failed");
                }
            }).capacity(1).errorHandler((job, e) -> {
                throw new IllegalArgumentException("error handler failed");
            }).build()) {
            for (long n = 1; n <= 3; n++) {
                assertTrue(pool.submit(NumberedJob.FILL, n));
            }
            awaitTrue("all handled", () -> pool.metrics().completed() + pool.metrics().failed() == 3);
            assertEquals(2, pool.metrics().failed(), "job 1 (reset threw) and job 2 (handler threw)");
            assertTrue(pool.backgroundThreads().get(0).isAlive());
        }
    }

    @Test
    void theDefaultErrorReporterPrintsTheFirstFailureThenAtMostOneLinePerInterval() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final RateLimitedErrorReporter<NumberedJob> reporter = new RateLimitedErrorReporter<>(out, Long.MAX_VALUE);
        for (int i = 0; i < 10_000; i++) {
            reporter.onError(new NumberedJob(), new IllegalStateException("failure " + i));
        }
        final String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("failure 0"), printed);
        assertFalse(printed.contains("failure 1\n") || printed.contains("failure 9999"), "flooded: " + printed);
        assertEquals(10_000, reporter.failures());

        final ByteArrayOutputStream bytes2 = new ByteArrayOutputStream();
        final RateLimitedErrorReporter<NumberedJob> everyTime =
            new RateLimitedErrorReporter<>(new PrintStream(bytes2, true, StandardCharsets.UTF_8), 0);
        for (int i = 0; i < 3; i++) {
            everyTime.onError(new NumberedJob(), new IllegalStateException("failure " + i));
        }
        final String summary = bytes2.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains(
                "1 more failed job(s), 2 in all; latest: java.lang.IllegalStateException: failure 1"),
            summary);
        assertTrue(summary.contains("1 more failed job(s), 3 in all"), summary);
    }

    @Test
    void shutdownRunsEveryAcceptedJobThenRefusesNewWork() throws Exception {
        final AtomicLong handled = new AtomicLong();
        final ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            Thread.sleep(1);
            handled.incrementAndGet();
        }).workers(2).capacity(50).build();
        for (long n = 0; n < 50; n++) {
            assertTrue(pool.submit(NumberedJob.FILL, n));
        }
        pool.shutdown();
        assertTrue(pool.isShutdown());
        final IllegalStateException refused = assertThrows(IllegalStateException.class, pool::claim);
        assertTrue(refused.getMessage().contains("shut down"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> pool.submit(NumberedJob.FILL, 99L));
        assertTrue(pool.awaitTermination(Duration.ofSeconds(10)));
        assertTrue(pool.isTerminated());
        assertEquals(50, handled.get(), "every accepted job ran");
        assertEquals(50, pool.metrics().submitted());
        assertEquals(50, pool.metrics().completed());
        assertEquals(0, pool.metrics().notRun());
    }

    @Test
    void aJobClaimedBeforeShutdownAndSubmittedAfterIsRecycledNotLost() throws Exception {
        final ConcurrentWorkerPool<NumberedJob> pool = builder(job -> { }).capacity(1).build();
        final NumberedJob job = pool.claim();
        NumberedJob.FILL.accept(job, 7L);
        pool.shutdown();
        assertThrows(IllegalStateException.class, () -> pool.submit(job));
        assertEquals(0, pool.metrics().inFlight(), "the job object went back to the free list");
        assertEquals(NumberedJob.UNSET, job.number, "and was reset");
        assertEquals(0, pool.metrics().submitted());
        assertTrue(pool.awaitTermination(Duration.ofSeconds(10)));
    }

    @Test
    void shutdownNowInterruptsABlockedHandlerAndReportsTheJobsThatDidNotRun() throws Exception {
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicInteger interrupted = new AtomicInteger();
        final ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (final InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
        }).workers(1).capacity(10).errorHandler(JobErrorHandler.ignore()).build();
        for (long n = 0; n < 10; n++) {
            assertTrue(pool.submit(NumberedJob.FILL, n));
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertFalse(pool.awaitTermination(Duration.ofSeconds(0)), "not terminated: nothing was shut down");
        pool.shutdown();
        assertFalse(pool.awaitTermination(Duration.ofMillis(100)), "a blocked handler keeps its worker busy");
        assertEquals(9, pool.shutdownNow(), "one job was running, nine were queued");
        assertTrue(pool.awaitTermination(Duration.ofSeconds(10)), "the interrupt ended the blocked handler");
        assertEquals(1, interrupted.get());
        assertEquals(10, pool.metrics().submitted());
        assertEquals(9, pool.metrics().notRun());
        assertEquals(1, pool.metrics().failed());
        assertEquals(0, pool.metrics().outstanding(), "nothing lost: " + pool);
        assertEquals(0, pool.metrics().inFlight(), "every job object is back");
    }

    @Test
    void closeNeverHangsOnABlockedHandler() {
        final ConcurrentWorkerPool<NumberedJob> pool = builder(job -> Thread.sleep(60_000))
            .closeTimeout(Duration.ofMillis(100)).errorHandler(JobErrorHandler.ignore()).build();
        assertTrue(pool.submit(NumberedJob.FILL, 1L));
        final long start = System.nanoTime();
        pool.close();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        assertTrue(pool.isTerminated());
    }

    @Test
    void shutdownWakesAWaitingClaimerWithAClearException() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final ConcurrentWorkerPool<NumberedJob> pool =
            builder(job -> release.await()).capacity(1).waitTimeout(Duration.ofSeconds(20)).build();
        pool.submit(NumberedJob.FILL, 1L);
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final Thread claimer = new Thread(() -> {
            try {
                pool.claim();
            } catch (final Throwable t) {
                thrown.set(t);
            }
        });
        claimer.start();
        awaitTrue("the claimer parks", () -> claimer.getState() == Thread.State.TIMED_WAITING);
        pool.shutdown();
        claimer.join(5_000);
        assertFalse(claimer.isAlive());
        assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
        release.countDown();
        assertTrue(pool.awaitTermination(Duration.ofSeconds(10)));
    }

    @Test
    void idleWorkersParkUnlessTheyBusySpin() throws Exception {
        for (final Backoff idle : new Backoff[] {
            ConcurrentWorkerPool.IDLE_DEFAULT, ConcurrentWorkerPool.IDLE_LOW_LATENCY}) {
            try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> { }).workers(2).idle(idle).build()) {
                for (final Thread t : pool.backgroundThreads()) {
                    awaitTrue(idle + ": worker parks", () -> t.getState() == Thread.State.TIMED_WAITING);
                }
                assertTrue(pool.submit(NumberedJob.FILL, 1L));
                awaitTrue(idle + ": woken", () -> pool.metrics().completed() == 1);
            }
        }
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> { }).idle(Backoff.BUSY_SPIN).build()) {
            assertTrue(pool.submit(NumberedJob.FILL, 1L));
            awaitTrue("busy spin: handled", () -> pool.metrics().completed() == 1);
            assertEquals(Thread.State.RUNNABLE, pool.backgroundThreads().get(0).getState(),
                "a spinning worker never parks");
            assertEquals(0, pool.metrics().parks());
        }
    }

    @Test
    void aWorkerWhoseParkTimesOutParksAgainAndIsStillWoken() throws Exception {
        final Backoff shortParks = Backoff.spinYieldPark(0, 0, Duration.ofNanos(100_000), Duration.ofMillis(1));
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> { }).idle(shortParks).build()) {
            awaitTrue("the worker parks many times", () -> pool.metrics().parks() > 20);
            for (long n = 0; n < 100; n++) {
                assertTrue(pool.submit(NumberedJob.FILL, n));
                final long expected = n + 1;
                awaitTrue("job " + n + " handled", () -> pool.metrics().completed() == expected);
            }
        }
    }

    @Test
    void workerThreadsAreNamedAndMadeByTheFactoryWhenGiven() throws Exception {
        final AtomicInteger made = new AtomicInteger();
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> { }).workers(3)
            .threadFactory(r -> new Thread(r, "custom-" + made.getAndIncrement())).build()) {
            final List<String> names = new ArrayList<>();
            for (final Thread t : pool.backgroundThreads().toArray(new Thread[0])) {
                names.add(t.getName());
            }
            assertEquals(List.of("custom-0", "custom-1", "custom-2"), names);
        }
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> { }).workers(2).daemon(true).build()) {
            assertEquals("test-worker-1", pool.backgroundThreads().get(1).getName());
            assertTrue(pool.backgroundThreads().get(1).isDaemon());
        }
    }

    @Test
    void badConfigurationIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> builder(job -> { }).workers(0));
        assertThrows(IllegalArgumentException.class, () -> builder(job -> { }).capacity(0));
        assertThrows(IllegalArgumentException.class, () -> builder(job -> { }).waitTimeout(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> builder(job -> { }).whenFullWait(null));
        assertThrows(NullPointerException.class,
            () -> ConcurrentWorkerPool.<NumberedJob>builder(NumberedJob::new, null));
        final NumberedJob same = new NumberedJob();
        final IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
            () -> ConcurrentWorkerPool.builder(() -> same, job -> { }).capacity(2).build());
        assertTrue(twice.getMessage().contains("same object twice"), twice.getMessage());
        assertThrows(NullPointerException.class,
            () -> ConcurrentWorkerPool.<NumberedJob>builder(() -> null, job -> { }).build());
    }

    @Test
    void metricsDescribeThePool() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        try (ConcurrentWorkerPool<NumberedJob> pool =
                 builder(job -> release.await()).workers(1).capacity(8).build()) {
            assertEquals(8, pool.metrics().capacity());
            for (long n = 0; n < 5; n++) {
                assertTrue(pool.submit(NumberedJob.FILL, n));
            }
            final NumberedJob held = pool.claim();
            awaitTrue("the worker took one", () -> pool.metrics().queueDepth() == 4);
            assertEquals(6, pool.metrics().inFlight(), "1 running + 4 queued + 1 claimed");
            assertTrue(pool.toString().contains("submitted=5"), pool.toString());
            pool.cancel(held);
            release.countDown();
            awaitTrue("drained", () -> pool.metrics().completed() == 5 && pool.metrics().inFlight() == 0);
        }
    }

    @Test
    void moreWaitingClaimersThanWakeUpSlotsAllGetAJob() throws Exception {
        final int claimers = 40; // more than the pool's registered-waiter slots: the rest poll with a bounded park
        final CountDownLatch release = new CountDownLatch(1);
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> release.await())
            .workers(1).capacity(1).waitTimeout(Duration.ofSeconds(20)).build()) {
            pool.submit(NumberedJob.FILL, 0L);
            final AtomicInteger got = new AtomicInteger();
            final Thread[] threads = new Thread[claimers];
            for (int i = 0; i < claimers; i++) {
                final long n = i + 1;
                threads[i] = new Thread(() -> {
                    if (pool.submit(NumberedJob.FILL, n)) {
                        got.incrementAndGet();
                    }
                }, "claimer-" + i);
                threads[i].start();
            }
            awaitTrue("every claimer waits", () -> {
                for (final Thread t : threads) {
                    if (t.getState() != Thread.State.TIMED_WAITING) {
                        return false;
                    }
                }
                return true;
            });
            release.countDown();
            for (final Thread t : threads) {
                t.join(10_000);
                assertFalse(t.isAlive(), t.getName() + " hung");
            }
            assertEquals(claimers, got.get(), "a waiting claimer was never served");
            awaitTrue("all handled", () -> pool.metrics().completed() == claimers + 1);
            assertEquals(0, pool.metrics().rejected());
        }
    }

    @Test
    void anInterruptedWaitingClaimerReturnsNullAndKeepsItsInterruptStatus() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        try (ConcurrentWorkerPool<NumberedJob> pool =
                 builder(job -> release.await()).capacity(1).waitTimeout(Duration.ofSeconds(20)).build()) {
            pool.submit(NumberedJob.FILL, 1L);
            final AtomicReference<Object> result = new AtomicReference<>("not returned");
            final AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
            final Thread claimer = new Thread(() -> {
                result.set(pool.claim());
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }, "claimer");
            claimer.start();
            awaitTrue("the claimer parks", () -> claimer.getState() == Thread.State.TIMED_WAITING);
            claimer.interrupt();
            claimer.join(5_000);
            assertFalse(claimer.isAlive(), "an interrupt did not end the wait");
            assertNull(result.get());
            assertTrue(stillInterrupted.get(), "the interrupt status was swallowed");
            assertEquals(1, pool.metrics().rejected());
            release.countDown();
        }
    }

    @Test
    void callerRunsWaitsWhenNothingIsQueuedAndTimesOut() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> release.await()).workers(1).capacity(1)
            .whenFullCallerRuns().waitTimeout(Duration.ofMillis(30)).build()) {
            pool.submit(NumberedJob.FILL, 1L);
            awaitTrue("the worker took it", () -> pool.metrics().queueDepth() == 0);
            assertNull(pool.claim(), "nothing free and nothing queued to run: waits, then gives up");
            assertEquals(0, pool.metrics().ranOnCaller());
            assertEquals(1, pool.metrics().rejected());
            release.countDown();
        }
    }

    @Test
    void aHandlerMaySubmitFollowUpJobsToItsOwnPool() throws Exception {
        final AtomicLong last = new AtomicLong();
        final AtomicReference<ConcurrentWorkerPool<NumberedJob>> self = new AtomicReference<>();
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            last.set(job.number);
            if (job.number < 1_000) {
                self.get().submit(NumberedJob.FILL, job.number + 1);
            }
        }).workers(2).capacity(4).build()) {
            self.set(pool);
            pool.submit(NumberedJob.FILL, 0L);
            awaitTrue("the chain of 1001 jobs ends", () -> pool.metrics().completed() == 1_001);
            assertEquals(1_000, last.get());
        }
    }
}
