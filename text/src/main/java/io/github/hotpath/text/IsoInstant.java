package io.github.hotpath.text;

/**
 * ISO-8601 UTC timestamps ({@code 2026-11-26T18:00:00.123Z}) from epoch seconds, computed with integer arithmetic
 * on the proleptic Gregorian calendar (days-to-civil by 400-year eras), without {@code java.time} objects.
 */
final class IsoInstant {
    /** Longest output: "+292278994-08-17T07:12:55.807Z" with 9 fraction digits, for any long seconds: < 48. */
    static final int MAX_CHARS = 48;
    private static final long SECONDS_PER_DAY = 86_400;
    /** Days from 0000-03-01 to 1970-01-01. */
    private static final long DAYS_0000_03_01_TO_EPOCH = 719_468;
    private static final long DAYS_PER_ERA = 146_097;

    private IsoInstant() {
    }

    /**
     * Writes the instant {@code epochSecond + fraction / 10^fractionDigits} at {@code pos}.
     *
     * @return the position after the 'Z'.
     */
    static int write(final long epochSecond, final int fraction, final int fractionDigits, final byte[] buf,
                     int pos) {
        final long days = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        final int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        // Eras of 400 years starting on March 1st, so that the leap day is the last day of a year.
        final long z = days + DAYS_0000_03_01_TO_EPOCH;
        final long era = Math.floorDiv(z, DAYS_PER_ERA);
        final int dayOfEra = (int) (z - era * DAYS_PER_ERA); // 0..146096
        final int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        final int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // from March 1st
        final int marchMonth = (5 * dayOfYear + 2) / 153; // 0 = March .. 11 = February
        final int day = dayOfYear - (153 * marchMonth + 2) / 5 + 1;
        final int month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
        final long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

        if (year > 9999) {
            buf[pos++] = '+';
            final int len = Digits.length(year);
            Digits.writeLong(year, buf, pos + len);
            pos += len;
        } else if (year < 0) {
            buf[pos++] = '-';
            final int len = Math.max(4, Digits.length(-year));
            Digits.writePadded(-year, len, buf, pos);
            pos += len;
        } else {
            Digits.writePadded(year, 4, buf, pos);
            pos += 4;
        }
        buf[pos++] = '-';
        pos = two(month, buf, pos);
        buf[pos++] = '-';
        pos = two(day, buf, pos);
        buf[pos++] = 'T';
        pos = two(secondOfDay / 3600, buf, pos);
        buf[pos++] = ':';
        pos = two(secondOfDay / 60 % 60, buf, pos);
        buf[pos++] = ':';
        pos = two(secondOfDay % 60, buf, pos);
        buf[pos++] = '.';
        Digits.writePadded(fraction, fractionDigits, buf, pos);
        pos += fractionDigits;
        buf[pos++] = 'Z';
        return pos;
    }

    private static int two(final int v, final byte[] buf, final int pos) {
        Digits.write2(v, buf, pos);
        return pos + 2;
    }
}
