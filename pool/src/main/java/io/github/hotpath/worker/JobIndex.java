package io.github.hotpath.worker;

/**
 * A fixed, read-only identity map from each pre-allocated job object to its slot number, built once: open
 * addressing with linear probing on {@link System#identityHashCode(Object)}, at most half full. Lookups compare
 * with {@code ==} (a job's own {@code equals}/{@code hashCode} are never called) and allocate nothing. Safe to read
 * from any thread once the pool that owns it has been published.
 */
final class JobIndex {
    private final Object[] keys;
    private final int[] slots;
    private final int mask;

    JobIndex(final Object[] jobs) {
        int size = 2;
        while (size < jobs.length * 2) {
            size <<= 1;
        }
        keys = new Object[size];
        slots = new int[size];
        mask = size - 1;
        for (int slot = 0; slot < jobs.length; slot++) {
            final Object job = jobs[slot];
            int i = spread(job) & mask;
            while (keys[i] != null) {
                if (keys[i] == job) {
                    throw new IllegalArgumentException("the job factory returned the same object twice (slots "
                        + slots[i] + " and " + slot + "): each job must be a distinct object");
                }
                i = (i + 1) & mask;
            }
            keys[i] = job;
            slots[i] = slot;
        }
    }

    /**
     * The slot of a job of this pool.
     *
     * @return the slot, or -1 if {@code job} is not one of this pool's job objects.
     */
    int slotOf(final Object job) {
        final Object[] k = keys;
        int i = spread(job) & mask;
        Object key;
        while ((key = k[i]) != null) {
            if (key == job) {
                return slots[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private static int spread(final Object job) {
        final int h = System.identityHashCode(job);
        return h ^ (h >>> 16);
    }
}
