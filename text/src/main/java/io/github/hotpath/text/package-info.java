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
 * <p>Storage is a {@code char[]}, not a Latin-1 {@code byte[]} that inflates on the first wider char: one code
 * path for all Unicode, bulk copies from {@code String} (the JDK inflates Latin-1 with an intrinsic) and a compact
 * {@code String} from {@code toString()} (the JDK compresses with an intrinsic). Measured on a loaded 2-core machine
 * with {@code ConcatBenchmark}, rendering and encoding to a reused {@code byte[]} took 0.15x to 0.9x the time of a
 * presized {@code StringBuilder} plus {@code toString()}. Where it costs: digits are stored one char at a time,
 * while JDK 21+ stores Latin-1 digit pairs in one write, so {@code append(long)} measured about 1.2x the time of
 * {@code StringBuilder.append(long)} on JDK 25 (and at par on JDK 17); a Latin-1 storage with
 * {@code VarHandle} pair stores is the known next step.
 *
 * <p>Numbers: integers use two-digit tables; {@code double} and {@code float} use Schubfach (shortest decimal that
 * reads back to the value) with the JDK 19+ text layout, so output is identical on JDK 17 and 25; fixed-point is
 * exact (half-up on the binary value); timestamps use integer civil-date arithmetic. These live in package-private
 * classes ({@code Digits}, {@code ShortestDecimal}, {@code FixedPoint}, {@code IsoInstant}).
 */
package io.github.hotpath.text;
