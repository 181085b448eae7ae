/**
 * hotpath text: presized, reusable text builders that write numbers and UTF-8 bytes without allocating, and a
 * primitive-specialized asynchronous logger built on them.
 */
module io.github.hotpath.text {
    requires transitive io.github.hotpath.core;
    requires static micrometer.core; // optional: only the MeterBinders use it

    exports io.github.hotpath.text;
    exports io.github.hotpath.log;
}
