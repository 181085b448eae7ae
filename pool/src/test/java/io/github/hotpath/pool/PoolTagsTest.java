package io.github.hotpath.pool;

import org.junit.jupiter.api.Test;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tag registry: unique among live pools, given back on close and on collection, taken round-robin. */
class PoolTagsTest {
    @Test
    void liveOwnersNeverShareATagAndEveryTagIsUsedBeforeAnyComesBack() {
        final PoolTags tags = new PoolTags(5);
        final List<Object> owners = new ArrayList<>();
        final List<PoolTags.Tag> taken = new ArrayList<>();
        final Set<Integer> values = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            final Object owner = new Object();
            owners.add(owner);
            final PoolTags.Tag tag = tags.take(owner);
            taken.add(tag);
            assertTrue(values.add(tag.value), "tag " + tag.value + " taken twice while its owner lives");
            assertTrue(tag.value >= 1 && tag.value <= 5, "tag 0 is never taken: " + tag.value);
        }
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> tags.take(new Object()));
        assertTrue(e.getMessage().contains("close()"), e.getMessage());

        taken.get(1).giveBack();                                  // tag 2 comes back
        taken.get(1).giveBack();                                  // idempotent
        assertEquals(2, tags.take(new Object()).value, "the only free tag");
        taken.get(0).giveBack();
        taken.get(3).giveBack();
        assertEquals(4, tags.take(new Object()).value, "round-robin: after the last one taken (2), not the lowest");
        assertEquals(1, tags.take(new Object()).value);
        assertEquals(5, owners.size());
    }

    @Test
    void aCollectedOwnerGivesItsTagBack() throws InterruptedException {
        final PoolTags tags = new PoolTags(2);
        final Object kept = new Object();
        final int keptTag = tags.take(kept).value;
        final WeakReference<Object> lost = takeForAnOwnerThatIsDropped(tags);
        for (int i = 0; i < 100 && lost.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(null, lost.get(), "the dropped owner was not collected");
        PoolTags.Tag again = null;
        for (int i = 0; i < 100 && again == null; i++) {
            try {
                again = tags.take(new Object());                  // finds the collected owner's tag on its queue
            } catch (final IllegalStateException notYetEnqueued) {
                System.gc();
                Thread.sleep(10);
            }
        }
        assertTrue(again != null, "a collected owner's tag never came back");
        assertNotEquals(keptTag, again.value);
        assertEquals(2, tags.heldCount());
        Reference.reachabilityFence(kept);
    }

    private static WeakReference<Object> takeForAnOwnerThatIsDropped(final PoolTags tags) {
        final Object owner = new Object();
        tags.take(owner);
        return new WeakReference<>(owner);
    }

    @Test
    void aClosedPoolGivesItsTagBack() {
        final ConcurrentObjectPool<Item> pool = ConcurrentObjectPool.builder(Item::new).build();
        final long handle = pool.acquire();
        final int tag = HandleCodec.tag(handle);
        assertTrue(PoolTags.LIVE_POOLS.isHeld(tag));
        pool.release(handle);
        pool.close();
        assertFalse(PoolTags.LIVE_POOLS.isHeld(tag), "tag " + tag + " still held after close()");
    }
}
