package io.github.hotpath.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * What a metrics binder registered, as actions that undo it, so that closing the binder removes its meters from
 * every registry it was bound to (a component replaced by another of the same name can then be bound again; a
 * registry hands back the meter already registered under an id, so the new component's would otherwise never be
 * reported). Kept free of Micrometer's types: hotpath-core does not depend on Micrometer.
 *
 * <p>Internal: not an API. Thread-safe (its own lock); allocates at bind and close only, never on a scrape.
 */
public final class Bindings {
    private final List<Runnable> undo = new ArrayList<>();

    /** An empty set of bindings. */
    public Bindings() {
    }

    /**
     * Records how to undo one registration.
     *
     * @param undoAction removes what was registered.
     */
    public synchronized void add(final Runnable undoAction) {
        undo.add(undoAction);
    }

    /**
     * How many registrations are recorded: a mark to {@link #undoAfter} if a bind fails half way.
     *
     * @return the count.
     */
    public synchronized int mark() {
        return undo.size();
    }

    /**
     * Undoes the registrations recorded after {@code mark}, newest first.
     *
     * @param mark a value of {@link #mark()}.
     */
    public void undoAfter(final int mark) {
        final List<Runnable> actions;
        synchronized (this) {
            final List<Runnable> after = undo.subList(mark, undo.size());
            actions = new ArrayList<>(after);
            after.clear();
        }
        for (int i = actions.size() - 1; i >= 0; i--) {
            actions.get(i).run();
        }
    }

    /**
     * The error for a meter id that a registry already holds: binding over it would report the other component.
     *
     * @param id the meter's name and tags, as the registry prints them.
     * @return the exception to throw.
     */
    public static IllegalStateException alreadyRegistered(final String id) {
        return new IllegalStateException("a meter " + id + " is already registered: it reports another component of "
            + "the same name (a registry keeps the first meter of an id and ignores the next); close that component's "
            + "binder, or remove its meters, before binding this one");
    }

    /** Undoes every registration recorded, newest first; calling it again does nothing. */
    public void close() {
        undoAfter(0);
    }
}
