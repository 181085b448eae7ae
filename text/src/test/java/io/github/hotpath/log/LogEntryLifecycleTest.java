package io.github.hotpath.log;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How entries are lent and given back: nothing per thread, several open entries per thread, a forgotten
 * {@code log()} reclaimed, an entry used after {@code log()} unable to touch the entry's next owner. Each test runs
 * asynchronous and synchronous.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogEntryLifecycleTest {
    private final TestSinks.Capture out = new TestSinks.Capture();

    private ConcurrentLogService service(final boolean synchronous, final int maxOpenEntries) {
        return ConcurrentLogService.builder().sink(LogSink.outputStream(out)).synchronous(synchronous)
            .maxOpenEntries(maxOpenEntries).shutdownHook(false).build();
    }

    private static String describe(final Logger log) {
        log.info().append("inner").log();
        return "described";
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void anEntryBegunWhileAnotherIsOpenOnTheSameThreadIsLoggedToo(final boolean synchronous) {
        final ConcurrentLogService service = service(synchronous, 64);
        final Logger log = service.logger("nested");
        log.info().append("outer ").append(describe(log)).append(" done").log();
        service.close();
        final List<String> lines = out.lines();
        assertEquals(2, lines.size(), "forbidden: the outer or the inner entry was lost: " + lines);
        assertTrue(lines.get(0).endsWith(" - inner"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" - outer described done"), lines.get(1));
        assertEquals(0, service.metrics().abandoned(), service.metrics().toString());
        assertEquals(0, service.metrics().temporaryEntries(), "an entry was free: " + service.metrics());
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void forgottenLogsNeitherBlockNorCorruptTheNextEntriesAndAreReclaimedOnceStale(final boolean synchronous)
        throws Exception {
        final ConcurrentLogService service = service(synchronous, 2);
        final Logger log = service.logger("forgetful");
        final List<LogEntry> forgotten = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            forgotten.add(log.info().append("never logged ").append(i)); // the third finds both entries taken
        }
        for (final LogEntry e : forgotten) {
            e.beganMillis -= EntryPool.STALE_MILLIS + 1_000; // as if begun long ago
        }
        // Its own entries, however old, may be outer entries of this very call: never taken by the thread itself.
        log.info().append("second").kv("k", 2).log();
        assertEquals(0, service.metrics().abandoned(), service.metrics().toString());
        final Thread other = new Thread(() -> log.info().append("third").log(), "another-thread");
        other.start(); // another thread reclaims a stale one
        other.join(10_000);
        assertFalse(other.isAlive());
        service.close();
        final List<String> lines = TestSinks.records(out.lines());
        assertEquals(2, lines.size(), "forbidden: a forgotten entry was written: " + lines);
        assertTrue(lines.get(0).endsWith(" - second k=2"), "forbidden: corrupted next entry: " + lines.get(0));
        assertTrue(lines.get(1).endsWith(" - third"), lines.get(1));
        final LogMetrics m = service.metrics();
        assertEquals(1, m.abandoned(), "the other thread retired one stale entry: " + m);
        assertEquals(2, m.accepted(), m.toString());
        assertEquals(2, m.temporaryEntries(), "the third forgotten entry and \"second\" found both taken: " + m);
    }

    /** Was: a record begun while every entry was taken reclaimed the thread's own outer entry, which was lost. */
    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void aNestedRecordInAnExhaustedPoolLosesNeitherTheOuterNorTheInner(final boolean synchronous) throws Exception {
        final ConcurrentLogService service = service(synchronous, 1);
        final Logger log = service.logger("nested");
        for (int i = 0; i < 100; i++) {
            log.info().append("outer ").append(i).append(' ').append(describe(log)).log();
        }
        final int threads = 4;
        final Thread[] nesting = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            nesting[t] = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    log.info().append("outer ").append(i).append(' ').append(describe(log)).log();
                }
            }, "nesting-" + t);
            nesting[t].start();
        }
        for (final Thread t : nesting) {
            t.join(30_000);
            assertFalse(t.isAlive(), "forbidden: " + t.getName() + " hung");
        }
        service.close();
        final List<String> lines = out.lines();
        final long outer = lines.stream().filter(l -> l.contains(" - outer ")).count();
        final long inner = lines.stream().filter(l -> l.endsWith(" - inner")).count();
        assertEquals(100 + threads * 500, outer, "forbidden: outer records lost");
        assertEquals(100 + threads * 500, inner, "forbidden: inner records lost");
        final LogMetrics m = service.metrics();
        assertEquals(0, m.dropped() + m.abandoned() + m.misused(), m.toString());
        // Each of the first 100 inner records found the one entry taken by its own outer record; later ones did
        // whenever it was.
        assertTrue(m.temporaryEntries() >= 100 && m.temporaryEntries() <= 100 + threads * 500, m.toString());
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void anEntryHeldByAThreadThatEndedIsReclaimedAndCounted(final boolean synchronous) throws Exception {
        final ConcurrentLogService service = service(synchronous, 1);
        final Logger log = service.logger("dying");
        final Thread dying = new Thread(() -> log.info().append("never logged"), "dies-holding-an-entry");
        dying.start();
        dying.join(10_000);
        log.info().append("after").log(); // the only entry is the dead thread's
        service.close();
        assertEquals(List.of("after"), out.lines().stream().map(l -> l.substring(l.indexOf(" - ") + 3)).toList());
        assertEquals(1, service.metrics().abandoned(), service.metrics().toString());
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void anEntryUsedAfterLogCannotTouchItsNextOwnerAndIsCounted(final boolean synchronous) throws Exception {
        final ConcurrentLogService service = service(synchronous, 1);
        final Logger log = service.logger("stale");
        final LogEntry stale = log.info().append("first");
        stale.log();
        final CountDownLatch taken = new CountDownLatch(1);
        final CountDownLatch staleUsed = new CountDownLatch(1);
        final AtomicReference<LogEntry> othersEntry = new AtomicReference<>();
        final Thread other = new Thread(() -> {
            final LogEntry mine = log.info().append("mine");
            othersEntry.set(mine);
            taken.countDown();
            try {
                staleUsed.await(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            mine.append(" only").log();
        }, "next-owner");
        other.start();
        assertTrue(taken.await(10, TimeUnit.SECONDS));
        assertSame(stale, othersEntry.get(), "with one entry, the next owner must be given the same object");
        stale.append(" stale").kv("k", 1).exception(new RuntimeException()).log(); // all ignored
        stale.log();
        staleUsed.countDown();
        other.join(10_000);
        assertFalse(other.isAlive());
        service.close();
        final List<String> lines = out.lines();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(" - first"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" - mine only"), "forbidden: a stale entry wrote into the next owner's: "
            + lines.get(1));
        assertEquals(5, service.metrics().misused(), service.metrics().toString());
        assertEquals(2, service.metrics().accepted(), service.metrics().toString());
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void anEntryHeldTooLongByALiveThreadIsRetiredNotReused(final boolean synchronous) throws Exception {
        final ConcurrentLogService service = service(synchronous, 1);
        final Logger log = service.logger("stuck");
        final CountDownLatch taken = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        final AtomicReference<LogEntry> held = new AtomicReference<>();
        final Thread stuck = new Thread(() -> {
            final LogEntry mine = log.info().append("begun long ago");
            held.set(mine);
            taken.countDown();
            try {
                resume.await(10, TimeUnit.SECONDS); // stuck in a caller's code, holding the only entry
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            mine.append(" and resumed").log(); // its entry was retired meanwhile: ignored, counted
        }, "stuck-holder");
        stuck.start();
        assertTrue(taken.await(10, TimeUnit.SECONDS));
        held.get().beganMillis -= EntryPool.STALE_MILLIS + 1_000; // as if begun long ago
        log.info().append("not stalled").log(); // the only entry is stale: retired and replaced
        log.info().append("again").log();
        resume.countDown();
        stuck.join(10_000);
        service.close();
        final List<String> lines = out.lines();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(" - not stalled"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" - again"), "forbidden: the retired entry was reused: " + lines.get(1));
        final LogMetrics m = service.metrics();
        assertEquals(1, m.abandoned(), m.toString());
        assertEquals(2, m.misused(), "the late append and log on the retired entry: " + m);
    }

    @ParameterizedTest(name = "synchronous={0}")
    @ValueSource(booleans = {false, true})
    void eightThreadsSharingTwoEntriesNeitherLoseNorMixAnything(final boolean synchronous) throws Exception {
        final ConcurrentLogService service = ConcurrentLogService.builder().sink(LogSink.outputStream(out))
            .synchronous(synchronous).maxOpenEntries(2).capacity(4).shutdownHook(false).build();
        final Logger log = service.logger("shared");
        final int threads = 8;
        final int perThread = 2_000;
        final Thread[] producers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int id = t;
            producers[t] = new Thread(() -> {
                for (int n = 0; n < perThread; n++) {
                    log.info().append('q').append(id).append(" n=").append(n).append(" again=").append(id)
                        .kv("id", id).log();
                }
            }, "sharer-" + t);
            producers[t].start();
        }
        for (final Thread t : producers) {
            t.join(30_000);
            assertFalse(t.isAlive(), "forbidden: " + t.getName() + " hung");
        }
        service.close();
        final int[] next = new int[threads];
        final java.util.regex.Pattern line =
            java.util.regex.Pattern.compile(" - q(\\d) n=(\\d+) again=(\\d) id=(\\d)$");
        for (final String l : out.lines()) {
            final java.util.regex.Matcher m = line.matcher(l);
            assertTrue(m.find(), "forbidden: a malformed or mixed line: " + l);
            final int id = Integer.parseInt(m.group(1));
            assertTrue(m.group(3).equals(m.group(1)) && m.group(4).equals(m.group(1)),
                "forbidden: two threads' parts in one entry: " + l);
            assertEquals(next[id]++, Integer.parseInt(m.group(2)), "forbidden: lost, repeated or reordered: " + l);
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(perThread, next[t], "forbidden: thread " + t + " lost entries");
        }
        final LogMetrics m = service.metrics();
        assertEquals(0, m.dropped() + m.abandoned() + m.misused(), m.toString());
    }
}
