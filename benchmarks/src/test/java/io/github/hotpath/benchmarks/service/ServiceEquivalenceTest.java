package io.github.hotpath.benchmarks.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The comparison of the two handlers is honest only if they do the same work: same response bytes, same log lines
 * (but for the timestamp), same side-job results.
 */
class ServiceEquivalenceTest {
    private static final int REQUESTS = 20_000;
    private static final int TIMESTAMP = "2026-11-26T18:00:00.123Z".length();

    @Test
    void bothHandlersGiveByteIdenticalResponsesLogLinesAndSideJobResults(@TempDir final Path dir) throws Exception {
        final Request[] requests = Requests.generate(REQUESTS, 42);
        final Path naiveLog = dir.resolve("naive.log");
        final Path hotpathLog = dir.resolve("hotpath.log");
        final ByteBuffer out = ByteBuffer.allocate(64 * 1024);
        try (NaiveService naive = new NaiveService(naiveLog.toString());
             HotpathService hotpath = new HotpathService(hotpathLog.toString())) {
            for (int i = 0; i < requests.length; i++) {
                final byte[] expected = naive.handler().handle(requests[i]);
                out.clear();
                final int length = hotpath.handler().handle(requests[i], out);
                final byte[] actual = Arrays.copyOf(out.array(), length);
                if (!Arrays.equals(expected, actual)) {
                    fail("response " + i + " differs (forbidden: the handlers must be interchangeable)\nnaive:   "
                        + new String(expected, StandardCharsets.UTF_8) + "\nhotpath: "
                        + new String(actual, StandardCharsets.UTF_8));
                }
            }
            naive.drain();
            hotpath.drain();
            assertEquals(REQUESTS, naive.ledger().totalRequests(), "naive side jobs lost");
            assertEquals(REQUESTS, hotpath.ledger().totalRequests(), "hotpath side jobs lost");
            for (int t = 0; t < Requests.TENANTS; t++) {
                assertEquals(naive.ledger().requests(t), hotpath.ledger().requests(t), "requests of tenant " + t);
                assertEquals(naive.ledger().units(t), hotpath.ledger().units(t), "units of tenant " + t);
            }
        }
        final List<String> naiveLines = withoutTimestamps(naiveLog);
        final List<String> hotpathLines = withoutTimestamps(hotpathLog);
        assertEquals(REQUESTS, naiveLines.size(), "naive log lines");
        assertEquals(REQUESTS, hotpathLines.size(), "hotpath log lines (a lost record is forbidden)");
        for (int i = 0; i < REQUESTS; i++) {
            assertEquals(naiveLines.get(i), hotpathLines.get(i), "log line " + i);
        }
    }

    private static List<String> withoutTimestamps(final Path log) throws Exception {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
            .map(line -> line.substring(TIMESTAMP))
            .collect(Collectors.toList());
    }
}
