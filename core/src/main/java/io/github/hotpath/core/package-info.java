/**
 * The two ideas every other hotpath module stands on.
 *
 * <p>{@link io.github.hotpath.core.Resettable} is the contract that makes reuse safe: an object is reset in one
 * place, when it is released, so the next user can never see the previous user's data.
 *
 * <p>{@link io.github.hotpath.core.AllocationMeter} is how a claim of "zero allocation" is proven rather than
 * believed: it reads HotSpot's exact per-thread allocation counter around a warmed-up operation, for the calling
 * thread and for any other thread the work crosses to, and fails loudly on a JVM that cannot count.
 */
package io.github.hotpath.core;
