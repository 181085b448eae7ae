package io.github.hotpath.pool;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashSet;
import java.util.Set;

/**
 * The tags of the live pools: every pool takes, when it is built, a tag that no other live pool holds, and gives it
 * back when it is {@linkplain ConcurrentObjectPool#close() closed} or garbage-collected (found at a later
 * {@link #take(Object)}, through a {@link ReferenceQueue}: no thread of its own). So a handle of another live pool
 * never carries this pool's tag, and the pool rejects it by the tag compare it makes anyway, at no cost per
 * operation.
 *
 * <p>Tags are taken round-robin among the free ones, so a tag given back is taken again only after every other tag
 * that was free at that moment. What stays possible, and only for handles of a pool that is gone: a handle of a pool
 * that was closed (or collected) carries a tag that a pool built later may hold; that pool then rejects it unless its
 * slot index and generation also match one of its own held acquisitions.
 *
 * <p>Thread-safe: {@link #take(Object)} and {@link Tag#giveBack()} synchronize on the registry; both run at build and
 * close time only. Taking allocates the tag's weak reference.
 */
final class PoolTags {
    /** The registry of every pool of the JVM. */
    static final PoolTags LIVE_POOLS = new PoolTags((1 << HandleCodec.TAG_BITS) - 2);

    /** A taken tag; holds its pool weakly, so that a pool that is garbage-collected gives its tag back. */
    static final class Tag extends WeakReference<Object> {
        final int value;
        private final PoolTags registry;

        private Tag(final Object pool, final int value, final PoolTags registry) {
            super(pool, registry.collected);
            this.value = value;
            this.registry = registry;
        }

        /** Gives the tag back (idempotent): its pool was closed. */
        void giveBack() {
            registry.free(this);
        }
    }

    private final int lastTag;
    private final long[] taken;
    private final Set<Tag> held = new HashSet<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private int cursor;

    /** A registry of the tags 1 to {@code lastTag} (tag 0 is never taken). */
    PoolTags(final int lastTag) {
        this.lastTag = lastTag;
        this.taken = new long[(lastTag >> 6) + 1];
        this.cursor = lastTag;
    }

    /**
     * Takes the next free tag after the last one taken, for {@code pool}.
     *
     * @throws IllegalStateException if every tag is held by a live pool.
     */
    synchronized Tag take(final Object pool) {
        for (Reference<?> ref = collected.poll(); ref != null; ref = collected.poll()) {
            freeLocked((Tag) ref);
        }
        int tag = cursor;
        for (int n = 0; n < lastTag; n++) {
            tag = tag == lastTag ? 1 : tag + 1;
            if (!isTaken(tag)) {
                taken[tag >> 6] |= 1L << tag;
                cursor = tag;
                final Tag t = new Tag(pool, tag, this);
                held.add(t);
                return t;
            }
        }
        throw new IllegalStateException(lastTag + " pools are live at once (built, and neither closed nor"
            + " garbage-collected yet): close() the pools you no longer use");
    }

    /** Whether {@code tag} is held now. */
    synchronized boolean isHeld(final int tag) {
        return isTaken(tag);
    }

    /** How many tags are held now. */
    synchronized int heldCount() {
        return held.size();
    }

    private synchronized void free(final Tag tag) {
        freeLocked(tag);
    }

    private void freeLocked(final Tag tag) {
        if (held.remove(tag)) {
            taken[tag.value >> 6] &= ~(1L << tag.value);
        }
    }

    private boolean isTaken(final int tag) {
        return (taken[tag >> 6] & 1L << tag) != 0;
    }
}
