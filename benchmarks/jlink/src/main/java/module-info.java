/**
 * A user's application module that requires hotpath-pool and hotpath-text, for the jlink check: see
 * docs/jpms.md.
 */
module io.github.hotpath.jlinkcheck {
    requires io.github.hotpath.pool;
    requires io.github.hotpath.text;
}
