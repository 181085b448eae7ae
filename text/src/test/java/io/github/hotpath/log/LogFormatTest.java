package io.github.hotpath.log;

import io.github.hotpath.testing.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the lines look like, in both formats, through both the asynchronous and the synchronous path. */
class LogFormatTest {
    private static final Pattern PLAIN_LINE = Pattern.compile(
        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (TRACE|DEBUG|INFO |WARN |ERROR) \\[[^\\]\\n]*] \\S+ - .*");

    private final TestSinks.Capture capture = new TestSinks.Capture();

    private ConcurrentLogService service(final LogFormat format, final boolean synchronous) {
        return ConcurrentLogService.builder().sink(LogSink.outputStream(capture)).format(format)
            .level(Level.TRACE).synchronous(synchronous).shutdownHook(false).maxRecordChars(256).build();
    }

    private List<String> logged(final ConcurrentLogService service) {
        service.close();
        return capture.lines();
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void plainLineHasTimestampLevelThreadLoggerMessageAndFields(final boolean synchronous) {
        final ConcurrentLogService service = service(LogFormat.PLAIN, synchronous);
        final Logger log = service.logger("svc.requests");
        final long before = System.currentTimeMillis();
        log.info().append("req status=").append(503).append(" latency=").append(123_456_789L)
            .kv("ratio", 0.25).kv("path", "/a b").kv("ok", false).kv("grade", 'B').kv("f", 1.5f).log();
        final List<String> lines = logged(service);
        assertEquals(1, lines.size(), lines.toString());
        final String line = lines.get(0);
        assertTrue(PLAIN_LINE.matcher(line).matches(), line);
        assertTrue(line.endsWith(" INFO  [" + Thread.currentThread().getName()
            + "] svc.requests - req status=503 latency=123456789 ratio=0.25 path=/a b ok=false grade=B f=1.5"), line);
        final long stamped = java.time.Instant.parse(line.substring(0, 24)).toEpochMilli();
        assertTrue(stamped >= before && stamped <= System.currentTimeMillis(), "timestamp " + line.substring(0, 24));
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void jsonLineHasTypedValues(final boolean synchronous) {
        final ConcurrentLogService service = service(LogFormat.JSON, synchronous);
        final Logger log = service.logger(LogFormatTest.class);
        log.warn().append("req status=").append(503).append(' ').append(true)
            .kv("status", 503).kv("latency", 123_456_789L).kv("ratio", 0.25).kv("f", 1.5f)
            .kv("ok", true).kv("grade", 'B').kv("path", "/x").kv("missing", (CharSequence) null)
            .kv("nan", Double.NaN).kv("inf", Float.NEGATIVE_INFINITY).log();
        final List<String> lines = logged(service);
        assertEquals(1, lines.size(), lines.toString());
        final Map<String, Object> o = Json.parseObject(lines.get(0));
        assertEquals("WARN", o.get("level"));
        assertEquals(LogFormatTest.class.getName(), o.get("logger"));
        assertEquals(Thread.currentThread().getName(), o.get("thread"));
        assertEquals("req status=503 true", o.get("msg"));
        assertEquals(503L, o.get("status"));
        assertEquals(123_456_789L, o.get("latency"));
        assertEquals(0.25, o.get("ratio"));
        assertEquals(1.5, o.get("f"));
        assertEquals(Boolean.TRUE, o.get("ok"));
        assertEquals("B", o.get("grade"));
        assertEquals("/x", o.get("path"));
        assertTrue(o.containsKey("missing"));
        assertNull(o.get("missing"));
        assertEquals("NaN", o.get("nan"));
        assertEquals("-Infinity", o.get("inf"));
        assertTrue(((String) o.get("ts")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), lines.get(0));
        assertFalse(o.containsKey("truncated"));
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void nullPartsPrintNull(final boolean synchronous) {
        final ConcurrentLogService service = service(LogFormat.PLAIN, synchronous);
        service.logger("n").info().append((CharSequence) null).append('/').kv(null, (CharSequence) null).log();
        final String line = logged(service).get(0);
        assertTrue(line.endsWith(" - null/ null=null"), line);
    }

    @Test
    void everyCharSequenceIsCopiedAtAppendNotAtWrite() {
        final ConcurrentLogService service = service(LogFormat.PLAIN, false);
        final StringBuilder reused = new StringBuilder("first");
        final LogEntry r = service.logger("copy").info().append(reused).append(' ').append(reused, 1, 3);
        reused.setLength(0);
        reused.append("CHANGED");
        r.log();
        final String line = logged(service).get(0);
        assertTrue(line.endsWith(" - first ir"), line);
    }

    @Test
    void appendRangeOutsideTheTextIsAClearError() {
        final ConcurrentLogService service = service(LogFormat.PLAIN, true);
        final LogEntry r = service.logger("bad").info();
        assertThrows(IndexOutOfBoundsException.class, () -> r.append("abc", 2, 5));
        assertThrows(NullPointerException.class, () -> r.append(null, 0, 0));
        r.append("still fine").log();
        final String line = logged(service).get(0);
        assertTrue(line.endsWith(" - still fine"), line);
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void levelsAreFilteredAndChangeableAtRunTime(final boolean synchronous) {
        final ConcurrentLogService service = service(LogFormat.PLAIN, synchronous);
        final Logger log = service.logger("levels");
        log.level(Level.WARN);
        log.info().append("hidden").log();
        log.debug().append("hidden").log();
        log.trace().append("hidden").log();
        log.warn().append("w").log();
        log.error().append("e").log();
        assertFalse(log.isEnabled(Level.INFO));
        log.level(Level.DEBUG);
        log.debug().append("d").log();
        log.at(Level.INFO).append("i").log();
        log.level(Level.OFF);
        log.error().append("hidden").log();
        assertFalse(log.isEnabled(Level.ERROR));
        assertThrows(IllegalArgumentException.class, () -> log.at(Level.OFF));
        final List<String> lines = logged(service);
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains(" WARN  [") && lines.get(0).endsWith(" - w"), lines.get(0));
        assertTrue(lines.get(1).contains(" ERROR [") && lines.get(1).endsWith(" - e"), lines.get(1));
        assertTrue(lines.get(2).contains(" DEBUG [") && lines.get(2).endsWith(" - d"), lines.get(2));
        assertTrue(lines.get(3).contains(" INFO  [") && lines.get(3).endsWith(" - i"), lines.get(3));
        assertEquals(4, service.metrics().accepted());
    }

    @Test
    void theSameNameGivesTheSameLogger() {
        final ConcurrentLogService service = service(LogFormat.PLAIN, true);
        assertTrue(service.logger("a.b") == service.logger("a.b"));
        assertTrue(service.logger(String.class) == service.logger("java.lang.String"));
        service.close();
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void aThrowablePrintsItsStackTraceOnTabbedLinesInPlain(final boolean synchronous) {
        final ConcurrentLogService service = service(LogFormat.PLAIN, synchronous);
        final Exception e = new IllegalStateException("boom\nforged 2026-01-01T00:00:00.000Z INFO  [x] y - z");
        service.logger("err").error().append("failed").exception(e).log();
        service.logger("err").info().append("after").log();
        final List<String> lines = logged(service);
        assertTrue(lines.get(0).endsWith(" - failed"), lines.get(0));
        assertEquals("\tjava.lang.IllegalStateException: boom", lines.get(1));
        assertTrue(lines.get(2).startsWith("\tforged 2026"), "forbidden: a forged record line: " + lines.get(2));
        final String last = lines.get(lines.size() - 1);
        assertTrue(last.endsWith(" - after"), last);
        for (final String l : lines.subList(1, lines.size() - 1)) {
            assertTrue(l.startsWith("\t"), "forbidden: a stack-trace line not starting with a tab: " + l);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("\tat ")), "no frame printed: " + lines);
    }

    /**
     * Was: every leading tab was stripped and one put back, so a suppressed exception's frames ({@code \t\tat})
     * read as the outer exception's (outside review). Now each line is the JDK's, with a tab added where it has none.
     */
    @Test
    void aPlainStackTraceKeepsTheNestingOfSuppressedExceptions() {
        final ConcurrentLogService service = service(LogFormat.PLAIN, false);
        final RuntimeException outer = new RuntimeException("outer");
        final RuntimeException suppressed = new RuntimeException("suppressed");
        suppressed.initCause(new IllegalStateException("cause of suppressed"));
        outer.addSuppressed(suppressed);
        service.logger("err").error().append("failed").exception(outer).log();
        final List<String> lines = logged(service);
        final java.io.StringWriter jdk = new java.io.StringWriter();
        outer.printStackTrace(new java.io.PrintWriter(jdk, true));
        final List<String> expected = jdk.toString().lines().map(l -> l.startsWith("\t") ? l : "\t" + l).toList();
        assertEquals(expected, lines.subList(1, lines.size()));
        assertTrue(expected.stream().anyMatch(l -> l.startsWith("\t\tat ")), "the test needs nested frames");
    }

    @Test
    void aThrowableInJsonIsOneStackField() {
        final ConcurrentLogService service = service(LogFormat.JSON, false);
        service.logger("err").error().append("failed").exception(new RuntimeException("x\ny")).log();
        final List<String> lines = logged(service);
        assertEquals(1, lines.size(), lines.toString());
        final String stack = (String) Json.parseObject(lines.get(0)).get("stack");
        assertTrue(stack.startsWith("java.lang.RuntimeException: x\ny"), stack);
        assertTrue(stack.contains("\tat "), stack);
    }

    @Test
    void anUnwritableFileIsAClearErrorAtStartUp(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) {
        final java.io.UncheckedIOException missingDir = assertThrows(java.io.UncheckedIOException.class,
            () -> LogSink.file(dir.resolve("no-such-dir").resolve("a.log")));
        assertTrue(missingDir.getMessage().contains("a.log") && missingDir.getMessage().contains("does not exist"),
            missingDir.getMessage());
        final java.io.UncheckedIOException isDir =
            assertThrows(java.io.UncheckedIOException.class, () -> LogSink.file(dir));
        assertTrue(isDir.getMessage().contains("directory"), isDir.getMessage());
    }

    @Test
    void aFileSinkAppendsAndCreates(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
        throws Exception {
        final java.nio.file.Path file = dir.resolve("app.log");
        for (int run = 0; run < 2; run++) {
            final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.file(file))
                .shutdownHook(false).build();
            service.logger("f").info().append("run ").append(run).log();
            service.close();
        }
        final List<String> lines = java.nio.file.Files.readAllLines(file);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(" - run 0") && lines.get(1).endsWith(" - run 1"), lines.toString());
    }

    @Test
    void theCachedTimestampMatchesTheTextBuildersAcrossSecondsAndYears() {
        final LineFormatter formatter = new LineFormatter(LogFormat.PLAIN, 64);
        final io.github.hotpath.text.TextBuilder cached = new io.github.hotpath.text.TextBuilder(64);
        final io.github.hotpath.text.TextBuilder direct = new io.github.hotpath.text.TextBuilder(64);
        final long[] starts = {0L, 1_764_180_000_000L - 1_500, -1_500L, 253_402_300_799_000L - 500,
            -62_167_219_200_000L,
            -62_167_219_200_000L - 1_000};
        for (final long start : starts) {
            for (long millis = start; millis < start + 3_000; millis += 7) {
                cached.clear();
                direct.clear();
                formatter.timestamp(millis, cached);
                direct.appendIsoInstantMillis(millis);
                assertEquals(direct.toString(), cached.toString(), "at " + millis);
            }
        }
        // Going back in time (a clock step) must not reuse the wrong second.
        cached.clear();
        formatter.timestamp(1_764_180_000_123L, cached);
        cached.clear();
        formatter.timestamp(1_764_179_000_456L, cached);
        direct.clear();
        assertEquals(direct.appendIsoInstantMillis(1_764_179_000_456L).toString(), cached.toString());
    }

    @Test
    void theCopiedPlainHeadMatchesAFreshFormatterWheneverAPartChanges() {
        final LineFormatter reused = new LineFormatter(LogFormat.PLAIN, 8);
        final io.github.hotpath.text.TextBuilder copied = new io.github.hotpath.text.TextBuilder(256);
        final io.github.hotpath.text.TextBuilder fresh = new io.github.hotpath.text.TextBuilder(256);
        final String[] threads = {"head-a", "head-b", "head-thread-longer-than-the-head-builder-" + "x".repeat(200),
            "tab\there"};
        final String[] loggers = {"head.x", "head.y"};
        final Level[] levels = {Level.INFO, Level.WARN, Level.ERROR};
        final java.util.SplittableRandom random = new java.util.SplittableRandom(29);
        final RecordBuffer r = new RecordBuffer(8, 64);
        long millis = 1_764_180_000_000L;
        for (int i = 0; i < 20_000; i++) {
            millis += random.nextInt(4) == 0 ? random.nextInt(1, 1_500) : 0;
            final String thread = threads[random.nextInt(threads.length)];
            final String logger = loggers[random.nextInt(loggers.length)];
            final Level level = levels[random.nextInt(levels.length)];
            // Now and then a name without a number, as when the name table is full.
            final int threadId = random.nextInt(8) == 0 ? NameTable.NONE : NameTable.THREADS.idOf(thread);
            final int loggerId = random.nextInt(8) == 0 ? NameTable.NONE : NameTable.LOGGERS.idOf(logger);
            r.begin(level, loggerId, logger, threadId, thread, millis);
            final String text = "message " + i;
            r.text(RecordBuffer.TEXT, text, 0, text.length());
            copied.clear();
            reused.format(r, copied);
            fresh.clear();
            new LineFormatter(LogFormat.PLAIN, 8).format(r, fresh);
            assertEquals(fresh.toString(), copied.toString(), "record " + i);
        }
    }

    @Test
    void aRenamedThreadIsPrintedWithItsNewName() throws Exception {
        final ConcurrentLogService service = service(LogFormat.PLAIN, false);
        final Logger log = service.logger("names");
        final Thread t = new Thread(() -> {
            log.info().append("one").log();
            Thread.currentThread().setName("renamed-worker");
            log.info().append("two").log();
        }, "first-name");
        t.start();
        t.join(10_000);
        final List<String> lines = logged(service);
        assertTrue(lines.get(0).contains(" [first-name] names - one"), lines.get(0));
        assertTrue(lines.get(1).contains(" [renamed-worker] names - two"), lines.get(1));
    }

    @Test
    void nonsenseConfigurationIsAClearError() {
        final ConcurrentLogService.Builder b = ConcurrentLogService.builder();
        assertThrows(IllegalArgumentException.class, () -> b.capacity(0));
        assertThrows(IllegalArgumentException.class, () -> b.capacity(-1));
        assertThrows(IllegalArgumentException.class, () -> b.capacity((1 << 30) + 1));
        assertThrows(IllegalArgumentException.class, () -> b.maxRecordChars(15));
        assertThrows(IllegalArgumentException.class, () -> b.maxRecordChars(100_000_001));
        assertThrows(IllegalArgumentException.class, () -> b.maxParts(1));
        assertThrows(IllegalArgumentException.class, () -> b.closeTimeout(java.time.Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> b.closeTimeout(null));
        assertThrows(NullPointerException.class, () -> b.sink(null));
        assertThrows(NullPointerException.class, () -> b.format(null));
        assertThrows(NullPointerException.class, () -> b.level(null));
    }

    /**
     * Was: after a text was cut at {@code maxRecordChars}, later numbers (which take no chars) were still added and
     * glued onto the cut text ({@code "...items/it5001234"}: outside review). Now the message is the start of what
     * was logged, and the record says it was cut.
     */
    @ParameterizedTest(name = "{0} synchronous={1}")
    @org.junit.jupiter.params.provider.CsvSource({"JSON,false", "JSON,true", "PLAIN,false", "PLAIN,true"})
    void aCutMessageIsTheStartOfWhatWasLoggedWithNothingGluedOn(final LogFormat format, final boolean synchronous) {
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(capture))
            .format(format).synchronous(synchronous).shutdownHook(false).maxRecordChars(32).build();
        final Logger log = service.logger("cut");
        log.info().append("GET ").append("/api/v1/orders/1234567890/items/abcdef").append(" status=").append(500)
            .append(" latency=").append(1234L).append('!').append(true).append((CharSequence) null).log();
        log.info().append("GET ").append("/api/v1/orders/1234567890/items/abcdef").kv("status", 500).log();
        log.info().append("short ").append(7).kv("path", "/api/v1/orders/1234567890/items").append(8).log();
        final List<String> lines = logged(service);
        assertEquals(3, lines.size(), lines.toString());
        final String cut = "GET /api/v1/orders/1234567890/it";
        final String marker = format == LogFormat.PLAIN ? LineFormatter.TRUNCATED_MARKER : "";
        assertEquals(cut + marker, message(format, lines.get(0)), lines.get(0));
        assertEquals(cut + marker, message(format, lines.get(1)), "no room for the field's key: " + lines.get(1));
        // A cut field value is not a cut message: the message parts after it still count.
        final String third = message(format, lines.get(2));
        assertTrue(third.startsWith("short 78"), lines.get(2));
        if (format == LogFormat.JSON) {
            for (final String line : lines) {
                assertEquals(Boolean.TRUE, Json.parseObject(line).get("truncated"), line);
            }
        }
    }

    private static String message(final LogFormat format, final String line) {
        return format == LogFormat.JSON ? (String) Json.parseObject(line).get("msg")
            : line.substring(line.indexOf(" - ") + 3);
    }

    @ParameterizedTest(name = "{0} synchronous={1}")
    @org.junit.jupiter.params.provider.CsvSource({"JSON,false", "JSON,true", "PLAIN,false", "PLAIN,true"})
    void aSurrogatePairSplitAcrossTwoAppendsStaysOneCharacter(final LogFormat format, final boolean synchronous) {
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(capture))
            .format(format).synchronous(synchronous).shutdownHook(false).build();
        final Logger log = service.logger("pairs");
        final String smile = "\uD83D\uDE00";
        final String text = "ab" + smile + "cd";
        log.info().append('\uD83D').append('\uDE00').log();                       // char then char
        log.info().append(text, 0, 3).append(text, 3, text.length()).log();       // a text cut inside the pair
        log.info().append("x\uD83D").append('\uDE00').log();                     // text then char
        log.info().append('\uD83D').append("\uDE00y").log();                     // char then text
        log.info().append("x\uD83D").kv("k", 1).append("").append("\uDE00").log(); // a field and "" between
        log.info().append('\uD83D').append(7).append('\uDE00').log();            // a number between: two halves
        log.info().append("\uD83D\uD83D").append("\uDE00\uDE00").log();          // one pair between two lone
        final List<String> lines = logged(service);
        final String[] expected = {smile, text, "x" + smile, smile + "y", "x" + smile, "\uFFFD7\uFFFD",
            "\uFFFD" + smile + "\uFFFD"};
        assertEquals(expected.length, lines.size(), lines.toString());
        for (int i = 0; i < expected.length; i++) {
            final String got = message(format, lines.get(i));
            assertTrue(got.startsWith(expected[i]), "forbidden: a split pair became U+FFFD in line " + i + ": "
                + lines.get(i));
        }
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void aFieldNamedLikeALineNameCannotPoseAsIt(final boolean synchronous) {
        final ConcurrentLogService service = service(LogFormat.JSON, synchronous);
        final Logger log = service.logger("forge");
        log.info().append("real").kv("level", "ERROR").kv("ts", "1970-01-01T00:00:00.000Z").kv("logger", "x")
            .kv("thread", "t").kv("msg", "forged").kv("truncated", true).kv("stack", "s").kv("_level", 1)
            .kv("__msg", 2).kv("_id", 3).exception(new IllegalStateException("boom")).log();
        final String line = logged(service).get(0);
        final List<String> keys = Json.keys(line);
        assertEquals(new java.util.HashSet<>(keys).size(), keys.size(), "forbidden: a duplicate key: " + line);
        final Map<String, Object> o = Json.parseObject(line); // a last-wins reading, as Jackson's default
        assertEquals("INFO", o.get("level"), "forbidden: a field posed as the level: " + line);
        assertEquals("real", o.get("msg"));
        assertEquals("forge", o.get("logger"));
        assertEquals(Thread.currentThread().getName(), o.get("thread"));
        assertTrue(((String) o.get("ts")).startsWith("20"), line);
        assertTrue(((String) o.get("stack")).startsWith("java.lang.IllegalStateException: boom"), line);
        assertFalse(o.containsKey("truncated"), line);
        assertEquals("ERROR", o.get("_level"));
        assertEquals("1970-01-01T00:00:00.000Z", o.get("_ts"));
        assertEquals("x", o.get("_logger"));
        assertEquals("t", o.get("_thread"));
        assertEquals("forged", o.get("_msg"));
        assertEquals(Boolean.TRUE, o.get("_truncated"));
        assertEquals("s", o.get("_stack"));
        assertEquals(1L, o.get("__level"));
        assertEquals(2L, o.get("___msg"));
        assertEquals(3L, o.get("_id"), "a key that poses as nothing is written as given");
    }

    @ParameterizedTest(name = "{0} synchronous={1}")
    @org.junit.jupiter.params.provider.CsvSource({"JSON,false", "JSON,true", "PLAIN,false", "PLAIN,true"})
    void aRepeatedKeyKeepsItsLastValueOnly(final LogFormat format, final boolean synchronous) {
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(capture))
            .format(format).synchronous(synchronous).shutdownHook(false).build();
        final Logger log = service.logger("dups");
        log.info().append("m").kv("k", 1).kv("other", "o").kv("k", 2).kv("a\uD800", "lone high")
            .kv("a\uDC00", "lone low").kv("k", (CharSequence) null).log();
        final String line = logged(service).get(0);
        if (format == LogFormat.JSON) {
            final List<String> keys = Json.keys(line);
            assertEquals(new java.util.HashSet<>(keys).size(), keys.size(), "forbidden: a duplicate key: " + line);
            final Map<String, Object> o = Json.parseObject(line);
            assertTrue(o.containsKey("k") && o.get("k") == null, "the last value of k wins: " + line);
            assertEquals("o", o.get("other"));
            assertEquals("lone low", o.get("a\uFFFD"), "keys printed alike are one key: " + line);
        } else {
            assertTrue(line.endsWith(" - m other=o a\uFFFD=lone low k=null"), line);
        }
    }

    @Test
    void randomlyPieceWiseBuiltMessagesAndFieldsReadBackExactly() {
        // Text built in random pieces through every append overload must read back (through a JSON parser) as the
        // same appends into a StringBuilder, lone surrogates replaced; keys and values likewise.
        final java.util.SplittableRandom random = new java.util.SplittableRandom(20261129);
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(capture))
            .format(LogFormat.JSON).maxRecordChars(4_096).synchronous(true).shutdownHook(false).build();
        final Logger log = service.logger("random");
        final List<String> expectedMessages = new java.util.ArrayList<>();
        final List<String> expectedValues = new java.util.ArrayList<>();
        for (int n = 0; n < 2_000; n++) {
            final String text = randomText(random, random.nextInt(12));
            final StringBuilder whole = new StringBuilder();
            final LogEntry e = log.info();
            int at = 0;
            while (at < text.length()) {
                final int end = at + 1 + random.nextInt(text.length() - at);
                switch (random.nextInt(3)) {
                    case 0:
                        e.append(text.substring(at, end));
                        break;
                    case 1:
                        e.append(new StringBuilder(text), at, end);
                        break;
                    default:
                        for (int i = at; i < end; i++) {
                            e.append(text.charAt(i));
                        }
                }
                whole.append(text, at, end);
                at = end;
            }
            final String value = randomText(random, random.nextInt(6));
            e.kv("v", value).log();
            expectedMessages.add(printed(whole));
            expectedValues.add(printed(value));
        }
        final List<String> lines = logged(service);
        assertEquals(expectedMessages.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            final Map<String, Object> o = Json.parseObject(lines.get(i));
            assertEquals(expectedMessages.get(i), o.get("msg"), "message " + i + ": " + lines.get(i));
            assertEquals(expectedValues.get(i), o.get("v"), "value " + i + ": " + lines.get(i));
        }
    }

    /** Random text rich in surrogates (paired and lone), controls, quotes and backslashes. */
    static String randomText(final java.util.SplittableRandom random, final int length) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0:
                    b.append("\uD83D\uDE00");
                    break;
                case 1:
                    b.append((char) (0xD800 + random.nextInt(0x800))); // a surrogate, high or low, maybe lone
                    break;
                case 2:
                    b.append((char) random.nextInt(0x20));
                    break;
                case 3:
                    b.append("\"\\\u2028\u0085\u007f".charAt(random.nextInt(5)));
                    break;
                default:
                    b.append((char) (0x20 + random.nextInt(0x3000)));
            }
        }
        return b.toString();
    }

    /** What a JSON reader gets back for a text: every surrogate without its other half replaced by U+FFFD. */
    static String printed(final CharSequence text) {
        final StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                b.append(c).append(text.charAt(++i));
            } else {
                b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }
}
