package io.github.hotpath.pool;

import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;

/** Every configuration of the pool that the contract, stress and allocation tests run against. */
enum PoolVariant {
    THREAD_CACHE(b -> b),
    SHARED_QUEUE_ONLY(b -> b.threadCache(false)),
    BOUNDED_FAIL(b -> b.whenEmptyReject(64)),
    BOUNDED_WAIT(b -> b.whenEmptyWait(64, Duration.ofSeconds(5))),
    STRICT(b -> b.strict(true).verifyReset(Item::isClean).leakSampling(16));

    private final Function<PoolBuilder<Item>, PoolBuilder<Item>> configure;

    PoolVariant(final Function<PoolBuilder<Item>, PoolBuilder<Item>> configure) {
        this.configure = configure;
    }

    ConcurrentObjectPool<Item> build() {
        return build(64);
    }

    ConcurrentObjectPool<Item> build(final int maxIdle) {
        return configure.apply(ConcurrentObjectPool.builder(Item::new).maxIdle(maxIdle)).build();
    }

    static Stream<PoolVariant> all() {
        return Stream.of(values());
    }

    /** The variants whose hot path must allocate nothing (strict mode allocates its sampled acquiring sites). */
    static Stream<PoolVariant> allocationFree() {
        return Stream.of(THREAD_CACHE, SHARED_QUEUE_ONLY, BOUNDED_FAIL, BOUNDED_WAIT);
    }
}
