package io.github.hotpath.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measurement in progress: the operation, the threads whose counters are read, and the windows in which it runs.
 * A window settles every background component, reads every thread's counter, runs the operation a number of times,
 * settles again and reads again; the difference is the window's allocation, per thread and in total.
 *
 * <p>Only the operation and the settling run between the two readings, and neither the readings nor the loop
 * allocate; everything that does (resolving the threads, keeping results) happens outside the windows.
 *
 * <p>Used by one thread, the one that measures; not thread-safe.
 */
final class MeteredRun {
    private final AllocationMeter.Operation operation;
    private final Thread[] namedThreads;
    private final BackgroundWork[] work;
    private final Runnable settle;
    private final Duration settleTimeout;

    private Thread[] threads;
    private long[] ids;
    private long[] before;
    private long[] last;

    MeteredRun(final AllocationMeter.Operation operation, final Thread[] namedThreads, final BackgroundWork[] work,
        final Runnable settle, final Duration settleTimeout) {
        this.operation = operation;
        this.namedThreads = namedThreads;
        this.work = work;
        this.settle = settle;
        this.settleTimeout = settleTimeout;
        HotSpotCounters.requireCurrentThread(); // before any warm-up: a virtual thread would measure 0 bytes
        resolveThreads();
    }

    /**
     * Asks the background components for their threads again (one that starts its threads lazily has them after the
     * warm-up), and rebuilds the set of metered threads: the calling thread first, then the named threads and the
     * components' threads, each once.
     */
    void resolveThreads() {
        final Map<Thread, Boolean> seen = new IdentityHashMap<>();
        final List<Thread> all = new ArrayList<>();
        all.add(Thread.currentThread());
        seen.put(Thread.currentThread(), Boolean.TRUE);
        for (final Thread t : namedThreads) {
            if (seen.put(t, Boolean.TRUE) == null) {
                all.add(t);
            }
        }
        for (final BackgroundWork w : work) {
            for (final Thread t : w.backgroundThreads()) {
                if (t == null) {
                    throw new IllegalStateException(w + " listed a null background thread");
                }
                if (seen.put(t, Boolean.TRUE) == null) {
                    all.add(t);
                }
            }
        }
        threads = all.toArray(new Thread[0]);
        ids = new long[threads.length];
        for (int t = 0; t < threads.length; t++) {
            ids[t] = idOf(threads[t]);
        }
        before = new long[threads.length];
        last = new long[threads.length];
    }

    /**
     * Runs the operation {@code calls} times inside one window, numbering the calls from 0.
     *
     * @param calls how many calls.
     * @return the bytes all metered threads allocated in the window; per thread in {@link #lastBytes(int)}.
     * @throws Exception what the operation throws.
     */
    long window(final int calls) throws Exception {
        return window(calls, 0, calls);
    }

    /**
     * Runs the operation {@code calls} times inside one window, numbering the calls from {@code first} and wrapping
     * to 0 at {@code wrap}: the warm-up passes the numbers a round will pass, in the same order.
     *
     * @param calls how many calls.
     * @param first the number of the first call, below {@code wrap}.
     * @param wrap  the number after which numbering starts again at 0 (the round size).
     * @return the bytes all metered threads allocated in the window; per thread in {@link #lastBytes(int)}.
     * @throws Exception what the operation throws.
     */
    long window(final int calls, final int first, final int wrap) throws Exception {
        settleAll();
        final long[] id = ids;
        final long[] start = before;
        for (int t = 1; t < id.length; t++) {
            start[t] = read(t);
        }
        start[0] = HotSpotCounters.requireCurrentThread();
        final AllocationMeter.Operation op = operation;
        int i = first;
        for (int n = 0; n < calls; n++) {
            op.run(i);
            if (++i == wrap) {
                i = 0;
            }
        }
        settleAll();
        final long own = HotSpotCounters.currentThread() - start[0];
        last[0] = own;
        long total = own;
        for (int t = 1; t < id.length; t++) {
            final long bytes = read(t) - start[t];
            last[t] = bytes;
            total += bytes;
        }
        return total;
    }

    /** @return how many threads are metered, the calling thread included. */
    int threadCount() {
        return threads.length;
    }

    /**
     * @param t the thread's index, 0 for the calling thread.
     * @return the thread.
     */
    Thread thread(final int t) {
        return threads[t];
    }

    /**
     * @param t the thread's index, 0 for the calling thread.
     * @return the bytes that thread allocated in the last window.
     */
    long lastBytes(final int t) {
        return last[t];
    }

    /** @return the metered threads' ids, the calling thread first. */
    long[] threadIds() {
        return ids.clone();
    }

    private long read(final int t) {
        final long bytes = HotSpotCounters.thread(ids[t]);
        if (bytes < 0) {
            throw new IllegalStateException("cannot count the allocation of thread '" + threads[t].getName()
                + "': it is not alive (not started yet, or ended during the measurement), or it is a virtual thread "
                + "(whose allocation the JVM counts on its carrier)");
        }
        return bytes;
    }

    private void settleAll() {
        settle.run();
        // Twice in the order given: work that one component hands to another while it settles (a job that logs)
        // is then done too.
        for (int pass = 0; pass < 2; pass++) {
            for (final BackgroundWork w : work) {
                final boolean settled;
                try {
                    settled = w.awaitSettled(settleTimeout);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + w + " to settle", e);
                }
                if (!settled) {
                    throw new AssertionError(w + " did not finish the work handed to it within " + settleTimeout
                        + " (BackgroundWork.awaitSettled returned false): the allocation of its threads cannot be "
                        + "counted");
                }
            }
        }
    }

    @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; the baseline is 17.
    private static long idOf(final Thread thread) {
        return thread.getId();
    }
}
