package io.hookrun.admin;

import io.hookrun.core.callback.CallbackToken;
import io.hookrun.core.callback.CallbackTokens;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.TaskWait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /callbacks/{token}/success|failure|heartbeat} through the real AdminHandler over the twins, with a key
 * file as {@code ./hookrun local} gives it: single use, deadlines, bodies, and no token in any answer.
 */
class CallbackAdminTest {

    private static final byte[] KEY = "callback-key-of-the-admin-tests!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final String PROBLEMS = "https://hookrun.dev/problems/";

    private final CallbackTokens tokens = new CallbackTokens(KEY);
    private final AdminApi api = new AdminApi(Map.of("hookrun.callbacks.key-file", keyFile().toString()));
    private final Instant now = TwinStoreFactory.NOW;

    @AfterEach
    void close() {
        api.close();
    }

    private static Path keyFile() {
        try {
            Path file = Files.createTempFile("callback", ".key");
            Files.write(file, KEY);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run whose step 3 ('Approve') is PAUSED since now, with these deadlines in seconds (null: none). */
    private CallbackToken paused(Long timeoutSeconds, Long heartbeatSeconds) {
        Run run = new Run(UUID.randomUUID(), "trg", "approvals", "evt", RunStatus.RUNNING, "{}", null, null, null,
                "{}", now.minusSeconds(10), now.minusSeconds(10), null);
        RunHistory history = api.stores().runs;
        history.createRun(run);
        history.claimState(new RunHistory.StateStart(run.id(), "", 3, "Approve", "Task", "{}", null), now,
                Duration.ofMinutes(1));
        history.pauseState(new RunHistory.StatePause(run.id(), "", 3,
                timeoutSeconds == null ? null : now.plusSeconds(timeoutSeconds),
                heartbeatSeconds == null ? null : now.plusSeconds(heartbeatSeconds), now));
        return new CallbackToken(run.id(), "", 3);
    }

    private StateExecution step(CallbackToken step) {
        return api.stores().runs.stateExecution(step.runId(), step.frame(), step.sequence()).orElseThrow();
    }

    private AdminApi.Response post(String token, String action, String body) {
        return api.post("/callbacks/" + token + "/" + action, Map.of(), body);
    }

    private static void assertProblem(AdminApi.Response response, int status, String slug) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers()).containsEntry("content-type", "application/problem+json");
        assertThat(response.object()).containsEntry("type", PROBLEMS + slug).containsEntry("status", status);
    }

