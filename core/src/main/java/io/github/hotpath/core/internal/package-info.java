/**
 * Coordination between hotpath's own modules. Internal: not an API, and it may change in any release; exported
 * only because the pool and text modules use it.
 */
package io.github.hotpath.core.internal;
