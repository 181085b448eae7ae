package io.github.hotpath.log;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Small numbers for the few names a record carries over and over (thread names, logger names), so that a record
 * holds an {@code int} instead of a reference.
 *
 * <p>Why: the ring's records are long-lived objects that every thread fills in turn. Storing a reference into one
 * (a thread name that differs from the one its previous producer left there) dirties a card of the G1 collector's
 * remembered set, a different card for each record, and the collector's refinement threads then scan them
 * concurrently. Measured on 2 CPUs, when every record stored its level, logger name and thread name: about a
 * quarter of a core in {@code G1 Refine} with four threads logging, and a lone producer's CPU per record several
 * times what it is once records carry numbers (then the refinement threads stay idle).
 *
 * <p>A name keeps its number for the life of the JVM (names of equal text share one), and the table keeps the name
 * alive, so a record's number always means the name it was given for. The table is bounded: a name that finds no
 * room within {@value #PROBES} probes of its hash gets {@link #NONE}, and its records carry the reference as before
 * (correct, only costlier). Threads named once per request fill it; pools' threads and loggers fit.
 *
 * <p>Thread-safety: any thread. Memory effects: a number is published with a CAS of its name, so a thread that
 * reads the number from a record it acquired (through the ring) reads the name. Allocation: none.
 */
final class NameTable {
    /** The number of a name that found no room: its records carry the name itself. */
    static final int NONE = -1;
    /** How many cells a name may try from its hash before it is given {@link #NONE}. */
    static final int PROBES = 8;
    /** Thread names, shared by every service of the JVM. */
    static final NameTable THREADS = new NameTable(4096);
    /** Logger names (escaped), shared by every service of the JVM. */
    static final NameTable LOGGERS = new NameTable(4096);

    private final AtomicReferenceArray<String> names;
    private final int mask;

    /** A table of {@code size} cells, a power of two. */
    NameTable(final int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two, got " + size);
        }
        names = new AtomicReferenceArray<>(size);
        mask = size - 1;
    }

    /** The number of {@code name} (of equal text), taking a free cell for it if it has none; {@link #NONE} if full. */
    int idOf(final String name) {
        final int hash = name.hashCode();
        for (int i = 0; i < PROBES; i++) {
            final int at = (hash + i) & mask;
            String there = names.get(at);
            if (there == null) {
                if (names.compareAndSet(at, null, name)) {
                    return at;
                }
                there = names.get(at); // another thread took the cell first: maybe for the same text
            }
            if (there == name || there.equals(name)) {
                return at;
            }
        }
        return NONE;
    }

    /** The name numbered {@code id} by {@link #idOf}. */
    String name(final int id) {
        return names.get(id);
    }
}
