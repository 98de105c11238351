package io.hookrun.deploycheck;

import io.hookrun.core.time.Deadline;
import io.hookrun.core.time.SettableClock;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hook end to end against fakes of the admin and webhook versions ({@link FakeHookrun}, hookrun's real signature
 * verifier inside) and of CodeDeploy ({@link RecordingReporter}): every way the check can end is reported once.
 */
class LifecycleHookTest {

    /** CodeDeploy's execution ids are encrypted tokens, longer than a delivery id may be (256). */
    private static final String EXECUTION_ID = "eyJlbmNyeXB0ZWREYXRhIjoi" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo".repeat(12);
    private static final Map<String, String> EVENT = Map.of("DeploymentId", "d-ABCDEF123",
            "LifecycleEventHookExecutionId", EXECUTION_ID);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    private SettableClock clock;
    private FakeHookrun hookrun;
    private RecordingReporter codeDeploy;
    private LifecycleHook hook;

    @BeforeEach
    void setUp() {
        clock = new SettableClock(Instant.parse("2026-12-01T12:00:00Z"));
        hookrun = new FakeHookrun(clock);
        codeDeploy = new RecordingReporter();
        hook = hook(new DeployCheckConfiguration(FakeHookrun.WEBHOOK, FakeHookrun.ADMIN, "hookrun-deploy-check",
                "hookrun-deploy-check", RUN_TIMEOUT, Duration.ofSeconds(1), Duration.ofSeconds(25), Duration.ofSeconds(5),
                Duration.ofSeconds(12)));
    }

    private LifecycleHook hook(DeployCheckConfiguration config) {
        JsonMapper json = JsonMapper.createDefault();
        DeployCheck check = new DeployCheck(config, new HttpApiInvoker(hookrun, json, clock), json, clock,
                clock::advance, new SecureRandom());
        return new LifecycleHook(check, codeDeploy);
    }

    @Test
    void signedWebhookAccepted_andRunSucceeded_reportsSucceeded() {
        Map<String, String> answer = hook.handle(EVENT, Deadline.none());

        assertThat(codeDeploy.reports).containsExactly(new RecordingReporter.Report("d-ABCDEF123", EXECUTION_ID,
                "Succeeded"));
        assertThat(answer).containsEntry("status", "Succeeded");
        assertThat(answer.get("reason")).contains(FakeHookrun.RUN_ID, "SUCCEEDED");
        assertThat(hookrun.workflows).containsKey("hookrun-deploy-check");
        assertThat(hookrun.workflows.get("hookrun-deploy-check")).contains("\"Type\": \"Pass\"");
        assertThat(hookrun.triggerSecrets.get("hookrun-deploy-check")).singleElement().asString().startsWith("whsec_");
        assertThat(hookrun.runReads).isEqualTo(3);
    }

