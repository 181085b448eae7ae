package io.github.hotpath.worker;

import io.github.hotpath.core.Backoff;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * One worker thread of a pool: the loop that takes queued jobs and runs them, idles through the pool's
 * {@link Backoff} when the queue is empty, and ends once the pool is shut down and every accepted job is counted;
 * and the worker's own counters, written only by it and read by anyone.
 */
final class Worker<J> implements Runnable {
    /**
     * How a shut-down worker waits for a job still being handed over (a submit between its state change and its
     * offer: yields) or for an outside run to end (a CALLER_RUNS job, a take-back: parks); no hurry then.
     */
    private static final Backoff SHUTDOWN_WAIT =
        Backoff.spinYieldPark(0, 20, Duration.ofNanos(50_000), Duration.ofNanos(50_000));

    private static final VarHandle COMPLETED;
    private static final VarHandle FAILED;
    private static final VarHandle PARKED;
    private static final VarHandle PARKS;
    private static final VarHandle WAKE_UPS;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            COMPLETED = lookup.findVarHandle(Worker.class, "completed", long.class);
            FAILED = lookup.findVarHandle(Worker.class, "failed", long.class);
            PARKED = lookup.findVarHandle(Worker.class, "parked", int.class);
            PARKS = lookup.findVarHandle(Worker.class, "parks", long.class);
            WAKE_UPS = lookup.findVarHandle(Worker.class, "wakeUps", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final JobSlots<J> slots;
    private final RunState runState;
    private final IdleWorkers idle;
    private final JobRunner<J> runner;
    private final Backoff backoff;
    private final ExitHook exitHook;
    private Thread thread;
    @SuppressWarnings("unused") // through COMPLETED
    private long completed;
    @SuppressWarnings("unused") // through FAILED
    private long failed;
    @SuppressWarnings("unused") // through PARKED
    private int parked;
    @SuppressWarnings("unused") // through PARKS
    private long parks;
    @SuppressWarnings("unused") // through WAKE_UPS
    private long wakeUps;
    /** Whether this worker counts itself in the searching workers; only its own thread reads and writes it. */
    private boolean searching;

    Worker(final JobSlots<J> slots, final RunState runState, final IdleWorkers idle, final JobRunner<J> runner,
           final Backoff backoff, final ExitHook exitHook) {
        this.slots = slots;
        this.runState = runState;
        this.idle = idle;
        this.runner = runner;
        this.backoff = backoff;
        this.exitHook = exitHook;
    }

    /** Gives the worker its thread, before the thread starts ({@code Thread.start()} publishes it). */
    void bind(final Thread workerThread) {
        this.thread = workerThread;
    }

    Thread thread() {
        return thread;
    }

    @Override
    public void run() {
        try {
            loop();
        } finally {
            endSearch();
            exitHook.workerEnded();
        }
    }

    private void loop() {
        final JobSlots<J> s = slots;
        final RunState rs = runState;
        final Backoff b = backoff;
        int step = 0;
        int shutdownStep = 0;
        for (;;) {
            final int state = rs.get();
            if (state == RunState.STOP) {
                // shutdownNow() takes the queued jobs back; end once it (and any caller-run job) is done.
                if (rs.noOutsideRuns()) {
                    return;
                }
                shutdownStep = awaitOutsideRuns(shutdownStep);
                continue;
            }
            final int slot = s.takeQueued();
            if (slot >= 0) {
                step = 0;
                endSearch(); // may pass a wake-up on: more jobs queued than this worker takes
                // As ThreadPoolExecutor: an interrupt aimed at an earlier handler must not reach this one,
                // unless it is shutdownNow()'s (the run state is STOP before it interrupts).
                if (Thread.interrupted() && rs.get() == RunState.STOP) {
                    thread.interrupt();
                }
                runOne(slot);
            } else if (state != RunState.ACCEPTING && !s.anyQueued()) {
                // Shut down and every accepted job taken; end once no caller still runs one (read after the run
                // state: the Dekker pair of RunState).
                if (rs.noOutsideRuns()) {
                    return;
                }
                shutdownStep = awaitOutsideRuns(shutdownStep);
            } else {
                startSearch();
                if (state != RunState.ACCEPTING) {
                    shutdownStep = SHUTDOWN_WAIT.idle(shutdownStep); // a submit is between its state change and offer
                } else if (b.parksAt(step)) {
                    // A parked worker is no searcher; a job queued while it searched is seen by stopSearching()
                    // (another worker woken) or by the re-check of the park (this one stays awake).
                    endSearch();
                    step = idle.park(this, step, b);
                } else {
                    step = b.idle(step);
                }
            }
        }
    }

    private void runOne(final int slot) {
        final boolean ok = runner.run(slot);
        // Only this worker writes its counters: a release store (a plain store on x86) publishes the job's
        // handling to whoever reads the count with an acquire load. Counted before freed: a free job is counted.
        if (ok) {
            COMPLETED.setRelease(this, (long) COMPLETED.getOpaque(this) + 1);
        } else {
            FAILED.setRelease(this, (long) FAILED.getOpaque(this) + 1);
        }
        runner.free(slot);
    }

    private void startSearch() {
        if (!searching) {
            searching = true;
            idle.startSearching(); // before the next poll: producers may now skip waking
        }
    }

    /** Leaves the searching state, if in it, taking over any wake-up a producer skipped meanwhile. */
    private void endSearch() {
        if (searching) {
            searching = false;
            idle.stopSearching();
        }
    }

    private int awaitOutsideRuns(final int shutdownStep) {
        Thread.interrupted(); // the pool is shut down: an interrupt would only turn this wait into spinning
        return SHUTDOWN_WAIT.idle(shutdownStep);
    }

    void raiseParkedFlag() {
        PARKED.setVolatile(this, 1);
    }

    /** Lowers the parked flag if it is raised; true for the one caller (the worker or a waker) that lowered it. */
    boolean lowerParkedFlag() {
        return (int) PARKED.getVolatile(this) == 1 && PARKED.compareAndSet(this, 1, 0);
    }

    /** Whether the parked flag is raised: announced and not yet woken (the jcstress test of the handshake reads it). */
    boolean parkedFlagRaised() {
        return (int) PARKED.getVolatile(this) == 1;
    }

    void countPark() {
        PARKS.setOpaque(this, (long) PARKS.getOpaque(this) + 1);
    }

    long completed() {
        return (long) COMPLETED.getAcquire(this);
    }

    long failed() {
        return (long) FAILED.getAcquire(this);
    }

    long parks() {
        return (long) PARKS.getOpaque(this);
    }

    /**
     * Counted by the waker that lowered this worker's parked flag, before it unparks it: one waker per raised flag,
     * and raises and lowers alternate through the flag's volatile accesses, so the count needs no atomic add.
     */
    void countWakeUp() {
        WAKE_UPS.setOpaque(this, (long) WAKE_UPS.getOpaque(this) + 1);
    }

    /** Wake-ups this worker was sent by other threads (the jcstress test of the handshake reads it). */
    long wakeUps() {
        return (long) WAKE_UPS.getOpaque(this);
    }
}
