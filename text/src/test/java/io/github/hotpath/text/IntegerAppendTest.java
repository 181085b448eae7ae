package io.github.hotpath.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IntegerAppendTest {
    private final TextBuilder b = new TextBuilder(8);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, 9, 10, -10, 99, 100, 999, 1000, 65_535, 99_999_999, 100_000_000, 999_999_999,
        1_000_000_000, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -999_999_999})
    void intEdgeValues(final int v) {
        assertEquals(Integer.toString(v), b.clear().append(v).toString());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 9, 10, 99, 100, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE,
        Integer.MIN_VALUE - 1L, 99_999_999L, 100_000_000L, 9_999_999_999_999_999L, 10_000_000_000_000_000L,
        99_999_999_999_999_999L, 100_000_000_000_000_000L, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
        Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, -1_000_000_000_000_000_000L})
    void longEdgeValues(final long v) {
        assertEquals(Long.toString(v), b.clear().append(v).toString());
    }

    @Test
    void everyPowerOfTenAndItsNeighbours() {
        long p = 1;
        for (int i = 0; i <= 18; i++) {
            for (long v : new long[] {p - 1, p, p + 1, -p + 1, -p, -p - 1}) {
                assertEquals(Long.toString(v), b.clear().append(v).toString());
                if (v == (int) v) {
                    assertEquals(Integer.toString((int) v), b.clear().append((int) v).toString());
                }
            }
            p *= 10;
        }
    }

    @Test
    void randomValuesOfEveryLength() {
        final SplittableRandom random = new SplittableRandom(42 + ReferenceScale.SEED);
        for (long i = ReferenceScale.cases(1_000_000); i > 0; i--) {
            final long v = random.nextLong() >> random.nextInt(64);
            assertEquals(Long.toString(v), b.clear().append(v).toString());
            assertEquals(Integer.toString((int) v), b.clear().append((int) v).toString());
        }
    }

    @Test
    void booleansAndChars() {
        assertEquals("true|false|\u00e9", b.clear().append(true).append('|').append(false).append('|')
            .append('\u00e9').toString());
    }
}
