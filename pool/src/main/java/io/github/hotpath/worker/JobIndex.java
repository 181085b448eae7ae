package io.github.hotpath.worker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An identity map from each job object to its slot number: open addressing with linear probing on
 * {@link System#identityHashCode(Object)}, at most half full when built. Lookups compare with {@code ==} (a job's
 * own {@code equals}/{@code hashCode} are never called) and allocate nothing. Safe to read from any thread once the
 * pool that owns it has been published.
 *
 * <p>It only grows: {@link #add} maps a job that replaced another (see {@code JobSlots.replace}), one writer at a
 * time, while readers look; a key is never removed, so a reader's probe never stops early at a position that was
 * empty when its key was placed. The replaced object keeps its mapping (the pool checks that the slot still holds
 * it). A reader that sees a key (acquire) sees its slot number, written before the key (release).
 */
final class JobIndex {
    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(Object[].class);

    private final Object[] keys;
    private final int[] slots;
    private final int mask;
    /** Keys in the table. Written by the one writer of {@link #add} at a time. */
    private int size;

    JobIndex(final Object[] jobs) {
        int tableSize = 2;
        while (tableSize < jobs.length * 2) {
            tableSize <<= 1;
        }
        keys = new Object[tableSize];
        slots = new int[tableSize];
        mask = tableSize - 1;
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
        this.size = jobs.length;
    }

    /**
     * Maps {@code job} (a new object, in no slot yet) to {@code slot} while readers may be looking, unless the table
     * would be more than three quarters full: then the caller builds a new index instead. One caller at a time.
     *
     * @return false if the table is too full.
     */
    boolean add(final Object job, final int slot) {
        if ((size + 1L) * 4 > keys.length * 3L) {
            return false;
        }
        int i = spread(job) & mask;
        while (keys[i] != null) { // the writer's own view: keys only change under the caller's lock
            i = (i + 1) & mask;
        }
        slots[i] = slot;
        KEYS.setRelease(keys, i, job); // after its slot number: a reader that sees the key sees the number
        size++;
        return true;
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
        while ((key = KEYS.getAcquire(k, i)) != null) {
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
