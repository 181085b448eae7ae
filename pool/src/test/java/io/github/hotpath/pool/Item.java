package io.github.hotpath.pool;

import io.github.hotpath.core.Resettable;

import java.util.concurrent.atomic.AtomicReference;

/** A pooled test object: an owner mark (for double-ownership checks) and a value that a reset must clear. */
final class Item implements Resettable {
    static final long NO_VALUE = 0;

    final AtomicReference<Object> owner = new AtomicReference<>();
    long value = NO_VALUE;
    Object payload;

    @Override
    public void reset() {
        value = NO_VALUE;
        payload = null;
    }

    boolean isClean() {
        return value == NO_VALUE && payload == null && owner.get() == null;
    }

    @Override
    public String toString() {
        return "Item[value=" + value + ", payload=" + payload + ", owner=" + owner.get() + "]";
    }
}
