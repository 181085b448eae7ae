package io.github.hotpath.benchmarks.service;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points the naive handler's SLF4J + Logback logging at a file, with the same line layout as hotpath's plain
 * format, so both handlers pay for the same output. Configured in code, so no configuration file on the class path
 * can change what the example measures.
 */
public final class ServiceLogging {
    private ServiceLogging() {
    }

    /**
     * Resets Logback and sends INFO and above to the file, appending.
     *
     * @param file the log file, for example {@code /dev/null}.
     */
    public static void logbackTo(final String file) {
        final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [%thread] %logger - %msg%n");
        encoder.start();
        final FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("file");
        appender.setFile(file);
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        final ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
    }
}
