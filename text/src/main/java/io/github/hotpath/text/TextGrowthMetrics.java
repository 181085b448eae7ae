package io.github.hotpath.text;

/**
 * A snapshot of a {@link ConcurrentTextGrowth}: how the builders it recorded grew. Both values only grow.
 *
 * <h2>Thread-safety and allocation</h2>
 * Immutable. Taking it allocates this record on the reading thread and writes nothing the recording threads read.
 *
 * @param grows      times a recorded builder had to grow its array (each allocated a larger one and copied), summed
 *                   over every builder and record: rising in steady state means the presize is too small.
 * @param peakLength the longest text any recorded builder held: the initial capacity that avoids every growth.
 */
public record TextGrowthMetrics(long grows, int peakLength) {
}
