package io.github.hotpath.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker pool on the platform MBean server: opt-in, found by ObjectName, read under load, gone after close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerPoolJmxTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final String[] SCRAPE = {"Submitted", "Completed", "Failed", "NotRun", "Rejected", "RanOnCaller",
        "Parks", "Outstanding", "QueueDepth", "InFlight", "Capacity", "Workers"};

    private static ObjectName named(final String name) throws Exception {
        return new ObjectName("io.github.hotpath:type=WorkerPool,name=" + name);
    }

    private static ConcurrentWorkerPool<NumberedJob> pool(final String name, final boolean jmx) {
        return ConcurrentWorkerPool.builder(NumberedJob::new, (NumberedJob job) -> { })
            .name(name).jmx(jmx).workers(2).capacity(64).threadNamePrefix(name + "-").build();
    }

    private static Map<String, Long> scrape(final ObjectName on) throws Exception {
        final AttributeList list = SERVER.getAttributes(on, SCRAPE);
        assertEquals(SCRAPE.length, list.size(), "every attribute is readable");
        final Map<String, Long> values = new HashMap<>();
        for (final Attribute a : list.asList()) {
            values.put(a.getName(), ((Number) a.getValue()).longValue());
        }
        return values;
    }

    @Test
    void registeredPoolIsFoundByObjectNameReadUnderLoadAndGoneAfterClose() throws Exception {
        final ObjectName on = named("jmx-orders");
        final long jobs = 200_000;
        final ConcurrentWorkerPool<NumberedJob> pool = pool("jmx-orders", true);
        try {
            assertEquals(java.util.Set.of(on),
                SERVER.queryNames(new ObjectName("io.github.hotpath:type=WorkerPool,name=jmx-orders,*"), null));
            assertEquals(SCRAPE.length + 2, SERVER.getMBeanInfo(on).getAttributes().length, "Name and Shutdown too");
            final AtomicBoolean failed = new AtomicBoolean();
            final Thread producer = new Thread(() -> {
                for (long i = 0; i < jobs; i++) {
                    if (!pool.submit(NumberedJob.FILL, i)) {
                        failed.set(true);
                    }
                }
            }, "jmx-producer");
            producer.start();
            long lastSubmitted = 0;
            int scrapes = 0;
            while (producer.isAlive() || scrapes < 3) {
                final Map<String, Long> m = scrape(on);
                final long submitted = m.get("Submitted");
                // One snapshot per scrape: the outcomes can never outrun the submits they follow.
                assertTrue(submitted >= m.get("Completed") + m.get("Failed") + m.get("NotRun"),
                    "a scrape mixed snapshots: " + m);
                assertTrue(submitted >= lastSubmitted, "Submitted went down: " + lastSubmitted + " -> " + m);
                assertEquals(submitted - m.get("Completed") - m.get("Failed") - m.get("NotRun"),
                    (long) m.get("Outstanding"), "Outstanding is read from the same snapshot");
                assertEquals(64L, m.get("Capacity"));
                assertEquals(2L, m.get("Workers"));
                lastSubmitted = submitted;
                scrapes++;
            }
            producer.join();
            assertFalse(failed.get(), "a submit was pushed back under WAIT");
            assertTrue(pool.awaitSettled(Duration.ofSeconds(30)));
            final Map<String, Long> end = scrape(on);
            assertEquals(jobs, end.get("Submitted"));
            assertEquals(jobs, end.get("Completed"));
            assertEquals(0L, end.get("Outstanding"));
            assertEquals("jmx-orders", SERVER.getAttribute(on, "Name"));
            assertEquals(Boolean.FALSE, SERVER.getAttribute(on, "Shutdown"));
            assertTrue(scrapes >= 3);
        } finally {
            pool.close();
        }
        assertFalse(SERVER.isRegistered(on), "close() unregisters");
        pool.close(); // again: harmless
    }

    @Test
    void registrationIsOptIn() throws Exception {
        try (ConcurrentWorkerPool<NumberedJob> pool = pool("jmx-off", false)) {
            assertEquals("jmx-off", pool.name());
            assertFalse(SERVER.isRegistered(named("jmx-off")));
        }
    }

    @Test
    void aShutDownPoolStaysRegisteredWithItsFinalCountsUntilClosed() throws Exception {
        final ObjectName on = named("jmx-shutdown");
        final ConcurrentWorkerPool<NumberedJob> pool = pool("jmx-shutdown", true);
        try {
            assertTrue(pool.submit(NumberedJob.FILL, 123_456_789L));
            pool.shutdown();
            assertTrue(pool.awaitTermination(Duration.ofSeconds(30)));
            assertTrue(SERVER.isRegistered(on));
            assertEquals(Boolean.TRUE, SERVER.getAttribute(on, "Shutdown"));
            assertEquals(1L, SERVER.getAttribute(on, "Completed"));
        } finally {
            pool.close();
        }
        assertFalse(SERVER.isRegistered(on));
    }

    @Test
    void aTakenNameFailsTheBuildAndStartsNoThread() throws Exception {
        try (ConcurrentWorkerPool<NumberedJob> first = pool("jmx-twice", true)) {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConcurrentWorkerPool.builder(NumberedJob::new, (NumberedJob job) -> { })
                    .name("jmx-twice").jmx(true).threadNamePrefix("jmx-twice-second-").build());
            assertTrue(e.getMessage().contains("io.github.hotpath:type=WorkerPool,name=jmx-twice"), e.getMessage());
            for (final Thread t : Thread.getAllStackTraces().keySet()) {
                assertFalse(t.getName().startsWith("jmx-twice-second-"), "a worker of the failed build runs: " + t);
            }
            assertTrue(SERVER.isRegistered(named("jmx-twice")), "the first pool keeps its registration");
            assertEquals(first.name(), SERVER.getAttribute(named("jmx-twice"), "Name"));
        }
        assertFalse(SERVER.isRegistered(named("jmx-twice")));
    }

    @Test
    void poolsBuiltWithoutANameGetDistinctDefaultNames() throws Exception {
        try (ConcurrentWorkerPool<NumberedJob> a = ConcurrentWorkerPool.builder(NumberedJob::new,
                 (NumberedJob job) -> { }).jmx(true).build();
             ConcurrentWorkerPool<NumberedJob> b = ConcurrentWorkerPool.builder(NumberedJob::new,
                 (NumberedJob job) -> { }).jmx(true).build()) {
            assertTrue(a.name().matches("worker-pool-[0-9]+"), a.name());
            assertTrue(b.name().matches("worker-pool-[0-9]+"), b.name());
            assertNotEquals(a.name(), b.name());
            assertTrue(SERVER.isRegistered(named(a.name())));
            assertTrue(SERVER.isRegistered(named(b.name())));
            assertTrue(a.toString().startsWith("ConcurrentWorkerPool[" + a.name() + ","), a.toString());
        }
    }

    @Test
    void aNameThatIsNoObjectNameValueIsRefusedNamingTheValue() {
        final WorkerPoolBuilder<NumberedJob> b = ConcurrentWorkerPool.builder(NumberedJob::new, (NumberedJob j) -> { });
        for (final String bad : new String[] {"a,b", "a=b", "a:b", "a\"b", "a*", "a?", "a\nb"}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.name(bad));
            assertTrue(e.getMessage().startsWith("name ") && e.getMessage().contains(bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> b.name(""));
        assertThrows(NullPointerException.class, () -> b.name(null));
    }
}
