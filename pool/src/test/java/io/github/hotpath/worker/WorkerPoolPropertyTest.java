package io.github.hotpath.worker;

import io.github.hotpath.core.Backoff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.ObjLongConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Randomized checks of the worker pool's public types against their documented contract: nulls, negative, zero, huge
 * and self-referential arguments (a handler that submits to, closes or waits for its own pool), and random sequences
 * of legal and illegal calls, after which every counter must add up. Seeded: a failure names its seed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerPoolPropertyTest {
    private static final long SEED = 0x5EEDL;
    private static final Duration HUGE = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    private static WorkerPoolBuilder<NumberedJob> builder(final JobHandler<NumberedJob> handler) {
        return ConcurrentWorkerPool.builder(NumberedJob::new, handler).threadNamePrefix("property-worker-");
    }

    /** Edge values first, then random ones from the whole int range. */
    private static int[] counts(final Random random) {
        final int[] edges = {Integer.MIN_VALUE, -1, 0, 1, 2, 1_023, 1_024, 32_767, 32_768, 32_769, (1 << 24) - 1,
            1 << 24, (1 << 24) + 1, Integer.MAX_VALUE};
        final int[] all = new int[edges.length + 200];
        System.arraycopy(edges, 0, all, 0, edges.length);
        for (int i = edges.length; i < all.length; i++) {
            all[i] = random.nextInt(4) == 0 ? random.nextInt(70_000) - 5_000 : random.nextInt();
        }
        return all;
    }

    private static void assertRejected(final Executable call, final String parameter, final Object value) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(parameter) && e.getMessage().contains(String.valueOf(value)),
            "the message must name " + parameter + " and " + value + ": " + e.getMessage());
    }

    @Test
    void everyCountIsAcceptedInRangeOrRejectedNamingTheParameterAndTheValue() {
        for (final int n : counts(new Random(SEED))) {
            final WorkerPoolBuilder<NumberedJob> b = builder(job -> { });
            if (n >= 1 && n <= WorkerPoolBuilder.MAX_WORKERS) {
                b.workers(n);
            } else {
                assertRejected(() -> b.workers(n), "workers", n);
            }
            if (n >= 1 && n <= WorkerPoolBuilder.MAX_CAPACITY) {
                b.capacity(n);
            } else {
                assertRejected(() -> b.capacity(n), "capacity", n);
            }
        }
    }

    @Test
    void aCapacityTooBigForTheHeapIsRefusedBeforeAnyJobIsMade() {
        final AtomicInteger made = new AtomicInteger();
        final WorkerPoolBuilder<NumberedJob> b = ConcurrentWorkerPool.builder(() -> {
            made.incrementAndGet();
            return new NumberedJob();
        }, (NumberedJob job) -> { }).capacity(WorkerPoolBuilder.MAX_CAPACITY);
        final long needed = JobSlots.structureBytes(WorkerPoolBuilder.MAX_CAPACITY);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> b.checkHeap(needed - 1));
        assertTrue(e.getMessage().contains("capacity " + WorkerPoolBuilder.MAX_CAPACITY)
            && e.getMessage().contains("heap"), e.getMessage());
        b.checkHeap(needed);
        assertEquals(0, made.get(), "refused before making any job");
        assertTrue(needed > 64L * WorkerPoolBuilder.MAX_CAPACITY, "the estimate counts about 72 bytes a job");
    }

    @Test
    void timeoutsRejectNullAndNegativeAndSaturateWhenHuge() throws Exception {
        final Random random = new Random(SEED + 1);
        final WorkerPoolBuilder<NumberedJob> b = builder(job -> { });
        assertThrows(NullPointerException.class, () -> b.whenFullWait(null));
        assertThrows(NullPointerException.class, () -> b.waitTimeout(null));
        assertThrows(NullPointerException.class, () -> b.closeTimeout(null));
        for (int i = 0; i < 100; i++) {
            final Duration negative = i == 0 ? Duration.ofNanos(-1)
                : i == 1 ? Duration.ofSeconds(Long.MIN_VALUE) : Duration.ofNanos(-1 - Math.abs(random.nextLong() / 2));
            assertRejected(() -> b.whenFullWait(negative), "timeout", negative);
            assertRejected(() -> b.waitTimeout(negative), "waitTimeout", negative);
            assertRejected(() -> b.closeTimeout(negative), "closeTimeout", negative);
        }
        // Zero and huge are accepted, and huge really means "for ever", not an overflowed deadline in the past.
        final CountDownLatch release = new CountDownLatch(1);
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> release.await()).capacity(1).whenFullWait(HUGE)
            .build()) {
            assertThrows(NullPointerException.class, () -> pool.awaitTermination(null));
            assertThrows(NullPointerException.class, () -> pool.awaitSettled(null));
            assertRejected(() -> pool.awaitTermination(Duration.ofNanos(-5)), "timeout", Duration.ofNanos(-5));
            assertRejected(() -> pool.awaitSettled(Duration.ofNanos(-5)), "timeout", Duration.ofNanos(-5));
            assertFalse(pool.awaitTermination(Duration.ZERO), "zero checks without waiting");
            assertTrue(pool.submit(NumberedJob.FILL, 1L));
            assertFalse(pool.awaitSettled(Duration.ZERO), "the job is blocked: not settled");
            final AtomicReference<NumberedJob> claimed = new AtomicReference<>();
            final Thread claimer = new Thread(() -> claimed.set(pool.claim()), "huge-wait-claimer");
            claimer.start();
            ConcurrentWorkerPoolTest.awaitTrue("the claimer waits",
                () -> claimer.getState() == Thread.State.TIMED_WAITING);
            Thread.sleep(50);
            assertTrue(claimer.isAlive(), "FORBIDDEN a huge wait gave up at once (overflowed deadline)");
            release.countDown();
            claimer.join(10_000);
            assertNotNull(claimed.get(), "the waiting claimer got the freed job");
            assertEquals(0, pool.metrics().rejected());
            assertTrue(pool.awaitSettled(HUGE));
        }
        final ConcurrentWorkerPool<NumberedJob> pool = builder(job -> { }).waitTimeout(HUGE).build();
        pool.shutdown();
        assertTrue(pool.awaitTermination(HUGE), "a huge termination wait returns when the workers end");
    }

    @Test
    void nullArgumentsThrowNamingTheParameterAndLeaveThePoolUnchanged() {
        assertThrows(NullPointerException.class, () -> ConcurrentWorkerPool.builder(null, (NumberedJob j) -> { }));
        assertThrows(NullPointerException.class, () -> ConcurrentWorkerPool.<NumberedJob>builder(NumberedJob::new,
            null));
        assertThrows(NullPointerException.class, () -> ConcurrentWorkerPool.<NumberedJob>builder(NumberedJob::new,
            null, job -> { }));
        final WorkerPoolBuilder<NumberedJob> b = builder(job -> { });
        final List<Executable> nulls = List.of(() -> b.idle(null), () -> b.errorHandler(null),
            () -> b.threadFactory(null), () -> b.threadNamePrefix(null));
        final List<String> names = List.of("backoff", "onError", "factory", "prefix");
        for (int i = 0; i < nulls.size(); i++) {
            final NullPointerException e = assertThrows(NullPointerException.class, nulls.get(i));
            assertEquals(names.get(i), e.getMessage());
        }
        try (ConcurrentWorkerPool<NumberedJob> pool = b.capacity(2).build()) {
            assertEquals("job", assertThrows(NullPointerException.class, () -> pool.submit((NumberedJob) null))
                .getMessage());
            assertEquals("job", assertThrows(NullPointerException.class, () -> pool.cancel(null)).getMessage());
            assertEquals("translator", assertThrows(NullPointerException.class,
                () -> pool.submit((BiConsumer<NumberedJob, Object>) null, "x")).getMessage());
            assertEquals("translator", assertThrows(NullPointerException.class,
                () -> pool.submit((ObjLongConsumer<NumberedJob>) null, 1L)).getMessage());
            assertTrue(pool.submit((job, arg) -> NumberedJob.FILL.accept(job, arg == null ? 7 : 8), null),
                "a null argument is the translator's business");
            final WorkerPoolMetrics m = pool.metrics();
            assertEquals(1, m.submitted());
            assertEquals(0, m.rejected());
        }
    }

    @Test
    void aMisbehavingFactoryIsRefusedAtBuildAndLeavesNoThreadRunning() {
        final NumberedJob same = new NumberedJob();
        assertThrows(IllegalArgumentException.class,
            () -> ConcurrentWorkerPool.builder(() -> same, (NumberedJob j) -> { }).capacity(3).build());
        assertThrows(NullPointerException.class,
            () -> ConcurrentWorkerPool.builder(() -> null, (NumberedJob j) -> { }).build());
        assertThrows(ArithmeticException.class, () -> ConcurrentWorkerPool.builder(() -> {
            throw new ArithmeticException("factory failed");
        }, (NumberedJob j) -> { }).build());
        final Thread started = new Thread(() -> { });
        started.start();
        final Thread reused = new Thread(() -> { });
        final List<Thread> madeByFactories = new ArrayList<>();
        final List<java.util.concurrent.ThreadFactory> bad = List.of(r -> null, r -> started, r -> {
            final Thread t = new Thread(r);
            madeByFactories.add(t);
            return madeByFactories.size() == 2 ? madeByFactories.get(0) : t;
        }, r -> reused);
        final List<String> says = List.of("returned null", "already started", "same thread", "same thread");
        for (int i = 0; i < bad.size(); i++) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                builder(job -> { }).workers(3).threadFactory(bad.get(i))::build);
            assertTrue(e.getMessage().contains("threadFactory") && e.getMessage().contains(says.get(i)),
                e.getMessage());
        }
        for (final Thread t : madeByFactories) {
            assertEquals(Thread.State.NEW, t.getState(), "FORBIDDEN a worker of a refused pool was started");
        }
    }

    /** What one random run did, as the model of the pool's counters. */
    private static final class Model {
        long submitted;
        long rejected;
        final Set<Long> handled = ConcurrentHashMap.newKeySet();
        final AtomicLong handledTwice = new AtomicLong();
        final AtomicLong failing = new AtomicLong();
    }

    @ParameterizedTest
    @EnumSource(FullPolicy.class)
    void randomSequencesOfLegalAndIllegalCallsKeepEveryCountConsistent(final FullPolicy policy) throws Exception {
        for (int run = 0; run < 25; run++) {
            final long seed = SEED * 31 + policy.ordinal() * 1_000 + run;
            final Random random = new Random(seed);
            final Model model = new Model();
            final int capacity = 1 + random.nextInt(6);
            final ConcurrentWorkerPool<NumberedJob> pool = Policies.whenFull(builder(job -> {
                if (!model.handled.add(job.number)) {
                    model.handledTwice.incrementAndGet();
                }
                if (job.number % 7 == 3) {
                    model.failing.incrementAndGet();
                    throw new IllegalStateException("failing job " + job.number);
                }
            }).workers(1 + random.nextInt(3)).capacity(capacity).errorHandler(JobErrorHandler.ignore())
                .idle(random.nextInt(4) > 0 ? ConcurrentWorkerPool.IDLE_DEFAULT : Backoff.BUSY_SPIN), policy,
                Duration.ofMillis(random.nextInt(3))).build();
            final String at = "seed " + seed + ", " + policy + ", capacity " + capacity + ": ";
            try {
                randomCalls(pool, random, model, at);
            } finally {
                pool.close();
            }
            // close() waits at most the (here tiny) wait timeout twice: termination may come just after.
            assertTrue(pool.awaitTermination(Duration.ofSeconds(20)), at + "close() ends the pool");
            final WorkerPoolMetrics m = pool.metrics();
            assertEquals(model.submitted, m.submitted(), at + m);
            assertEquals(model.rejected, m.rejected(), at + m);
            assertEquals(0, model.handledTwice.get(), at + "FORBIDDEN a job ran twice");
            assertEquals(0, m.outstanding(), at + "FORBIDDEN an accepted job was lost: " + m);
            assertEquals(model.handled.size(), m.completed() + m.failed(), at + m);
            assertEquals(model.failing.get(), m.failed(), at + m);
            assertEquals(0, m.inFlight(), at + "FORBIDDEN a job object leaked: " + m);
            if (policy != FullPolicy.CALLER_RUNS) {
                assertEquals(0, m.ranOnCaller(), at + m);
            }
        }
    }

    private static void randomCalls(final ConcurrentWorkerPool<NumberedJob> pool, final Random random,
                                    final Model model, final String at) {
        final List<NumberedJob> held = new ArrayList<>();
        final List<NumberedJob> given = new ArrayList<>(); // submitted or cancelled: stale from now on
        long number = 0;
        boolean shutDown = false;
        for (int step = 0; step < 300; step++) {
            final int op = random.nextInt(12);
            final String where = at + "step " + step + " op " + op + ": ";
            if (shutDown && op <= 3) {
                assertThrows(IllegalStateException.class, op < 2 ? pool::claim
                    : () -> pool.submit(NumberedJob.FILL, 1L), where + "after shutdown");
                continue;
            }
            switch (op) {
                case 0:
                case 1: {
                    final NumberedJob job = pool.claim();
                    if (job == null) {
                        model.rejected++;
                    } else {
                        assertEquals(NumberedJob.UNSET, job.number, where + "FORBIDDEN a claimed job was not reset");
                        held.add(job);
                    }
                    break;
                }
                case 2: {
                    final long n = number++;
                    if (pool.submit(NumberedJob.FILL, n)) {
                        model.submitted++;
                    } else {
                        model.rejected++;
                    }
                    break;
                }
                case 3: {
                    final long n = number++;
                    final boolean throwing = random.nextInt(4) == 0;
                    try {
                        if (pool.submit((job, arg) -> {
                            NumberedJob.FILL.accept(job, arg);
                            if (throwing) {
                                throw new UnsupportedOperationException("translator failed");
                            }
                        }, n)) {
                            assertFalse(throwing, where + "a throwing translator submitted");
                            model.submitted++;
                        } else {
                            model.rejected++;
                        }
                    } catch (final UnsupportedOperationException expected) {
                        assertTrue(throwing, where + expected);
                    }
                    break;
                }
                case 4:
                case 5:
                    if (!held.isEmpty()) {
                        final NumberedJob job = held.remove(random.nextInt(held.size()));
                        if (op == 4 && !shutDown) {
                            NumberedJob.FILL.accept(job, number++);
                            pool.submit(job);
                            model.submitted++;
                        } else if (op == 4) {
                            assertThrows(IllegalStateException.class, () -> pool.submit(job), where);
                        } else {
                            pool.cancel(job);
                        }
                        given.add(job);
                    }
                    break;
                case 6:
                    if (!given.isEmpty()) {
                        final NumberedJob stale = given.get(random.nextInt(given.size()));
                        if (!held.contains(stale)) {
                            final Executable misuse = random.nextBoolean() ? () -> pool.submit(stale)
                                : () -> pool.cancel(stale);
                            assertThrows(IllegalStateException.class, misuse, where + "a stale job");
                        }
                    }
                    break;
                case 7:
                    assertThrows(IllegalArgumentException.class, () -> pool.submit(new NumberedJob()), where);
                    assertThrows(IllegalArgumentException.class, () -> pool.cancel(new NumberedJob()), where);
                    break;
                case 8:
                    if (!held.isEmpty()) {
                        final NumberedJob mine = held.get(random.nextInt(held.size()));
                        final AtomicReference<Throwable> fromOther = new AtomicReference<>();
                        final Thread other = new Thread(() -> {
                            try {
                                pool.submit(mine);
                            } catch (final Throwable t) {
                                fromOther.set(t);
                            }
                        });
                        other.start();
                        join(other);
                        assertTrue(fromOther.get() instanceof IllegalStateException,
                            where + "submit by another thread: " + fromOther.get());
                    }
                    break;
                case 9:
                    assertTrue(pool.metrics().submitted() >= pool.metrics().completed(), where);
                    assertNotNull(pool.toString());
                    break;
                case 10:
                    if (random.nextInt(20) == 0) {
                        if (random.nextBoolean()) {
                            pool.shutdown();
                        } else {
                            pool.shutdownNow();
                        }
                        shutDown = true;
                    }
                    break;
                default:
                    try {
                        pool.awaitSettled(Duration.ofMillis(random.nextInt(3)));
                    } catch (final InterruptedException e) {
                        fail(where + e);
                    }
                    break;
            }
        }
        for (final NumberedJob job : held) {
            pool.cancel(job); // cancelling is allowed after shutdown
        }
    }

    private static void join(final Thread t) {
        try {
            t.join(10_000);
        } catch (final InterruptedException e) {
            throw new AssertionError(e);
        }
        assertFalse(t.isAlive(), t.getName() + " hung");
    }

    @ParameterizedTest
    @EnumSource(FullPolicy.class)
    void aHandlerThatSubmitsToItsOwnFullPoolGivesUpWithinTheTimeoutAndNothingIsLost(final FullPolicy policy)
        throws Exception {
        final Random random = new Random(SEED + 7 + policy.ordinal());
        for (int run = 0; run < 5; run++) {
            final int capacity = 1 + random.nextInt(3);
            final AtomicReference<ConcurrentWorkerPool<NumberedJob>> self = new AtomicReference<>();
            final AtomicLong refused = new AtomicLong();
            final AtomicLong handled = new AtomicLong();
            final ConcurrentWorkerPool<NumberedJob> pool = Policies.whenFull(builder(job -> {
                if (handled.incrementAndGet() <= 40) { // each of the first jobs submits two follow-ups: the pool fills
                    for (int k = 0; k < 2; k++) {
                        if (!self.get().submit(NumberedJob.FILL, job.number + 1)) {
                            refused.incrementAndGet();
                        }
                    }
                }
            }).workers(1 + random.nextInt(2)).capacity(capacity), policy, Duration.ofMillis(5)).build();
            self.set(pool);
            assertTrue(pool.submit(NumberedJob.FILL, 0L));
            ConcurrentWorkerPoolTest.awaitTrue("the chain of follow-ups ends (" + policy + ")", () -> {
                try {
                    return pool.awaitSettled(Duration.ZERO);
                } catch (final InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            pool.close();
            final WorkerPoolMetrics m = pool.metrics();
            assertEquals(0, m.outstanding(), policy + ": FORBIDDEN an accepted job was lost: " + m);
            assertEquals(refused.get(), m.rejected(), policy + ": every refusal was counted: " + m);
            assertEquals(handled.get(), m.completed(), policy + ": " + m);
            assertEquals(0, m.inFlight(), policy + ": " + m);
        }
    }

    @Test
    void aHandlerThatWaitsForItsOwnPoolIsAnsweredAtOnceNotDeadlocked() throws Exception {
        final AtomicReference<ConcurrentWorkerPool<NumberedJob>> self = new AtomicReference<>();
        final List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            final long start = System.nanoTime();
            answers.add("settled=" + self.get().awaitSettled(HUGE));
            answers.add("terminated=" + self.get().awaitTermination(HUGE));
            answers.add("fast=" + (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)));
        }).workers(2).build()) {
            self.set(pool);
            assertTrue(pool.submit(NumberedJob.FILL, 1L));
            assertTrue(pool.awaitSettled(Duration.ofSeconds(20)));
            assertEquals(List.of("settled=false", "terminated=false", "fast=true"), answers);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ending.class)
    void aHandlerThatEndsItsOwnPoolReturnsAndTheCountsAddUp(final Ending ending) throws Exception {
        final AtomicReference<ConcurrentWorkerPool<NumberedJob>> self = new AtomicReference<>();
        final Set<Long> ran = ConcurrentHashMap.newKeySet();
        final ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            ran.add(job.number);
            if (job.number == 5) {
                ending.end(self.get());
            }
        }).workers(2).capacity(16).errorHandler(JobErrorHandler.ignore()).build();
        self.set(pool);
        long accepted = 0;
        for (long n = 0; n < 16; n++) {
            try {
                if (pool.submit(NumberedJob.FILL, n)) {
                    accepted++;
                }
            } catch (final IllegalStateException shutDown) {
                break;
            }
        }
        assertTrue(pool.awaitTermination(Duration.ofSeconds(20)), ending + ": the pool ended itself");
        final WorkerPoolMetrics m = pool.metrics();
        assertEquals(accepted, m.submitted(), ending + ": " + m);
        assertEquals(0, m.outstanding(), ending + ": FORBIDDEN an accepted job was lost: " + m);
        assertEquals(ran.size(), m.completed() + m.failed(), ending + ": " + m);
        if (ending != Ending.SHUTDOWN_NOW) {
            assertEquals(0, m.notRun(), ending + ": shutdown and close run every accepted job: " + m);
        }
    }

    /** The ways a handler can end its own pool. */
    enum Ending {
        SHUTDOWN {
            @Override
            void end(final ConcurrentWorkerPool<?> pool) {
                pool.shutdown();
            }
        },
        SHUTDOWN_NOW {
            @Override
            void end(final ConcurrentWorkerPool<?> pool) {
                pool.shutdownNow();
            }
        },
        CLOSE {
            @Override
            void end(final ConcurrentWorkerPool<?> pool) {
                pool.close();
            }
        };

        abstract void end(ConcurrentWorkerPool<?> pool);
    }

    @Test
    void aTranslatorOrErrorHandlerThatUsesItsOwnPoolIsServedOrRefusedAsDocumented() throws Exception {
        final AtomicReference<ConcurrentWorkerPool<NumberedJob>> self = new AtomicReference<>();
        final AtomicInteger fromErrorHandler = new AtomicInteger();
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> {
            if (job.number == 66) {
                throw new IllegalStateException("fails");
            }
        }).capacity(2).whenFullReject().errorHandler((job, error) -> {
            if (self.get().submit(NumberedJob.FILL, 67L)) {
                fromErrorHandler.incrementAndGet();
            }
        }).build()) {
            self.set(pool);
            // A translator that submits to the same pool: the nested claim takes the second job object.
            assertTrue(pool.submit((job, arg) -> {
                NumberedJob.FILL.accept(job, arg);
                assertTrue(self.get().submit(NumberedJob.FILL, 2L), "the nested submit has a free job");
                assertFalse(self.get().submit(NumberedJob.FILL, 3L), "capacity 2: the third is rejected");
            }, 1L));
            assertTrue(pool.awaitSettled(Duration.ofSeconds(20)));
            assertTrue(pool.submit(NumberedJob.FILL, 66L));
            ConcurrentWorkerPoolTest.awaitTrue("the error handler's submit ran", () -> fromErrorHandler.get() == 1
                && pool.metrics().completed() == 3);
            final WorkerPoolMetrics m = pool.metrics();
            assertEquals(4, m.submitted(), m.toString());
            assertEquals(1, m.failed(), m.toString());
            assertEquals(1, m.rejected(), m.toString());
        }
    }

    @Test
    void metricsOfAFreshPoolAreZeroAndDescribeItsShape() {
        try (ConcurrentWorkerPool<NumberedJob> pool = builder(job -> { }).workers(3).capacity(5).build()) {
            final WorkerPoolMetrics m = pool.metrics();
            assertEquals(new WorkerPoolMetrics(0, 0, 0, 0, 0, 0, m.parks(), 0, 0, 5, 3), m);
            assertEquals(0, m.outstanding());
            assertEquals(3, pool.backgroundThreads().size());
            assertThrows(UnsupportedOperationException.class, () -> pool.backgroundThreads().clear());
        }
    }
}
