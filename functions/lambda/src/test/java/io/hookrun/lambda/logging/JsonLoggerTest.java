package io.hookrun.lambda.logging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLoggerTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private Logger logger(String levels, String name) {
        return new JsonLoggerFactory(LogLevels.parse(levels), lines::add, clock).getLogger(name);
    }

    private Json only() throws Exception {
        assertEquals(1, lines.size(), String.valueOf(lines));
        return Json.parse(lines.get(0));
    }

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void slf4j_findsThisProvider_throughItsServiceFile() {
        assertInstanceOf(JsonLogger.class, LoggerFactory.getLogger(JsonLoggerTest.class));
    }

    @Test
    void arguments_areFormatted_andATrailingThrowableBecomesTheException() throws Exception {
        logger("INFO", "io.hookrun.a").warn("run {} of {} failed", "r1", "w1", new IllegalArgumentException("bad"));

        Json line = only();
        assertEquals("run r1 of w1 failed", line.text("message"));
        assertEquals("java.lang.IllegalArgumentException", line.object("exception").text("class"));
    }

    @Test
    void mdc_ofTheLoggingThread_isOnTheLine() throws Exception {
        MDC.put(LogContext.DELIVERY_ID, "delivery-7");
        MDC.put(LogContext.REQUEST_ID, "req-1");

        logger("INFO", "x").info("accepted");

        Json line = only();
        assertEquals("delivery-7", line.text("deliveryId"));
        assertEquals("req-1", line.text("requestId"));
    }

    @Test
    void levelsBelowTheThreshold_areNotWritten() {
        Logger logger = logger("WARN", "x");

        logger.debug("d");
        logger.info("i");
        logger.warn("w");
        logger.error("e");

        assertEquals(2, lines.size());
        assertFalse(logger.isInfoEnabled());
        assertTrue(logger.isWarnEnabled());
    }

    @Test
    void perLoggerOverride_takesTheLongestPrefix() {
        LogLevels levels = LogLevels.parse("WARN,io.hookrun=INFO,io.hookrun.asl=DEBUG");

        assertEquals(org.slf4j.event.Level.WARN, levels.levelOf("com.zaxxer.hikari.HikariDataSource"));
        assertEquals(org.slf4j.event.Level.INFO, levels.levelOf("io.hookrun.webhook.WebhookIngestion"));
        assertEquals(org.slf4j.event.Level.DEBUG, levels.levelOf("io.hookrun.asl.HttpTask"));
        assertEquals(org.slf4j.event.Level.WARN, levels.levelOf("io.hookrunner.Other"), "a prefix ends at a dot");
    }

    @Test
    void level_comesFromTheProperty_thenHookrunsVariable_thenLambdas_elseInfo() {
        assertEquals(org.slf4j.event.Level.DEBUG, LogLevels.from(name -> null,
                name -> name.equals("AWS_LAMBDA_LOG_LEVEL") ? "debug" : null).root());
        assertEquals(org.slf4j.event.Level.ERROR, LogLevels.from(name -> null,
                name -> name.equals("HOOKRUN_LOG_LEVEL") ? "ERROR" : "TRACE").root());
        assertEquals(org.slf4j.event.Level.WARN, LogLevels.from(name -> "WARN", name -> "TRACE").root());
        assertEquals(org.slf4j.event.Level.INFO, LogLevels.from(name -> null, name -> null).root());
        assertEquals(org.slf4j.event.Level.ERROR, LogLevels.parse("FATAL").root(), "Lambda's FATAL is SLF4J's ERROR");
        assertEquals(org.slf4j.event.Level.INFO, LogLevels.parse("loud").root(), "an unknown word keeps INFO");
    }

    @Test
    void concurrentThreads_neverInterleaveLines_andEachKeepsItsOwnMdc() throws Exception {
        Logger logger = logger("INFO", "x");
        int threads = 8;
        int each = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            String id = "thread-" + t;
            pool.execute(() -> {
                MDC.put(LogContext.RUN_ID, id);
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < each; i++) {
                    logger.info("line {} of {} with a\nbreak", i, id);
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));

        assertEquals(threads * each, lines.size());
        for (String text : lines) {
            Json line = Json.parse(text);
            assertTrue(line.text("message").endsWith(" of " + line.text("runId") + " with a\nbreak"),
                    text);
        }
    }
}
