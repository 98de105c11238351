package io.hookrun.local.eventsource;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Schedule events in the local runtime: EventBridge's rate syntax, and the event it sends a target. */
class ScheduleEventSourceTest {

    @Test
    void rateExpressions_becomeTheirPeriod() {
        assertThat(ScheduleEventSource.period("rate(5 minutes)")).contains(Duration.ofMinutes(5));
        assertThat(ScheduleEventSource.period("rate(1 minute)")).contains(Duration.ofMinutes(1));
        assertThat(ScheduleEventSource.period("rate(2 hours)")).contains(Duration.ofHours(2));
        assertThat(ScheduleEventSource.period("rate(1 day)")).contains(Duration.ofDays(1));
    }

    @Test
    void theTargetGetsAScheduledEventEveryPeriod_untilClosed() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00.750Z"), ZoneOffset.UTC);
        try (ScheduleEventSource source = new ScheduleEventSource("RunSweeperFunction",
                event -> events.add(new String(event, StandardCharsets.UTF_8)), Duration.ofMillis(50), clock)) {
            for (int i = 0; i < 3; i++) {
                String event = events.poll(10, TimeUnit.SECONDS);
                assertThat(event).as("event %d", i).isNotNull()
                        .contains("\"detail-type\":\"Scheduled Event\"", "\"source\":\"aws.events\"",
                                "\"time\":\"2026-12-01T10:00:00Z\"", "rule/runsweeperfunction");
            }
        }
        events.clear();
        Thread.sleep(200);
        assertThat(events).as("no invocation after close").isEmpty();
    }

    @Test
    void expressionsEventBridgeRefusesOrCronAreNotRunLocally() {
        assertThat(ScheduleEventSource.period("rate(1 minutes)")).isEmpty();
        assertThat(ScheduleEventSource.period("rate(5 minute)")).isEmpty();
        assertThat(ScheduleEventSource.period("rate(0 minutes)")).isEmpty();
        assertThat(ScheduleEventSource.period("cron(0 12 * * ? *)")).isEmpty();
    }
}
