package io.github.hotpath.worker;

import io.github.hotpath.core.Resettable;

import java.util.function.ObjLongConsumer;

/** The job of the tests: a number and a check value derived from it, so a handler can see a torn or stale job. */
final class NumberedJob implements Resettable {
    static final long UNSET = -1;

    /** Fills a job from its number; counts (in {@link #notResetSeen}) a claim that returned a job not reset. */
    static final ObjLongConsumer<NumberedJob> FILL = (job, number) -> {
        if (job.number != UNSET || job.check != 0) {
            job.notResetSeen++;
        }
        job.number = number;
        job.check = checkOf(number);
    };

    long number = UNSET;
    long check;
    /** Never reset: how many times this object was claimed dirty (must stay 0). */
    long notResetSeen;

    static long checkOf(final long number) {
        return number * 0x9E3779B97F4A7C15L + 1;
    }

    boolean intact() {
        return number != UNSET && check == checkOf(number);
    }

    @Override
    public void reset() {
        number = UNSET;
        check = 0;
    }
}