    @Test
    void theWebhookIsInvokedAsApiGatewayWould_withADeliveryIdDerivedFromTheHookExecution() {
        hook.handle(EVENT, Deadline.none());

        Map<String, Object> event = hookrun.webhookEvents.getFirst();
        assertThat(event).containsEntry("version", "2.0").containsEntry("routeKey", "POST /hooks/{triggerId}")
                .containsEntry("rawPath", "/hooks/hookrun-deploy-check")
                .containsEntry("pathParameters", Map.of("triggerId", "hookrun-deploy-check"));
        assertThat(event.get("headers")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("webhook-id", LifecycleHook.deliveryId(EXECUTION_ID))
                .containsEntry("content-type", "application/json");
        assertThat(hookrun.invoked).containsOnly(FakeHookrun.WEBHOOK, FakeHookrun.ADMIN);
        assertThat(LifecycleHook.deliveryId(EXECUTION_ID)).hasSizeLessThanOrEqualTo(256).matches("deploy-check-[0-9a-f]{32}")
                .isEqualTo(LifecycleHook.deliveryId(EXECUTION_ID)).isNotEqualTo(LifecycleHook.deliveryId(EXECUTION_ID + "x"));
    }

    @Test
    void everyCheckDrawsANewSecret_soNoEarlierCheckCanSign() {
        hook.handle(EVENT, Deadline.none());
        List<String> first = hookrun.triggerSecrets.get("hookrun-deploy-check");
        hookrun.runAnswers.addAll(List.of("SUCCEEDED"));

        hook.handle(EVENT, Deadline.none());

        assertThat(hookrun.triggerSecrets.get("hookrun-deploy-check")).doesNotContainAnyElementsOf(first);
    }

    @Test
    void webhookAnswers401_reportsFailed_withoutReadingAnyRun() {
        hookrun.secretTheAdminKeeps = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

        Map<String, String> answer = hook.handle(EVENT, Deadline.none());

        assertThat(codeDeploy.statuses()).containsExactly("Failed");
        assertThat(answer.get("reason")).contains("HTTP 401", "invalid-signature").doesNotContain("whsec_");
        assertThat(hookrun.runReads).isZero();
        assertThat(hookrun.webhookEvents).as("sent again once the trigger cache has expired, then given up").hasSize(2);
    }

    @Test
    void warmWebhookStillHoldsTheTriggerOfTheCheckBefore_theDeliveryIsSentAgainAfterTheCacheTtl() {
        hookrun.staleWebhookAnswers = 1;
        Instant start = clock.instant();

        Map<String, String> answer = hook.handle(EVENT, Deadline.none());

        assertThat(codeDeploy.statuses()).containsExactly("Succeeded");
        assertThat(hookrun.webhookEvents).hasSize(2);
        assertThat(Duration.between(start, clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(12));
        assertThat(answer.get("reason")).contains("SUCCEEDED");
    }

    @Test
    void runEndsFailed_reportsFailed_namingTheErrorButNotItsCause() {
        hookrun.runAnswers.clear();
        hookrun.runAnswers.addAll(List.of("RUNNING", "FAILED"));

        Map<String, String> answer = hook.handle(EVENT, Deadline.none());

        assertThat(codeDeploy.statuses()).containsExactly("Failed");
        assertThat(answer.get("reason")).contains("ended FAILED", "States.Runtime").doesNotContain("may quote data");
    }

    @Test
    void runNeverFinishes_reportsFailedOnceTheRunTimeoutHasPassed() {
        hookrun.runAnswers.clear();
        hookrun.runAnswers.add("RUNNING");
        Instant start = clock.instant();

        Map<String, String> answer = hook.handle(EVENT, Deadline.none());

        assertThat(codeDeploy.statuses()).containsExactly("Failed");
        assertThat(answer.get("reason")).contains("did not finish within 90 s", "last seen: RUNNING");
        assertThat(Duration.between(start, clock.instant())).isLessThanOrEqualTo(RUN_TIMEOUT);
        assertThat(hookrun.runReads).isBetween(85, 91);
    }

    @Test
    void runNeverRecorded_reportsFailedWithWhatWasLastSeen() {
        hookrun.runAnswers.clear();
        hookrun.runAnswers.add("404");

        Map<String, String> answer = hook.handle(EVENT, Deadline.none());

        assertThat(codeDeploy.statuses()).containsExactly("Failed");
        assertThat(answer.get("reason")).contains("not recorded yet");
    }

    @Test
    void lambdaUnreachable_theExceptionIsReportedAsFailed_notLeftHanging() {
        hookrun.unreachable = true;

        Map<String, String> answer = hook.handle(EVENT, Deadline.none());

        assertThat(codeDeploy.statuses()).containsExactly("Failed");
        assertThat(answer.get("reason")).contains("SdkClientException");
    }

    @Test
    void newWebhookVersionCrashes_reportsFailed_withTheErrorTypeOnly() {
        hookrun.webhookCrashes = true;

        Map<String, String> answer = hook.handle(EVENT, Deadline.none());

        assertThat(codeDeploy.statuses()).containsExactly("Failed");
        assertThat(answer.get("reason")).contains("Unhandled", "NullPointerException").doesNotContain("boom");
    }

    @Test
    void noLambdaTimeLeftForAnotherCall_reportsFailedBeforeCallingAnything() {
        Map<String, String> answer = hook.handle(EVENT, Deadline.in(Duration.ofSeconds(10)));

        assertThat(codeDeploy.statuses()).containsExactly("Failed");
        assertThat(answer.get("reason")).contains("Lambda time ran out");
        assertThat(hookrun.invoked).isEmpty();
    }

    @Test
    void eventWithoutTheHookIds_isRefused_andNothingIsReported() {
        assertThatThrownBy(() -> hook.handle(Map.of("DeploymentId", "d-1"), Deadline.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LifecycleEventHookExecutionId");
        assertThat(codeDeploy.reports).isEmpty();
        assertThat(hookrun.invoked).isEmpty();
    }

    /** CodeDeploy as the hook sees it: the statuses it was told. */
    static final class RecordingReporter implements HookStatusReporter {

        record Report(String deploymentId, String hookExecutionId, String status) { }

        final List<Report> reports = new ArrayList<>();

        @Override
        public void report(String deploymentId, String hookExecutionId, CheckOutcome outcome) {
            reports.add(new Report(deploymentId, hookExecutionId, outcome.status()));
        }

        List<String> statuses() {
            return reports.stream().map(Report::status).toList();
        }
    }

}
