package io.github.hotpath.log;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NameTableTest {
    @Test
    void equalTextHasOneNumberAndDifferentTextAnother() {
        final NameTable table = new NameTable(64);
        final String a = "worker-1";
        final int id = table.idOf(a);
        assertNotEquals(NameTable.NONE, id);
        assertEquals(id, table.idOf(new String("worker-1".toCharArray()))); // equal text, another String
        assertSame(a, table.name(id));
        final int other = table.idOf("worker-2");
        assertNotEquals(NameTable.NONE, other);
        assertNotEquals(id, other);
        assertEquals("worker-2", table.name(other));
        final int empty = table.idOf(""); // a virtual thread's name
        assertNotEquals(NameTable.NONE, empty);
        assertEquals(empty, table.idOf(new String()));
    }

    @Test
    void aNameWithoutRoomGetsNone() {
        final NameTable table = new NameTable(8); // PROBES (8) cover the whole table
        final Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            ids.add(table.idOf("name-" + i));
        }
        assertEquals(8, ids.size());
        assertEquals(NameTable.NONE, table.idOf("one-too-many"));
        assertEquals(table.idOf("name-3"), table.idOf("name-3"), "names already in keep their numbers");
        assertThrows(IllegalArgumentException.class, () -> new NameTable(12));
    }

    @Test
    void threadsAgreeOnEveryNumber() throws Exception {
        final NameTable table = new NameTable(1024);
        final int threads = 4;
        final int names = 300;
        final int[][] seen = new int[threads][names];
        final CyclicBarrier start = new CyclicBarrier(threads);
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int me = t;
            final Thread w = new Thread(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                } catch (final Exception e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < names; i++) {
                    final int n = (i + me * 37) % names; // each thread from its own place
                    seen[me][n] = table.idOf("thread-name-" + n);
                }
            });
            workers.add(w);
            w.start();
        }
        for (final Thread w : workers) {
            w.join(30_000);
        }
        final Set<Integer> distinct = new HashSet<>();
        for (int n = 0; n < names; n++) {
            final int id = seen[0][n];
            for (int t = 1; t < threads; t++) {
                assertEquals(id, seen[t][n], "thread " + t + " numbered name " + n + " differently");
            }
            if (id != NameTable.NONE) {
                assertEquals("thread-name-" + n, table.name(id));
                assertTrue(distinct.add(id), "two names share number " + id);
            }
        }
        assertTrue(distinct.size() > names / 2, "most names found room: " + distinct.size());
    }

    @Test
    void aRecordWithoutNumbersCarriesTheNamesAndDropsThemOnceNumbered() {
        final RecordBuffer r = new RecordBuffer(8, 64);
        r.begin(Level.WARN, NameTable.NONE, "plain.logger", NameTable.NONE, "unnumbered-thread", 1L);
        assertEquals(Level.WARN, r.level());
        assertEquals("plain.logger", r.escapedLoggerName());
        assertEquals("unnumbered-thread", r.threadName());
        final int thread = NameTable.THREADS.idOf("numbered-thread");
        final int logger = NameTable.LOGGERS.idOf("numbered.logger");
        r.begin(Level.INFO, logger, "numbered.logger", thread, "numbered-thread", 2L);
        assertEquals(Level.INFO, r.level());
        assertEquals("numbered.logger", r.escapedLoggerName());
        assertEquals("numbered-thread", r.threadName());
    }

    @Test
    void anUnnumberedRecordIsFormattedWithItsNames() {
        final LineFormatter formatter = new LineFormatter(LogFormat.PLAIN, 8);
        final RecordBuffer r = new RecordBuffer(8, 64);
        r.begin(Level.ERROR, NameTable.NONE, "fallback.logger", NameTable.NONE, "fallback-thread", 0L);
        r.text(RecordBuffer.TEXT, "hello", 0, 5);
        final io.github.hotpath.text.TextBuilder out = new io.github.hotpath.text.TextBuilder(256);
        formatter.format(r, out);
        assertEquals("1970-01-01T00:00:00.000Z ERROR [fallback-thread] fallback.logger - hello\n", out.toString());
    }

    @Test
    void interleavedThreadsKeepTheirNamesInTheFormattersCache() {
        final LineFormatter formatter = new LineFormatter(LogFormat.PLAIN, 8);
        final io.github.hotpath.text.TextBuilder out = new io.github.hotpath.text.TextBuilder(256);
        final RecordBuffer r = new RecordBuffer(8, 64);
        for (int round = 0; round < 3; round++) {
            for (int t = 0; t < 40; t++) { // more names than the cache has cells: cells are shared and refilled
                final String name = "cache\nworker-" + (t * 7 % 40);
                r.begin(Level.INFO, "l", name, 0L);
                out.clear();
                formatter.format(r, out);
                assertEquals("1970-01-01T00:00:00.000Z INFO  [cache\\nworker-" + (t * 7 % 40) + "] l - \n",
                    out.toString());
            }
        }
    }
}
