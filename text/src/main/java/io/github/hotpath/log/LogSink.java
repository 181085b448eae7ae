package io.github.hotpath.log;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Where a {@link ConcurrentLogService} writes its lines: standard output or error, a file (rolling or not), or any
 * {@link WritableByteChannel} or {@link OutputStream} a user supplies. The writer hands the sink whole batches of
 * lines in one buffer, so a busy service makes one system call per batch, not per record.
 *
 * <p>Thread-safety: a sink is used by one service and is written only by that service's writer thread (or, for a
 * synchronous service, under its lock). Allocation: none per write by the service (the batch buffer is reused; the
 * JDK's file channels copy a heap buffer through a cached direct buffer of their own); a user-supplied channel or
 * stream allocates whatever it allocates.
 *
 * <p>Interrupts: standard output, standard error and files are written through {@link FileOutputStream}, which an
 * interrupt of the writer thread cannot close (a {@code FileChannel} closes itself, and for file descriptor 1 the
 * JDK then points it at {@code /dev/null}). The writer also clears its interrupt before each write, but a
 * user-supplied interruptible channel can still be closed by an interrupt that arrives during a write.
 *
 * <p>Note: closing the service closes the sink, except for standard output and standard error, which stay open.
 */
public final class LogSink {
    private final SinkTarget target;
    private final boolean closeOnClose;
    private final String description;

    private LogSink(final SinkTarget target, final boolean closeOnClose, final String description) {
        this.target = target;
        this.closeOnClose = closeOnClose;
        this.description = description;
    }

    /**
     * Standard output, written through its file descriptor (bypassing {@code System.out}'s buffer; lines printed
     * with {@code System.out} meanwhile may interleave with the log at batch boundaries).
     *
     * @return a sink on file descriptor 1, left open on close.
     */
    public static LogSink stdout() {
        return new LogSink(new StreamTarget(new FileOutputStream(FileDescriptor.out)), false, "stdout");
    }

    /**
     * Standard error, written through its file descriptor.
     *
     * @return a sink on file descriptor 2, left open on close.
     */
    public static LogSink stderr() {
        return new LogSink(new StreamTarget(new FileOutputStream(FileDescriptor.err)), false, "stderr");
    }

    /**
     * A file, opened now for appending and created if missing (its directory must exist).
     *
     * @param path the log file.
     * @return a sink that appends to the file and closes it on close.
     * @throws UncheckedIOException if the file cannot be opened for writing, saying which file and why: a service
     *                              finds out at start-up, not at its first record.
     */
    public static LogSink file(final Path path) {
        Objects.requireNonNull(path, "path");
        try {
            return new LogSink(new StreamTarget(openForAppending(path)), true, "file " + path);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file that rolls over by size, by day, or both, keeping a number of old files: see {@link RollingPolicy} for
     * when it rolls and what the old files are called. The file is opened now for appending and created if missing
     * (its directory must exist); the writer thread rolls it, between batches of whole records, so that a roll
     * loses no record and splits none, and the threads that log never wait for a roll's file operations (unless
     * the service is {@link ConcurrentLogService.Builder#synchronous(boolean) synchronous}: then the thread whose
     * record triggers the roll does it).
     *
     * <p>A roll that fails (a rename or a delete refused by the file system) is reported on standard error, one
     * line per failure naming the file and the cause, and counted in {@link LogMetrics#writeErrors()}; the sink
     * goes on appending to the current file and tries again at the next trigger, so no record is lost for it.
     *
     * @param path    the active log file; old files are created beside it.
     * @param rolling when to roll and how many old files to keep.
     * @return a sink that appends to the file, rolls it, and closes it on close.
     * @throws UncheckedIOException if the file cannot be opened for writing, saying which file and why: a service
     *                              finds out at start-up, not at its first record.
     */
    public static LogSink file(final Path path, final RollingPolicy rolling) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(rolling, "rolling");
        try {
            final RollingFile file = new RollingFile(path, rolling);
            return new LogSink(file, true, file.toString());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens a file for appending, creating it if missing; the exception says which file and why it failed.
     * A {@link FileOutputStream}, not a {@code FileChannel}: an interrupt of the writer must not close the file (an
     * interruptible channel closes itself when its thread is interrupted during a write).
     */
    static OutputStream openForAppending(final Path path) throws IOException {
        try {
            return path.getFileSystem() == FileSystems.getDefault()
                ? new FileOutputStream(path.toFile(), true)
                : Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (final IOException | RuntimeException e) {
            final String why = Files.isDirectory(path) ? "it is a directory"
                : path.toAbsolutePath().getParent() != null && !Files.isDirectory(path.toAbsolutePath().getParent())
                ? "its directory does not exist" : e.toString();
            throw new IOException("cannot open log file " + path.toAbsolutePath() + " for appending: " + why, e);
        }
    }

    /**
     * A channel the user supplies (a socket, a pipe, a counting channel in a test).
     *
     * @param channel a blocking channel, written with whole batches; closed when the service closes.
     * @return a sink on the channel.
     */
    public static LogSink channel(final WritableByteChannel channel) {
        return new LogSink(new ChannelTarget(Objects.requireNonNull(channel, "channel")), true, "channel " + channel);
    }

    /**
     * A stream the user supplies; flushed after every batch and closed when the service closes.
     *
     * @param stream written with whole batches.
     * @return a sink on the stream.
     */
    public static LogSink outputStream(final OutputStream stream) {
        return new LogSink(new StreamTarget(Objects.requireNonNull(stream, "stream")), true, "stream " + stream);
    }

    /** Writes the buffer from its position to its limit, all of it. */
    void write(final ByteBuffer batch) throws IOException {
        target.write(batch);
    }

    void flush() throws IOException {
        target.flush();
    }

    /** Lets the target count its own failures (a rolling file's rolls) with the service's write errors. */
    void countErrorsIn(final LogCounters counters) {
        target.countErrorsIn(counters);
    }

    /** The rolling file, for tests; null for other sinks. */
    RollingFile rolling() {
        return target instanceof RollingFile ? (RollingFile) target : null;
    }

    void close() throws IOException {
        if (closeOnClose) {
            target.close();
        }
    }

    /** A stream: standard output or error, a plain file, or the user's stream. */
    private static final class StreamTarget implements SinkTarget {
        private final OutputStream stream;

        StreamTarget(final OutputStream stream) {
            this.stream = stream;
        }

        @Override
        public void write(final ByteBuffer batch) throws IOException {
            stream.write(batch.array(), batch.arrayOffset() + batch.position(), batch.remaining());
            batch.position(batch.limit());
        }

        @Override
        public void flush() throws IOException {
            stream.flush();
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /** The user's channel, written until it took the whole batch. */
    private static final class ChannelTarget implements SinkTarget {
        private final WritableByteChannel channel;

        ChannelTarget(final WritableByteChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(final ByteBuffer batch) throws IOException {
            while (batch.hasRemaining()) {
                channel.write(batch);
            }
        }

        @Override
        public void flush() {
            // A channel has no buffer of its own to flush.
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
