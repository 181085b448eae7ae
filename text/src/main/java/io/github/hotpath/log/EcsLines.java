package io.github.hotpath.log;

import io.github.hotpath.text.TextBuilder;

/**
 * The {@link LogFormat#ECS} layout, beside the formatter's own two: the same parts (timestamp cache, escaped
 * thread name, message run, typed fields) under the Elastic Common Schema's names. Used by the writer thread only.
 * Allocation: none, except a throwable's stack trace printing.
 */
final class EcsLines {
    /** The ECS version the names follow, as ecs-logging-java writes it. */
    static final String ECS_VERSION = "1.2.0";

    private EcsLines() {
    }

    static void line(final LineFormatter f, final RecordBuffer r, final TextBuilder out) {
        f.timestamp(r.epochMillis, out.append("{\"@timestamp\":\"")).append("\",\"log.level\":\"")
            .append(r.level().label()).append("\",\"message\":\"");
        f.message(r, out);
        out.append("\",\"ecs.version\":\"").append(ECS_VERSION).append("\",\"process.thread.name\":\"");
        f.threadName(r, out).append("\",\"log.logger\":\"").append(r.escapedLoggerName()).append('"');
        f.fields(r, out, ",\"", "\":", true);
        if (r.truncated) {
            out.append(",\"truncated\":true");
        }
        final Throwable thrown = r.thrown;
        if (thrown != null) {
            out.append(",\"error.type\":");
            out.appendJsonString(thrown.getClass().getName());
            final String message = message(thrown);
            if (message != null) {
                out.append(",\"error.message\":");
                out.appendJsonString(message);
            }
            out.append(",\"error.stack_trace\":\"");
            out.appendJsonEscaped(LineFormatter.stackTrace(thrown));
            out.append('"');
        }
        out.append("}\n");
    }

    /**
     * The throwable's message, or null when it has none or its {@code getMessage()} throws (user code: it must not
     * cost the record; the stack trace then says that it could not be printed).
     */
    private static String message(final Throwable thrown) {
        try {
            return thrown.getMessage();
        } catch (final Throwable e) {
            LogCounters.rethrowIfFatal(e);
            return null;
        }
    }

    static void dropNotice(final LineFormatter f, final long epochMillis, final long dropped, final String reason,
                           final String thread, final TextBuilder out) {
        f.timestamp(epochMillis, out.append("{\"@timestamp\":\"")).append("\",\"log.level\":\"WARN\",\"message\":\"")
            .append(dropped).append(" records dropped: ").append(reason).append("\",\"ecs.version\":\"")
            .append(ECS_VERSION).append("\",\"process.thread.name\":");
        out.appendJsonString(thread).append(",\"log.logger\":");
        out.appendJsonString(ConcurrentLogService.INTERNAL_LOGGER_NAME).append(",\"dropped\":").append(dropped)
            .append("}\n");
    }
}
