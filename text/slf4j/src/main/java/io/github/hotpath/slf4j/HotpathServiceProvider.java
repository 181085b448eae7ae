package io.github.hotpath.slf4j;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J 2 provider, found by SLF4J's {@code ServiceLoader} (through {@code META-INF/services} on the class path
 * and {@code provides} on the module path): every SLF4J logger then logs through {@link HotpathSlf4j#service()}.
 * SLF4J binds one provider per class path: leave no other provider (Logback, log4j-slf4j2-impl, slf4j-simple) beside
 * this jar, or set {@code -Dslf4j.provider=io.github.hotpath.slf4j.HotpathServiceProvider}.
 *
 * <p>Thread-safety: SLF4J calls {@link #initialize()} once, then the getters from any thread. Allocation: at
 * initialization, the service (see {@link HotpathSlf4j}).
 */
public final class HotpathServiceProvider implements SLF4JServiceProvider {
    /** The SLF4J API version this provider is built for. */
    private static final String REQUESTED_API_VERSION = "2.0.99";

    private final ThreadLocalMdcAdapter mdc = new ThreadLocalMdcAdapter();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private volatile ILoggerFactory loggers;

    /** Called by SLF4J's {@code ServiceLoader}. */
    public HotpathServiceProvider() {
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return REQUESTED_API_VERSION;
    }

    /**
     * Starts the service from the configuration, if nothing has yet, and binds SLF4J's loggers to it.
     *
     * @throws IllegalArgumentException if the configuration has a bad key or value; the message names both.
     */
    @Override
    public void initialize() {
        loggers = new Slf4jLoggerFactory(HotpathSlf4j.service(), mdc);
    }
}
