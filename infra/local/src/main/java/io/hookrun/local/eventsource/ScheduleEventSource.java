package io.hookrun.local.eventsource;

import io.hookrun.local.function.FunctionHost;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SAM {@code Schedule} event, emulated: invokes the function every period of a {@code rate(...)} expression with an
 * EventBridge "Scheduled Event", the first time one period after start, as EventBridge does. {@code cron(...)}
 * expressions are not run locally (the banner says so); invoke such a function by hand with {@code ./hookrun invoke}.
 */
public final class ScheduleEventSource implements AutoCloseable {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minutes?|hours?|days?)\\)");

    private final String logicalId;
    private final Consumer<byte[]> target;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    /** Starts at once: {@code target} gets the event JSON every {@code period} until {@link #close()}. */
    public ScheduleEventSource(String logicalId, Consumer<byte[]> target, Duration period, Clock clock) {
        this.logicalId = logicalId;
        this.target = target;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("schedule-" + logicalId).factory());
        timer.scheduleAtFixedRate(this::fire, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Invokes {@code function} every {@code period}, as its template's Schedule event says. */
    public static ScheduleEventSource of(FunctionHost function, Duration period, Clock clock) {
        return new ScheduleEventSource(function.logicalId(), function::invokeJson, period, clock);
    }

    /**
     * The period of a {@code rate(value unit)} expression (EventBridge's syntax: a positive whole number; the unit
     * singular for 1, plural otherwise), or empty for anything else, such as {@code cron(...)}.
     */
    public static java.util.Optional<Duration> period(String expression) {
        Matcher m = RATE.matcher(expression.trim());
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (value < 1 || (value == 1) == unit.endsWith("s")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(switch (unit.replaceFirst("s$", "")) {
            case "minute" -> Duration.ofMinutes(value);
            case "hour" -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
        });
    }

    /** The event EventBridge sends a scheduled target. */
    String scheduledEvent() {
        return """
                {"version":"0","id":"%s","detail-type":"Scheduled Event","source":"aws.events",\
                "account":"000000000000","time":"%s","region":"us-east-1",\
                "resources":["arn:aws:events:us-east-1:000000000000:rule/%s"],"detail":{}}"""
                .formatted(UUID.randomUUID(), clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        logicalId.toLowerCase(Locale.ROOT));
    }

    private void fire() {
        try {
            target.accept(scheduledEvent().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // A failed scheduled invocation is lost on Lambda too (async invoke retries aside): say so, go on.
            System.err.println("[" + logicalId + "] scheduled invocation failed: " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
