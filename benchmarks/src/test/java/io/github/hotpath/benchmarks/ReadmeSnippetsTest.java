package io.github.hotpath.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The README's cookbook code is not pasted by hand: each block preceded by
 * {@code <!-- snippet: path/File.java#name -->} must equal, line for line, the region of that source file between
 * {@code // snippet: name} and {@code // end-snippet} (common indentation removed). The sources compile and are
 * tested, so the README's code does too.
 */
class ReadmeSnippetsTest {
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->\\s*\\n```java\\n(.*?)```",
        Pattern.DOTALL);

    @Test
    void everyReadmeSnippetMatchesItsSource() throws IOException {
        final Path root = projectRoot();
        final String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        final Matcher m = MARKER.matcher(readme);
        int checked = 0;
        while (m.find()) {
            final Path source = root.resolve(m.group(1));
            assertTrue(Files.exists(source), "README names a missing file: " + m.group(1));
            assertEquals(region(source, m.group(2)), m.group(3),
                "README snippet " + m.group(1) + "#" + m.group(2) + " differs from its source");
            checked++;
        }
        assertTrue(checked >= 4, "the README's cookbook should hold the service's snippets; found " + checked);
    }

    static String region(final Path source, final String name) throws IOException {
        final List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        final List<String> region = new ArrayList<>();
        boolean inside = false;
        for (final String line : lines) {
            final String trimmed = line.trim();
            if (trimmed.equals("// snippet: " + name)) {
                inside = true;
            } else if (inside && trimmed.equals("// end-snippet")) {
                return dedent(region);
            } else if (inside) {
                region.add(line);
            }
        }
        return fail("no region '" + name + "' in " + source);
    }

    private static String dedent(final List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (final String line : lines) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        final StringBuilder out = new StringBuilder();
        for (final String line : lines) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString();
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return fail("README.md not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
