/**
 * Coordination between hotpath's own modules. Internal: not an API, and it may change in any release; exported
 * only because the pool and text modules use it: the order of exit hooks ({@code ExitOrder}) and telling virtual
 * threads apart on a Java 17 baseline ({@code ThreadKind}).
 */
package io.github.hotpath.core.internal;
