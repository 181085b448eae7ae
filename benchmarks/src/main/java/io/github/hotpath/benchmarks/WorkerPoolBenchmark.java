package io.github.hotpath.benchmarks;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.github.hotpath.worker.ConcurrentWorkerPool;
import io.github.hotpath.worker.WorkerPoolMeterBinder;
import io.github.hotpath.worker.WorkerPoolMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ObjLongConsumer;

/**
 * The article's culprit 3b in Java: a closure (and a queue node, or a whole thread) per job handed to workers.
 *
 * <p>Each operation hands {@value #BATCH} small jobs (a few multiply/xor-shift rounds on a number, stored in a
 * results array) to two worker threads and waits until all are done, so the score is nanoseconds <em>per job</em>
 * including the hand-off, and B/op is bytes per job across every thread of the JVM (JMH's GC profiler counts the
 * workers too). Between batches the workers go idle, so the cost of parking and waking them is included. Every
 * variant uses the same job body, the same completion counter and the same wait (the batch's last job unparks the
 * benchmark thread):
 * <ul>
 *   <li>{@code baseline_executorLambda}: a {@code ThreadPoolExecutor} with 2 threads and an {@code ArrayBlockingQueue},
 *       {@code execute(() -> process(x))} with a capturing lambda: the lambda per job, and the {@code Condition} wait
 *       node each time a worker finds the queue empty;</li>
 *   <li>{@code baseline_threadPerJob}: a new {@code Thread} per job, the literal port of "a goroutine per job";
 *       {@value #THREAD_BATCH} jobs per operation (threads are slow to start), still normalised per job;</li>
 *   <li>{@code anchor_disruptor}: the LMAX Disruptor 4 ring (pre-allocated events, primitive
 *       {@code next()/get()/publish()}), {@code BlockingWaitStrategy} (its default, which parks idle consumers as
 *       hotpath does by default). Disruptor 4 removed {@code WorkerPool}, so two {@code EventHandler}s each handle
 *       every other sequence: both see every event and each runs half of the jobs, the usual sharding idiom;</li>
 *   <li>{@code hotpath}: {@code ConcurrentWorkerPool} with 2 workers, {@code whenFullWait} and the default idling
 *       ({@code IDLE_DEFAULT}), {@code submit(FILL, x)} with a non-capturing translator. Waiting when full means no
 *       job is rejected or run on the caller; the "other" column counts both per operation to show it.</li>
 *   <li>{@code hotpath_withMetrics}: the same pool registered with JMX and bound to a Micrometer registry, both read
 *       every 10 ms by a {@link MetricsScraper} thread while the row runs: what monitoring costs the hot path.
 *       Its B/op includes the scraper's own allocation (its snapshots), shown by the "scrapes" column.</li>
 * </ul>
 *
 * <p>Run just this class: {@code benchmarks/proofs WorkerPool}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WorkerPoolBenchmark {
    /** Jobs per operation for the pooled variants. */
    static final int BATCH = 256;
    /** Jobs per operation for a thread per job. */
    static final int THREAD_BATCH = 16;
    static final int WORKERS = 2;
    static final int CAPACITY = 1024;
    static final long FIRST = 123_456_789L;

    /** The job body shared by every variant: small, and stored so that it cannot be optimised away. */
    static long process(final long x) {
        long h = x * 0x9E3779B97F4A7C15L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return h;
    }

    /** Counts finished jobs; the job that finishes a batch unparks the waiting benchmark thread. */
    static final class Completion {
        final long[] results = new long[CAPACITY];
        final AtomicLong done = new AtomicLong();
        volatile long target;
        volatile Thread waiter;
        long next = FIRST;

        void complete(final long x) {
            results[(int) (x & (CAPACITY - 1))] = process(x);
            if (done.incrementAndGet() == target) {
                LockSupport.unpark(waiter);
            }
        }

        long begin(final int jobs) {
            waiter = Thread.currentThread();
            target = done.get() + jobs;
            final long first = next;
            next += jobs;
            return first;
        }

        void await() {
            while (done.get() < target) {
                LockSupport.park(this);
            }
        }
    }

    private static Thread daemon(final Runnable r, final String name) {
        final Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // --- baseline: ThreadPoolExecutor + a capturing lambda per job ------------------------------------------------

    /** A 2-thread executor with a bounded queue. */
    @State(Scope.Thread)
    public static class ExecutorState {
        final Completion completion = new Completion();
        ThreadPoolExecutor executor;

        @Setup(Level.Trial)
        public void start() {
            final AtomicInteger n = new AtomicInteger();
            executor = new ThreadPoolExecutor(WORKERS, WORKERS, 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(CAPACITY), r -> daemon(r, "executor-" + n.getAndIncrement()));
            executor.prestartAllCoreThreads();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** What a service has today: {@code executor.execute(() -> process(x))}, one lambda per job. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long baseline_executorLambda(final ExecutorState s) {
        final Completion c = s.completion;
        final long first = c.begin(BATCH);
        for (long x = first; x < first + BATCH; x++) {
            final long job = x;
            s.executor.execute(() -> c.complete(job));
        }
        c.await();
        return c.done.get();
    }

    // --- baseline: a new thread per job ----------------------------------------------------------------------------

    /** Only the completion counter: each job brings its own thread. */
    @State(Scope.Thread)
    public static class ThreadPerJobState {
        final Completion completion = new Completion();
    }

    /** The literal port of "a goroutine per job": a new platform thread per job. */
    @Benchmark
    @OperationsPerInvocation(THREAD_BATCH)
    public long baseline_threadPerJob(final ThreadPerJobState s) {
        final Completion c = s.completion;
        final long first = c.begin(THREAD_BATCH);
        for (long x = first; x < first + THREAD_BATCH; x++) {
            final long job = x;
            new Thread(() -> c.complete(job)).start();
        }
        c.await();
        return c.done.get();
    }

    // --- anchor: the Disruptor -------------------------------------------------------------------------------------

    /** A pre-allocated ring entry. */
    static final class JobEvent {
        long value;
    }

    /** Takes every other sequence, so two of them share the jobs as two workers do. */
    static final class ShardHandler implements EventHandler<JobEvent> {
        private final Completion completion;
        private final long shard;

        ShardHandler(final Completion completion, final long shard) {
            this.completion = completion;
            this.shard = shard;
        }

        @Override
        public void onEvent(final JobEvent event, final long sequence, final boolean endOfBatch) {
            if ((sequence & 1) == shard) {
                completion.complete(event.value);
            }
        }
    }

    /** A Disruptor with two sharding consumers. */
    @State(Scope.Thread)
    public static class DisruptorState {
        final Completion completion = new Completion();
        Disruptor<JobEvent> disruptor;
        RingBuffer<JobEvent> ring;

        @Setup(Level.Trial)
        public void start() {
            final AtomicInteger n = new AtomicInteger();
            disruptor = new Disruptor<>(JobEvent::new, CAPACITY, r -> daemon(r, "disruptor-" + n.getAndIncrement()),
                ProducerType.SINGLE, new BlockingWaitStrategy());
            disruptor.handleEventsWith(new ShardHandler(completion, 0), new ShardHandler(completion, 1));
            ring = disruptor.start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            disruptor.halt();
        }
    }

    /** What a latency-minded user picks instead: a pre-allocated ring, filled in place. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long anchor_disruptor(final DisruptorState s) {
        final Completion c = s.completion;
        final RingBuffer<JobEvent> ring = s.ring;
        final long first = c.begin(BATCH);
        for (long x = first; x < first + BATCH; x++) {
            final long seq = ring.next();
            ring.get(seq).value = x;
            ring.publish(seq);
        }
        c.await();
        return c.done.get();
    }

    // --- hotpath ---------------------------------------------------------------------------------------------------

    /** A pre-allocated job of the pool. */
    static final class Job {
        long value;

        void reset() {
            value = 0;
        }
    }

    /** Fills a job from a primitive: no capturing lambda, nothing boxed. */
    static final ObjLongConsumer<Job> FILL = (job, x) -> job.value = x;

    /** The hotpath worker pool. */
    @State(Scope.Thread)
    public static class PoolState {
        final Completion completion = new Completion();
        ConcurrentWorkerPool<Job> pool;

        @Setup(Level.Trial)
        public void start() {
            pool = build(completion, false);
        }

        static ConcurrentWorkerPool<Job> build(final Completion c, final boolean jmx) {
            return ConcurrentWorkerPool.builder(Job::new, Job::reset, (Job job) -> c.complete(job.value))
                .workers(WORKERS).capacity(CAPACITY).whenFullWait(ConcurrentWorkerPool.DEFAULT_WAIT_TIMEOUT)
                .idle(ConcurrentWorkerPool.IDLE_DEFAULT).threadNamePrefix("hotpath-").name("benchmark").jmx(jmx)
                .build();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            pool.shutdown();
            pool.awaitTermination(Duration.ofSeconds(10));
        }
    }

    /**
     * Shows that no job was rejected or run on the benchmark thread, from a metrics snapshot at the first operation
     * of each iteration and one after it (taking one allocates a record, so not per operation).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class PushBack {
        /** Jobs run on the benchmark thread instead of a worker. */
        public long ranOnCaller;
        /** Claims the pool pushed back. */
        public long rejected;
        /** Times a worker parked (each one costs a wake-up, an unpark system call, on a later submit). */
        public long parks;
        private ConcurrentWorkerPool<Job> pool;
        private WorkerPoolMetrics before;

        void startIfFirst(final ConcurrentWorkerPool<Job> measured) {
            if (before == null) {
                pool = measured;
                before = measured.metrics();
            }
        }

        /** Counts what the iteration pushed back, ran on the caller and parked. */
        @TearDown(Level.Iteration)
        public void after() {
            if (before != null) {
                final WorkerPoolMetrics after = pool.metrics();
                ranOnCaller = after.ranOnCaller() - before.ranOnCaller();
                rejected = after.rejected() - before.rejected();
                parks = after.parks() - before.parks();
                before = null;
            }
        }
    }

    /** The hotpath worker pool: pre-allocated jobs, a non-capturing translator, allocation-free parking. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long hotpath(final PoolState s, final PushBack pushBack) {
        return submitBatch(s.completion, s.pool, pushBack);
    }

    /** The hotpath worker pool on JMX and Micrometer, scraped every 10 ms. */
    @State(Scope.Thread)
    public static class ScrapedPoolState {
        final Completion completion = new Completion();
        ConcurrentWorkerPool<Job> pool;
        MetricsScraper scraper;

        @Setup(Level.Trial)
        public void start() {
            pool = PoolState.build(completion, true);
            final SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new WorkerPoolMeterBinder(pool).bindTo(registry);
            scraper = new MetricsScraper(registry, "io.github.hotpath:type=WorkerPool,name=" + pool.name());
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            scraper.stop();
            pool.close();
        }
    }

    /** Scrapes per iteration of a {@code withMetrics} row. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Scrapes {
        /** Scrapes of every meter and attribute during the iteration. */
        public long scrapes;
        private MetricsScraper scraper;
        private long before = -1;

        void startIfFirst(final MetricsScraper measured) {
            if (before < 0) {
                scraper = measured;
                before = measured.scrapes();
            }
        }

        /** Counts the iteration's scrapes. */
        @TearDown(Level.Iteration)
        public void after() {
            if (before >= 0) {
                scrapes = scraper.scrapes() - before;
                before = -1;
            }
        }
    }

    /** {@link #hotpath} while a monitoring thread reads the pool's metrics through JMX and Micrometer. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long hotpath_withMetrics(final ScrapedPoolState s, final PushBack pushBack, final Scrapes scrapes) {
        scrapes.startIfFirst(s.scraper);
        return submitBatch(s.completion, s.pool, pushBack);
    }

    private static long submitBatch(final Completion c, final ConcurrentWorkerPool<Job> pool,
                                    final PushBack pushBack) {
        pushBack.startIfFirst(pool);
        final long first = c.begin(BATCH);
        for (long x = first; x < first + BATCH; x++) {
            if (!pool.submit(FILL, x)) {
                throw new IllegalStateException("pushed back under WAIT: " + pool);
            }
        }
        c.await();
        return c.done.get();
    }
}
