package io.github.hotpath.pool;

import io.github.hotpath.core.Resettable;
import org.agrona.collections.Hashing;
import org.agrona.collections.Object2ObjectHashMap;

import java.util.ArrayList;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The per-request context of a service (user id, tenant id, headers, a trace, tags), built to be pooled: filling it
 * and resetting it allocates nothing after warm-up.
 *
 * <pre>{@code
 * try (Lease<RequestContext> lease = pool.lease()) {
 *     RequestContext ctx = lease.object().userId(userId).tenantId(tenantId);
 *     ctx.putHeader("X-Request-Id", requestId);
 *     ...
 * }
 * }</pre>
 *
 * <h2>Why not HashMap</h2>
 * A reused {@code HashMap} still allocates a node per {@code put}. Headers and tags live in Agrona's
 * {@link Object2ObjectHashMap} (open addressing: keys and values side by side in one array, no entry objects), the
 * trace in an {@link ArrayList} whose {@code clear()} nulls its slots and keeps its array.
 *
 * <h2>Extending it</h2>
 * For a service's own fields, either subclass and override {@link #resetFields()} (called by {@link #reset()} after
 * the built-in containers are cleared) and {@link #fieldsAreReset()}, or compose: hold a {@code RequestContext} in
 * your own {@link Resettable} and call its {@code reset()} from yours.
 *
 * <h2>Thread-safety</h2>
 * Not thread-safe: one request, one thread at a time. Hand it between threads with a happens-before edge (a pool's
 * release and acquire provide one).
 *
 * <h2>Allocation</h2>
 * Setters, {@code put}s, {@code add}s, lookups, {@code forEach*} with a non-capturing consumer, and {@link #reset()}
 * allocate nothing once the containers have grown to the request's size. A container that must grow allocates its
 * larger array; {@code reset()} replaces a container that grew past its retained limit
 * ({@link #MAX_RETAINED_MAP_CAPACITY}, {@link #MAX_RETAINED_TRACE}) with a new one at the initial size, so one huge
 * request does not pin memory for ever. <b>Note:</b> iterating the maps through {@code Map} views or iterators is not
 * offered: use the {@code forEach*} methods.
 *
 * <h2>Departures from java.util</h2>
 * Header and tag names and values must not be null, not even for a lookup ({@link NullPointerException} whose
 * message names the argument).
 */
public class RequestContext implements Resettable {
    /** Initial capacity of the header map: 8 headers fit without a resize. */
    public static final int INITIAL_HEADER_CAPACITY = 16;
    /** Initial capacity of the tag map. */
    public static final int INITIAL_TAG_CAPACITY = 8;
    /** Initial capacity of the trace list. */
    public static final int INITIAL_TRACE_CAPACITY = 16;
    /** A map whose capacity grew past this is replaced by a new one on reset. */
    public static final int MAX_RETAINED_MAP_CAPACITY = 256;
    /** A trace that held more entries than this is replaced by a new one on reset. */
    public static final int MAX_RETAINED_TRACE = 256;

    private String userId;
    private String tenantId;
    private Object2ObjectHashMap<String, String> headers = newMap(INITIAL_HEADER_CAPACITY);
    private Object2ObjectHashMap<String, String> tags = newMap(INITIAL_TAG_CAPACITY);
    private ArrayList<String> trace = new ArrayList<>(INITIAL_TRACE_CAPACITY);
    private int largestTrace;

    /** Builds an empty context with the initial capacities. */
    public RequestContext() {
    }

    /**
     * Sets the user id.
     *
     * @param userId the user id, or null.
     * @return this context.
     */
    public RequestContext userId(final String userId) {
        this.userId = userId;
        return this;
    }

    /**
     * The user id.
     *
     * @return the user id, or null if unset.
     */
    public String userId() {
        return userId;
    }

    /**
     * Sets the tenant id.
     *
     * @param tenantId the tenant id, or null.
     * @return this context.
     */
    public RequestContext tenantId(final String tenantId) {
        this.tenantId = tenantId;
        return this;
    }

    /**
     * The tenant id.
     *
     * @return the tenant id, or null if unset.
     */
    public String tenantId() {
        return tenantId;
    }

    /**
     * Sets a header, replacing any earlier value of the same name.
     *
     * @param name  the header name, not null.
     * @param value the header value, not null.
     * @return this context.
     * @throws NullPointerException if {@code name} or {@code value} is null (the message names which).
     */
    public RequestContext putHeader(final String name, final String value) {
        headers.put(requireName(name, "header name"), requireValue(value, "header", name));
        return this;
    }

    /**
     * A header's value.
     *
     * @param name the header name, not null.
     * @return its value, or null if absent.
     * @throws NullPointerException if {@code name} is null.
     */
    public String header(final String name) {
        return headers.get(requireName(name, "header name"));
    }

    /**
     * The number of headers.
     *
     * @return how many headers are set.
     */
    public int headerCount() {
        return headers.size();
    }

    /**
     * Calls {@code action} with each header's name and value, in no particular order. Allocates nothing if
     * {@code action} captures nothing (keep it in a static final field or use a method reference to a static method).
     *
     * @param action receives each name and value.
     */
    public void forEachHeader(final BiConsumer<? super String, ? super String> action) {
        headers.forEach(Objects.requireNonNull(action, "action is null"));
    }

    /**
     * Sets a tag, replacing any earlier value of the same name.
     *
     * @param name  the tag name, not null.
     * @param value the tag value, not null.
     * @return this context.
     * @throws NullPointerException if {@code name} or {@code value} is null (the message names which).
     */
    public RequestContext putTag(final String name, final String value) {
        tags.put(requireName(name, "tag name"), requireValue(value, "tag", name));
        return this;
    }

    /**
     * A tag's value.
     *
     * @param name the tag name, not null.
     * @return its value, or null if absent.
     * @throws NullPointerException if {@code name} is null.
     */
    public String tag(final String name) {
        return tags.get(requireName(name, "tag name"));
    }

    /**
     * The number of tags.
     *
     * @return how many tags are set.
     */
    public int tagCount() {
        return tags.size();
    }

    /**
     * Calls {@code action} with each tag's name and value, in no particular order (allocation as for
     * {@link #forEachHeader(BiConsumer)}).
     *
     * @param action receives each name and value.
     */
    public void forEachTag(final BiConsumer<? super String, ? super String> action) {
        tags.forEach(Objects.requireNonNull(action, "action is null"));
    }

    /**
     * Appends an entry to the trace.
     *
     * @param entry the entry, not null.
     * @return this context.
     */
    public RequestContext addTrace(final String entry) {
        trace.add(Objects.requireNonNull(entry, "trace entry is null"));
        final int size = trace.size();
        if (size > largestTrace) {
            largestTrace = size;
        }
        return this;
    }

    /**
     * The number of trace entries.
     *
     * @return the trace's length.
     */
    public int traceSize() {
        return trace.size();
    }

    /**
     * One trace entry.
     *
     * @param index from 0 to {@link #traceSize()} - 1.
     * @return the entry.
     * @throws IndexOutOfBoundsException if {@code index} is out of range.
     */
    public String trace(final int index) {
        return trace.get(index);
    }

    /**
     * What this context retains between requests, in slots of its containers: the capacities of both maps plus the
     * largest trace since the last reset. Allocates nothing; suits
     * {@link PoolBuilder#retainedSizeCap(java.util.function.ToLongFunction, long)}.
     *
     * @return the retained capacity, in entries.
     */
    public long retainedCapacity() {
        return (long) headers.capacity() + tags.capacity() + Math.max(largestTrace, INITIAL_TRACE_CAPACITY);
    }

    /**
     * Whether this context is as freshly built: no ids, no headers, no tags, no trace, and
     * {@link #fieldsAreReset()}. Suits {@link PoolBuilder#verifyReset(java.util.function.Predicate)}.
     *
     * @return true if nothing of a previous request is visible.
     */
    public final boolean isReset() {
        return userId == null && tenantId == null && headers.isEmpty() && tags.isEmpty() && trace.isEmpty()
            && fieldsAreReset();
    }

    /**
     * Clears everything, shrinks a container that grew past its retained limit (the only case that allocates), then
     * calls {@link #resetFields()}.
     */
    @Override
    public final void reset() {
        userId = null;
        tenantId = null;
        headers = clearOrShrink(headers, INITIAL_HEADER_CAPACITY);
        tags = clearOrShrink(tags, INITIAL_TAG_CAPACITY);
        if (largestTrace > MAX_RETAINED_TRACE) {
            trace = new ArrayList<>(INITIAL_TRACE_CAPACITY);
        } else {
            trace.clear();
        }
        largestTrace = 0;
        resetFields();
    }

    /**
     * Hook for subclasses: reset their own fields to the freshly built state. Called at the end of {@link #reset()};
     * must not allocate (on the hot path). Does nothing by default.
     */
    protected void resetFields() {
    }

    /**
     * Hook for subclasses: whether their own fields are as freshly built, for {@link #isReset()}. True by default.
     *
     * @return true if the subclass's fields hold nothing of a previous request.
     */
    protected boolean fieldsAreReset() {
        return true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[userId=" + userId + ", tenantId=" + tenantId + ", headers=" + headers
            + ", tags=" + tags + ", trace=" + trace + "]";
    }

    private static String requireName(final String name, final String what) {
        if (name == null) {
            throw new NullPointerException(what + " is null");
        }
        return name;
    }

    private static String requireValue(final String value, final String what, final String name) {
        if (value == null) {
            throw new NullPointerException(what + " value is null (" + what + " name \"" + name + "\")");
        }
        return value;
    }

    private static Object2ObjectHashMap<String, String> clearOrShrink(
        final Object2ObjectHashMap<String, String> map, final int initialCapacity) {
        if (map.capacity() > MAX_RETAINED_MAP_CAPACITY) {
            return newMap(initialCapacity);
        }
        map.clear();
        return map;
    }

    private static Object2ObjectHashMap<String, String> newMap(final int capacity) {
        return new Object2ObjectHashMap<>(capacity, Hashing.DEFAULT_LOAD_FACTOR);
    }
}
