package io.github.hotpath.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rolling files: by size and by day, the old files' names, how many are kept, and that a roll loses and splits no
 * record, under two producers too. Day rolls run on an injected clock: nothing waits for midnight.
 */
class RollingFileTest {
    /** A line as the producers of the load test write it, whole: anything else is a split or foreign line. */
    private static final Pattern LOAD_LINE = Pattern.compile(".*\\] roll - producer=(\\d) seq=(\\d+) pad=x{40}");

    @TempDir
    Path dir;

    /** A clock a test moves by hand. */
    static final class ManualClock extends Clock {
        volatile long millis;

        ManualClock(final Instant start) {
            millis = start.toEpochMilli();
        }

        void set(final Instant t) {
            millis = t.toEpochMilli();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private ConcurrentLogService synchronous(final RollingPolicy policy) {
        return ConcurrentLogService.builder().sink(LogSink.file(dir.resolve("service.log"), policy))
            .synchronous(true).shutdownHook(false).build();
    }

    private List<String> lines(final String name) throws IOException {
        return Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void bySizeTheOldFilesAreNumberedNewestFirstAndTheOldestBeyondKeepAreDeleted() throws IOException {
        final RollingPolicy policy = RollingPolicy.builder().maxFileSize(300).keep(3).build();
        try (ConcurrentLogService s = synchronous(policy)) {
            final Logger log = s.logger("size");
            for (int i = 0; i < 40; i++) {
                log.info().append("line ").append(1000 + i).log();
            }
        }
        assertEquals(List.of("service.1.log", "service.2.log", "service.3.log", "service.log"), fileNames());
        final List<String> all = new ArrayList<>();
        for (final String name : List.of("service.3.log", "service.2.log", "service.1.log", "service.log")) {
            assertTrue(Files.size(dir.resolve(name)) <= 300, name + " is larger than maxFileSize");
            all.addAll(lines(name));
        }
        // Oldest to newest, the kept lines are the last ones, in order, with none missing between them.
        final int first = Integer.parseInt(all.get(0).replaceAll(".* line ", ""));
        for (int i = 0; i < all.size(); i++) {
            assertTrue(all.get(i).endsWith(" line " + (first + i)), all.get(i));
        }
        assertEquals(1039, first + all.size() - 1);
    }

    @Test
    void fiveRollsUnderTwoProducersKeepEveryLineExactlyOnceAndSplitNone() throws Exception {
        final int perProducer = 5_000;
        final RollingPolicy policy = RollingPolicy.builder().maxFileSize(16 * 1024).keep(10_000).build();
        final LogSink sink = LogSink.file(dir.resolve("service.log"), policy);
        try (ConcurrentLogService s = ConcurrentLogService.builder().sink(sink).capacity(64).whenFullWait()
            .shutdownHook(false).build()) {
            final Logger log = s.logger("roll");
            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                final int producer = p;
                producers.add(new Thread(() -> {
                    try {
                        start.await();
                    } catch (final InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    for (int i = 0; i < perProducer; i++) {
                        log.info().append("producer=").append(producer).append(" seq=").append(i)
                            .append(" pad=").append("x".repeat(40)).log();
                    }
                }, "producer-" + p));
            }
            producers.forEach(Thread::start);
            start.countDown();
            for (final Thread t : producers) {
                t.join();
            }
            assertTrue(s.flush(Duration.ofSeconds(30)));
            assertEquals(0, s.metrics().dropped() + s.metrics().failed() + s.metrics().writeErrors(),
                s.metrics().toString());
            assertTrue(sink.rolling().rolls() >= 5, "expected at least 5 rolls, got " + sink.rolling().rolls());
        }
        // Oldest first: service.N.log ... service.1.log, then service.log.
        final List<String> names = fileNames();
        final int archives = names.size() - 1;
        assertTrue(archives >= 5, names.toString());
        final int[] next = new int[2];
        for (int i = archives; i >= 0; i--) {
            final String name = i == 0 ? "service.log" : "service." + i + ".log";
            final byte[] bytes = Files.readAllBytes(dir.resolve(name));
            assertTrue(bytes.length == 0 || bytes[bytes.length - 1] == '\n', name + " ends inside a line");
            for (final String line : lines(name)) {
                final Matcher m = LOAD_LINE.matcher(line);
                assertTrue(m.matches(), "a split or foreign line in " + name + ": " + line);
                final int producer = Integer.parseInt(m.group(1));
                // Each producer's lines in order across the files: every line present once, none twice.
                assertEquals(next[producer], Integer.parseInt(m.group(2)), "producer " + producer + " in " + name);
                next[producer]++;
            }
        }
        assertEquals(perProducer, next[0]);
        assertEquals(perProducer, next[1]);
    }

    @Test
    void byDayTheOldFilesAreNamedForTheirDayOnAnInjectedClock() throws IOException {
        final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
        final RollingPolicy policy = RollingPolicy.builder().daily().keep(2).clock(clock).build();
        try (ConcurrentLogService s = synchronous(policy)) {
            final Logger log = s.logger("day");
            log.info().append("on the 27th").log();
            clock.set(Instant.parse("2026-11-27T23:59:59.999Z"));
            log.info().append("still the 27th").log();
            clock.set(Instant.parse("2026-11-28T00:00:00Z"));
            log.info().append("the 28th").log();
            clock.set(Instant.parse("2026-11-29T12:00:00Z"));
            log.info().append("the 29th").log();
            clock.set(Instant.parse("2026-11-30T00:00:01Z"));
            log.info().append("the 30th").log();
        }
        // keep(2): the 27th's file was deleted when the 29th's rolled.
        assertEquals(List.of("service.2026-11-28.log", "service.2026-11-29.log", "service.log"), fileNames());
        assertLinesEndWith("service.2026-11-28.log", "the 28th");
        assertLinesEndWith("service.2026-11-29.log", "the 29th");
        assertLinesEndWith("service.log", "the 30th");
    }

    @Test
    void byDayInAStatedZoneRollsAtThatZonesMidnight() throws IOException {
        final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T14:59:59Z")); // 23:59:59 in Tokyo
        final RollingPolicy policy = RollingPolicy.builder().daily(ZoneId.of("Asia/Tokyo")).clock(clock).build();
        try (ConcurrentLogService s = synchronous(policy)) {
            final Logger log = s.logger("day");
            log.info().append("Tokyo's 28th").log();
            clock.set(Instant.parse("2026-11-28T15:00:00Z"));
            log.info().append("Tokyo's 29th").log();
        }
        assertEquals(List.of("service.2026-11-28.log", "service.log"), fileNames());
        assertLinesEndWith("service.2026-11-28.log", "Tokyo's 28th");
    }

    @Test
    void byDayAndSizeTheDaysPartsAreNumberedInTheOrderWritten() throws IOException {
        final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T10:00:00Z"));
        final RollingPolicy policy = RollingPolicy.builder().daily().maxFileSize(100).clock(clock).build();
        try (ConcurrentLogService s = synchronous(policy)) {
            final Logger log = s.logger("day");
            log.info().append("first ").append("y".repeat(40)).log();
            log.info().append("second ").append("y".repeat(40)).log();
            log.info().append("third ").append("y".repeat(40)).log();
            clock.set(Instant.parse("2026-11-29T00:00:00Z"));
            log.info().append("next day").log();
        }
        assertEquals(List.of("service.2026-11-28.1.log", "service.2026-11-28.2.log", "service.2026-11-28.3.log",
            "service.log"), fileNames());
        assertTrue(lines("service.2026-11-28.1.log").get(0).contains("first"));
        assertTrue(lines("service.2026-11-28.3.log").get(0).contains("third"));
        assertLinesEndWith("service.log", "next day");
    }

    @Test
    void aFileLeftFromAnEarlierDayRollsAtTheFirstWriteWithoutOverwritingThatDaysFile() throws IOException {
        final Path active = dir.resolve("service.log");
        Files.writeString(active, "from yesterday's run\n");
        Files.setLastModifiedTime(active, FileTime.from(Instant.parse("2026-11-28T22:00:00Z")));
        Files.writeString(dir.resolve("service.2026-11-28.log"), "from an earlier roll\n");
        final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T08:00:00Z"));
        final RollingPolicy policy = RollingPolicy.builder().daily().clock(clock).build();
        try (ConcurrentLogService s = synchronous(policy)) {
            s.logger("day").info().append("today").log();
        }
        assertEquals(List.of("service.2026-11-28.1.log", "service.2026-11-28.log", "service.log"), fileNames());
        assertEquals(List.of("from yesterday's run"), lines("service.2026-11-28.1.log"));
        assertEquals(List.of("from an earlier roll"), lines("service.2026-11-28.log"));
        assertLinesEndWith("service.log", "today");
    }

    @Test
    void aFailedRollIsCountedAndLosesNoLine() throws IOException {
        // service.1.log is a non-empty directory: the roll cannot delete it, so it fails at every trigger.
        Files.createDirectories(dir.resolve("service.1.log"));
        Files.writeString(dir.resolve("service.1.log").resolve("keep-me"), "x");
        final RollingPolicy policy = RollingPolicy.builder().maxFileSize(100).keep(1).build();
        final LogMetrics metrics;
        try (ConcurrentLogService s = synchronous(policy)) {
            final Logger log = s.logger("fail");
            for (int i = 0; i < 10; i++) {
                log.info().append("line ").append(i).log();
            }
            s.flush();
            metrics = s.metrics();
        }
        assertEquals(10, metrics.written(), metrics.toString());
        assertEquals(0, metrics.failed(), metrics.toString());
        assertTrue(metrics.writeErrors() >= 1, "the failed roll must be counted: " + metrics);
        final List<String> lines = lines("service.log");
        assertEquals(10, lines.size());
        for (int i = 0; i < 10; i++) {
            assertTrue(lines.get(i).endsWith(" line " + i), lines.get(i));
        }
        assertTrue(Files.isDirectory(dir.resolve("service.1.log")));
    }

    @Test
    void aPolicyWithoutATriggerOrWithABadCountIsRefusedAtBuildTime() {
        final IllegalStateException none = assertThrows(IllegalStateException.class,
            () -> RollingPolicy.builder().keep(3).build());
        assertTrue(none.getMessage().contains("maxFileSize"), none.getMessage());
        final IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
            () -> RollingPolicy.builder().maxFileSize(0));
        assertTrue(size.getMessage().contains("maxFileSize") && size.getMessage().contains("0"), size.getMessage());
        final IllegalArgumentException keep = assertThrows(IllegalArgumentException.class,
            () -> RollingPolicy.builder().keep(-1));
        assertTrue(keep.getMessage().contains("keep") && keep.getMessage().contains("-1"), keep.getMessage());
        assertFalse(RollingPolicy.builder().maxFileSize(1).build().daily());
    }

    private void assertLinesEndWith(final String name, final String... texts) throws IOException {
        final List<String> lines = lines(name);
        assertEquals(texts.length, lines.size(), name + ": " + lines);
        for (int i = 0; i < texts.length; i++) {
            assertTrue(lines.get(i).endsWith(texts[i]), name + ": " + lines.get(i));
        }
    }
}
