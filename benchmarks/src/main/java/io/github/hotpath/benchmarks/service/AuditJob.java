package io.github.hotpath.benchmarks.service;

import io.github.hotpath.core.Resettable;

/**
 * The example's side job as a pre-allocated, reusable job object for hotpath's worker pool: the fields the naive
 * handler's lambda captured.
 */
// snippet: hotpath-job
public final class AuditJob implements Resettable {
    int tenant;
    long units;

    /** Fills a claimed job from the request's context: a method reference, so nothing is captured. */
    static void fill(final AuditJob job, final ServiceContext ctx) {
        job.tenant = ctx.tenant;
        job.units = ctx.units;
    }

    @Override
    public void reset() {
        tenant = 0;
        units = 0;
    }
}
// end-snippet
