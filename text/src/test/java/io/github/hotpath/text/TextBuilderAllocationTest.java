package io.github.hotpath.text;

import io.github.hotpath.core.AllocationMeter;
import io.github.hotpath.core.junit.ZeroAllocationExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every append kind and every byte output allocates nothing after warm-up, also under {@code -XX:-DoEscapeAnalysis}
 * (the Surefire execution for the "allocation" tag); {@code toString()} allocates exactly its String. Values vary
 * per call and lie outside the boxing caches, so hidden boxing would show. Each test takes its meter from the
 * {@link ZeroAllocationExtension}, with its defaults: warm-up until the JIT has settled, nothing tuned.
 */
@Tag("allocation")
@ExtendWith(ZeroAllocationExtension.class)
class TextBuilderAllocationTest {
    private static final int VALUES = 1024;
    private static final double[] DOUBLES = new double[VALUES];
    private static final float[] FLOATS = new float[VALUES];
    private static final String[] TEXTS = {"k\u00e9y=value&", "plain ascii text", "quote\" \\ \n tab\t \u2028",
        "emoji \uD83D\uDE00 and lone \uD800 surrogate", "\u20ac 12,50"};

    static Object sink;
    static long primitiveSink;

    private static final TextBuilder B = new TextBuilder(4096);
    /** Less room than a double's longest text (and a retained limit below it), enough for the text written. */
    private static final TextBuilder TINY = new TextBuilder(4);
    private static final TextBuilder SMALL = new TextBuilder(15);
    private static final TextBuilder SOURCE = new TextBuilder(64).append("from another builder");
    private static final StringBuilder JDK_SOURCE = new StringBuilder("from a StringBuilder");
    private static final byte[] BYTES = new byte[16 * 1024];
    private static final char[] CHARS = "record \"chars\"\n caf\u00e9 \u20ac".toCharArray();
    private static final ByteBuffer HEAP = ByteBuffer.allocate(16 * 1024);
    private static final ByteBuffer DIRECT = ByteBuffer.allocateDirect(16 * 1024);
    private static final OutputStream DISCARD = new OutputStream() {
        @Override
        public void write(final int b) {
            primitiveSink += b;
        }

        @Override
        public void write(final byte[] b, final int off, final int len) {
            primitiveSink += len + b[off];
        }
    };

