package io.github.hotpath.core.junit;

import io.github.hotpath.core.AllocationMeter;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs allocation tests: injects an {@link AllocationMeter} into any test method parameter of that type, and holds
 * an {@link AllocationFree} test to its claim.
 *
 * <p>Two ways in. {@link AllocationFree} on a method registers this extension for it; {@code
 * @ExtendWith(ZeroAllocationExtension.class)} on a class lets every test of the class take a meter (the failing twins
 * among them, which are plain {@code @Test}s that expect an {@link AssertionError}). The injected meter is {@link
 * AllocationMeter#meter()} with its defaults, nothing to tune; the test configures it fluently as it would any meter
 * (background work, its own threads), and states the claim with
 * {@link AllocationMeter#assertNoAllocation(String, AllocationMeter.Operation)}.
 *
 * <p>For an {@link AllocationFree} test the extension also
 * <ul>
 * <li>fails it before it runs, with the reason, when this run cannot count allocation (a missing
 * {@code jdk.management} module, a JVM without per-thread counters): a proof that cannot be made is not a pass;</li>
 * <li>fails it after it ran if it made no measurement with the injected meter: a claim of "allocation-free" that
 * measured nothing proves nothing;</li>
 * <li>fails it after it ran if any measurement made with the injected meter was not 0 bytes per operation, also one
 * taken with {@link AllocationMeter#measure(AllocationMeter.Operation)}, which asserts nothing by itself: a test that
 * measures something expected to allocate (a twin, an exact count) is a plain {@code @Test}.</li>
 * </ul>
 * Every measurement made with an injected meter is published as a report entry {@code allocation} (Surefire writes
 * them into its XML report), so that a passing test still shows what it measured.
 *
 * <h2>Thread-safety and allocation</h2>
 * JUnit calls the extension; it keeps its state in each test's {@link ExtensionContext.Store}. It allocates, outside
 * the meter's measured windows.
 */
// "exports": this API names JUnit types, and hotpath-core requires JUnit `static`, not `static transitive`, which
// would make every module that requires hotpath-core need JUnit to compile. A test using this requires JUnit itself.
@SuppressWarnings("exports")
public final class ZeroAllocationExtension
    implements ParameterResolver, BeforeTestExecutionCallback, AfterTestExecutionCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(ZeroAllocationExtension.class);
    private static final String MEASUREMENTS = "measurements";

    /** The extension JUnit instantiates for {@code @ExtendWith} and {@link AllocationFree}. */
    public ZeroAllocationExtension() {
    }

    @Override
    public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context) {
        return parameter.getParameter().getType() == AllocationMeter.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
        final List<AllocationMeter.Measurement> seen = measurements(context);
        return AllocationMeter.meter().reportTo(m -> {
            seen.add(m);
            context.publishReportEntry("allocation", m.toString());
        });
    }

    @Override
    public void beforeTestExecution(final ExtensionContext context) {
        if (claimsAllocationFree(context) && !AllocationMeter.isSupported()) {
            try {
                AllocationMeter.requireSupported();
            } catch (final IllegalStateException e) {
                throw new AssertionError("@AllocationFree test " + context.getDisplayName()
                    + " cannot prove its claim: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void afterTestExecution(final ExtensionContext context) {
        if (!claimsAllocationFree(context) || context.getExecutionException().isPresent()) {
            return;
        }
        final List<AllocationMeter.Measurement> seen = measurements(context);
        if (seen.isEmpty()) {
            throw new AssertionError("@AllocationFree test " + context.getDisplayName() + " measured nothing: take an "
                + "AllocationMeter parameter and state the claim with meter.assertNoAllocation(what, operation)");
        }
        for (final AllocationMeter.Measurement m : seen) {
            if (m.bytes() != 0) {
                throw new AssertionError("@AllocationFree test " + context.getDisplayName() + " measured " + m
                    + ": every measurement of an allocation-free claim must be 0 bytes per operation (a test that "
                    + "expects allocation is a plain @Test)");
            }
        }
    }

    private static boolean claimsAllocationFree(final ExtensionContext context) {
        return AnnotationSupport.isAnnotated(context.getTestMethod(), AllocationFree.class);
    }

    @SuppressWarnings("unchecked")
    private static List<AllocationMeter.Measurement> measurements(final ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(MEASUREMENTS,
            k -> new CopyOnWriteArrayList<AllocationMeter.Measurement>(), List.class);
    }
}
