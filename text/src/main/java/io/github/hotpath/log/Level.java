package io.github.hotpath.log;

/**
 * Severity of a log record, from the most verbose to the most severe. A {@link Logger} set to a level accepts
 * records of that level and above; {@link #OFF} accepts none.
 *
 * <p>Thread-safety: an enum, immutable. Allocation: none.
 */
public enum Level {
    /** Fine-grained tracing. */
    TRACE("TRACE"),
    /** Diagnostic detail. */
    DEBUG("DEBUG"),
    /** Normal operation. */
    INFO("INFO "),
    /** Something unexpected the service survived. */
    WARN("WARN "),
    /** A failure. */
    ERROR("ERROR"),
    /** Used only as a logger's level: accepts no record. Logging at {@code OFF} is rejected. */
    OFF("OFF  ");

    private final String padded;
    private final String trimmed;

    Level(final String padded) {
        this.padded = padded;
        this.trimmed = padded.trim();
    }

    /** The name padded to five characters, as the plain format prints it. */
    String padded() {
        return padded;
    }

    /** The name without padding, as the JSON format prints it. */
    String label() {
        return trimmed;
    }
}
