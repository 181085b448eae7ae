package io.github.hotpath.log;

/**
 * How the writer lays out each record, one record per line in both formats.
 *
 * <p>Both formats escape every control character (C0 with CR and LF, DEL, and C1 with NEL), {@code "} and
 * {@code \}, U+2028 and U+2029 in the message, the thread and logger names, keys and text values, the way a JSON
 * string is escaped ({@link io.github.hotpath.text.TextBuilder#appendJsonEscaped}), so that no logged value can split
 * a line or forge another record (CWE-117). A surrogate without its other half becomes U+FFFD; the message's parts
 * are escaped as one text, so a pair split across two appends stays a pair.
 *
 * <p>Key-value fields are a map in both formats: when an entry repeats a key, the last value wins and the earlier
 * fields are left out, so a line never carries a key twice.
 *
 * <p>Thread-safety: an enum, immutable.
 */
public enum LogFormat {
    /**
     * {@code 2026-11-26T18:00:00.123Z INFO  [thread] logger.name - message key=value key2=value2}: the level padded
     * to five characters, text values unquoted but escaped. A record's stack trace follows on lines that each begin
     * with a tab, so a reader can tell them from records.
     */
    PLAIN,
    /**
     * One JSON object per line: {@code {"ts":"…","level":"INFO","logger":"…","thread":"…","msg":"…",…}} followed by
     * every key-value field with its JSON type ({@code int}/{@code long} as numbers, finite {@code double}/{@code
     * float} as numbers and non-finite ones as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"},
     * {@code boolean} as {@code true}/{@code false}, {@code char} and text as strings, a {@code null} text as
     * {@code null}), then {@code "truncated":true} if the record was cut and {@code "stack":"…"} if it carries a
     * throwable.
     *
     * <p>A field cannot pose as one the line writes itself: a key equal to {@code ts}, {@code level},
     * {@code logger}, {@code thread}, {@code msg}, {@code truncated} or {@code stack}, after any number of
     * underscores, is written with one more underscore ({@code kv("level", "DEBUG")} gives {@code "_level":"DEBUG"},
     * {@code kv("_level", …)} gives {@code "__level"}). The renaming is one-to-one, so every key of a line is
     * distinct and a last-wins reader sees the line's own level, timestamp and message.
     */
    JSON
}
