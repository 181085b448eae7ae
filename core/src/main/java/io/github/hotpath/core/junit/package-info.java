/**
 * The JUnit 5 face of {@link io.github.hotpath.core.AllocationMeter}: {@link
 * io.github.hotpath.core.junit.AllocationFree} marks a test that proves an operation allocates nothing, and the
 * {@link io.github.hotpath.core.junit.ZeroAllocationExtension} injects the meter it measures with.
 *
 * <p>JUnit is an optional dependency of {@code hotpath-core} ({@code requires static org.junit.jupiter.api}): this
 * package is for tests, which have JUnit; nothing else in hotpath loads it.
 */
package io.github.hotpath.core.junit;
