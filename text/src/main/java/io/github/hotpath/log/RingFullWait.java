package io.github.hotpath.log;

import io.github.hotpath.core.Backoff;

import java.time.Duration;

/**
 * The wait of {@code whenFullWait()}: a producer that found the ring full offers again until the writer has made
 * room or the service closes, nudging the writer awake and backing off between tries (spin, yield, then parks of
 * 20 µs). Nothing is lost while the service is open; a slow sink stalls every thread that logs.
 *
 * <p>An interrupt does not end the wait (the record would be lost) and must not turn it into a busy spin (a pending
 * interrupt makes {@code parkNanos} return at once): it is cleared while waiting and set again before returning.
 *
 * <p>Allocation: none on platform threads; parking a virtual thread may allocate in the JDK's scheduler.
 */
final class RingFullWait implements WhenRingFull {
    private static final Backoff BACKOFF =
        Backoff.spinYieldPark(100, 100, Duration.ofNanos(20_000), Duration.ofNanos(20_000));

    @Override
    public int afterFull(final RecordRing ring, final LogEntry entry, final AsynchronousHandoff handoff) {
        boolean interrupted = false;
        int result = RecordRing.FULL;
        int step = 0;
        try {
            do {
                interrupted |= Thread.interrupted();
                handoff.wakeWriterIfSleeping();
                step = BACKOFF.idle(step);
                result = ring.offer(entry);
            } while (result == RecordRing.FULL);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return result;
    }
}
