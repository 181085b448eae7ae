package io.github.hotpath.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What a metrics binder registered, as actions that undo it, so that closing the binder removes its meters from
 * every registry it was bound to (a component replaced by another of the same name can then be bound again: a
 * registry hands back the meter it already holds under an id, so the new component's would otherwise never be
 * reported). Kept free of Micrometer's types: hotpath-core does not depend on Micrometer.
 *
 * <p>A bind registers all of its meters or none: a meter the registry already held (another binder's, or one this
 * binder registered before) fails it, and what it registered is removed again. Binds and {@link #close()} of one
 * binder run one at a time.
 *
 * <p>Internal: not an API. Thread-safe (its own lock, held while a bind registers and while close removes);
 * allocates at bind and close only, never on a scrape.
 */
public final class Bindings {
    private final List<Runnable> undo = new ArrayList<>();
    /** During a bind, the meters the registry held before it (by identity); else null. */
    private Set<Object> before;

    /** An empty set of bindings. */
    public Bindings() {
    }

    /**
     * Runs one bind: {@code registerAll} registers each meter and reports it through {@link #add}.
     *
     * @param existing    the registry's meters before the bind.
     * @param registerAll registers the binder's meters.
     * @throws IllegalStateException if the registry already held one of them; then none of this bind's stay.
     */
    public synchronized void bind(final Collection<?> existing, final Runnable registerAll) {
        final int mark = undo.size();
        before = Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(existing);
        try {
            registerAll.run();
        } catch (final RuntimeException | Error e) {
            undoAfter(mark);
            throw e;
        } finally {
            before = null;
        }
    }

    /**
     * Records a meter the current bind registered, and how to remove it; fails if the registry already held it.
     *
     * @param meter      the meter the registry returned.
     * @param id         its name and tags, for the message.
     * @param undoAction removes it from the registry.
     * @throws IllegalStateException if the registry held this meter before the bind.
     */
    public synchronized void add(final Object meter, final String id, final Runnable undoAction) {
        if (before != null && before.contains(meter)) {
            throw new IllegalStateException("a meter " + id + " is already registered: it reports another "
                + "component of the same name (a registry keeps the first meter of an id and ignores the next); "
                + "close that component's binder, or remove its meters, before binding this one");
        }
        undo.add(undoAction);
    }

    /** Undoes every registration recorded, newest first; calling it again does nothing. */
    public synchronized void close() {
        undoAfter(0);
    }

    private void undoAfter(final int mark) {
        final List<Runnable> after = undo.subList(mark, undo.size());
        final List<Runnable> actions = new ArrayList<>(after);
        after.clear();
        for (int i = actions.size() - 1; i >= 0; i--) {
            actions.get(i).run();
        }
    }
}
