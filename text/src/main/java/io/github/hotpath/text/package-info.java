/**
 * Presized, reusable text builders (planned: issue 4).
 */
package io.github.hotpath.text;
