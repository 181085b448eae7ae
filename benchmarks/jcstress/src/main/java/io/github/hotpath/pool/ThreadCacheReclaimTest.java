package io.github.hotpath.pool;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The reclaim of slots stranded in the caches of platform threads that ended ({@link ThreadCache}): the reclaim
 * hands a stranded slot to another thread through the shared queue, and never takes a slot a live thread is caching
 * at that moment. Real {@link IdleStore}, {@link ThreadCache}, {@link SlotTable} and {@link Slot}; nothing copied.
 *
 * <p>The store: thread caches on, two slots. {@code stranded} was cached by a thread that has ended (an unstarted
 * {@link Thread} stands for it: both report {@code isAlive() == false}, and the reclaim looks at nothing else), so
 * its cell is gone with it. {@code live} is held by actor 2. Actor 1 is a thread that misses: it reclaims the
 * stranded slots ({@link IdleStore#reclaimAll}, the test kit's entry to the same scan as a miss's) and takes an
 * idle slot. Actor 2 is a live thread that ends a request: it releases {@code live} (the generation CAS) into its
 * own cache, as the pool's release does, where it stays for the thread's next request. r1: {@code 1} actor 1 got
 * {@code stranded}, {@code 2} got {@code live}, {@code 0} got nothing. r2: {@code 1} actor 2 released its slot.
 * r3: {@code 0} no slot left in the shared queue afterwards; {@code 1} {@code live} left there although actor 2's
 * thread was alive after the reclaim (a slot in the queue and in a live thread's cache goes to two holders);
 * {@code 2} {@code live} left there, and actor 2's thread had ended by the end of the reclaim: jcstress ends an
 * actor's thread when it is done with its share of the states, and a slot cached by a thread that ended is stranded,
 * so this is the reclaim doing its job (no verdict).
 */
@JCStressTest
@Outcome(id = "1, 1, 0", expect = Expect.ACCEPTABLE,
    desc = "the miss got the reclaimed slot; the live thread's cached slot stayed in its cache")
@Outcome(id = "1, 1, 2", expect = Expect.ACCEPTABLE_INTERESTING,
    desc = "no verdict: actor 2's thread had ended, so its cached slot was rightly reclaimed")
@Outcome(id = {"2, .*", ".*, 1", ".*, 3"}, expect = Expect.FORBIDDEN,
    desc = "the reclaim took the slot a live thread was caching")
@Outcome(id = "0, .*", expect = Expect.FORBIDDEN, desc = "the stranded slot was not reclaimed: lost")
@Outcome(expect = Expect.FORBIDDEN, desc = "impossible outcome")
@State
public class ThreadCacheReclaimTest {
    /** Stands for a platform thread that cached a slot and ended; never started, so never alive. */
    private static final Thread ENDED = new Thread(() -> { }, "ended");

    private final SlotTable<Object> table = new SlotTable<>();
    private final IdleStore<Object> store = new IdleStore<>(4, true, table);
    private final PoolCounters counters = new PoolCounters();
    private final Slot<Object> stranded;
    private final Slot<Object> live;
    private final long liveState;
    /** Actor 2's thread, once it runs. */
    private volatile Thread cachingThread;
    /** Whether actor 2's thread was alive (or not yet caching) after actor 1's reclaim; read by the arbiter. */
    private boolean cachingThreadAliveAfterReclaim;

    /** One slot stranded in an ended thread's cache, one held (in use) by actor 2. */
    public ThreadCacheReclaimTest() {
        stranded = newSlot();
        stranded.cachedBy = ENDED; // idle, in no queue: only the ended thread's cell knew it
        live = newSlot();
        live.claim();
        liveState = live.state();
    }

    private Slot<Object> newSlot() {
        table.reserve(Long.MAX_VALUE);
        return table.fill(new Object());
    }

    /**
     * Actor 1: a miss that reclaims stranded slots, then takes an idle one.
     *
     * @param r where the outcome goes
     */
    @Actor
    public void reclaimThenTake(final III_Result r) {
        store.reclaimAll(counters);
        final Thread caching = cachingThread;
        cachingThreadAliveAfterReclaim = caching == null || caching.isAlive();
        r.r1 = seen(store.take());
    }

    /**
     * Actor 2: releases its slot into its own cache.
     *
     * @param r where the outcome goes
     */
    @Actor
    public void releaseIntoOwnCache(final III_Result r) {
        cachingThread = Thread.currentThread();
        r.r2 = live.tryRelease(liveState) && store.put(live) ? 1 : 0;
    }

    /**
     * Looks for slots left in the shared queue.
     *
     * @param r where the outcome goes
     */
    @Arbiter
    public void leftInQueue(final III_Result r) {
        int left = 0;
        for (Slot<Object> slot = store.takeShared(); slot != null; slot = store.takeShared()) {
            left = slot != live ? 3 : cachingThreadAliveAfterReclaim ? 1 : 2;
        }
        r.r3 = left;
    }

    private int seen(final Slot<Object> slot) {
        return slot == null ? 0 : slot == stranded ? 1 : slot == live ? 2 : 3;
    }
}
