package io.github.hotpath.benchmarks.service;

import io.github.hotpath.pool.RequestContext;
import io.github.hotpath.text.TextBuilder;

/**
 * The example service's own context: hotpath's {@link RequestContext} (ids, headers, trace, tags) extended with
 * the text builders a request renders into and the numbers it computes. Pooled whole, so a request borrows its
 * scratch space with its context and gives both back in one release.
 *
 * <p>Thread-safety: one request at a time, as every pooled object. Allocation: none after warm-up; a builder that
 * grew past 16 KiB for one huge request shrinks back on reset.
 */
// snippet: hotpath-context
public final class ServiceContext extends RequestContext {
    final TextBuilder query = new TextBuilder(256, 16 * 1024);
    final TextBuilder json = new TextBuilder(1024, 16 * 1024);
    int tenant = -1;
    int units;

    @Override
    protected void resetFields() {                  // called by reset(), on release
        query.reset();
        json.reset();
        tenant = -1;
        units = 0;
    }

    @Override
    protected boolean fieldsAreReset() {            // checked by the pool's strict mode and PoolAssertions
        return query.length() == 0 && json.length() == 0 && tenant == -1 && units == 0;
    }
}
// end-snippet