    @BeforeAll
    static void values() {
        final SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < VALUES; i++) {
            DOUBLES[i] = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextDouble() * 1e6;
            FLOATS[i] = i % 2 == 0 ? Float.intBitsToFloat(random.nextInt()) : (float) random.nextDouble() * 1e3f;
        }
        DOUBLES[0] = 1e300; // fixed-point of a huge value takes the limb path
    }

    static Stream<Arguments> operations() {
        return Stream.of(
            op("append(String)", i -> B.clear().append(TEXTS[i % TEXTS.length])),
            op("append(CharSequence, start, end)", i -> B.clear().append(TEXTS[1], i % 4, 10)),
            op("append(TextBuilder)", i -> B.clear().append(SOURCE)),
            op("append(StringBuilder)", i -> B.clear().append(JDK_SOURCE)),
            op("append(null)", i -> B.clear().append((CharSequence) null)),
            op("append(char)", i -> B.clear().append((char) ('a' + (i & 15)))),
            op("append(boolean)", i -> B.clear().append((i & 1) == 0)),
            op("append(int)", i -> B.clear().append(123_456_789 + i).append(-i - 1_000)),
            op("append(long)", i -> B.clear().append(123_456_789_012L * i).append(Long.MIN_VALUE + i)),
            op("append(float)", i -> B.clear().append(FLOATS[i & (VALUES - 1)])),
            op("append(double)", i -> B.clear().append(DOUBLES[i & (VALUES - 1)])),
            op("appendFixed(double, n)", i -> B.clear().appendFixed(DOUBLES[i & (VALUES - 1)], i % 19)),
            op("appendIsoInstantMillis", i -> B.clear().appendIsoInstantMillis(1_795_715_234_567L + 86_400_123L * i)),
            op("appendIsoInstant", i -> B.clear().appendIsoInstant(-1_795_715_234L + 86_399L * i, i * 997)),
            op("appendJsonString", i -> B.clear().appendJsonString(TEXTS[i % TEXTS.length])),
            op("appendJsonEscaped", i -> B.clear().appendJsonEscaped(TEXTS[i % TEXTS.length])),
            op("setLength + charAt + length", i -> {
                B.clear().append(TEXTS[1]).setLength(i % 10);
                primitiveSink += B.length() + (B.length() > 0 ? B.charAt(0) : 0);
            }),
            op("utf8Length", i -> primitiveSink += B.clear().append(TEXTS[i % TEXTS.length]).utf8Length()),
            op("writeUtf8(byte[])", i -> primitiveSink += B.clear().append(TEXTS[i % TEXTS.length])
                .writeUtf8(BYTES, i & 255)),
            op("writeUtf8(heap ByteBuffer)", i -> {
                HEAP.clear();
                primitiveSink += B.clear().append(TEXTS[i % TEXTS.length]).writeUtf8(HEAP);
            }),
            op("writeUtf8(direct ByteBuffer)", i -> {
                DIRECT.clear();
                primitiveSink += B.clear().append(TEXTS[i % TEXTS.length]).writeUtf8(DIRECT);
            }),
            op("writeUtf8(OutputStream)", i -> B.clear().append(TEXTS[i % TEXTS.length]).writeUtf8(DISCARD)),
            op("reset within the retained limit", i -> B.append(TEXTS[0]).reset()),
            op("truncate + setLength padding", i -> B.clear().append(TEXTS[1]).truncate(i % 10).setLength(12)),
            op("charAt", i -> primitiveSink += B.charAt(i % B.length())),
            op("contentEquals(String)", i -> primitiveSink += B.clear().append(TEXTS[i % TEXTS.length])
                .contentEquals(TEXTS[(i >> 1) % TEXTS.length]) ? 1 : 0),
            op("contentEquals(TextBuilder)", i -> primitiveSink += B.clear().append("from another builder")
                .contentEquals(SOURCE) ? 1 : 0),
            op("appendZeroPadded", i -> B.clear().appendZeroPadded(123_456_789L * (i - 500), i % 25)),
            op("appendHex(int) + appendHex(long)", i -> B.clear().appendHex(123_456_789 * i).appendHex(-9_876L * i)),
            op("appendHexZeroPadded", i -> B.clear().appendHexZeroPadded(0xABCDEFL * i, 16)),
            op("numbers after a wide char (UTF-16 storage)", i -> B.clear().append('\u20ac')
                .append(123_456_789L * i).append(DOUBLES[i & (VALUES - 1)]).appendIsoInstantMillis(i * 1_000_003L)
                .appendFixed(DOUBLES[i & (VALUES - 1)], 3)),
            op("a double into less room than its longest text", i -> {
                TINY.reset(); // was: each render grew the builder past its retained limit, and reset() shrank it
                TINY.append(1.5 + (i & 7));
            }),
            op("a double into a small builder's UTF-16 content", i -> {
                SMALL.reset(); // was: the digits went through the Latin-1 array, regrown after each reset()
                SMALL.append('\u20ac').append(2.5 + (i & 7)).append(-7L - (i & 7));
            }),
            op("append(char[]) + appendJsonEscaped(char[])", i -> B.clear().append(CHARS, i & 7, 12)
                .appendJsonEscaped(CHARS, i & 3, 16)),
            op("appendJsonString of itself", i -> B.clear().append(TEXTS[i % TEXTS.length]).appendJsonString(B))
        );
    }

    private static Arguments op(final String name, final AllocationMeter.Operation operation) {
        return Arguments.of(name, operation);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void allocatesNothingAfterWarmup(final String name, final AllocationMeter.Operation operation,
        final AllocationMeter meter) {
        meter.assertNoAllocation(name, operation);
    }

    @Test
    void toStringAllocatesExactlyTheString(final AllocationMeter meter) {
        final char[] content = "id=123456789&name=caf\u00e9&ratio=0.25".toCharArray();
        // The size of the same String built by the JDK from the same chars, measured here, not guessed.
        final long stringBytes = Math.round(meter.measure(i -> sink = new String(content, 0, content.length))
            .bytesPerOperation());
        assertTrue(stringBytes >= content.length + 16, "a String of " + content.length + " Latin-1 chars is at least "
            + "its bytes plus a header: measured " + stringBytes);
        B.clear().append(new String(content));
        meter.assertBytesPerOperation("toString()", stringBytes, i -> sink = B.toString());
        assertEquals(new String(content), B.toString());
    }

    @Test
    void toStringOfOtherUnicodeAllocatesWhatTheJdkNeedsForAStringFromChars(final AllocationMeter meter) {
        final char[] content = "euro \u20ac, emoji \uD83D\uDE00, 123456789".toCharArray();
        final long stringBytes = Math.round(meter.measure(i -> sink = new String(content, 0, content.length))
            .bytesPerOperation());
        assertTrue(stringBytes >= 2L * content.length + 16, "UTF-16 content takes two bytes a char: " + stringBytes);
        B.clear().append(new String(content));
        meter.assertBytesPerOperation("toString() of UTF-16 content", stringBytes, i -> sink = B.toString());
    }

    @Test
    void theMeterCatchesOneBoxedLongInTheSameSetup(final AllocationMeter meter) {
        final AssertionError e = assertThrows(AssertionError.class,
            () -> meter.assertNoAllocation("append(long) plus one box", i -> {
                B.clear().append(123_456_789_012L * i);
                sink = Long.valueOf(123_456_789L + i);
            }));
        assertTrue(e.getMessage().contains("allocated " + AllocationMeter.boxedLongBytes() + ".00"), e.getMessage());
    }

    @Test
    void growthAllocatesAndIsCounted(final AllocationMeter meter) {
        // The documented exception: an append that does not fit allocates (and the meter sees it).
        final AllocationMeter.Measurement m = meter.warmup(1_000).operations(1_000).measure(i -> {
            final TextBuilder small = new TextBuilder(1);
            small.append(123_456_789L + i);
            sink = small;
        });
        assertTrue(m.bytesPerOperation() > 0, m.toString());
    }
}
