package io.hookrun.local.e2e;

import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.testsupport.CountingHttpServer;
import io.hookrun.testsupport.CountingHttpServer.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.hookrun.local.e2e.EffectsRuns.runToEnd;
import static io.hookrun.local.e2e.EffectsRuns.stateNames;
import static io.hookrun.local.e2e.EffectsRuns.task;
import static io.hookrun.local.e2e.EffectsRuns.workflow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tasks that touch the world exactly once (issue 9, ADR 0007), end to end: signed webhooks start runs on the local
 * stack, whose Tasks call a real HTTP server on loopback that counts what arrives. Retry schedules, exhausted retries,
 * Catch, and an invocation killed between its call and the record of its result (the kill fault, armed here on state
 * {@value #KILLED_STATE} once): every state execution is one {@code Idempotency-Key}, every attempt one
 * {@code Hookrun-Attempt}, and only a killed attempt is called twice, with the same key and attempt.
 */
@SuppressWarnings("unchecked")
class TaskEffectsEndToEndIT {

    private static final String KILLED_STATE = "Charge";
    private static LocalCloud cloud;
    private CountingHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(EffectsRuns.options().withKilledInvocations(KILLED_STATE, 1));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        server = CountingHttpServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static List<String> keys(List<Request> requests) {
        return requests.stream().map(Request::idempotencyKey).toList();
    }

    private static List<String> attempts(List<Request> requests) {
        return requests.stream().map(Request::attempt).toList();
    }

    @Test
    void flakyEndpoint_isRetriedOnTheDeclaredSchedule_withOneIdempotencyKeyAndAttempts1To3_andSucceeds() throws Exception {
        server.script("/flaky", 503, 503, 200);

        Map<String, Object> run = runToEnd(cloud, workflow("Call", task("Call", server.uri("/flaky"), """
                "Retry": [{"ErrorEquals": ["States.Http.StatusCode.503"], "IntervalSeconds": 1, "BackoffRate": 2,
                           "MaxAttempts": 3}],
                "Output": {"call": "{% $states.result.ResponseBody.call %}", "retries": "{% $states.context.State.RetryCount %}"}""",
                "\"End\": true")));

        assertThat(run.get("status")).as(String.valueOf(run.get("error"))).isEqualTo("SUCCEEDED");
        assertThat(run.get("output")).isEqualTo(Map.of("call", 3, "retries", 2));
        List<Request> calls = server.requests("/flaky");
        assertThat(calls).hasSize(3);
        assertThat(keys(calls)).doesNotContainNull().containsOnly(calls.getFirst().idempotencyKey());
        assertThat(attempts(calls)).containsExactly("1", "2", "3");
        List<Duration> gaps = server.gaps("/flaky");
        assertThat(gaps.get(0)).as("IntervalSeconds 1").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(gaps.get(1)).as("1 s x BackoffRate 2").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void endpointThatAlwaysFails_endsTheRunAfterOnePlusMaxAttemptsCalls_withTheStatusCodeError() throws Exception {
        server.script("/broken", 500);

        Map<String, Object> run = runToEnd(cloud, workflow("Call", task("Call", server.uri("/broken"), """
                "Retry": [{"ErrorEquals": ["States.Http.StatusCode.500"], "IntervalSeconds": 1, "MaxAttempts": 2}]""",
                "\"End\": true")));

        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat(((Map<String, Object>) run.get("error")).get("error")).isEqualTo("States.Http.StatusCode.500");
        List<Request> calls = server.requests("/broken");
        assertThat(calls).hasSize(3);
        assertThat(keys(calls)).doesNotContainNull().containsOnly(calls.getFirst().idempotencyKey());
        assertThat(attempts(calls)).containsExactly("1", "2", "3");
    }

    @Test
    void endpointThatAlwaysFails_withACatch_takesTheCatchPathAfterOnePlusMaxAttemptsCalls() throws Exception {
        server.script("/broken", 500);

        Map<String, Object> run = runToEnd(cloud, workflow("Call",
                task("Call", server.uri("/broken"), """
                        "Retry": [{"ErrorEquals": ["States.Http.StatusCode.500"], "IntervalSeconds": 1, "MaxAttempts": 2}],
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover"}]""", "\"Next\": \"Unreachable\""),
                "\"Unreachable\": {\"Type\": \"Fail\", \"Error\": \"Test.NotCaught\"}",
                "\"Recover\": {\"Type\": \"Succeed\"}"));

        assertThat(run.get("status")).as(String.valueOf(run.get("error"))).isEqualTo("SUCCEEDED");
        assertThat(((Map<String, Object>) run.get("output")).get("Error")).isEqualTo("States.Http.StatusCode.500");
        assertThat(stateNames(run)).containsSubsequence("Call", "Recover").doesNotContain("Unreachable");
        List<Request> calls = server.requests("/broken");
        assertThat(calls).hasSize(3);
        assertThat(keys(calls)).doesNotContainNull().containsOnly(calls.getFirst().idempotencyKey());
        assertThat(attempts(calls)).containsExactly("1", "2", "3");
    }

    @Test
    void invocationKilledAfterACall_reExecutesThatStepOnceItsLeaseLapses_withTheSameKeyAndAttempt_andTheRunSucceeds()
            throws Exception {
        // TimeoutSeconds 2: the claim of Charge is leased for 2 s + the 3 s margin, so the killed step comes back soon.
        Map<String, Object> run = runToEnd(cloud, workflow("Reserve",
                task("Reserve", server.uri("/reserve"), "", "\"Next\": \"" + KILLED_STATE + "\""),
                task(KILLED_STATE, server.uri("/charge"), "\"TimeoutSeconds\": 2", "\"Next\": \"Notify\""),
                task("Notify", server.uri("/notify"), "", "\"End\": true")));

        assertThat(run.get("status")).as(String.valueOf(run.get("error"))).isEqualTo("SUCCEEDED");
        assertThat(cloud.killsLeft()).as("the kill happened").isEqualTo(Map.of(KILLED_STATE, 0));
        List<Request> charges = server.requests("/charge");
        assertThat(charges).hasSize(2);
        assertThat(keys(charges)).doesNotContainNull().containsOnly(charges.getFirst().idempotencyKey());
        assertThat(attempts(charges)).as("a re-execution, not a Retry").containsExactly("1", "1");
        assertThat(server.gaps("/charge").getFirst()).as("not before the 5 s lease lapsed")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(server.requests("/reserve")).hasSize(1);
        assertThat(server.requests("/notify")).hasSize(1);
        assertThat(stateNames(run)).containsExactly("Reserve", KILLED_STATE, "Notify");
        assertThat(server.countsByKey()).as("one key per state execution").hasSize(3)
                .containsValues(1, 2, 1).containsEntry(charges.getFirst().idempotencyKey(), 2);
    }
}
