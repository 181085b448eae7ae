package io.github.hotpath.core;

import java.time.Duration;
import java.util.List;

/**
 * A component that does part of its callers' work on threads of its own (a log writer, a worker pool), seen from a
 * test or a monitor: which threads those are, and a way to wait until the work accepted so far is done.
 *
 * <p>This is what lets an allocation test meter a whole asynchronous pipeline with no user code:
 * {@link AllocationMeter#alsoBackground(BackgroundWork...)} adds the component's {@linkplain #backgroundThreads()
 * threads} to the meter and {@linkplain #awaitSettled(Duration) settles} the component before each reading, so the
 * work of a round is counted in that round. For that to hold, an implementation
 * <ul>
 * <li>lists platform threads that stay alive while the component is open (the meter reads each one's counter, and a
 * virtual thread's allocation lands on its carrier, which no component can name);</li>
 * <li>returns {@code true} from {@link #awaitSettled(Duration)} only once its threads have done everything they do
 * for the work accepted before the call: what a thread still does for that work afterwards would be counted in the
 * next round, or missed;</li>
 * <li>allocates nothing in {@link #awaitSettled(Duration)}: it runs inside the measured window.</li>
 * </ul>
 *
 * <h2>Thread-safety</h2>
 * Implementations allow both methods from any thread, concurrently with the component's normal use.
 *
 * <h2>Allocation</h2>
 * {@link #awaitSettled(Duration)} allocates nothing on platform threads (it may park). {@link #backgroundThreads()}
 * may allocate a list: call it once, outside a measured window.
 *
 * <h2>Memory effects</h2>
 * When {@link #awaitSettled(Duration)} returns {@code true}, everything the background threads did for work accepted
 * before the call <em>happens-before</em> the return.
 */
public interface BackgroundWork {
    /**
     * The threads that do this component's work off the callers' threads, as they are now. A component that starts
     * its threads lazily or replaces them may return a different list later.
     *
     * @return the threads, never null; empty if the component does all its work on its callers' threads.
     */
    List<Thread> backgroundThreads();

    /**
     * Waits until every piece of work the component accepted before this call has been done (written, run, or
     * counted as not done), or the timeout passes.
     *
     * @param timeout how long to wait at most; zero checks without waiting.
     * @return true if everything accepted before the call was done within the timeout.
     * @throws InterruptedException     if the calling thread is interrupted while waiting.
     * @throws NullPointerException     if {@code timeout} is null.
     * @throws IllegalArgumentException if {@code timeout} is negative.
     */
    boolean awaitSettled(Duration timeout) throws InterruptedException;
}
