/**
 * A bounded worker pool with pre-allocated jobs (planned: issue 6).
 */
package io.github.hotpath.worker;
