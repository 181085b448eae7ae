package io.github.hotpath.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The article's culprit 3a in Java: a call that takes {@code Object} boxes every primitive passed to it.
 *
 * <p>{@code baseline_boxed} hands an {@code int} and a {@code long} (values outside the boxing caches, as a request
 * id and a latency are) to a {@code record(String, Object)} call, the shape of every {@code Object...} logger API;
 * {@code hotpath_primitive} hands the same values to primitive overloads. The callee is kept out of line, as a real
 * logger's would be, so the JIT cannot scalar-replace the boxes. Expect two boxes a call (16 + 24 bytes with
 * default HotSpot flags) for the baseline and 0 B/op for the primitive overloads.
 *
 * <p>Run just this class: {@code benchmarks/proofs Boxing}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class BoxingBenchmark {
    private static final long FIRST_REQUEST_ID = 123_456_789L;

    private final ObjectRecorder objectRecorder = new ObjectRecorder();
    private final PrimitiveRecorder primitiveRecorder = new PrimitiveRecorder();
    private long requestId = FIRST_REQUEST_ID;

    /** What a service has today: primitives boxed into {@code Object} parameters. */
    @Benchmark
    public long baseline_boxed() {
        final long id = requestId++;
        final int status = 100_000 + (int) (id & 0xFFF);
        objectRecorder.record("status", status);
        objectRecorder.record("requestId", id);
        return objectRecorder.count;
    }

    /** The same two calls through primitive overloads: nothing is boxed. */
    @Benchmark
    public long hotpath_primitive() {
        final long id = requestId++;
        final int status = 100_000 + (int) (id & 0xFFF);
        primitiveRecorder.record("status", status);
        primitiveRecorder.record("requestId", id);
        return primitiveRecorder.count;
    }

    /**
     * The shape of an {@code Object...} logger API: it keeps a reference to what it is given, as an asynchronous
     * logger does with its arguments, so the box escapes.
     */
    static final class ObjectRecorder {
        String lastKey;
        Object lastValue;
        long count;

        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        void record(final String key, final Object value) {
            lastKey = key;
            lastValue = value;
            count++;
        }
    }

    /** The same recorder with primitive overloads: it copies the value instead of keeping a box. */
    static final class PrimitiveRecorder {
        String lastKey;
        long lastLong;
        int lastInt;
        long count;

        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        void record(final String key, final long value) {
            lastKey = key;
            lastLong = value;
            count++;
        }

        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        void record(final String key, final int value) {
            lastKey = key;
            lastInt = value;
            count++;
        }
    }
}
