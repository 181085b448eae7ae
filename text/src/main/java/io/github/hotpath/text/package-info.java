/**
 * Presized, reusable text builders: render a request, a log line or a metric without creating a {@code String}
 * per value or per render.
 *
 * <h2>Design note</h2>
 * {@link io.github.hotpath.text.TextBuilder} is the one public type. It is a single-threaded {@code CharSequence}
 * over a {@code char[]} that the caller sizes once and reuses: appends of numbers, timestamps and JSON strings
 * write their digits straight into that array, and the UTF-8 writers encode straight from it into the caller's
 * {@code byte[]}, {@code ByteBuffer} or {@code OutputStream}. The only allocations are the ones the caller can see
 * and tune: growth (counted by {@code growCount()}), the shrink in {@code reset()}, and {@code toString()}.
 *
 * <p>Numbers: integers use two-digit tables; {@code double} and {@code float} use Schubfach (shortest decimal that
 * reads back to the value) with the JDK 19+ text layout, so output is identical on JDK 17 and 25; fixed-point is
 * exact (half-up on the binary value); timestamps use integer civil-date arithmetic. These live in package-private
 * classes ({@code Digits}, {@code ShortestDecimal}, {@code FixedPoint}, {@code IsoInstant}).
 */
package io.github.hotpath.text;
