package io.github.hotpath.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A log file that rolls over as its {@link RollingPolicy} says, checked before each batch: the roll happens between
 * two batches of whole records, never inside one. See {@link RollingPolicy} for the triggers and the old files'
 * names, and {@link LogSink#file(Path, RollingPolicy)} for what a failed roll does.
 *
 * <p>Thread-safety: confined to the writer thread, or to a synchronous service's lock holder. Allocation: none per
 * batch that does not roll (a size sum and a clock read); a roll allocates paths and file handles.
 */
final class RollingFile implements SinkTarget {
    private final Path active;
    private final Path directory;
    /** The active file's name before its extension, and the extension with its dot (or empty). */
    private final String stem;
    private final String extension;
    private final long maxFileSize;
    private final ZoneId zone;
    private final int keep;
    private final Clock clock;
    /** Day-named old files, oldest first (by day mode only). */
    private final ArrayDeque<Path> dayArchives = new ArrayDeque<>();
    /** Matches a day-named old file: group 1 the day, group 3 the number (or null). */
    private final Pattern dayArchiveName;

    private OutputStream out;
    private long size;
    /** The size past which the file rolls: {@code maxFileSize}, or more after a failed roll (0: never). */
    private long rollAtSize;
    /** The day of the records in the active file (by day mode only). */
    private LocalDate day;
    /** When the active file rolls by day, in epoch millis; {@code Long.MAX_VALUE} if it does not. */
    private long nextDayMillis = Long.MAX_VALUE;
    private LogCounters counters;
    /** Rolls done, for tests; written by the writer only. */
    private volatile long rolls;

    RollingFile(final Path path, final RollingPolicy policy) throws IOException {
        this.active = path.toAbsolutePath();
        this.directory = active.getParent();
        final String name = active.getFileName().toString();
        final int dot = name.lastIndexOf('.');
        this.stem = dot > 0 ? name.substring(0, dot) : name;
        this.extension = dot > 0 ? name.substring(dot) : "";
        this.maxFileSize = policy.maxFileSize();
        this.zone = policy.zone();
        this.keep = policy.keep();
        this.clock = policy.clock();
        this.dayArchiveName = Pattern.compile(Pattern.quote(stem) + "\\.(\\d{4}-\\d{2}-\\d{2})(\\.(\\d+))?"
            + Pattern.quote(extension));
        this.out = LogSink.openForAppending(active);
        this.size = Files.size(active);
        this.rollAtSize = maxFileSize;
        if (zone != null) {
            final long now = clock.millis();
            final long since = size > 0 ? Math.min(now, Files.getLastModifiedTime(active).toMillis()) : now;
            startDay(since);
            findDayArchives();
        }
    }

    @Override
    public void countErrorsIn(final LogCounters counters) {
        this.counters = counters;
    }

    /** Writes a batch of whole records, rolling first if the policy says so. */
    @Override
    public void write(final ByteBuffer batch) throws IOException {
        final int length = batch.remaining();
        if (out == null) {
            reopen(); // a roll whose reopening failed: try again, and fail this batch if it still fails
        }
        if (clock.millis() >= nextDayMillis || rollAtSize > 0 && size > 0 && size + length > rollAtSize) {
            roll(length);
        }
        out.write(batch.array(), batch.arrayOffset() + batch.position(), length);
        batch.position(batch.limit());
        size += length;
    }

    @Override
    public void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            final OutputStream o = out;
            out = null;
            o.close();
        }
    }

    long rolls() {
        return rolls;
    }

    /**
     * Closes the active file, renames it to its old name, deletes the old files beyond {@code keep}, and opens a new
     * active file. A failure before the rename leaves the records in the active file, which is reopened for
     * appending; the next roll is tried at the next trigger.
     */
    private void roll(final int batchLength) throws IOException {
        final long now = clock.millis();
        final boolean byDay = now >= nextDayMillis;
        final OutputStream o = out;
        out = null;
        try {
            o.close();
        } catch (final IOException e) {
            failed("closing " + active + " before rolling it failed", e);
        }
        long nextRollAtSize = maxFileSize;
        try {
            if (zone != null) {
                rollDayNamed();
            } else {
                rollNumbered();
            }
            rolls = rolls + 1;
        } catch (final IOException | RuntimeException e) {
            failed("rolling " + active + " failed; still appending to it", e);
            // The next try after another maxFileSize bytes, not at every batch.
            nextRollAtSize = maxFileSize == 0 ? 0 : size + batchLength + maxFileSize;
        }
        if (byDay) {
            startDay(now);
        }
        reopen();
        rollAtSize = nextRollAtSize;
    }

    /** By size only: the old files shift one number up, the oldest beyond {@code keep} is deleted. */
    private void rollNumbered() throws IOException {
        if (keep == 0) {
            Files.deleteIfExists(active);
            return;
        }
        Files.deleteIfExists(numbered(keep));
        for (int i = keep - 1; i >= 1; i--) {
            final Path from = numbered(i);
            if (Files.exists(from)) {
                Files.move(from, numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(active, numbered(1));
    }

    /** By day (and size): the file takes its day's first free name, then the oldest beyond {@code keep} go. */
    private void rollDayNamed() throws IOException {
        final Path target = freeDayName();
        Files.move(active, target);
        dayArchives.addLast(target);
        while (dayArchives.size() > keep) {
            final Path oldest = dayArchives.peekFirst();
            try {
                Files.deleteIfExists(oldest);
            } catch (final IOException e) {
                failed("deleting the old log file " + oldest + " failed; it is left in place", e);
            }
            dayArchives.removeFirst();
        }
    }

    private Path freeDayName() {
        final String d = day.toString();
        if (maxFileSize == 0) {
            final Path plain = directory.resolve(stem + "." + d + extension);
            if (!Files.exists(plain)) {
                return plain;
            }
        }
        for (int i = 1; ; i++) {
            final Path p = directory.resolve(stem + "." + d + "." + i + extension);
            if (!Files.exists(p)) {
                return p;
            }
        }
    }

    private Path numbered(final int i) {
        return directory.resolve(stem + "." + i + extension);
    }

    private void reopen() throws IOException {
        out = LogSink.openForAppending(active);
        size = Files.size(active);
    }

    private void startDay(final long millis) {
        day = LocalDate.ofInstant(Instant.ofEpochMilli(millis), zone);
        nextDayMillis = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** Lists the day-named old files already beside the active file, oldest first. */
    private void findDayArchives() throws IOException {
        final List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, stem + ".*")) {
            for (final Path p : files) {
                if (dayArchiveName.matcher(p.getFileName().toString()).matches()) {
                    found.add(p);
                }
            }
        } catch (final NoSuchFileException e) {
            return;
        }
        found.sort((a, b) -> {
            final Matcher x = dayArchiveName.matcher(a.getFileName().toString());
            final Matcher y = dayArchiveName.matcher(b.getFileName().toString());
            x.matches();
            y.matches();
            final int byDay = x.group(1).compareTo(y.group(1));
            return byDay != 0 ? byDay : Integer.compare(number(x), number(y));
        });
        dayArchives.addAll(found);
    }

    /** A day-named file's number; the plain day name comes first. */
    private static int number(final Matcher m) {
        return m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    }

    /** A clear notice on standard error for every failed roll (rolls are rare), counted as a write error. */
    private void failed(final String what, final Throwable e) {
        System.err.println("hotpath log: " + what + ": " + e);
        if (counters != null) {
            counters.writeError();
        }
    }

    @Override
    public String toString() {
        return "rolling file " + active;
    }
}
