package io.github.hotpath.worker;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints the first failure in full, then at most one summary line per interval: a failing handler must not turn
 * the error stream into the bottleneck. Allocates only when it prints.
 */
final class RateLimitedErrorReporter<J> implements JobErrorHandler<J> {
    private final PrintStream out;
    private final long intervalNanos;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastPrintNanos = new AtomicLong();
    private final AtomicLong failuresAtLastPrint = new AtomicLong();

    RateLimitedErrorReporter(final PrintStream out, final long intervalNanos) {
        this.out = out;
        this.intervalNanos = intervalNanos;
    }

    @Override
    public void onError(final J job, final Throwable error) {
        final long n = failures.incrementAndGet();
        final long now = System.nanoTime();
        if (n == 1) {
            lastPrintNanos.set(now);
            failuresAtLastPrint.set(1);
            out.println("hotpath worker pool: a job failed on thread " + Thread.currentThread().getName()
                + " (further failures are summarised at most once per " + intervalNanos / 1_000_000 + " ms):");
            error.printStackTrace(out);
            return;
        }
        final long last = lastPrintNanos.get();
        if (now - last >= intervalNanos && lastPrintNanos.compareAndSet(last, now)) {
            final long since = n - failuresAtLastPrint.getAndSet(n);
            out.println("hotpath worker pool: " + since + " more failed job(s), " + n + " in all; latest: " + error);
        }
    }

    /** Failures seen so far (for tests). */
    long failures() {
        return failures.get();
    }
}
