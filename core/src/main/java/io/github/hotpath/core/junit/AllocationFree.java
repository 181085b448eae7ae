package io.github.hotpath.core.junit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JUnit 5 test that proves an operation allocates nothing: a {@link Test}, tagged {@code allocation} (so a
 * build can run these tests again under {@code -XX:-DoEscapeAnalysis}), run with the {@link ZeroAllocationExtension},
 * which injects an {@link io.github.hotpath.core.AllocationMeter} into the test method.
 * <pre>{@code
 * @AllocationFree
 * void aRequestAllocatesNothing(final AllocationMeter meter) {
 *     try (HotpathService service = new HotpathService("/dev/null")) {
 *         meter.alsoBackground(service.log(), service.workers())
 *             .assertNoAllocation("handle", i -> service.handler().handle(requests[i & 1023], out.clear()));
 *     }
 * }
 * }</pre>
 * The test fails if it measures nothing, and fails with the meter's reason, rather than passing, when the JVM cannot
 * count allocation. What the meter does, costs and reports is described in
 * {@link io.github.hotpath.core.AllocationMeter}.
 */
// "exports": this API names JUnit types, and hotpath-core requires JUnit `static`, not `static transitive`, which
// would make every module that requires hotpath-core need JUnit to compile. A test using this requires JUnit itself.
@SuppressWarnings("exports")
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@Tag("allocation")
@ExtendWith(ZeroAllocationExtension.class)
public @interface AllocationFree {
}
