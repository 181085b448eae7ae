package io.github.hotpath.text;

import io.github.hotpath.core.AllocationMeter;
import io.github.hotpath.core.junit.ZeroAllocationExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every parse allocates nothing after warm-up, on success and (in the {@code tryParse} forms) on bad text, also
 * under {@code -XX:-DoEscapeAnalysis}; the exact path of {@code tryParseDouble} too once its {@code ParseResult}
 * has its scratch. The texts vary per call and the values lie outside the boxing caches. The meters come from the
 * {@link ZeroAllocationExtension}, with its defaults.
 */
@Tag("allocation")
@ExtendWith(ZeroAllocationExtension.class)
class ParseAllocationTest {
    private static final int TEXTS = 1024;
    private static final String[] INTS = new String[TEXTS];
    private static final String[] LONGS = new String[TEXTS];
    private static final String[] DOUBLES = new String[TEXTS];
    private static final TextBuilder[] BUILT = new TextBuilder[TEXTS];
    /** Texts halfway between two doubles, with long tails: only the exact comparison can round them. */
    private static final String[] MIDPOINTS = {"9007199254740993", "9007199254740993.000000000000000000001",
        "1.00000000000000011102230246251565404236316680908203125",
        "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799"
            + "618989e-324"};
    private static final ParseResult RESULT = new ParseResult();

    static long sink;

    static {
        final SplittableRandom random = new SplittableRandom(23);
        for (int i = 0; i < TEXTS; i++) {
            INTS[i] = "t-" + (random.nextInt() >> random.nextInt(32));
            LONGS[i] = Long.toString(random.nextLong() >> random.nextInt(64));
            DOUBLES[i] = random.nextBoolean() ? Double.toString(Math.round(random.nextDouble() * 1e6) / 100.0)
                : Double.toString(Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL));
            BUILT[i] = new TextBuilder(32).append(DOUBLES[i]);
        }
    }

    static Stream<Arguments> operations() {
        return Stream.of(
            op("parseInt(range)", i -> sink += TextParser.parseInt(INTS[i & 1023], 2, INTS[i & 1023].length())),
            op("parseLong", i -> sink += TextParser.parseLong(LONGS[i & 1023])),
            op("parseDouble(String)", i -> sink += (long) TextParser.parseDouble(DOUBLES[i & 1023])),
            op("parseDouble(TextBuilder)", i -> sink += (long) TextParser.parseDouble(BUILT[i & 1023])),
            op("parseBoolean", i -> sink += TextParser.parseBoolean((i & 1) == 0 ? "true" : "FALSE") ? 1 : 0),
            op("tryParseInt, good and bad", i -> sink += TextParser.tryParseInt(INTS[i & 1023], (i & 1) * 2,
                INTS[i & 1023].length(), RESULT) ? RESULT.intValue() : RESULT.errorIndex()),
            op("tryParseLong, bad", i -> sink += TextParser.tryParseLong("12345x7", 0, 7, RESULT) ? 1
                : RESULT.errorIndex() + RESULT.errorReason().length()),
            op("tryParseDouble, good and bad", i -> sink += TextParser.tryParseDouble(DOUBLES[i & 1023], i & 1,
                DOUBLES[i & 1023].length(), RESULT) ? (long) RESULT.doubleValue() : RESULT.errorIndex()),
            op("tryParseDouble, exact path", i -> sink += TextParser.tryParseDouble(MIDPOINTS[i & 3], 0,
                MIDPOINTS[i & 3].length(), RESULT) ? (long) RESULT.doubleValue() : -1),
            op("tryParseBoolean, bad", i -> sink += TextParser.tryParseBoolean("maybe", 0, 5, RESULT) ? 1
                : RESULT.errorIndex())
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
    void theMeterCatchesOneBoxedLongInTheSameSetup(final AllocationMeter meter) {
        final AssertionError e = assertThrows(AssertionError.class,
            () -> meter.assertNoAllocation("parseLong plus one box", i -> {
                sink += TextParser.parseLong(LONGS[i & 1023]);
                boxed = Long.valueOf(123_456_789L + i);
            }));
        assertTrue(e.getMessage().contains("allocated " + AllocationMeter.boxedLongBytes() + ".00"), e.getMessage());
    }

    static Object boxed;
}
