package io.github.hotpath.pool;

/**
 * The layout of a handle, the {@code long} that names one acquisition: pool tag (16 bits), generation (28 bits) and
 * slot index (20 bits), from the top.
 *
 * <h2>Why these widths</h2>
 * <ul>
 *   <li><b>Index, 20 bits</b>: a million live objects per pool, which thread-per-request services on virtual threads
 *       can approach.</li>
 *   <li><b>Tag, 16 bits</b>: {@link PoolTags} gives every live pool a tag that no other live pool holds, so a handle
 *       of another live pool is always rejected, at no cost per operation (the pool compares the tag it must read
 *       anyway). 16 bits hold 65,534 live pools (0 and 0xFFFF are never tags: small made-up numbers and
 *       {@link ConcurrentObjectPool#NO_HANDLE}, all ones, are never handles) and put a tag given back by a closed
 *       pool far from its next use.</li>
 *   <li><b>Generation, 28 bits</b>: a slot counts its acquisitions in 63 bits; a handle keeps the low 28, and the
 *       pool compares exactly those, so a handle issued at a multiple of 2^28 (carrying 0) releases normally. The
 *       limit: a stale release is caught unless its slot was acquired an exact multiple of 2^28 (268,435,456) times
 *       since the stale handle was issued, in which case it looks like the current holder's release. No fixed width
 *       removes that; the tag's 16 bits were taken from here (the generation had 35) because a foreign handle is
 *       then never accepted at all, while a stale one must still be released at exactly the wrong one of 2.7
 *       &times; 10^8 acquisitions of its slot.</li>
 * </ul>
 * A release <em>by object</em> could not do any of this: a stale holder's reference is identical to the current
 * holder's, which is why neither Stormpot, Commons Pool 2 nor Netty's Recycler catch a stale release.
 *
 * <p>Static and stateless; allocates nothing but {@link #describe(long)}'s text.
 */
final class HandleCodec {
    static final int INDEX_BITS = 20;
    /** The most slots (live objects) one pool can have. */
    static final int MAX_SLOTS = 1 << INDEX_BITS;
    static final long INDEX_MASK = MAX_SLOTS - 1;
    static final int GENERATION_BITS = 28;
    static final long GENERATION_MASK = (1L << GENERATION_BITS) - 1;
    static final int TAG_SHIFT = INDEX_BITS + GENERATION_BITS;
    static final int TAG_BITS = Long.SIZE - TAG_SHIFT;
    /** The generation and in-use bits of a slot's state that a handle's generation is compared with. */
    private static final long STATE_MASK = GENERATION_MASK << 1 | 1L;

    private HandleCodec() {
    }

    /** The handle of the acquisition of slot {@code index} at (full) generation {@code generation}. */
    static long encode(final int tag, final int index, final long generation) {
        return (long) tag << TAG_SHIFT | (generation & GENERATION_MASK) << INDEX_BITS | index;
    }

    /** Whether {@code handle} carries {@code tag}: a handle of the pool that owns the tag, or a made-up one. */
    static boolean hasTag(final long handle, final int tag) {
        return (int) (handle >>> TAG_SHIFT) == tag;
    }

    static int tag(final long handle) {
        return (int) (handle >>> TAG_SHIFT);
    }

    static int index(final long handle) {
        return (int) (handle & INDEX_MASK);
    }

    /** The generation bits a handle carries. */
    static long generation(final long handle) {
        return (handle >>> INDEX_BITS) & GENERATION_MASK;
    }

    /** Whether a slot now at full generation {@code slotGeneration} is at the generation {@code handle} carries. */
    static boolean sameGeneration(final long slotGeneration, final long handle) {
        return (slotGeneration & GENERATION_MASK) == generation(handle);
    }

    /**
     * Whether a slot in {@code state} (see {@link Slot}) is held by the acquisition {@code handle} names: in use, at
     * the handle's generation. One xor, one and, one compare.
     */
    static boolean isHeld(final long state, final long handle) {
        return ((state ^ (generation(handle) << 1 | 1L)) & STATE_MASK) == 0;
    }

    /**
     * Whether a handle carrying {@code handleGeneration} was issued for a slot now at the full generation
     * {@code slotGeneration}, which does not match it: then it is stale. Before the slot's first wrap, the issued
     * generations are 1 to {@code slotGeneration}; once it has wrapped, every value was issued (0 at the wrap).
     */
    static boolean wasIssued(final long slotGeneration, final long handleGeneration) {
        return slotGeneration > GENERATION_MASK || handleGeneration != 0 && handleGeneration < slotGeneration;
    }

    static String describe(final long handle) {
        return handle == ConcurrentObjectPool.NO_HANDLE ? "NO_HANDLE"
            : "tag " + tag(handle) + ", slot " + index(handle) + ", generation " + generation(handle);
    }
}
