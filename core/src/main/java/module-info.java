/**
 * hotpath core: the reset contract shared by every pooled object, the shared vocabulary of waiting and settling
 * ({@code Backoff}, {@code Durations}, {@code BackgroundWork}), and the allocation meter with its JUnit 5 extension
 * that prove a hot path allocates nothing.
 *
 * <p>Every {@code requires} is {@code static}: a service that uses hotpath's pools or logger needs none of these
 * modules. The allocation meter needs {@code jdk.management} (and says so, rather than passing, when a modular run
 * leaves it out), its failure diagnostics use {@code jdk.jfr} where present, the package
 * {@code io.github.hotpath.core.junit} needs JUnit 5, which only a test that uses it has, and the opt-in JMX
 * registration of the components ({@code JmxRegistration}) needs {@code java.management}, and says so when it is
 * missing.
 */
module io.github.hotpath.core {
    requires static java.management;
    requires static jdk.management;
    requires static jdk.jfr;
    requires static org.junit.jupiter.api;

    exports io.github.hotpath.core;
    exports io.github.hotpath.core.junit;
    exports io.github.hotpath.core.internal; // for hotpath's pool and text modules only: not an API
}
