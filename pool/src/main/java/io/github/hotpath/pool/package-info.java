/**
 * Reset-on-release object pools (planned: issue 3).
 */
package io.github.hotpath.pool;
