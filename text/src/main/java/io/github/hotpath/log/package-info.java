/**
 * A primitive-specialized, asynchronous logger (planned: issue 5).
 */
package io.github.hotpath.log;
