/**
 * hotpath core: the reset contract shared by every pooled object and the allocation meter that proves a hot
 * path allocates nothing.
 */
module io.github.hotpath.core {
    requires transitive jdk.management;

    exports io.github.hotpath.core;
}
