package io.hookrun.lambda.logging;

import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.Serial;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * An SLF4J logger that writes each event as one {@link JsonLogLine} through one call of its sink, so lines from
 * concurrent threads never interleave. Its level is fixed when it is created ({@link LogLevels}).
 */
public final class JsonLogger extends LegacyAbstractLogger {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Level threshold;
    private final transient Consumer<String> sink;
    private final transient Clock clock;

    /**
     * @param threshold the least severe level this logger writes
     * @param sink      takes one complete line per call
     */
    public JsonLogger(String name, Level threshold, Consumer<String> sink, Clock clock) {
        this.name = name;
        this.threshold = threshold;
        this.sink = sink;
        this.clock = clock;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
                                               Throwable throwable) {
        String message = arguments == null || arguments.length == 0 ? messagePattern
                : MessageFormatter.basicArrayFormat(messagePattern, arguments);
        sink.accept(JsonLogLine.format(clock.instant(), level, name, message, Thread.currentThread().getName(),
                MDC.getCopyOfContextMap(), throwable));
    }
}
