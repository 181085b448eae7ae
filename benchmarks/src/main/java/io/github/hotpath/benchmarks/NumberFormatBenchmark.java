package io.github.hotpath.benchmarks;

import io.github.hotpath.text.TextBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Formatting one number as text: {@code baseline_valueOf} ({@code String.valueOf}, a new String each time),
 * {@code anchor_jdk} (a reused {@code StringBuilder}, {@code setLength(0)} then {@code append}) and {@code hotpath}
 * (a reused {@link TextBuilder}, {@code clear()} then {@code append}). The {@code type} parameter selects the
 * overload so that the proof table pairs like with like. Values cycle through 1024 random ones per type: ints and
 * longs of every length and sign; {@code double}: values a service prints (prices and latencies with 0 to 3
 * decimals, and ratios in [0, 1)); {@code doubleBits}: random finite bit patterns of every exponent, the worst case
 * for JDK 17's {@code Double.toString}. Expect 0 B/op for anchor and hotpath; on JDK 17 {@code Double.toString}
 * allocates (and on JDK 19-23
 * {@code StringBuilder.append(double)} did too).
 *
 * <p>Run just this class: {@code benchmarks/proofs NumberFormat}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class NumberFormatBenchmark {
    private static final int MASK = 1023;

    @Param({"int", "long", "double", "doubleBits"})
    public String type;

    private final int[] ints = new int[MASK + 1];
    private final long[] longs = new long[MASK + 1];
    private final double[] doubles = new double[MASK + 1];
    private final double[] doubleBits = new double[MASK + 1];
    private final StringBuilder jdk = new StringBuilder(64);
    private final TextBuilder hotpath = new TextBuilder(64);
    private int kind;
    private int next;

    @Setup
    public void setUp() {
        final SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i <= MASK; i++) {
            ints[i] = random.nextInt() >> random.nextInt(32);
            longs[i] = random.nextLong() >> random.nextInt(64);
            doubles[i] = random.nextInt(4) == 0
                ? random.nextDouble() // a ratio: 16 or 17 digits
                : Math.round(random.nextDouble() * Math.pow(10, random.nextInt(1, 9)))
                    / Math.pow(10, random.nextInt(4));
            doubleBits[i] = Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL
                | (long) random.nextInt(2) << 63);
        }
        kind = switch (type) {
            case "int" -> 0;
            case "long" -> 1;
            case "double" -> 2;
            case "doubleBits" -> 3;
            default -> throw new IllegalArgumentException("type must be int, long, double or doubleBits: " + type);
        };
    }

    /** What a service has today: a new String per number. */
    @Benchmark
    public String baseline_valueOf() {
        final int i = next++ & MASK;
        return switch (kind) {
            case 0 -> String.valueOf(ints[i]);
            case 1 -> String.valueOf(longs[i]);
            case 2 -> String.valueOf(doubles[i]);
            default -> String.valueOf(doubleBits[i]);
        };
    }

    /** A reused JDK StringBuilder. */
    @Benchmark
    public StringBuilder anchor_jdk() {
        final int i = next++ & MASK;
        final StringBuilder sb = jdk;
        sb.setLength(0);
        return switch (kind) {
            case 0 -> sb.append(ints[i]);
            case 1 -> sb.append(longs[i]);
            case 2 -> sb.append(doubles[i]);
            default -> sb.append(doubleBits[i]);
        };
    }

    /** A reused TextBuilder. */
    @Benchmark
    public TextBuilder hotpath() {
        final int i = next++ & MASK;
        final TextBuilder b = hotpath.clear();
        return switch (kind) {
            case 0 -> b.append(ints[i]);
            case 1 -> b.append(longs[i]);
            case 2 -> b.append(doubles[i]);
            default -> b.append(doubleBits[i]);
        };
    }
}
