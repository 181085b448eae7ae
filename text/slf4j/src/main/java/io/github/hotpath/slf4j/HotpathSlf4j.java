package io.github.hotpath.slf4j;

import io.github.hotpath.log.ConcurrentLogService;

/**
 * The one log service behind SLF4J, for the application's hot paths: take a primitive-API logger from it and the
 * lines go to the same writer, format and sink as the SLF4J calls, in the order each thread logged them.
 * <pre>{@code
 * private static final Logger HOT = HotpathSlf4j.service().logger(RequestHandler.class);
 * HOT.info().append("done status=").append(status).kv("latencyNanos", nanos).log();
 * HotpathSlf4j.service().level("com.acme.db", Level.DEBUG); // at run time, SLF4J loggers included
 * }</pre>
 *
 * <p>The service is built on first use (by SLF4J's initialization or by {@link #service()}, whichever comes first)
 * from the configuration that {@link LogConfiguration} describes: {@code hotpath-log.properties} on the class path,
 * overridden by {@code hotpath.log.*} system properties, read once. Its shutdown hook closes it when the JVM exits,
 * so accepted lines are written; do not close it yourself while SLF4J may still log.
 *
 * <p>Thread-safety: any thread; the service is published through a volatile field. Allocation: the first call
 * builds the service; later calls allocate nothing.
 */
public final class HotpathSlf4j {
    private static volatile ConcurrentLogService service;

    private HotpathSlf4j() {
    }

    /**
     * The service SLF4J logs through, built on first use from the configuration.
     *
     * @return the service, the same every time.
     * @throws IllegalArgumentException if the configuration has a bad key or value (on every call until it is
     *     fixed); the message names both.
     */
    public static ConcurrentLogService service() {
        final ConcurrentLogService s = service;
        return s != null ? s : start();
    }

    private static synchronized ConcurrentLogService start() {
        if (service == null) {
            service = LogConfiguration.builder(LogConfiguration.environment()).build();
        }
        return service;
    }
}
