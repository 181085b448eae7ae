package io.github.hotpath.slf4j;

import com.example.thirdparty.ThirdPartyClient;
import io.github.hotpath.log.ConcurrentLogService;
import io.github.hotpath.log.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SLF4J's real API, bound by its ServiceLoader to this provider; the service is configured by the system properties
 * in this module's pom (JSON lines into target/slf4j-provider-test.log, a 64-record queue, WAIT when full).
 */
class Slf4jProviderTest {
    private static final Path FILE = Path.of(System.getProperty("hotpath.log.sink"));

    /** The lines written since {@code mark} lines, after a flush. */
    private static List<String> linesAfter(final int mark) throws IOException {
        HotpathSlf4j.service().flush();
        final List<String> all = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        return new ArrayList<>(all.subList(mark, all.size()));
    }

    private static int mark() throws IOException {
        HotpathSlf4j.service().flush();
        return Files.exists(FILE) ? Files.readAllLines(FILE, StandardCharsets.UTF_8).size() : 0;
    }

    @Test
    void serviceLoaderBindsTheProvider() {
        assertInstanceOf(Slf4jLogger.class, LoggerFactory.getLogger("x"));
        assertInstanceOf(ThreadLocalMdcAdapter.class, MDC.getMDCAdapter());
    }

    @Test
    void placeholdersThrowablesMdcAndKeyValuesReachTheLine() throws IOException {
        final int mark = mark();
        final Logger log = LoggerFactory.getLogger("com.acme.Orders");
        final StringBuilder mutable = new StringBuilder("before");
        MDC.put("requestId", "r-42");
        try {
            log.info("order {} total {} paid {} by {} {}", 123_456_789L, 12.5, true, 'x', mutable);
            mutable.setLength(0);
            mutable.append("after");
            log.warn("escaped \\{} and \\\\{} left {} {}", "A", "B");
            log.error("failed {}", "id-7", new IllegalStateException("boom"));
            log.atInfo().setMessage("fluent {}").addArgument(7).addKeyValue("latencyNanos", 1_234_567L)
                .addKeyValue("ok", false).log();
            log.debug("not logged {}", 1);
        } finally {
            MDC.clear();
        }
        log.info("no mdc");
        final List<String> lines = linesAfter(mark);
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("\"msg\":\"order 123456789 total 12.5 paid true by x before\""),
            lines.get(0));
        assertTrue(lines.get(0).contains("\"requestId\":\"r-42\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"logger\":\"com.acme.Orders\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"msg\":\"escaped {} and \\\\A left B {}\""), lines.get(1));
        assertTrue(lines.get(2).contains("\"msg\":\"failed id-7\""), lines.get(2));
        assertTrue(lines.get(2).contains("boom"), lines.get(2));
        assertTrue(lines.get(3).contains("\"msg\":\"fluent 7\""), lines.get(3));
        assertTrue(lines.get(3).contains("\"latencyNanos\":1234567"), lines.get(3));
        assertTrue(lines.get(3).contains("\"ok\":false"), lines.get(3));
        assertFalse(lines.get(4).contains("requestId"), lines.get(4));
    }

    /** Was: an Error from toString(), or a CharSequence whose length() threw, reached the caller. */
    @Test
    void anArgumentThatThrowsPrintsWhatSlf4jPrintsAndNothingReachesTheCaller() throws IOException {
        final int mark = mark();
        final Logger log = LoggerFactory.getLogger("com.acme.Hostile");
        final Object errorInToString = new Object() {
            @Override
            public String toString() {
                throw new AssertionError("toString");
            }
        };
        final CharSequence brokenLength = new CharSequence() {
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

            @Override
            public String toString() {
                return "as text";
            }
        };
        log.info("bad {} then {}", errorInToString, brokenLength);
        log.atInfo().setMessage("kv").addKeyValue("cs", brokenLength).addKeyValue("obj", errorInToString).log();
        final List<String> lines = linesAfter(mark);
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("\"msg\":\"bad [FAILED toString()] then as text\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"cs\":\"as text\""), lines.get(1));
        assertTrue(lines.get(1).contains("\"obj\":\"[FAILED toString()]\""), lines.get(1));
        assertEquals(0, HotpathSlf4j.service().metrics().abandoned(), HotpathSlf4j.service().metrics().toString());
    }

    /** Was: one element whose toString() threw turned the whole array into the failure marker (outside review). */
    @Test
    void anArrayWithAFailingElementPrintsAsSlf4jPrintsIt() throws IOException {
        final int mark = mark();
        final Logger log = LoggerFactory.getLogger("com.acme.Hostile");
        final Object failing = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("toString");
            }
        };
        final Object[] self = {"x", null};
        self[1] = self;
        final Object[] array = {"ok", failing, new int[] {1, 2}, self, new Object[] {self}, null};
        log.info("arr {}", (Object) array);
        final List<String> lines = linesAfter(mark);
        assertEquals(1, lines.size(), String.join("\n", lines));
        final String expected = org.slf4j.helpers.MessageFormatter.arrayFormat("arr {}", new Object[] {array})
            .getMessage();
        assertEquals("arr [ok, [FAILED toString()], [1, 2], [x, [...]], [[x, [...]]], null]", expected);
        assertTrue(lines.get(0).contains("\"msg\":\"" + expected + "\""), lines.get(0));
    }

    @Test
    void levelsByPrefixFromConfigurationAndAtRunTime() throws IOException {
        final Logger chatty = LoggerFactory.getLogger("com.example.thirdparty.chatty.Pool");
        assertFalse(chatty.isInfoEnabled());
        assertTrue(chatty.isWarnEnabled());
        final Logger db = LoggerFactory.getLogger("com.acme.db.Tx");
        assertFalse(db.isDebugEnabled());
        HotpathSlf4j.service().level("com.acme.db", Level.DEBUG);
        try {
            assertTrue(db.isDebugEnabled());
            assertTrue(LoggerFactory.getLogger("com.acme.db.Later").isDebugEnabled());
            final int mark = mark();
            db.debug("now visible");
            assertEquals(1, linesAfter(mark).size());
        } finally {
            HotpathSlf4j.service().level("com.acme.db", Level.INFO);
        }
    }

    @Test
    void slf4jAndPrimitiveLinesShareOneFileInCommitOrderPerThreadWithNothingLost() throws Exception {
        final int mark = mark();
        final ConcurrentLogService service = HotpathSlf4j.service();
        final io.github.hotpath.log.Logger hot = service.logger("com.acme.Hot");
        final ThirdPartyClient client = new ThirdPartyClient();
        final Logger app = LoggerFactory.getLogger("com.acme.App");
        final int threads = 4;
        final int perThread = 20_000;
        final Thread[] producers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int id = t;
            producers[t] = new Thread(() -> {
                for (long seq = 0; seq < perThread; seq++) {
                    switch ((int) (seq % 3)) {
                        case 0:
                            client.call(id, seq);
                            break;
                        case 1:
                            app.info("app t={} seq={}", id, seq);
                            break;
                        default:
                            hot.info().append("hot t=").append(id).append(" seq=").append(seq).log();
                    }
                }
            }, "producer-" + t);
            producers[t].start();
        }
        for (final Thread p : producers) {
            p.join();
        }
        final List<String> lines = linesAfter(mark);
        final Pattern seqOf = Pattern.compile("\"msg\":\"(client|app|hot) t=(\\d+) seq=(\\d+)");
        final long[] next = new long[threads];
        int matched = 0;
        for (final String line : lines) {
            final Matcher m = seqOf.matcher(line);
            if (!m.find()) {
                continue;
            }
            final int t = Integer.parseInt(m.group(2));
            final long seq = Long.parseLong(m.group(3));
            assertEquals(next[t], seq, "thread " + t + " out of order or lost: " + line);
            assertEquals(new String[] {"client", "app", "hot"}[(int) (seq % 3)], m.group(1), line);
            next[t] = seq + 1;
            matched++;
        }
        assertEquals(threads * perThread, matched);
        assertEquals(0, service.metrics().dropped(), "WAIT loses nothing");
    }
}
