package io.hookrun.lambda.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.time.Clock;

/**
 * hookrun's SLF4J 2 provider (ADR 0008): every log event of a function, its own and its libraries' (Micronaut,
 * Hikari, Flyway, the AWS SDK), as one JSON object per line on stdout ({@link JsonLogLine}), with the MDC
 * ({@link LogContext}) as fields, at the levels {@link LogLevels} reads from the environment. Registered in
 * {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}, it replaces slf4j-simple in the function jars.
 *
 * <p>Why not Log4j 2 (layout-template-json) or Logback with a JSON encoder: both work, and cost more at init and in
 * the jar than hookrun's needs (a fixed line format, levels from one variable) justify; the numbers are in the
 * README. Powertools' logging module does not resolve from the project's Maven mirror.
 *
 * <p>The MDC is SLF4J's {@link BasicMDCAdapter}: per thread, copied into the threads a thread starts, so the workers
 * a step invocation starts for its records carry its {@code requestId} and {@code traceId}; each record then puts and
 * removes its own keys ({@link LogContext}).
 */
public final class JsonLogServiceProvider implements SLF4JServiceProvider {

    /** The SLF4J API version this provider is built against (2.0.x). */
    public static final String REQUESTED_API_VERSION = "2.0.99";

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return REQUESTED_API_VERSION;
    }

    @Override
    public void initialize() {
        loggerFactory = new JsonLoggerFactory(LogLevels.fromEnvironment(), new StandardOutput(), Clock.systemUTC());
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new BasicMDCAdapter();
    }
}
