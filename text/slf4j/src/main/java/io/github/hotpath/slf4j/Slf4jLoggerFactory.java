package io.github.hotpath.slf4j;

import io.github.hotpath.log.ConcurrentLogService;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

import java.util.concurrent.ConcurrentHashMap;

/**
 * SLF4J's logger factory over one {@link ConcurrentLogService}: one {@link Slf4jLogger} per name, over the service's
 * logger of that name. Thread-safety: any thread. Allocation: the first look-up of a name creates its loggers.
 */
final class Slf4jLoggerFactory implements ILoggerFactory {
    private final ConcurrentLogService service;
    private final ThreadLocalMdcAdapter mdc;
    private final ConcurrentHashMap<String, Slf4jLogger> loggers = new ConcurrentHashMap<>();

    Slf4jLoggerFactory(final ConcurrentLogService service, final ThreadLocalMdcAdapter mdc) {
        this.service = service;
        this.mdc = mdc;
    }

    @Override
    public Logger getLogger(final String name) {
        final Slf4jLogger existing = loggers.get(name);
        return existing != null ? existing
            : loggers.computeIfAbsent(name, n -> new Slf4jLogger(service.logger(n), mdc));
    }
}
