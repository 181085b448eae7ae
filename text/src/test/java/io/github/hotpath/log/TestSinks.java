package io.github.hotpath.log;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Sinks for tests: one that keeps everything, one that only counts. */
final class TestSinks {
    /** The reasons the writer's drop notices give, after {@code "N records dropped: "}. */
    static final String FULL = "the log queue was full";
    static final String CLOSED = "the log service was closed";
    static final String REENTRANT = "logged from inside the logger (re-entrant)";
    static final String TOO_DEEP = "log() was too deep in the stack";
    private static final Pattern NOTICE = Pattern.compile("(\\d+) records dropped: ([^\"\\n]+)");

    private TestSinks() {
    }

    /** Whether a line (in any format) is one of the writer's drop notices. */
    static boolean isDropNotice(final String line) {
        return line.contains(ConcurrentLogService.INTERNAL_LOGGER_NAME) && NOTICE.matcher(line).find();
    }

    /** The lines that are not drop notices: the records. */
    static List<String> records(final List<String> lines) {
        return lines.stream().filter(l -> !isDropNotice(l)).collect(Collectors.toList());
    }

    /** How many drops the notices among the lines report for a reason. */
    static long noticed(final List<String> lines, final String reason) {
        long sum = 0;
        for (final String line : lines) {
            final Matcher m = NOTICE.matcher(line);
            if (isDropNotice(line) && m.find() && m.group(2).equals(reason)) {
                sum += Long.parseLong(m.group(1));
            }
        }
        return sum;
    }

    /** Keeps every byte written, thread-safely; {@link #lines()} splits them. */
    static class Capture extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile boolean closed;

        @Override
        public synchronized void write(final int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(final byte[] b, final int off, final int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void close() {
            closed = true;
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        List<String> lines() {
            final String text = text();
            if (text.isEmpty()) {
                return List.of();
            }
            if (!text.endsWith("\n")) {
                throw new AssertionError("output does not end with a newline: ..."
                    + text.substring(Math.max(0, text.length() - 80)));
            }
            return Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1));
        }
    }

    /** Discards what it is given and counts bytes and write calls; allocates nothing. */
    static final class Counting implements WritableByteChannel {
        volatile long bytes;
        volatile long writes;
        volatile boolean open = true;

        @Override
        public int write(final ByteBuffer src) {
            final int n = src.remaining();
            src.position(src.limit());
            bytes = bytes + n;
            writes = writes + 1;
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
