/**
 * hotpath pool: reset-on-release object pools with allocation-free request containers, and a bounded worker pool
 * with pre-allocated jobs and backpressure.
 */
module io.github.hotpath.pool {
    requires transitive io.github.hotpath.core;
    requires org.jctools.core;
    requires org.agrona;
    requires static micrometer.core; // optional: only the MeterBinders use it

    exports io.github.hotpath.pool;
    exports io.github.hotpath.worker;
}
