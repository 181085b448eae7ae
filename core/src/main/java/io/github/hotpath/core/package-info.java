/**
 * What every other hotpath module stands on.
 *
 * <p>{@link io.github.hotpath.core.Resettable} is the contract that makes reuse safe: an object is reset in one
 * place, when it is released, so the next user can never see the previous user's data.
 *
 * <p>{@link io.github.hotpath.core.Backoff}, {@link io.github.hotpath.core.Durations} and
 * {@link io.github.hotpath.core.BackgroundWork} are the shared words for waiting, timing out and settling.
 *
 * <p>{@link io.github.hotpath.core.AllocationMeter} is how a claim of "zero allocation" is proven rather than
 * believed: it reads HotSpot's exact per-thread allocation counters around a warmed-up operation, for the calling
 * thread and for the background threads the work crosses to, settles them with {@code BackgroundWork}, and fails
 * loudly on a JVM that cannot count. Its package-private parts: {@code MeteredRun} (one measurement's windows),
 * {@code JitWarmup}, {@code AllocationReport} (the words of a failure), and the only two classes that name optional
 * modules, {@code HotSpotCounters} ({@code jdk.management}) and {@code AllocationSites} ({@code jdk.jfr}). The
 * JUnit 5 face is in {@code io.github.hotpath.core.junit}.
 */
package io.github.hotpath.core;
