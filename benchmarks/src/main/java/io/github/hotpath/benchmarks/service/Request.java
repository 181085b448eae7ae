package io.github.hotpath.benchmarks.service;

import java.util.Objects;

/**
 * One HTTP request as a server framework hands it to a handler: method, path, query parameters and headers, already
 * parsed into Strings. Both handlers of the example receive the same objects, so any difference in what they
 * allocate or produce is the handler's.
 *
 * <p>Immutable; safe to share between threads. The arrays are owned by the request and never modified.
 */
public final class Request {
    private final String method;
    private final String path;
    private final String[] queryKeys;
    private final String[] queryValues;
    private final String[] headerNames;
    private final String[] headerValues;

    /**
     * A request.
     *
     * @param method       the HTTP method.
     * @param path         the path, without the query.
     * @param queryKeys    query parameter names, in order.
     * @param queryValues  query parameter values, parallel to {@code queryKeys}.
     * @param headerNames  header names, in order.
     * @param headerValues header values, parallel to {@code headerNames}.
     */
    public Request(final String method, final String path, final String[] queryKeys, final String[] queryValues,
        final String[] headerNames, final String[] headerValues) {
        if (queryKeys.length != queryValues.length || headerNames.length != headerValues.length) {
            throw new IllegalArgumentException("keys and values must pair up");
        }
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.queryKeys = queryKeys.clone();
        this.queryValues = queryValues.clone();
        this.headerNames = headerNames.clone();
        this.headerValues = headerValues.clone();
    }

    /** @return the HTTP method. */
    public String method() {
        return method;
    }

    /** @return the path, without the query. */
    public String path() {
        return path;
    }

    /** @return how many query parameters there are. */
    public int queryCount() {
        return queryKeys.length;
    }

    /**
     * @param i index of a query parameter.
     * @return its name.
     */
    public String queryKey(final int i) {
        return queryKeys[i];
    }

    /**
     * @param i index of a query parameter.
     * @return its value.
     */
    public String queryValue(final int i) {
        return queryValues[i];
    }

    /** @return how many headers there are. */
    public int headerCount() {
        return headerNames.length;
    }

    /**
     * @param i index of a header.
     * @return its name.
     */
    public String headerName(final int i) {
        return headerNames[i];
    }

    /**
     * @param i index of a header.
     * @return its value.
     */
    public String headerValue(final int i) {
        return headerValues[i];
    }

    /**
     * The value of the first header with this name, compared exactly, or {@code null}.
     *
     * @param name the header name.
     * @return its value, or null when absent.
     */
    public String header(final String name) {
        for (int i = 0; i < headerNames.length; i++) {
            if (headerNames[i].equals(name)) {
                return headerValues[i];
            }
        }
        return null;
    }
}
