/**
 * Presized, reusable text builders and in-place parsers: render a request, a log line or a metric, and read the
 * numbers out of a request, without creating a {@code String} per value or per render.
 *
 * <h2>Design note</h2>
 * Two public types and a holder. {@link io.github.hotpath.text.TextBuilder} is a single-threaded
 * {@code CharSequence} over arrays the caller sizes once and reuses: appends of numbers, timestamps and JSON strings
 * write straight into them, and the UTF-8 writers encode straight from them into the caller's {@code byte[]},
 * {@code ByteBuffer} or {@code OutputStream}. {@link io.github.hotpath.text.TextParser} reads {@code int},
 * {@code long}, {@code double} and {@code boolean} values from a {@code CharSequence} range in place, throwing or
 * (with a reusable {@link io.github.hotpath.text.ParseResult}) not. The only allocations are the ones the caller can
 * see and tune: growth (counted by {@code growCount()}), the shrink in {@code reset()}, {@code toString()}.
 *
 * <p>Storage is what the JDK's own {@code String} and {@code StringBuilder} use: Latin-1 bytes that inflate to
 * UTF-16 {@code char}s on the first wider char (and go back when emptied). Digits are then stored two per write
 * through a {@code byteArrayViewVarHandle} (the A/B with wider stores is in {@code Digits}), ASCII content is
 * copied to UTF-8 as one array copy, and
 * {@code toString()} makes a compact {@code String} by copying bytes. The builder's storage and reads live in the
 * package-private {@code TextStorage}, its writers in {@code TextCopy}, {@code JsonEscape}, {@code Utf8},
 * {@code Digits}, {@code ShortestDecimal}, {@code FixedPoint} and {@code IsoInstant}.
 *
 * <p>Numbers: integers use two-digit tables; {@code double} and {@code float} use Schubfach (the shortest decimal
 * that reads back to the value) with the JDK 19+ text layout, so output is identical on JDK 17 and 25; fixed-point
 * is exact (half-up on the binary value); timestamps use integer civil-date arithmetic. Parsing doubles is correctly
 * rounded: Clinger's exact fast path, a 128-bit product with a proven error bound (after Eisel and Lemire), and an
 * exact big-integer comparison for the inputs those cannot decide ({@code DoubleParser}, {@code ExactDecimal}).
 */
package io.github.hotpath.text;
