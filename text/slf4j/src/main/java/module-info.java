/**
 * hotpath-slf4j: an SLF4J 2 provider over hotpath's logger, found by SLF4J's {@code ServiceLoader}; adding the jar is
 * all it takes.
 */
module io.github.hotpath.slf4j {
    requires transitive io.github.hotpath.text;
    requires transitive org.slf4j;

    exports io.github.hotpath.slf4j;

    provides org.slf4j.spi.SLF4JServiceProvider with io.github.hotpath.slf4j.HotpathServiceProvider;
}
