package io.github.hotpath.benchmarks.service;

/**
 * A fixed-size, allocation-free latency histogram for the load run: log-linear buckets (each power of two split
 * into 32 sub-buckets), so any recorded value is reported within about 3 % of itself, from 1 ns to
 * {@code Long.MAX_VALUE}. Recording is a few arithmetic operations and one array increment.
 *
 * <p>Single-threaded. Allocates only when built.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 5;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;

    private final long[] counts = new long[64 * SUB_BUCKETS];
    private long total;
    private long max;

    void record(final long nanos) {
        final long v = Math.max(1, nanos);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /**
     * The smallest recorded bucket's upper value below which at least {@code fraction} of the values fall.
     *
     * @param fraction 0 to 1, e.g. 0.999.
     * @return an upper bound of that percentile, within the bucket's width.
     */
    long percentile(final double fraction) {
        final long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank && counts[i] > 0) {
                return Math.min(max, upperValue(i));
            }
        }
        return max;
    }

    private static int index(final long v) {
        final int magnitude = 63 - Long.numberOfLeadingZeros(v);      // floor(log2 v)
        if (magnitude < SUB_BITS) {
            return (int) v;                                           // small values are exact
        }
        final int sub = (int) (v >>> (magnitude - SUB_BITS)) & (SUB_BUCKETS - 1);
        return (magnitude - SUB_BITS + 1) * SUB_BUCKETS + sub;
    }

    private static long upperValue(final int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        final int magnitude = index / SUB_BUCKETS + SUB_BITS - 1;
        final long sub = index % SUB_BUCKETS;
        final long base = (SUB_BUCKETS + sub) << (magnitude - SUB_BITS);
        return base + (1L << (magnitude - SUB_BITS)) - 1;
    }
}
