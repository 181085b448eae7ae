package io.github.hotpath.text;

/**
 * How many random cases the reference tests (the JDK, {@code BigDecimal} or {@code java.time} as the oracle) run.
 * CI runs the default, about 1 to 2 million cases per parser and formatter (fewer for the fuzzers and for
 * {@code appendFixed} of values up to 1e308, whose {@code BigDecimal} oracle is slow); a deeper run multiplies them:
 * {@code mvn -B -q -pl text -am test -Dtest='*ReferenceTest,ShortestDecimalTest,IntegerAppendTest,FixedPointTest,
 * IsoInstantTest' -Dhotpath.reference.scale=20}.
 * {@code -Dhotpath.reference.seed=N} varies the inputs.
 */
final class ReferenceScale {
    static final int SCALE = Integer.getInteger("hotpath.reference.scale", 1);
    static final long SEED = Long.getLong("hotpath.reference.seed", 0x5EED_2026L);

    private ReferenceScale() {
    }

    /** {@code n} times the scale. */
    static long cases(final long n) {
        return n * SCALE;
    }
}
