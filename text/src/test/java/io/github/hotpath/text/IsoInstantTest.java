package io.github.hotpath.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Timestamps against {@code java.time}, which the builder itself never uses. */
class IsoInstantTest {
    private static final DateTimeFormatter MILLIS =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NANOS =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final TextBuilder b = new TextBuilder(8);

    @ParameterizedTest
    @CsvSource({
        "0, 1970-01-01T00:00:00.000Z",
        "-1, 1969-12-31T23:59:59.999Z",
        "1795715234567, 2026-11-26T17:47:14.567Z",
        "951782400000, 2000-02-29T00:00:00.000Z",
        "253402300799999, 9999-12-31T23:59:59.999Z",
        "253402300800000, +10000-01-01T00:00:00.000Z",
        "-62167219200000, 0000-01-01T00:00:00.000Z",
        "-62167219200001, -0001-12-31T23:59:59.999Z",
    })
    void knownMillis(final long millis, final String text) {
        assertEquals(text, b.clear().appendIsoInstantMillis(millis).toString());
    }

    @Test
    void randomMillisAgreeWithJavaTime() {
        final SplittableRandom random = new SplittableRandom(3);
        final long range = Long.MAX_VALUE; // every long millisecond is within java.time's range
        for (long i = ReferenceScale.cases(1_000_000); i > 0; i--) {
            final long millis = random.nextLong(-range, range) >> random.nextInt(40);
            final Instant instant = Instant.ofEpochMilli(millis);
            final String text = b.clear().appendIsoInstantMillis(millis).toString();
            assertEquals(MILLIS.format(instant), text, () -> "millis " + millis);
            if (millis % 1000 != 0) {
                assertEquals(instant.toString(), text, "Instant.toString agrees when the fraction is not zero");
            }
        }
    }

    @Test
    void randomSecondsAndNanosAgreeWithJavaTime() {
        final SplittableRandom random = new SplittableRandom(4);
        for (long i = ReferenceScale.cases(1_000_000); i > 0; i--) {
            final long seconds = random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                >> random.nextInt(40);
            final int nanos = random.nextInt(1_000_000_000);
            final String text = b.clear().appendIsoInstant(seconds, nanos).toString();
            final Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertEquals(NANOS.format(instant), text, () -> "seconds " + seconds + " nanos " + nanos);
            if (nanos % 1000 != 0) {
                assertEquals(instant.toString(), text);
            }
        }
    }

    @Test
    void everyDayOfFourHundredYearsAroundTheEpoch() {
        for (long day = -73_048; day <= 73_048; day++) {
            final long millis = day * 86_400_000L + 43_200_123L;
            assertEquals(MILLIS.format(Instant.ofEpochMilli(millis)),
                b.clear().appendIsoInstantMillis(millis).toString());
        }
    }

    @Test
    void extremeLongsAreAccepted() {
        assertEquals(MILLIS.format(Instant.ofEpochMilli(Long.MAX_VALUE)),
            b.clear().appendIsoInstantMillis(Long.MAX_VALUE).toString());
        assertEquals(MILLIS.format(Instant.ofEpochMilli(Long.MIN_VALUE)),
            b.clear().appendIsoInstantMillis(Long.MIN_VALUE).toString());
        // Beyond java.time's range: the same calendar arithmetic, with a signed year of up to 12 digits.
        final String max = b.clear().appendIsoInstant(Long.MAX_VALUE, 999_999_999).toString();
        assertEquals(true, max.startsWith("+292277026596-") && max.endsWith(".999999999Z"), max);
        final String min = b.clear().appendIsoInstant(Long.MIN_VALUE, 0).toString();
        assertEquals(true, min.startsWith("-292277022657-") && min.endsWith(".000000000Z"), min);
    }

    @Test
    void rejectsNanosOutOfRangeAndAppendsNothing() {
        b.clear().append("keep");
        assertThrows(IllegalArgumentException.class, () -> b.appendIsoInstant(0, -1));
        assertThrows(IllegalArgumentException.class, () -> b.appendIsoInstant(0, 1_000_000_000));
        assertEquals("keep", b.toString());
    }
}
