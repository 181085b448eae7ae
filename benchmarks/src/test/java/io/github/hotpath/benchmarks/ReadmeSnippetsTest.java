package io.github.hotpath.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The code of the README and of the pages under {@code docs/} is not pasted by hand: each block preceded by
 * {@code <!-- snippet: path/File.java#name -->} must equal, line for line, the region of that source file between
 * {@code // snippet: name} and {@code // end-snippet} (common indentation removed). The sources compile and are
 * tested, so the pages' code does too. Every mismatch, missing file, missing region and marker without a Java block
 * after it is reported, for every page at once.
 */
class ReadmeSnippetsTest {
    private static final Pattern BLOCK = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->\\s*\\n```java\\n(.*?)```",
        Pattern.DOTALL);
    private static final Pattern MARKER = Pattern.compile("<!-- snippet:");

    @Test
    void everySnippetOfTheReadmeAndTheDocsMatchesItsSource() throws IOException {
        final Path root = projectRoot();
        final List<String> failures = new ArrayList<>();
        final int inReadme = check(root, root.resolve("README.md"), failures);
        int inDocs = 0;
        for (final Path page : docsPages(root)) {
            inDocs += check(root, page, failures);
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " snippet(s) differ from their sources or name none:\n"
                + String.join("\n", failures));
        }
        assertTrue(inReadme >= 8,
            "the README's four culprits should each show a before and an after from the service; found " + inReadme);
        assertTrue(inDocs >= 4, "the cookbook and the guides should hold snippets of the sources; found " + inDocs);
    }

    /** Checks one page's snippets, adding a line per failure; returns how many snippets it holds. */
    private static int check(final Path root, final Path page, final List<String> failures) throws IOException {
        final String text = Files.readString(page, StandardCharsets.UTF_8);
        final String name = root.relativize(page).toString();
        final Matcher m = BLOCK.matcher(text);
        int blocks = 0;
        while (m.find()) {
            blocks++;
            final String where = name + ": snippet " + m.group(1) + "#" + m.group(2);
            final Path source = root.resolve(m.group(1));
            if (!Files.exists(source)) {
                failures.add(where + " names a missing file");
                continue;
            }
            final String region = region(source, m.group(2));
            if (region == null) {
                failures.add(where + ": no region '" + m.group(2) + "' in the file");
            } else if (!region.equals(m.group(3))) {
                failures.add(where + " differs from its source; the source's region reads:\n" + region);
            }
        }
        final long markers = MARKER.matcher(text).results().count();
        if (markers != blocks) {
            failures.add(name + ": " + markers + " snippet markers but " + blocks
                + " of them are followed by a ```java block");
        }
        return blocks;
    }

    private static List<Path> docsPages(final Path root) throws IOException {
        final Path docs = root.resolve("docs");
        assertTrue(Files.isDirectory(docs), "no docs/ beside the README");
        try (Stream<Path> files = Files.list(docs)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
        }
    }

    /** The region's lines, common indentation removed, each ending in a newline; null if there is no such region. */
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
        return null;
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

    @Test
    void aMismatchAMissingFileAMissingRegionAndAStrayMarkerAreEachReported(@TempDir final Path root)
        throws IOException {
        Files.writeString(root.resolve("A.java"), "class A {\n    // snippet: a\n    int x;\n    // end-snippet\n}\n");
        final String fence = "```";
        final Path page = Files.writeString(root.resolve("page.md"), String.join("\n",
            "<!-- snippet: A.java#a -->", fence + "java", "int x;", fence, "",
            "<!-- snippet: A.java#a -->", fence + "java", "int y;", fence, "",
            "<!-- snippet: B.java#a -->", fence + "java", "int x;", fence, "",
            "<!-- snippet: A.java#b -->", fence + "java", "int x;", fence, "",
            "<!-- snippet: A.java#a -->", fence + "xml", "<x/>", fence, ""));
        final List<String> failures = new ArrayList<>();

        assertEquals(4, check(root, page, failures), "blocks found");
        assertEquals(4, failures.size(), String.join("\n", failures));
        assertTrue(failures.get(0).startsWith("page.md: snippet A.java#a differs from its source"), failures.get(0));
        assertTrue(failures.get(1).endsWith("names a missing file"), failures.get(1));
        assertTrue(failures.get(2).endsWith("no region 'b' in the file"), failures.get(2));
        assertTrue(failures.get(3).startsWith("page.md: 5 snippet markers but 4"), failures.get(3));
    }
}
