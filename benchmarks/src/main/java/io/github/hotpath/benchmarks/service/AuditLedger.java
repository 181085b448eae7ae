package io.github.hotpath.benchmarks.service;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where the example's side job lands: per tenant, how many requests and how many work units were recorded. The
 * totals let a test check that both handlers' side jobs did the same work.
 *
 * <p>Thread-safe: any thread may record; totals are exact once the recording threads are quiescent.
 */
public final class AuditLedger {
    private final AtomicLongArray requests = new AtomicLongArray(Requests.TENANTS);
    private final AtomicLongArray units = new AtomicLongArray(Requests.TENANTS);

    /**
     * Records one request of a tenant.
     *
     * @param tenant    tenant index, {@code 0 <= tenant < Requests.TENANTS}.
     * @param workUnits work units of the request.
     */
    public void record(final int tenant, final long workUnits) {
        requests.incrementAndGet(tenant);
        units.addAndGet(tenant, workUnits);
    }

    /**
     * @param tenant tenant index.
     * @return requests recorded for it.
     */
    public long requests(final int tenant) {
        return requests.get(tenant);
    }

    /**
     * @param tenant tenant index.
     * @return work units recorded for it.
     */
    public long units(final int tenant) {
        return units.get(tenant);
    }

    /** @return requests recorded over all tenants. */
    public long totalRequests() {
        long sum = 0;
        for (int i = 0; i < Requests.TENANTS; i++) {
            sum += requests.get(i);
        }
        return sum;
    }
}
