package io.github.hotpath.jlinkcheck;

import io.github.hotpath.pool.RequestContext;
import io.github.hotpath.text.TextBuilder;

/**
 * Touches hotpath-pool (a request context, whose maps are Agrona's) and hotpath-text (a text builder), so that an
 * image that lacks a module they need fails here, and prints one line the jlink check compares.
 */
public final class Main {
    private Main() {
    }

    /**
     * Prints {@code jlink check: user=alice n=123456789}.
     *
     * @param args ignored
     */
    public static void main(final String[] args) {
        final RequestContext context = new RequestContext().putHeader("user", "alice");
        final TextBuilder line = new TextBuilder(64);
        line.append("jlink check: user=").append(context.header("user")).append(" n=").append(123_456_789L);
        System.out.println(line);
    }
}
