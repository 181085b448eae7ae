package io.github.hotpath.log;

import io.github.hotpath.testing.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public types' documented contract under bad, extreme and self-referential input: clear errors at build time
 * rather than obscure ones later, drops counted for what they are, and random call sequences with random arguments
 * that never break a line, lose an accepted record or unbalance the counters.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogApiContractTest {
    private final TestSinks.Capture out = new TestSinks.Capture();

    private ConcurrentLogService.Builder capturing() {
        return ConcurrentLogService.builder().sink(LogSink.outputStream(out)).shutdownHook(false);
    }

    @Test
    void aQueueTooLargeForTheHeapIsAClearErrorAtBuildNotAnOutOfMemoryError() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> capturing().capacity(65_536).maxRecordChars(1_000_000).build());
        assertTrue(e.getMessage().contains("capacity 65536") && e.getMessage().contains("maxRecordChars 1000000")
            && e.getMessage().contains(" MB"), e.getMessage());
        assertFalse(out.closed, "a service that was never built must not touch the sink");
    }

    @Test
    void anyPositiveCapacityIsRoundedUpToAPowerOfTwo() {
        final int[][] cases = {{1, 2}, {2, 2}, {3, 4}, {1000, 1024}, {1024, 1024}, {1025, 2048}};
        for (final int[] c : cases) {
            final ConcurrentLogService service = capturing().capacity(c[0]).build();
            assertEquals(c[1], service.metrics().capacity(), "capacity(" + c[0] + ")");
            service.close();
        }
        final ConcurrentLogService synchronous = capturing().synchronous(true).build();
        assertEquals(0, synchronous.metrics().capacity(), "a synchronous service has no queue");
        synchronous.close();
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void aNullOrNegativeTimeoutIsRejectedInBothModes(final boolean synchronous) {
        final ConcurrentLogService service = capturing().synchronous(synchronous).build();
        assertThrows(NullPointerException.class, () -> service.flush(null));
        assertThrows(IllegalArgumentException.class, () -> service.flush(Duration.ofNanos(-1)));
        assertThrows(NullPointerException.class, () -> service.awaitSettled(null));
        assertThrows(IllegalArgumentException.class, () -> service.awaitSettled(Duration.ofSeconds(-1)));
        assertTrue(service.flush(Duration.ofSeconds(Long.MAX_VALUE)), "a huge timeout saturates");
        assertTrue(service.flush(Duration.ZERO), "nothing was logged: nothing to wait for");
        service.close();
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void anEntryLoggedAfterCloseIsCountedAsClosedNotAsFull(final boolean synchronous) {
        final ConcurrentLogService service = capturing().synchronous(synchronous).format(LogFormat.JSON).build();
        final Logger log = service.logger("closing");
        log.info().append("before").log();
        service.close();
        log.info().append("after").log();
        log.warn().append("after too").log();
        final LogMetrics m = service.metrics();
        assertEquals(2, m.droppedClosed(), m.toString());
        assertEquals(0, m.droppedFull(), "forbidden: a drop after close counted as a full queue: " + m);
        assertEquals(2, m.dropped(), m.toString());
        assertEquals(1, m.written(), m.toString());
        final List<String> lines = out.lines();
        assertEquals(1, lines.size(), "forbidden: a drop notice or a record after close: " + lines);
    }

    @Test
    void everyBuilderSettingOutsideItsRangeIsAClearErrorNamingIt() {
        final SplittableRandom random = new SplittableRandom(11);
        final ConcurrentLogService.Builder b = ConcurrentLogService.builder();
        check(random, "capacity", 1, 1 << 30, b::capacity);
        check(random, "maxRecordChars", 16, 100_000_000, b::maxRecordChars);
        check(random, "maxParts", 2, 1 << 16, b::maxParts);
        check(random, "maxOpenEntries", 1, 1 << 20, b::maxOpenEntries);
        assertThrows(NullPointerException.class, () -> b.sink(null));
        assertThrows(NullPointerException.class, () -> b.format(null));
        assertThrows(NullPointerException.class, () -> b.level(null));
        assertThrows(NullPointerException.class, () -> b.writerThreadName(null));
        assertThrows(NullPointerException.class, () -> b.closeTimeout(null));
        final IllegalArgumentException negative =
            assertThrows(IllegalArgumentException.class, () -> b.closeTimeout(Duration.ofMillis(-1)));
        assertTrue(negative.getMessage().contains("closeTimeout"), negative.getMessage());
        b.closeTimeout(Duration.ofSeconds(Long.MAX_VALUE)); // saturates: "for ever"
        b.closeTimeout(Duration.ZERO);
        assertThrows(NullPointerException.class, () -> LogSink.file(null));
        assertThrows(NullPointerException.class, () -> LogSink.channel(null));
        assertThrows(NullPointerException.class, () -> LogSink.outputStream(null));
    }

    /** Values inside [min, max] are accepted; values outside fail with the parameter's name and the value. */
    private static void check(final SplittableRandom random, final String name, final int min, final int max,
                              final IntFunction<ConcurrentLogService.Builder> setter) {
        final int[] bad = {min - 1, Integer.MIN_VALUE, max == Integer.MAX_VALUE ? min - 2 : max + 1,
            max == Integer.MAX_VALUE ? -1 : Integer.MAX_VALUE, min - 1 - random.nextInt(1_000)};
        for (final int v : bad) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> setter.apply(v),
                name + "(" + v + ")");
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains(Integer.toString(v)), e.getMessage());
        }
        for (int i = 0; i < 100; i++) {
            setter.apply(min + random.nextInt(max - min + 1));
        }
        setter.apply(min);
        setter.apply(max);
    }

    /** A text that logs on the same service from its own methods and contains itself in its toString. */
    private static final class SelfReferentialText implements CharSequence {
        private final Logger log;

        SelfReferentialText(final Logger log) {
            this.log = log;
        }

        @Override
        public int length() {
            log.info().append(this).log(); // would recurse without end if it were not refused
            return 4;
        }

        @Override
        public char charAt(final int index) {
            return "self".charAt(index);
        }

        @Override
        public CharSequence subSequence(final int start, final int end) {
            return "self".subSequence(start, end);
        }

        @Override
        public String toString() {
            return "self";
        }
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void randomCallsWithRandomArgumentsKeepEveryLineWholeAndTheCountsBalanced(final boolean synchronous) {
        final SplittableRandom random = new SplittableRandom(synchronous ? 1 : 2);
        final ConcurrentLogService service = capturing().synchronous(synchronous).format(LogFormat.JSON)
            .maxRecordChars(256).maxParts(16).capacity(64).build();
        final Logger log = service.logger("random \"name\"\n");
        final SelfReferentialText self = new SelfReferentialText(log);
        final StringBuilder builder = new StringBuilder("sb");
        final RuntimeException a = new RuntimeException("a");
        final RuntimeException b = new IllegalStateException("b", a);
        a.initCause(b); // a cause cycle
        a.addSuppressed(b);
        long logged = 0;
        for (int n = 0; n < 3_000; n++) {
            final LogEntry e = log.info();
            final int calls = random.nextInt(12);
            for (int c = 0; c < calls; c++) {
                switch (random.nextInt(14)) {
                    case 0: e.append((CharSequence) null); break;
                    case 1: e.kv(null, (CharSequence) null); break;
                    case 2: e.append(random.nextLong()).append(Long.MIN_VALUE).append(Integer.MIN_VALUE); break;
                    case 3: e.append(Double.longBitsToDouble(random.nextLong())).append(-0.0f); break;
                    case 4: e.kv("d", Double.NaN).kv("f", Float.NEGATIVE_INFINITY).kv("max", Double.MAX_VALUE); break;
                    case 5: e.append("x".repeat(random.nextInt(600))); break; // beyond maxRecordChars: cut
                    case 6: e.append(LogFormatTest.randomText(random, random.nextInt(8))); break;
                    case 7: builder.append(builder.length() < 64 ? builder : "").setLength(
                        Math.min(builder.length(), 64)); e.kv(builder, builder); break; // self-appended text
                    case 8: e.append(self); break;
                    case 9: e.exception(random.nextBoolean() ? a : null); break;
                    case 10: e.kv("level", "FORGED").kv("msg", 1); break;
                    case 11: assertThrows(IndexOutOfBoundsException.class, () -> e.append("abc", 2, 1)); break;
                    case 12: assertThrows(IndexOutOfBoundsException.class, () -> e.append("abc", -1, 2)); break;
                    default: assertThrows(NullPointerException.class, () -> e.append(null, 0, 0));
                }
            }
            e.log();
            logged++;
        }
        service.close();
        final LogMetrics m = service.metrics();
        assertEquals(m.accepted(), m.written() + m.failed(), "forbidden: " + m);
        assertEquals(0, m.failed(), m.toString());
        assertEquals(logged, m.accepted(), "forbidden: an entry lost: " + m);
        assertTrue(m.dropped() > 0, "the self-referential text never tried to log: " + m);
        assertEquals(m.dropped(), m.droppedReentrant(), "only re-entrant refusals: " + m);
        assertEquals(0, m.abandoned() + m.misused(), m.toString());
        final List<String> lines = TestSinks.records(out.lines());
        assertEquals(logged, lines.size(), "forbidden: a line split or lost");
        assertEquals(m.droppedReentrant(), TestSinks.noticed(out.lines(), TestSinks.REENTRANT),
            "the notices must report the re-entrant drops, as re-entrant");
        for (final String line : lines) {
            assertTrue(line.length() < 10_000, "forbidden: a line past its record's bounds: " + line.length());
            final List<String> keys = Json.keys(line);
            assertEquals(new java.util.HashSet<>(keys).size(), keys.size(), "forbidden: a duplicate key: " + line);
            final Map<String, Object> o = Json.parseObject(line);
            assertEquals("INFO", o.get("level"), line);
            assertEquals("random \"name\"\n", o.get("logger"), line);
            // maxRecordChars bounds the copied text; each of the at most 16 parts adds at most 25 chars of number.
            assertTrue(((String) o.get("msg")).length() <= 256 + 16 * 25, line);
            assertNull(o.get("msg\u0000"), line);
        }
    }

    /** Was: a field value whose length() threw left its key without a value, and the record could not be written. */
    @Test
    void aTextThatThrowsWhileCopiedReachesTheCallerAndLeavesTheEntryAsItWas() {
        final CharSequence hostile = new CharSequence() {
            @Override
            public int length() {
                throw new IllegalStateException("length");
            }

            @Override
            public char charAt(final int index) {
                throw new IllegalStateException("charAt");
            }

            @Override
            public CharSequence subSequence(final int start, final int end) {
                throw new IllegalStateException("subSequence");
            }
        };
        for (final LogFormat format : new LogFormat[] {LogFormat.PLAIN, LogFormat.JSON}) {
            final TestSinks.Capture out = new TestSinks.Capture();
            final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
                .shutdownHook(false).format(format).build();
            final Logger log = service.logger("hostile");
            final LogEntry entry = log.info().append("kept").kv("a", 1);
            assertThrows(IllegalStateException.class, () -> entry.kv("b", hostile));
            assertThrows(IllegalStateException.class, () -> entry.append(hostile));
            entry.kv("c", 3).log();
            service.close();
            final LogMetrics m = service.metrics();
            assertEquals(1, m.written(), format + ": " + m);
            assertEquals(0, m.failed() + m.abandoned() + m.misused(), format + ": " + m);
            final String line = out.lines().get(0);
            assertTrue(format == LogFormat.JSON ? line.contains("\"msg\":\"kept\",\"a\":1,\"c\":3")
                : line.endsWith(" - kept a=1 c=3"), format + ": " + line);
        }
    }
}
