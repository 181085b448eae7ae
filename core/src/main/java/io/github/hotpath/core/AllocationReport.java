package io.github.hotpath.core;

import java.util.Locale;

/**
 * Words for a measurement: the one-line summary of {@link AllocationMeter.Measurement#toString()} and the message of
 * a failed assertion, which says how much was allocated per call, whether every round allocated (per operation) or
 * only some, which thread allocated how much, and where.
 */
final class AllocationReport {
    private AllocationReport() {
    }

    static String summary(final AllocationMeter.Measurement m) {
        final StringBuilder s = new StringBuilder(160);
        s.append(perCall(m.bytesPerOperation())).append(" bytes per operation (").append(m.bytes())
            .append(" bytes over ").append(m.operations()).append(" operations, smallest of ").append(m.rounds().size())
            .append(m.rounds().size() == 1 ? " round" : " rounds").append("; threads ");
        for (int t = 0; t < m.threads().size(); t++) {
            final AllocationMeter.ThreadBytes tb = m.threads().get(t);
            s.append(t == 0 ? "" : ", ").append(tb.thread()).append('=').append(tb.bytes());
        }
        return s.append(')').toString();
    }

    static String failure(final String what, final long expected, final AllocationMeter.Measurement m,
        final String sites) {
        final StringBuilder s = new StringBuilder(1024);
        final int rounds = m.rounds().size();
        s.append(what).append(" allocated ").append(perCall(m.bytesPerOperation())).append(" bytes per operation, ")
            .append("expected ").append(expected).append(": ");
        if (m.bytes() > expected * m.operations()) {
            s.append(rounds == 1 ? "in its only round" : "in every one of " + rounds + " rounds, so per operation, "
                + "not a one-off");
        } else {
            s.append("less than expected");
        }
        s.append("\n  rounds, bytes over ").append(m.operations()).append(" operations each: ");
        for (int r = 0; r < rounds; r++) {
            s.append(r == 0 ? "" : ", ").append(m.rounds().get(r));
        }
        s.append("\n  by thread, smallest round:");
        for (final AllocationMeter.ThreadBytes tb : m.threads()) {
            s.append("\n    ").append(tb.thread()).append(": ").append(tb.bytes()).append(" bytes");
            if (tb.bytes() != 0) {
                s.append(" (").append(perCall((double) tb.bytes() / m.operations())).append(" per operation)");
            }
        }
        s.append(sites);
        s.append("\n  warm-up: ").append(m.warmupOperations()).append(" operations, ")
            .append(m.warmupSettled() ? "until the JIT settled"
                : "fixed, or stopped at its bound before the JIT settled")
            .append("; warm-up and rounds took ").append(seconds(m.duration().toNanos()));
        return s.toString();
    }

    static String perCall(final double bytes) {
        return String.format(Locale.ROOT, bytes == 0 || bytes >= 1 ? "%.2f" : "%.4f", bytes);
    }

    static String seconds(final long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
