package io.github.hotpath.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a metrics binder registered, as actions that undo it, so that closing the binder removes its meters from
 * every registry it was bound to (a component replaced by another of the same name can then be bound again: a
 * registry hands back the meter it already holds under an id, so the new component's would otherwise never be
 * reported). Kept free of Micrometer's types: hotpath-core does not depend on Micrometer.
 *
 * <p>A bind registers all of its meters or none: a meter the registry already held (another binder's, or one this
 * binder registered before) fails it, and what it registered is removed again. Binds and closes run one at a time
 * across all binders (they are rare), so two binders of one name cannot both see a registry without the other's
 * meters. Closing removes a meter only while the registry still holds that very meter, never another binder's
 * meter registered since under the same id.
 *
 * <p>Internal: not an API. Thread-safe (one lock for all binders, held while a bind registers and while a close
 * removes); allocates at bind and close only, never on a scrape.
 */
public final class Bindings {
    /** Serialises every bind and close of every binder. */
    private static final Object LOCK = new Object();

    private final List<Runnable> undo = new ArrayList<>();
    /** During a bind, the meters the registry held before it (by identity); else null. */
    private Set<Object> before;

    /** An empty set of bindings. */
    public Bindings() {
    }

    /**
     * Runs one bind: {@code registerAll} registers each meter and reports it through {@link #add}.
     *
     * @param existing    the registry's meters, read at the start of the bind.
     * @param registerAll registers the binder's meters.
     * @throws IllegalStateException if the registry already held one of them; then none of this bind's stay.
     */
    public void bind(final Supplier<? extends Collection<?>> existing, final Runnable registerAll) {
        synchronized (LOCK) {
            final int mark = undo.size();
            before = Collections.newSetFromMap(new IdentityHashMap<>());
            before.addAll(existing.get());
            try {
                registerAll.run();
            } catch (final RuntimeException | Error e) {
                undoAfter(mark);
                throw e;
            } finally {
                before = null;
            }
        }
    }

    /**
     * Records a meter the current bind registered, and how to remove it; fails if the registry already held it.
     *
     * @param meter          the meter the registry returned.
     * @param id             its name and tags, for the message.
     * @param registryMeters the registry's meters now (read when undoing).
     * @param remove         removes it from the registry (by its id).
     * @throws IllegalStateException if the registry held this meter before the bind.
     */
    public void add(final Object meter, final String id, final Supplier<? extends Collection<?>> registryMeters,
                    final Runnable remove) {
        synchronized (LOCK) {
            if (before != null && before.contains(meter)) {
                throw new IllegalStateException("a meter " + id + " is already registered: it reports another "
                    + "component of the same name (a registry keeps the first meter of an id and ignores the next); "
                    + "close that component's binder, or remove its meters, before binding this one");
            }
            undo.add(() -> {
                for (final Object held : registryMeters.get()) {
                    if (held == meter) { // removal goes by id: never remove another binder's meter of the same id
                        remove.run();
                        return;
                    }
                }
            });
        }
    }

    /** Undoes every registration recorded, newest first; calling it again does nothing. */
    public void close() {
        synchronized (LOCK) {
            undoAfter(0);
        }
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
