package io.github.hotpath.log;

/**
 * What a {@link ConcurrentLogService} allocates when it is built (its ring's records, its entries' records, the
 * writer's line and batch buffers), estimated before anything is allocated, so that a configuration too large for
 * the heap fails at build time with a message that says why, not later with an {@code OutOfMemoryError}.
 *
 * <p>Thread-safety: stateless. Allocation: the exception's message only.
 */
final class ServiceFootprint {
    private ServiceFootprint() {
    }

    /** The smallest power of two not below {@code count}, for a count from 1 to 2^30: the ring and entries' sizes. */
    static int roundUpToPowerOfTwo(final int count) {
        return count <= 1 ? 1 : Integer.highestOneBit(count - 1) << 1;
    }

    /**
     * Checks that the service would take at most half of the maximum heap.
     *
     * @param capacity    the capacity as the builder was given it (for the message).
     * @param ring        the ring's slots, rounded up; 0 for a synchronous service.
     * @param openEntries the entries, rounded up.
     * @throws IllegalArgumentException if it would take more; the message says how much and what to lower.
     */
    static void requireFitsHeap(final int capacity, final int ring, final int openEntries, final int maxRecordChars,
                                final int maxParts) {
        // chars, tags and numbers at full size and in the small arrays every record starts in, headers
        final long record = 2L * maxRecordChars + 9L * maxParts + 2L * RecordBuffer.SMALL_CHARS
            + 9L * RecordBuffer.SMALL_PARTS + 256;
        final long writer = 2L * LineBatch.lineChars(maxRecordChars) + LineBatch.batchBytes(maxRecordChars)
            + 40L * maxParts;
        final long bytes = ((long) ring + openEntries) * record + writer;
        final long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap / 2) {
            throw new IllegalArgumentException(String.format("capacity %d and maxRecordChars %d (with maxParts %d"
                + " and %d open entries) would take about %,d MB, more than half of the maximum heap (%,d MB):"
                + " lower capacity, maxRecordChars or maxParts", capacity, maxRecordChars, maxParts, openEntries,
                bytes >> 20, heap >> 20));
        }
    }
}
