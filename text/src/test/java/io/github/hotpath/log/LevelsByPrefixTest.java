package io.github.hotpath.log;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LevelsByPrefixTest {

    @Test
    void longestPrefixAtADotBoundaryWins() {
        try (ConcurrentLogService logs = ConcurrentLogService.builder().synchronous(true).shutdownHook(false)
            .sink(LogSink.outputStream(new TestSinks.Capture())).level(Level.WARN)
            .level("com.acme", Level.INFO).level("com.acme.db", Level.DEBUG).build()) {
            assertEquals(Level.DEBUG, logs.logger("com.acme.db").level());
            assertEquals(Level.DEBUG, logs.logger("com.acme.db.Pool").level());
            assertEquals(Level.INFO, logs.logger("com.acme.dbx").level());
            assertEquals(Level.INFO, logs.logger("com.acme").level());
            assertEquals(Level.WARN, logs.logger("com.acmex").level());
            assertEquals(Level.WARN, logs.logger("org.other").level());
        }
    }

    @Test
    void aRuleChangedAtRunTimeReachesExistingAndLaterLoggers() {
        try (ConcurrentLogService logs = ConcurrentLogService.builder().synchronous(true).shutdownHook(false)
            .sink(LogSink.outputStream(new TestSinks.Capture())).build()) {
            final Logger pool = logs.logger("com.acme.db.Pool");
            final Logger web = logs.logger("com.acme.web");
            logs.level("com.acme.db", Level.TRACE);
            assertEquals(Level.TRACE, pool.level());
            assertEquals(Level.INFO, web.level());
            assertEquals(Level.TRACE, logs.logger("com.acme.db.Tx").level());
            logs.level("", Level.ERROR);
            assertEquals(Level.ERROR, web.level());
            assertEquals(Level.TRACE, pool.level());
            logs.level("com.acme.db", Level.OFF);
            assertEquals(Level.OFF, pool.level());
        }
    }
}
