package io.github.hotpath.benchmarks;

import io.github.hotpath.pool.ConcurrentObjectPool;
import io.github.hotpath.pool.Lease;
import io.github.hotpath.pool.RequestContext;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import stormpot.Allocator;
import stormpot.BasePoolable;
import stormpot.Pool;
import stormpot.Slot;
import stormpot.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/**
 * The article's culprit 1 in Java: a per-request context built fresh for every request, against the ways of reusing
 * one.
 *
 * <p>Every method does the same request work: take a context, set the user and tenant ids, put the article's 8
 * headers, append 3 trace entries and 2 tags, read a header back, and release the context (reset). Header values
 * vary per request and are made before the run, as a server's request parser would have made them.
 * <ul>
 *   <li>{@code baseline_newPerRequest}: the plain Java port, a new context with two {@code HashMap}s and an
 *       {@code ArrayList} per request.</li>
 *   <li>{@code baseline_threadLocal}: one {@link RequestContext} per thread, reset after each request: the floor
 *       (no pool at all, but nothing can cross threads).</li>
 *   <li>{@code anchor_commonsPool2}: Commons Pool 2's {@code GenericObjectPool} borrow/return of a
 *       {@link RequestContext} (reset in {@code passivateObject}).</li>
 *   <li>{@code anchor_stormpot}: Stormpot 3.2 claim/release (with a {@code Timeout} made once) of a poolable that
 *       holds a {@link RequestContext}, reset before release.</li>
 *   <li>{@code hotpath}: {@link ConcurrentObjectPool} acquire/release by handle; {@code hotpath_lease}: the same
 *       with a try-with-resources lease that each thread keeps; {@code hotpath_sharedQueue}: the pool without the
 *       platform threads' one-object cache, so that every request goes through the shared queue (virtual threads
 *       take their striped cells in both pools).</li>
 * </ul>
 * The {@code _2threads} twin of each method runs the same request on 2 threads sharing one pool. Expect 0 B/op for
 * the threadLocal and hotpath rows, the fresh context's bytes for {@code baseline_newPerRequest}, and Commons Pool's
 * per-borrow allocation for its row.
 *
 * <p>On virtual threads (JDK 21+): run the class again with {@code -jvmArgsAppend -Djmh.executor=VIRTUAL}; every row
 * then runs on virtual threads, so {@code hotpath} and {@code hotpath_2threads} compare the pool's virtual-thread
 * path with {@code anchor_stormpot}, {@code anchor_stormpot_2threads} and the thread-local floor
 * ({@code baseline_threadLocal}, a {@code ThreadLocal} per virtual thread) in the same run.
 *
 * <p>Run just this class: {@code benchmarks/proofs Pool}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PoolBenchmark {
    private static final String[] NAMES = {
        "X-User", "X-Tenant", "X-Request-Id", "Accept", "Content-Type", "User-Agent", "Traceparent", "Authorization"};
    private static final int VARIANTS = 64;
    private static final String[][] VALUES = new String[VARIANTS][NAMES.length];
    private static final int POOL_SIZE = 16;

    static {
        for (int v = 0; v < VARIANTS; v++) {
            for (int h = 0; h < NAMES.length; h++) {
                VALUES[v][h] = NAMES[h].toLowerCase() + "-" + (123_456_789L + v * 31L + h);
            }
        }
    }

    /** The plain Java port of the article's {@code RequestCtx}, sized as the article sizes it. */
    static final class PlainRequestCtx {
        String userId;
        String tenantId;
        final HashMap<String, String> headers = new HashMap<>(8);
        final ArrayList<String> trace = new ArrayList<>(16);
        final HashMap<String, String> tags = new HashMap<>(4);
    }

    /** The pools, shared by the threads of a run. */
    @State(Scope.Benchmark)
    public static class Pools {
        ConcurrentObjectPool<RequestContext> hotpath;
        ConcurrentObjectPool<RequestContext> hotpathSharedQueue;
        GenericObjectPool<RequestContext> commons;
        Pool<StormpotContext> stormpot;
        final Timeout timeout = new Timeout(1, TimeUnit.SECONDS);
        final ThreadLocal<RequestContext> threadLocal = ThreadLocal.withInitial(RequestContext::new);

        @Setup(Level.Trial)
        public void setUp() {
            hotpath = ConcurrentObjectPool.builder(RequestContext::new).maxIdle(POOL_SIZE).build();
            hotpathSharedQueue = ConcurrentObjectPool.builder(RequestContext::new).maxIdle(POOL_SIZE)
                .threadCache(false).build();
            commons = new GenericObjectPool<>(new BasePooledObjectFactory<>() {
                @Override
                public RequestContext create() {
                    return new RequestContext();
                }

                @Override
                public PooledObject<RequestContext> wrap(final RequestContext ctx) {
                    return new DefaultPooledObject<>(ctx);
                }

                @Override
                public void passivateObject(final PooledObject<RequestContext> p) {
                    p.getObject().reset();
                }
            });
            commons.setMaxTotal(POOL_SIZE);
            commons.setMaxIdle(POOL_SIZE);
            stormpot = Pool.from(new StormpotAllocator()).setSize(POOL_SIZE).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            hotpath.close();
            hotpathSharedQueue.close();
            commons.close();
            stormpot.shutdown().await(new Timeout(10, TimeUnit.SECONDS));
        }
    }

    /** Stormpot's poolable: a {@link RequestContext} with the slot it goes back to. */
    public static final class StormpotContext extends BasePoolable {
        final RequestContext ctx = new RequestContext();

        StormpotContext(final Slot slot) {
            super(slot);
        }
    }

    static final class StormpotAllocator implements Allocator<StormpotContext> {
        @Override
        public StormpotContext allocate(final Slot slot) {
            return new StormpotContext(slot);
        }

        @Override
        public void deallocate(final StormpotContext poolable) {
        }
    }

    /** One thread's stream of requests, and the lease it keeps. */
    @State(Scope.Thread)
    public static class Requests {
        int next;
        Lease<RequestContext> lease;

        @Setup(Level.Trial)
        public void setUp(final Pools p) {
            lease = p.hotpath.newLease();
        }

        String[] nextRequest() {
            return VALUES[next++ & (VARIANTS - 1)];
        }
    }

    static long handle(final RequestContext ctx, final String[] request) {
        ctx.userId(request[0]).tenantId(request[1]);
        for (int h = 0; h < NAMES.length; h++) {
            ctx.putHeader(NAMES[h], request[h]);
        }
        ctx.addTrace("auth").addTrace("load-cart").addTrace("price");
        ctx.putTag("route", request[2]).putTag("region", request[1]);
        return ctx.header("X-Request-Id").length() + ctx.traceSize() + ctx.tagCount() + ctx.userId().length();
    }

    static long handle(final PlainRequestCtx ctx, final String[] request) {
        ctx.userId = request[0];
        ctx.tenantId = request[1];
        for (int h = 0; h < NAMES.length; h++) {
            ctx.headers.put(NAMES[h], request[h]);
        }
        ctx.trace.add("auth");
        ctx.trace.add("load-cart");
        ctx.trace.add("price");
        ctx.tags.put("route", request[2]);
        ctx.tags.put("region", request[1]);
        return ctx.headers.get("X-Request-Id").length() + ctx.trace.size() + ctx.tags.size() + ctx.userId.length();
    }

    // ----- one thread -----

    /** What a service has today: a fresh context per request. */
    @Benchmark
    public long baseline_newPerRequest(final Requests r) {
        return handle(new PlainRequestCtx(), r.nextRequest());
    }

    /** The floor: one context per thread, reset after each request. */
    @Benchmark
    public long baseline_threadLocal(final Pools p, final Requests r) {
        final RequestContext ctx = p.threadLocal.get();
        final long result = handle(ctx, r.nextRequest());
        ctx.reset();
        return result;
    }

    /** Commons Pool 2 borrow/return. */
    @Benchmark
    public long anchor_commonsPool2(final Pools p, final Requests r) throws Exception {
        final RequestContext ctx = p.commons.borrowObject();
        try {
            return handle(ctx, r.nextRequest());
        } finally {
            p.commons.returnObject(ctx);
        }
    }

    /** Stormpot claim/release. */
    @Benchmark
    public long anchor_stormpot(final Pools p, final Requests r) throws InterruptedException {
        final StormpotContext poolable = p.stormpot.claim(p.timeout);
        try {
            return handle(poolable.ctx, r.nextRequest());
        } finally {
            poolable.ctx.reset();
            poolable.release();
        }
    }

    /** hotpath: explicit acquire/release by handle. */
    @Benchmark
    public long hotpath(final Pools p, final Requests r) {
        return acquireHandleRelease(p.hotpath, r);
    }

    /** hotpath: a try-with-resources lease, kept by the thread and acquired again for each request. */
    @Benchmark
    public long hotpath_lease(final Pools p, final Requests r) {
        try (Lease<RequestContext> lease = r.lease.acquire()) {
            return handle(lease.object(), r.nextRequest());
        }
    }

    /** hotpath without the per-thread cache: every request goes through the shared queue. */
    @Benchmark
    public long hotpath_sharedQueue(final Pools p, final Requests r) {
        return acquireHandleRelease(p.hotpathSharedQueue, r);
    }

    private static long acquireHandleRelease(final ConcurrentObjectPool<RequestContext> pool, final Requests r) {
        final long handle = pool.acquire();
        try {
            return handle(pool.object(handle), r.nextRequest());
        } finally {
            pool.release(handle);
        }
    }

    // ----- two threads sharing one pool -----

    /** {@link #baseline_newPerRequest} on 2 threads. */
    @Benchmark
    @Threads(2)
    public long baseline_newPerRequest_2threads(final Requests r) {
        return baseline_newPerRequest(r);
    }

    /** {@link #baseline_threadLocal} on 2 threads. */
    @Benchmark
    @Threads(2)
    public long baseline_threadLocal_2threads(final Pools p, final Requests r) {
        return baseline_threadLocal(p, r);
    }

    /** {@link #anchor_commonsPool2} on 2 threads sharing the pool. */
    @Benchmark
    @Threads(2)
    public long anchor_commonsPool2_2threads(final Pools p, final Requests r) throws Exception {
        return anchor_commonsPool2(p, r);
    }

    /** {@link #anchor_stormpot} on 2 threads sharing the pool. */
    @Benchmark
    @Threads(2)
    public long anchor_stormpot_2threads(final Pools p, final Requests r) throws InterruptedException {
        return anchor_stormpot(p, r);
    }

    /** {@link #hotpath} on 2 threads sharing the pool. */
    @Benchmark
    @Threads(2)
    public long hotpath_2threads(final Pools p, final Requests r) {
        return hotpath(p, r);
    }

    /** {@link #hotpath_lease} on 2 threads sharing the pool. */
    @Benchmark
    @Threads(2)
    public long hotpath_lease_2threads(final Pools p, final Requests r) {
        return hotpath_lease(p, r);
    }

    /** {@link #hotpath_sharedQueue} on 2 threads sharing the pool. */
    @Benchmark
    @Threads(2)
    public long hotpath_sharedQueue_2threads(final Pools p, final Requests r) {
        return hotpath_sharedQueue(p, r);
    }
}
