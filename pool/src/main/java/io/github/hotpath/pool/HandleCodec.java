package io.github.hotpath.pool;

/**
 * The layout of a handle, the {@code long} that names one acquisition: pool tag (8 bits), generation (35 bits), slot
 * index (20 bits), and the sign bit clear, so that no handle equals {@link ConcurrentObjectPool#NO_HANDLE}.
 *
 * <h2>Why these widths</h2>
 * A slot counts its generation in 63 bits; a handle keeps the low 35, and the pool compares exactly those, so a handle
 * issued at a multiple of 2^35 (carrying 0) releases normally. The limit: a stale release is caught unless its slot
 * was acquired an exact multiple of 2^35 times since the stale handle was issued, in which case it looks like the
 * current holder's release. No fixed width removes that; the split was chosen as a balance. Fewer tag bits would buy
 * generation bits but tell fewer pools' handles apart, and the index needs its 20 bits for a million live objects.
 * A release <em>by object</em> could not do this: a stale holder's reference is identical to the current holder's,
 * which is why neither Stormpot, Commons Pool 2 nor Netty's Recycler catch a stale release.
 *
 * <p>Static and stateless; allocates nothing but {@link #describe(long)}'s text.
 */
final class HandleCodec {
    static final int INDEX_BITS = 20;
    /** The most slots (live objects) one pool can have. */
    static final int MAX_SLOTS = 1 << INDEX_BITS;
    static final long INDEX_MASK = MAX_SLOTS - 1;
    static final int GENERATION_BITS = 35;
    static final long GENERATION_MASK = (1L << GENERATION_BITS) - 1;
    static final int TAG_SHIFT = INDEX_BITS + GENERATION_BITS;
    static final long TAG_MASK = 0xFF;

    private HandleCodec() {
    }

    /** The handle of the acquisition of slot {@code index} at (full) generation {@code generation}. */
    static long encode(final long tag, final int index, final long generation) {
        return tag << TAG_SHIFT | (generation & GENERATION_MASK) << INDEX_BITS | index;
    }

    /** Whether {@code handle} carries {@code tag} (a handle of the pool that owns the tag, or a made-up one). */
    static boolean hasTag(final long handle, final long tag) {
        return handle >= 0 && (handle >>> TAG_SHIFT) == tag;
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
     * Whether a handle carrying {@code handleGeneration} was issued for a slot now at the full generation
     * {@code slotGeneration}, which does not match it: then it is stale. Before the slot's first wrap, the issued
     * generations are 1 to {@code slotGeneration}; once it has wrapped, every value was issued (0 at the wrap).
     */
    static boolean wasIssued(final long slotGeneration, final long handleGeneration) {
        return slotGeneration > GENERATION_MASK || handleGeneration != 0 && handleGeneration < slotGeneration;
    }

    static String describe(final long handle) {
        return handle < 0 ? "no handle" : "slot " + index(handle) + ", generation " + generation(handle);
    }
}
