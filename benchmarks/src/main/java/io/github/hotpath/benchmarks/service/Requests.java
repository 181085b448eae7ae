package io.github.hotpath.benchmarks.service;

import java.util.SplittableRandom;

/**
 * Makes the example's requests: deterministic for a seed, with the article's headers ({@code X-User},
 * {@code X-Tenant} and six more), a few query parameters, and values that sometimes need JSON escaping. Built once
 * before measuring; the handlers then cycle through them.
 */
public final class Requests {
    /** How many tenants the generated requests spread over. */
    public static final int TENANTS = 16;

    private static final String[] PATHS = {"/api/orders", "/api/users/profile", "/api/search", "/health"};
    private static final String[] METHODS = {"GET", "GET", "POST", "PUT"};
    private static final String[] REGIONS = {"eu-west-1", "us-east-1", "ap-south-1"};
    private static final String[] QUERY_KEYS = {"page", "size", "sort", "q", "filter", "lang", "fields", "cursor"};

    private Requests() {
    }

    /**
     * Generates requests.
     *
     * @param count how many.
     * @param seed  the random seed: the same seed gives the same requests.
     * @return {@code count} requests.
     */
    public static Request[] generate(final int count, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final Request[] requests = new Request[count];
        for (int n = 0; n < count; n++) {
            final int queryCount = 2 + random.nextInt(QUERY_KEYS.length - 1);
            final String[] keys = new String[queryCount];
            final String[] values = new String[queryCount];
            for (int i = 0; i < queryCount; i++) {
                keys[i] = QUERY_KEYS[i];
                values[i] = queryValue(random);
            }
            final String[] names = {"X-User", "X-Tenant", "X-Request-Id", "X-Region", "Accept", "User-Agent",
                "Content-Type", "X-Trace-Id"};
            final String[] headerValues = {
                "user-" + (100_000 + random.nextInt(900_000)),
                "t-" + random.nextInt(TENANTS),
                Long.toHexString(random.nextLong()),
                REGIONS[random.nextInt(REGIONS.length)],
                "application/json",
                random.nextInt(10) == 0 ? "curl/8.5 \"quoted\" \\ agent" : "Mozilla/5.0 (X11; Linux x86_64)",
                "application/json; charset=utf-8",
                Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()),
            };
            final int route = random.nextInt(PATHS.length);
            requests[n] = new Request(METHODS[route], PATHS[route], keys, values, names, headerValues);
        }
        return requests;
    }

    private static String queryValue(final SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0:
                return Integer.toString(random.nextInt(1_000_000));
            case 1:
                return "name,-created";
            case 2:
                return "caf\u00e9 \"au lait\"";
            default:
                return Long.toString(random.nextLong() >>> 20, 36);
        }
    }
}
