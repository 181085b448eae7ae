/**
 * An SLF4J 2 provider over hotpath's logger. {@link io.github.hotpath.slf4j.HotpathServiceProvider} is found by
 * SLF4J's {@code ServiceLoader}; {@link io.github.hotpath.slf4j.HotpathSlf4j#service()} is the one
 * {@link io.github.hotpath.log.ConcurrentLogService} behind every SLF4J logger, configured from
 * {@code hotpath-log.properties} and {@code hotpath.log.*} system properties, and open to the application's hot
 * paths, which log through its primitive API into the same writer, format and sink.
 *
 * <p>Design: each SLF4J logger wraps the hotpath logger of the same name and checks its level first (one volatile
 * read, as the primitive API does), so a disabled call costs one level check. An enabled call formats the message
 * on the calling thread, piece by piece, into a borrowed entry: the pattern's text between placeholders as chars, a
 * boxed number as its primitive value, a {@code CharSequence} as chars; no message {@code String} is built. MDC
 * entries and the fluent API's key-values become key-value fields.
 */
package io.github.hotpath.slf4j;
