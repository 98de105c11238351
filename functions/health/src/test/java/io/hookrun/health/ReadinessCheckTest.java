package io.hookrun.health;

import io.hookrun.core.time.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ReadinessCheck}: the shared refresh, the TTL by an injected clock, the per-probe deadline, the status rules. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard: a broken deadline would wait forever for a hung probe
class ReadinessCheckTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final HealthConfiguration LONG_TIMEOUT = new HealthConfiguration(Duration.ofMinutes(1),
            Duration.ofSeconds(5), 20);

    private final SettableClock clock = new SettableClock(T0);
    private ReadinessCheck check;

    @AfterEach
    void close() {
        if (check != null) {
            check.close();
        }
    }

    @Test
    void concurrentCallersDuringARefresh_shareOneCheck_andGetTheSameReport() throws Exception {
        GatedProbe gated = new GatedProbe();
        check = new ReadinessCheck(List.of(gated), LONG_TIMEOUT, clock);
        int callers = 8;
        List<Thread> threads = new ArrayList<>();
        ReadinessCheck.Report[] reports = new ReadinessCheck.Report[callers];
        for (int i = 0; i < callers; i++) {
            int n = i;
            threads.add(Thread.ofPlatform().start(() -> reports[n] = check.check()));
        }
        assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();
        // Every caller is parked: one in the check it started, the others waiting for that check's result.
        while (!threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING)) {
            Thread.onSpinWait();
        }

        gated.release.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(gated.checks.get()).isEqualTo(1);
        assertThat(reports).allSatisfy(report -> assertThat(report).isSameAs(reports[0]));
        assertThat(reports[0].status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void theResult_isReusedUntilTheTtlEnds_thenTakenAgain() {
        ScriptedProbe probe = new ScriptedProbe("table", "up");
        check = new ReadinessCheck(List.of(probe), LONG_TIMEOUT, clock);

        ReadinessCheck.Report first = check.check();
        clock.advance(Duration.ofMillis(4999));
        ReadinessCheck.Report cached = check.check();
        clock.advance(Duration.ofMillis(1));
        ReadinessCheck.Report fresh = check.check();

        assertThat(first.checkedAt()).isEqualTo(T0);
        assertThat(cached).isSameAs(first);
        assertThat(fresh).isNotSameAs(first);
        assertThat(fresh.checkedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(probe.checks()).isEqualTo(2);
    }

    @Test
    void aZeroTtl_checksOnEveryCall_andCheckNowNeverUsesTheCache() {
        ScriptedProbe probe = new ScriptedProbe("table", "up");
        check = new ReadinessCheck(List.of(probe), new HealthConfiguration(Duration.ofMinutes(1), Duration.ZERO, 20), clock);

        check.check();
        check.check();
        ReadinessCheck cachingCheck = new ReadinessCheck(List.of(probe), LONG_TIMEOUT, clock);
        cachingCheck.check();
        cachingCheck.checkNow();
        cachingCheck.close();

        assertThat(probe.checks()).isEqualTo(4);
    }

    @Test
    void aHangingProbe_isReportedTimedOutAfterItsTimeout_whileTheOthersSucceed() throws InterruptedException {
        ScriptedProbe hanging = new ScriptedProbe("database", "hangs");
        check = new ReadinessCheck(List.of(new ScriptedProbe("table", "up"), hanging, new ScriptedProbe("steps-queue", "up")),
                new HealthConfiguration(Duration.ofMillis(300), Duration.ofSeconds(5), 20), clock);

        ReadinessCheck.Report report = check.check();

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.ready()).isFalse();
        assertThat(report.down()).containsExactly("database");
        assertThat(report.components().get("database"))
                .isEqualTo(ComponentHealth.down("no answer within 300 ms").withLatency(300));
        assertThat(report.components().get("table").status()).isEqualTo(HealthStatus.UP);
        assertThat(report.components().get("steps-queue").status()).isEqualTo(HealthStatus.UP);
        assertThat(report.components().keySet()).containsExactly("table", "database", "steps-queue");
        assertThat(hanging.interrupted().await(30, TimeUnit.SECONDS)).as("the hung probe is interrupted").isTrue();
    }

    @Test
    void statusRules_criticalDownIsDown_degradedOrNonCriticalFailureIsDegraded_elseUp() {
        assertThat(report(new ScriptedProbe("table", "up"), new ScriptedProbe("circuit-breakers", "up", false)))
                .extracting(ReadinessCheck.Report::status).isEqualTo(HealthStatus.UP);

        ReadinessCheck.Report degraded = report(new ScriptedProbe("dead-letter-queue", "degraded"),
                new ScriptedProbe("circuit-breakers", "fails", false));
        assertThat(degraded.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(degraded.ready()).isTrue();
        assertThat(degraded.degraded()).containsExactly("dead-letter-queue", "circuit-breakers");
        assertThat(degraded.components().get("circuit-breakers").detail()).isEqualTo("SdkClientException");
        assertThat(degraded.down()).isEmpty();

        ReadinessCheck.Report down = report(new ScriptedProbe("table", "fails"), new ScriptedProbe("database", "down"),
                new ScriptedProbe("circuit-breakers", "degraded", false));
        assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(down.down()).containsExactly("table", "database");
        assertThat(down.degraded()).containsExactly("circuit-breakers");
    }

    @Test
    void describe_namesAnAwsErrorCode_andNeverTheMessage() {
        var denied = software.amazon.awssdk.services.sqs.model.SqsException.builder().statusCode(403)
                .message("User: arn:aws:sts::123456789012:assumed-role/x is not authorized")
                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                        .errorCode("AccessDenied").errorMessage("User: arn:aws:sts::123456789012 ...").build()).build();

        assertThat(ReadinessCheck.describe(denied)).isEqualTo("AccessDenied (HTTP 403)");
        assertThat(ReadinessCheck.describe(new IllegalStateException("jdbc:postgresql://u:secret@db/hookrun")))
                .isEqualTo("IllegalStateException");
    }

    private ReadinessCheck.Report report(ReadinessProbe... probes) {
        try (var c = new Closing(new ReadinessCheck(List.of(probes), LONG_TIMEOUT, clock))) {
            return c.check.check();
        }
    }

    private record Closing(ReadinessCheck check) implements AutoCloseable {
        @Override
        public void close() {
            check.close();
        }
    }

    /** A probe that holds its check until released, counting how often it is asked. */
    private static final class GatedProbe implements ReadinessProbe {

        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger checks = new AtomicInteger();

        @Override
        public String component() {
            return "table";
        }

        @Override
        public ComponentHealth check(Duration timeout) {
            checks.incrementAndGet();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ComponentHealth.up();
        }
    }
}