    @Test
    void success_isRecordedOnce_andSendsTheStepsMessage() {
        CallbackToken step = paused(null, null);
        String token = tokens.issue(step);

        AdminApi.Response first = post(token, "success", "{\"approved\": true}");
        AdminApi.Response second = post(token, "success", "{\"approved\": false}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.object()).isEqualTo(Map.of("status", "RECORDED", "action", "success"));
        assertProblem(second, 409, "task-already-answered");
        assertThat(step(step).taskWait().output()).isEqualTo("{\"approved\": true}");
        assertThat(api.stores().queue.sent.steps())
                .containsExactly(new StepMessage(step.runId().toString(), "", 3, "Approve", null));
    }

    @Test
    void failure_recordsErrorAndCause_andBothAreOptional() {
        CallbackToken withBoth = paused(null, null);
        CallbackToken withNone = paused(null, null);

        assertThat(post(tokens.issue(withBoth), "failure", "{\"error\": \"Rejected\", \"cause\": \"no budget\","
                + " \"extra\": 1}").status()).isEqualTo(200);
        assertThat(post(tokens.issue(withNone), "failure", null).status()).isEqualTo(200);

        TaskWait both = step(withBoth).taskWait();
        assertThat(both.error()).isEqualTo("Rejected");
        assertThat(both.cause()).isEqualTo("no budget");
        assertThat(both.output()).isNull();
        TaskWait none = step(withNone).taskWait();
        assertThat(none.answered()).isTrue();
        assertThat(none.error()).isNull();
        assertThat(api.stores().queue.sent.steps()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{\"a\": ", "{} {}", "nope", "[1,]"})
    void success_withABodyThatIsNotOneJsonValue_is400(String body) {
        CallbackToken step = paused(null, null);

        assertProblem(post(tokens.issue(step), "success", body), 400, "invalid-callback");
        assertThat(step(step).taskWait().answered()).isFalse();
    }

    @Test
    void success_above256KiB_is400_andAt256KiBIsRecorded() {
        String fits = "\"" + "a".repeat(CallbackAdmin.MAX_OUTPUT_BYTES - 2) + "\"";

        assertProblem(post(tokens.issue(paused(null, null)), "success", fits + " "), 400, "invalid-callback");
        assertThat(post(tokens.issue(paused(null, null)), "success", fits).status()).isEqualTo(200);
    }

    @Test
    void success_withABodyThatIsNotUtf8_is400() {
        AdminApi.Response response = api.post("/callbacks/" + tokens.issue(paused(null, null)) + "/success", Map.of(),
                new byte[] {'"', (byte) 0xC3, '"'});

        assertProblem(response, 400, "invalid-callback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"Rejected\"", "{\"error\": 5}", "{\"cause\": {}}", "{\"error\": \"a\\u0000b\"}"})
    void failure_withABadBody_is400(String body) {
        CallbackToken step = paused(null, null);

        assertProblem(post(tokens.issue(step), "failure", body), 400, "invalid-callback");
        assertThat(step(step).taskWait().answered()).isFalse();
    }

    @Test
    void failure_withAnErrorOrCauseBeyondSendTaskFailuresLimits_is400() {
        assertProblem(post(tokens.issue(paused(null, null)), "failure", "{\"error\": \"" + "e".repeat(257) + "\"}"),
                400, "invalid-callback");
        assertProblem(post(tokens.issue(paused(null, null)), "failure", "{\"cause\": \"" + "c".repeat(32_769) + "\"}"),
                400, "invalid-callback");
        assertThat(post(tokens.issue(paused(null, null)), "failure", "{\"error\": \"" + "e".repeat(256)
                + "\", \"cause\": \"" + "c".repeat(32_768) + "\"}").status()).isEqualTo(200);
    }

    @Test
    void aTokenThatDoesNotVerify_andOneForNoStep_getTheSame404() {
        CallbackToken step = paused(null, null);
        String token = tokens.issue(step);
        String tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        String noStep = tokens.issue(new CallbackToken(UUID.randomUUID(), "", 0));
        String otherKey = new CallbackTokens(new byte[32]).issue(step);

        List<AdminApi.Response> answers = List.of(post(tampered, "success", "{}"), post(noStep, "success", "{}"),
                post(otherKey, "failure", "{}"), post("garbage", "heartbeat", null), post(noStep, "heartbeat", null));

        for (AdminApi.Response answer : answers) {
            assertProblem(answer, 404, "unknown-task-token");
            Map<String, Object> withoutRequestId = new java.util.HashMap<>(answer.object());
            withoutRequestId.remove("requestId");
            assertThat(withoutRequestId).isEqualTo(Map.of("type", PROBLEMS + "unknown-task-token",
                    "title", "Unknown task token", "status", 404, "detail", "no task waits for this token"));
        }
        assertThat(step(step).taskWait().answered()).isFalse();
    }

    @Test
    void anAnswerAfterTheTimeout_is410() {
        CallbackToken step = paused(60L, null);
        api.stores().clock.advance(Duration.ofSeconds(61));

        assertProblem(post(tokens.issue(step), "success", "{}"), 410, "task-not-waiting");
        assertProblem(post(tokens.issue(step), "heartbeat", null), 410, "task-not-waiting");
        assertThat(api.stores().queue.sent.steps()).isEmpty();
    }

    @Test
    void anAnswerToAFinishedRun_is410() {
        CallbackToken step = paused(null, null);
        api.stores().runs.failRun(step.runId(), "", 3, "hookrun.StepAbandoned", "gone", now);

        assertProblem(post(tokens.issue(step), "success", "{}"), 410, "task-not-waiting");
    }

    @Test
    void aHeartbeat_movesTheHeartbeatDeadlineByHeartbeatSeconds_andSendsNothing() {
        CallbackToken step = paused(3600L, 60L);
        api.stores().clock.advance(Duration.ofSeconds(45));

        AdminApi.Response response = post(tokens.issue(step), "heartbeat", "ignored");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.object()).containsEntry("action", "heartbeat");
        assertThat(step(step).taskWait().heartbeatAt()).isEqualTo(now.plusSeconds(105));
        assertThat(api.stores().queue.sent.steps()).isEmpty();
    }

    @Test
    void otherMethodsAndActions_areRefusedWithoutQuotingThePath() {
        String token = tokens.issue(paused(null, null));

        AdminApi.Response get = api.get("/callbacks/" + token + "/success");
        AdminApi.Response unknownAction = post(token, "approve", "{}");
        AdminApi.Response noAction = api.post("/callbacks/" + token, Map.of(), "{}");

        assertProblem(get, 405, "method-not-allowed");
        assertThat(get.headers()).containsEntry("Allow", "POST");
        assertProblem(unknownAction, 404, "not-found");
        assertProblem(noAction, 404, "not-found");
    }

    @Test
    void aRunHistoryOutage_is503_andNothingIsRecorded() {
        CallbackToken step = paused(null, null);
        api.stores().failEveryCallWith(new io.micronaut.data.exceptions.DataAccessException("run history",
                new java.sql.SQLTransientConnectionException("connection refused")));

        AdminApi.Response response = post(tokens.issue(step), "success", "{}");

        assertProblem(response, 503, "unavailable");
        assertThat(response.headers()).containsEntry("Retry-After", "5");
    }

    @Test
    void noAnswerEverQuotesTheToken() {
        CallbackToken step = paused(60L, null);
        String token = tokens.issue(step);
        post(token, "success", "{}");
        post(token, "success", "{}");
        post(token, "failure", "[]");
        post(token, "nope", "{}");
        api.get("/callbacks/" + token + "/success");
        api.stores().failEveryCallWith(new IllegalStateException("a bug"));
        assertProblem(post(token, "heartbeat", null), 500, "internal-error");

        assertThat(api.answers()).hasSizeGreaterThan(5).allSatisfy(answer -> {
            assertThat(answer.body()).doesNotContain(token).doesNotContain(token.substring(5, 25));
            assertThat(answer.headers().values()).noneMatch(value -> value.contains(token));
        });
    }
}
