/**
 * hotpath core: the reset contract shared by every pooled object and the allocation meter that proves a hot
 * path allocates nothing.
 */
module io.github.hotpath.core {
    // JMX registration is opt-in (JmxRegistration): a service that never registers needs no JMX module.
    requires static java.management;
    requires transitive jdk.management;

    exports io.github.hotpath.core;
}
