package io.github.hotpath.log;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * When a {@linkplain LogSink#file(java.nio.file.Path, RollingPolicy) rolling file} rolls over and how many old files
 * it keeps:
 * <pre>{@code
 * LogSink sink = LogSink.file(Path.of("service.log"),
 *     RollingPolicy.builder().maxFileSize(100L << 20).daily(ZoneOffset.UTC).keep(14).build());
 * }</pre>
 *
 * <h2>When it rolls</h2>
 * By size: before a batch that would take the file past {@link Builder#maxFileSize(long) maxFileSize}, unless the
 * file is empty. The writer writes whole batches of whole records, so a file exceeds the size only when a single
 * batch is larger than the limit (a batch holds at most 64 KiB with the default maxRecordChars). By day: at
 * the first batch written on or after midnight in the policy's zone; an idle service rolls when it next writes, as
 * Logback and Log4j 2 do. A file found at start-up that was last modified on an earlier day rolls at the first write.
 *
 * <h2>What the old files are called</h2>
 * For an active file {@code service.log} (the extension is kept last, as Logback's and Log4j 2's usual patterns do):
 * <ul>
 *   <li>by size only: {@code service.1.log} (the newest) to {@code service.N.log} (the oldest), renamed one step up
 *       at each roll, as Logback's {@code FixedWindowRollingPolicy} with {@code service.%i.log} and Log4j 2's
 *       {@code DefaultRolloverStrategy} with {@code fileIndex="min"} name them;</li>
 *   <li>by day: {@code service.2026-11-29.log}, named after the day its records were written, as Logback's
 *       {@code TimeBasedRollingPolicy} with {@code service.%d{yyyy-MM-dd}.log} names them;</li>
 *   <li>by day and size: {@code service.2026-11-29.1.log}, {@code service.2026-11-29.2.log}, … in the order they
 *       were written (the highest number of a day is its last part), as Logback's
 *       {@code SizeAndTimeBasedRollingPolicy} with {@code service.%d{yyyy-MM-dd}.%i.log} names them (it counts
 *       from 0).</li>
 * </ul>
 * An archive name that is taken already (a restart on the same day) is never overwritten: the next free number is
 * used. After each roll the oldest old files beyond {@link Builder#keep(int) keep} are deleted; only files named as
 * above are ever deleted or renamed.
 *
 * <p>Thread-safety: immutable. Allocation: none after it is built; a roll (on the writer thread) allocates.
 *
 * <p>Note: unlike Logback's {@code maxHistory}, which counts days, {@code keep} counts files.
 */
public final class RollingPolicy {
    private final long maxFileSize;
    private final ZoneId zone;
    private final int keep;
    private final Clock clock;

    private RollingPolicy(final Builder b) {
        this.maxFileSize = b.maxFileSize;
        this.zone = b.zone;
        this.keep = b.keep;
        this.clock = b.clock;
    }

    /**
     * A builder with no trigger yet (set a size, a day or both) that keeps 7 old files.
     *
     * @return a new builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the size in bytes past which the file rolls, or 0 if it does not roll by size} */
    public long maxFileSize() {
        return maxFileSize;
    }

    /** {@return whether the file rolls at midnight in {@link #zone()}} */
    public boolean daily() {
        return zone != null;
    }

    /** {@return the zone whose midnight rolls the file, or null if it does not roll by day} */
    public ZoneId zone() {
        return zone;
    }

    /** {@return how many old files are kept} */
    public int keep() {
        return keep;
    }

    /** {@return the clock that tells the day} */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "RollingPolicy[maxFileSize=" + maxFileSize + ", zone=" + zone + ", keep=" + keep + "]";
    }

    /**
     * Configures a {@link RollingPolicy}.
     *
     * <p>Thread-safety: not thread-safe; use it on one thread and discard it after {@link #build()}.
     */
    public static final class Builder {
        private long maxFileSize;
        private ZoneId zone;
        private int keep = 7;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Rolls before a batch that would take the file past this size (see {@link RollingPolicy}).
         *
         * @param bytes the largest size of a file, at least 1.
         * @return this builder.
         * @throws IllegalArgumentException if {@code bytes} is not positive.
         */
        public Builder maxFileSize(final long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxFileSize must be positive, got " + bytes);
            }
            this.maxFileSize = bytes;
            return this;
        }

        /**
         * Rolls at midnight UTC.
         *
         * @return this builder.
         */
        public Builder daily() {
            return daily(ZoneOffset.UTC);
        }

        /**
         * Rolls at midnight in the given zone (the day in old files' names is that zone's).
         *
         * @param zone the zone, such as {@code ZoneId.of("Europe/Paris")}.
         * @return this builder.
         */
        public Builder daily(final ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * How many old files to keep; the oldest beyond it are deleted at each roll. 7 by default; 0 deletes the
         * file at each roll.
         *
         * @param files at least 0.
         * @return this builder.
         * @throws IllegalArgumentException if {@code files} is negative.
         */
        public Builder keep(final int files) {
            if (files < 0) {
                throw new IllegalArgumentException("keep must be at least 0, got " + files);
            }
            this.keep = files;
            return this;
        }

        /**
         * The clock that tells the day; the system's by default. For tests: a day roll without waiting a day.
         *
         * @param clock the clock, read once per batch written.
         * @return this builder.
         */
        public Builder clock(final Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy.
         * @throws IllegalStateException if neither {@link #maxFileSize(long)} nor {@link #daily(ZoneId)} was set.
         */
        public RollingPolicy build() {
            if (maxFileSize == 0 && zone == null) {
                throw new IllegalStateException("a rolling policy needs maxFileSize, daily, or both");
            }
            return new RollingPolicy(this);
        }
    }
}
