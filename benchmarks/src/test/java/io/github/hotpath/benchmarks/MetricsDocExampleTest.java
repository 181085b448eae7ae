package io.github.hotpath.benchmarks;

import io.github.hotpath.core.Resettable;
import io.github.hotpath.log.ConcurrentLogService;
import io.github.hotpath.log.LogServiceMeterBinder;
import io.github.hotpath.log.LogSink;
import io.github.hotpath.pool.ConcurrentObjectPool;
import io.github.hotpath.pool.ObjectPoolMeterBinder;
import io.github.hotpath.pool.RequestContext;
import io.github.hotpath.text.ConcurrentTextGrowth;
import io.github.hotpath.text.TextBuilder;
import io.github.hotpath.text.TextGrowthMeterBinder;
import io.github.hotpath.worker.ConcurrentWorkerPool;
import io.github.hotpath.worker.WorkerPoolMeterBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The code of docs/metrics.md, compiled and run: every component on JMX and Micrometer, and a builder's growth. */
class MetricsDocExampleTest {
    private static final OutputStream OUT = OutputStream.nullOutputStream();

    /** A pooled context that owns a text builder and records its growth when it is reset. */
    // snippet: metrics-text-growth
    static final class RenderContext extends RequestContext {
        static final ConcurrentTextGrowth QUERY_GROWTH = new ConcurrentTextGrowth("request.query");
        final TextBuilder query = new TextBuilder(64, 16 * 1024);

        @Override
        protected void resetFields() {          // runs on release, on the releasing thread
            QUERY_GROWTH.record(query);         // 0 B; writes the aggregate only when the builder grew or set a peak
            query.reset();
        }

        @Override
        protected boolean fieldsAreReset() {
            return query.length() == 0;
        }
    }
    // end-snippet

    /** A job of the example's worker pool. */
    static final class AuditJob implements Resettable {
        long units;

        @Override
        public void reset() {
            units = 0;
        }
    }

    @Test
    void everyComponentOnJmxAndMicrometer() throws Exception {
        final MeterRegistry registry = new SimpleMeterRegistry();
        // snippet: metrics-setup
        ConcurrentObjectPool<RenderContext> contexts = ConcurrentObjectPool.builder(RenderContext::new)
            .name("contexts")        // the JMX name key and the Micrometer name tag; default object-pool-N
            .jmx(true)               // io.github.hotpath:type=ObjectPool,name=contexts; close() unregisters it
            .build();
        ConcurrentWorkerPool<AuditJob> audits = ConcurrentWorkerPool.builder(AuditJob::new, (AuditJob job) -> { })
            .name("audits").jmx(true).build();                   // type=WorkerPool; default worker-pool-N
        ConcurrentLogService logs = ConcurrentLogService.builder().sink(LogSink.outputStream(OUT))
            .name("app").jmx(true).build();                      // type=LogService; default log-service-N

        new ObjectPoolMeterBinder(contexts).bindTo(registry);    // Micrometer: an optional dependency
        new WorkerPoolMeterBinder(audits, Tags.of("service", "shop")).bindTo(registry);   // more tags
        new LogServiceMeterBinder(logs).bindTo(registry);
        new TextGrowthMeterBinder(RenderContext.QUERY_GROWTH).bindTo(registry);
        // end-snippet
        try {
            final long handle = contexts.acquire();
            final TextBuilder query = contexts.object(handle).query;
            for (int i = 0; i < 100; i++) {
                query.append('q');
            }
            contexts.release(handle);
            assertEquals(100, registry.get("hotpath.text.builder.peak.length").tag("name", "request.query").gauge()
                .value());
            assertTrue(registry.get("hotpath.text.builder.grows").functionCounter().count() >= 1);
            assertEquals(1, registry.get("hotpath.pool.acquired").tag("name", "contexts").functionCounter().count());
            assertEquals("shop", registry.get("hotpath.worker.threads").gauge().getId().getTag("service"));
            assertEquals(0, registry.get("hotpath.log.entries.accepted").tag("name", "app").functionCounter().count());
            for (final String type : new String[] {"ObjectPool,name=contexts", "WorkerPool,name=audits",
                "LogService,name=app"}) {
                assertTrue(ManagementFactory.getPlatformMBeanServer()
                    .isRegistered(new ObjectName("io.github.hotpath:type=" + type)), type);
            }
        } finally {
            contexts.close();
            audits.close();
            logs.close();
        }
        assertFalse(ManagementFactory.getPlatformMBeanServer()
            .isRegistered(new ObjectName("io.github.hotpath:type=LogService,name=app")));
    }
}
