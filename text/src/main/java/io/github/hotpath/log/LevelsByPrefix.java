package io.github.hotpath.log;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Levels by logger-name prefix: {@code com.acme.db -> DEBUG}. A logger takes the level of the longest prefix that
 * matches its name at a dot boundary ({@code com.acme.db} matches {@code com.acme.db} and {@code com.acme.db.Pool},
 * not {@code com.acme.dbx}), else the root level.
 *
 * <p>The level is resolved when a logger is created and again, for every logger, when a rule changes, and stored in
 * the logger: a call costs its one level check, whatever the number of rules.
 *
 * <p>Thread-safety: guarded by the {@link LoggerRegistry}'s lock; the rules
 * array is replaced, never changed in place. Allocation: a change copies the rules.
 */
final class LevelsByPrefix {
    private Level root;
    /** Prefixes, and their levels at the same index. */
    private String[] prefixes = new String[0];
    private Level[] levels = new Level[0];

    LevelsByPrefix(final Level root, final Map<String, Level> rules) {
        this.root = root;
        rules.forEach(this::set);
    }

    /** Sets the level of a prefix; the empty prefix is the root. */
    void set(final String prefix, final Level level) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(level, "level");
        if (prefix.isEmpty()) {
            root = level;
            return;
        }
        for (int i = 0; i < prefixes.length; i++) {
            if (prefixes[i].equals(prefix)) {
                levels[i] = level;
                return;
            }
        }
        prefixes = Arrays.copyOf(prefixes, prefixes.length + 1);
        levels = Arrays.copyOf(levels, levels.length + 1);
        prefixes[prefixes.length - 1] = prefix;
        levels[levels.length - 1] = level;
    }

    /** The level of the longest prefix matching {@code name} at a dot boundary, else the root level. */
    Level resolve(final String name) {
        Level best = root;
        int bestLength = -1;
        for (int i = 0; i < prefixes.length; i++) {
            final String p = prefixes[i];
            if (p.length() > bestLength && name.startsWith(p)
                && (name.length() == p.length() || name.charAt(p.length()) == '.')) {
                best = levels[i];
                bestLength = p.length();
            }
        }
        return best;
    }
}
