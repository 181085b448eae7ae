package io.github.hotpath.slf4j;

import io.github.hotpath.log.LogEntry;
import org.slf4j.helpers.ThreadLocalMapOfStacks;
import org.slf4j.spi.MDCAdapter;

import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The MDC of the provider: per thread, keys and values in two small arrays in insertion order, so that every logged
 * entry copies them as key-value fields without an iterator. MDC entries come before the call's own key-values, so a
 * call's key wins over an MDC key of the same name.
 *
 * <p>Thread-safety: each thread sees its own map (a {@code ThreadLocal}, not inherited by child threads, as
 * Logback's). Allocation: the first {@code put} on a thread allocates its arrays (a cost per new thread, so per
 * request on virtual threads that use MDC); {@code put} may grow them; {@link #getCopyOfContextMap()} copies.
 */
final class ThreadLocalMdcAdapter implements MDCAdapter {
    private static final class Context {
        String[] keys = new String[8];
        String[] values = new String[8];
        int size;

        int indexOf(final String key) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private final ThreadLocal<Context> contexts = new ThreadLocal<>();
    private final ThreadLocalMapOfStacks stacks = new ThreadLocalMapOfStacks();

    @Override
    public void put(final String key, final String val) {
        if (key == null) {
            throw new IllegalArgumentException("key cannot be null");
        }
        Context c = contexts.get();
        if (c == null) {
            c = new Context();
            contexts.set(c);
        }
        final int i = c.indexOf(key);
        if (i >= 0) {
            c.values[i] = val;
            return;
        }
        if (c.size == c.keys.length) {
            c.keys = Arrays.copyOf(c.keys, c.size * 2);
            c.values = Arrays.copyOf(c.values, c.size * 2);
        }
        c.keys[c.size] = key;
        c.values[c.size++] = val;
    }

    @Override
    public String get(final String key) {
        final Context c = contexts.get();
        final int i = c == null || key == null ? -1 : c.indexOf(key);
        return i < 0 ? null : c.values[i];
    }

    @Override
    public void remove(final String key) {
        final Context c = contexts.get();
        final int i = c == null || key == null ? -1 : c.indexOf(key);
        if (i < 0) {
            return;
        }
        final int tail = c.size - i - 1;
        System.arraycopy(c.keys, i + 1, c.keys, i, tail);
        System.arraycopy(c.values, i + 1, c.values, i, tail);
        c.size--;
        c.keys[c.size] = null;
        c.values[c.size] = null;
    }

    @Override
    public void clear() {
        final Context c = contexts.get();
        if (c != null) {
            Arrays.fill(c.keys, 0, c.size, null);
            Arrays.fill(c.values, 0, c.size, null);
            c.size = 0;
        }
    }

    @Override
    public Map<String, String> getCopyOfContextMap() {
        final Context c = contexts.get();
        if (c == null) {
            return null;
        }
        final Map<String, String> copy = new HashMap<>();
        for (int i = 0; i < c.size; i++) {
            copy.put(c.keys[i], c.values[i]);
        }
        return copy;
    }

    @Override
    public void setContextMap(final Map<String, String> contextMap) {
        clear();
        if (contextMap != null) {
            contextMap.forEach(this::put);
        }
    }

    @Override
    public void pushByKey(final String key, final String value) {
        stacks.pushByKey(key, value);
    }

    @Override
    public String popByKey(final String key) {
        return stacks.popByKey(key);
    }

    @Override
    public Deque<String> getCopyOfDequeByKey(final String key) {
        return stacks.getCopyOfDequeByKey(key);
    }

    @Override
    public void clearDequeByKey(final String key) {
        stacks.clearDequeByKey(key);
    }

    /** Adds this thread's MDC entries to an entry as text key-values; allocates nothing. */
    void appendTo(final LogEntry entry) {
        final Context c = contexts.get();
        if (c == null) {
            return;
        }
        for (int i = 0; i < c.size; i++) {
            entry.kv(c.keys[i], c.values[i]);
        }
    }
}
