package io.github.hotpath.benchmarks;

import io.github.hotpath.text.TextParser;
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
 * Reading a number out of a header or query value such as {@code t-42}, from index 2 to the end:
 * {@code baseline_substringParse} ({@code Integer.parseInt(s.substring(2))}, a String per call, what a service has
 * today), {@code anchor_jdk} (the JDK's range forms {@code Integer.parseInt(CharSequence, int, int, int)} and
 * {@code Long.parseLong(...)}; for {@code double} the JDK has none, so it is {@code Double.parseDouble} of the
 * substring) and {@code hotpath} ({@link TextParser}'s range forms). The {@code type} parameter selects the
 * parser. Values cycle through 1024 random ones: ints and longs of every length and sign; doubles as a service
 * prints them (prices and latencies with 0 to 3 decimals, and ratios with 16 or 17 digits). Expect 0 B/op for
 * the range forms; the substring costs its String, and JDK 17's {@code Double.parseDouble} allocates too.
 *
 * <p>Run just this class: {@code benchmarks/proofs Parse}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ParseBenchmark {
    private static final int MASK = 1023;

    @Param({"int", "long", "double"})
    public String type;

    private final String[] texts = new String[MASK + 1];
    private int kind;
    private int next;

    @Setup
    public void setUp() {
        final SplittableRandom random = new SplittableRandom(29);
        kind = switch (type) {
            case "int" -> 0;
            case "long" -> 1;
            case "double" -> 2;
            default -> throw new IllegalArgumentException("type must be int, long or double: " + type);
        };
        for (int i = 0; i <= MASK; i++) {
            final String value = switch (kind) {
                case 0 -> Integer.toString(random.nextInt() >> random.nextInt(32));
                case 1 -> Long.toString(random.nextLong() >> random.nextInt(64));
                default -> Double.toString(random.nextInt(4) == 0 ? random.nextDouble()
                    : Math.round(random.nextDouble() * Math.pow(10, random.nextInt(1, 9)))
                        / Math.pow(10, random.nextInt(4)));
            };
            texts[i] = "t-" + value;
        }
    }

    /** What a service has today: a substring, then the JDK's parser. */
    @Benchmark
    public double baseline_substringParse() {
        final String s = texts[next++ & MASK];
        return switch (kind) {
            case 0 -> Integer.parseInt(s.substring(2));
            case 1 -> Long.parseLong(s.substring(2));
            default -> Double.parseDouble(s.substring(2));
        };
    }

    /** The JDK's range parsers (Double has none: it parses the substring). */
    @Benchmark
    public double anchor_jdk() {
        final String s = texts[next++ & MASK];
        return switch (kind) {
            case 0 -> Integer.parseInt(s, 2, s.length(), 10);
            case 1 -> Long.parseLong(s, 2, s.length(), 10);
            default -> Double.parseDouble(s.substring(2));
        };
    }

    /** TextParser's range forms: nothing allocated. */
    @Benchmark
    public double hotpath() {
        final String s = texts[next++ & MASK];
        return switch (kind) {
            case 0 -> TextParser.parseInt(s, 2, s.length());
            case 1 -> TextParser.parseLong(s, 2, s.length());
            default -> TextParser.parseDouble(s, 2, s.length());
        };
    }
}
