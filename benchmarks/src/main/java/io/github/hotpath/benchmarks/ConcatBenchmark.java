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
 * The article's culprit 2 in Java: rendering {@code rows} key=value pairs into one text.
 *
 * <p>{@code baseline_plusInLoop} is {@code s += key + "=" + value + "&"} (a new String per row, quadratic copying);
 * {@code baseline_builderDefault} a {@code new StringBuilder()} that grows by copying; {@code anchor_builderPresized}
 * a {@code new StringBuilder(exactSize)} then {@code toString()}, the best plain JDK code. {@code hotpath_toString}
 * renders into a reused {@link TextBuilder} and asks for the String (expect only the String's bytes per op);
 * {@code hotpath_toBytes} encodes the same render as UTF-8 into a reused {@code byte[]}, the shape of writing to a
 * socket buffer (expect 0 B/op). The rows are built in {@code @Setup} from random data, so nothing constant-folds.
 *
 * <p>Run just this class: {@code benchmarks/proofs Concat}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ConcatBenchmark {
    @Param({"20", "200", "2000"})
    public int rows;

    private String[] keys;
    private String[] values;
    private int exactLength;
    private TextBuilder builder;
    private byte[] bytes;

    @Setup
    public void setUp() {
        final SplittableRandom random = new SplittableRandom(2026);
        keys = new String[rows];
        values = new String[rows];
        for (int i = 0; i < rows; i++) {
            keys[i] = "key" + random.nextInt(1_000_000);
            values[i] = Long.toString(random.nextLong(1L << 40), 36);
            exactLength += keys[i].length() + 1 + values[i].length() + 1;
        }
        builder = new TextBuilder(exactLength);
        bytes = new byte[exactLength * 3];
    }

    /** What a service has today: string concatenation in a loop. */
    @Benchmark
    public String baseline_plusInLoop() {
        String s = "";
        for (int i = 0; i < keys.length; i++) {
            s += keys[i] + "=" + values[i] + "&";
        }
        return s;
    }

    /** A StringBuilder without a size: it grows by copying. */
    @Benchmark
    public String baseline_builderDefault() {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.length; i++) {
            sb.append(keys[i]).append('=').append(values[i]).append('&');
        }
        return sb.toString();
    }

    /** The best plain JDK code: a StringBuilder of the exact size, then its String. */
    @Benchmark
    public String anchor_builderPresized() {
        final StringBuilder sb = new StringBuilder(exactLength);
        for (int i = 0; i < keys.length; i++) {
            sb.append(keys[i]).append('=').append(values[i]).append('&');
        }
        return sb.toString();
    }

    /** A reused, presized TextBuilder, then its String: only the String is allocated. */
    @Benchmark
    public String hotpath_toString() {
        final TextBuilder b = builder.clear();
        for (int i = 0; i < keys.length; i++) {
            b.append(keys[i]).append('=').append(values[i]).append('&');
        }
        return b.toString();
    }

    /** The same render written as UTF-8 into a reused byte[]: nothing is allocated. */
    @Benchmark
    public int hotpath_toBytes() {
        final TextBuilder b = builder.clear();
        for (int i = 0; i < keys.length; i++) {
            b.append(keys[i]).append('=').append(values[i]).append('&');
        }
        return b.writeUtf8(bytes, 0);
    }
}
