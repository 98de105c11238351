package io.hookrun.admin;

import io.hookrun.core.idempotency.DeliveryKey;
import io.hookrun.core.idempotency.DeliveryRecord;
import io.hookrun.core.idempotency.InMemoryIdempotencyStore;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code POST /admin/workflows/{id}/runs} through the real AdminHandler, with the in-memory twins of DynamoDB (name
 * claims), SQS (start messages) and PostgreSQL (runs): every status it answers, names with StartExecution's rules and
 * idempotency, concurrent starts of one name, and a send that fails or dies between the claim and SQS.
 */
class AdminStartRunTest {

    private static final String WORKFLOW = "order-flow";
    private static final String RUNS = "/admin/workflows/" + WORKFLOW + "/runs";
    private static final String INPUT = "{ \"orderId\": \"o-1\",\n  \"amount\": 250 }";

    private final AdminApi api = new AdminApi();

    @BeforeEach
    void storeTheWorkflow() {
        api.stores().workflows.save(WORKFLOW, Definitions.VALID, TwinStoreFactory.NOW);
    }

    @AfterEach
    void close() {
        api.close();
    }

    private GatedStepQueue queue() {
        return api.stores().queue;
    }

    private AdminApi.Response start(String body) {
        return api.post(RUNS, Map.of(), body);
    }

    private AdminApi.Response start(String name, String body) {
        return api.post(RUNS, Map.of("name", name), body);
    }

    @Test
    void unnamedStart_answers202OnceQueued_withTheInputExactlyAsSent() {
        AdminApi.Response response = start(INPUT);

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.headers()).containsEntry("content-type", "application/json")
                .doesNotContainKey(AdminResponses.REPLAYED_HEADER);
        String runId = (String) response.object().get("runId");
        assertThat(UUID.fromString(runId).version()).isEqualTo(7);
        assertThat(response.object()).containsEntry("workflowId", WORKFLOW).containsEntry("name", null)
                .containsEntry("status", "QUEUED").containsEntry("requestedAt", TwinStoreFactory.NOW.toString())
                .containsEntry("links", Map.of("run", "/admin/runs/" + runId, "workflow", "/admin/workflows/" + WORKFLOW));
        assertThat(queue().starts()).containsExactly(
                new StartRunMessage(runId, WORKFLOW, null, INPUT, TwinStoreFactory.NOW.toString()));
    }

    @Test
    void sampleEvent_startsANamedRunOfOrderFlow() {
        AdminApi.Response response = api.send(api.event("start-named-run.json"));

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.object()).containsEntry("workflowId", WORKFLOW).containsEntry("name", "nightly-2026-12-01");
        assertThat(queue().starts()).singleElement().extracting(StartRunMessage::input)
                .isEqualTo("{\"orderId\": \"o-1001\", \"amount\": 250}");
    }

    @Test
    void unnamedStart_twice_startsTwoRuns() {
        String first = (String) start(INPUT).object().get("runId");
        String second = (String) start(INPUT).object().get("runId");

        assertThat(first).isNotEqualTo(second);
        assertThat(queue().starts()).extracting(StartRunMessage::runId).containsExactly(first, second);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"just a string\"", "42", "-0.5e3", "null", "true", "[1, {\"a\": []}]", " {} ", "\t[]\n"})
    void anyJsonValue_isAnInput(String input) {
        AdminApi.Response response = start(input);

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(queue().starts()).singleElement().extracting(StartRunMessage::input).isEqualTo(input);
    }

    @Test
    void noBody_startsWithAnEmptyObject_asStartExecutionWithoutInput() {
        AdminApi.Response response = start(null);

        assertThat(response.status()).isEqualTo(202);
        assertThat(queue().starts()).singleElement().extracting(StartRunMessage::input).isEqualTo("{}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\": 1} {\"b\": 2}", "{'a': 1}", "NaN", "[1,]", "// note\n{}", "{\"a\": 01}",
            "\"tab\tinside\"", "{\"secret-looking\": tru}", "\"\uFFFF\""})
    void bodyThatIsNotOneJsonValue_answers400_sayingWhereButNotWhat(String body) {
        AdminApi.Response response = start(body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers()).containsEntry("content-type", "application/problem+json");
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-input");
        assertThat((String) response.object().get("detail")).startsWith("the body ")
                .doesNotContain("secret-looking", "tru}", "note");
        assertThat(queue().starts()).isEmpty();
    }

    @Test
    void bodyThatIsNotUtf8_answers400() {
        AdminApi.Response response = api.post(RUNS, Map.of(), new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'});

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.object()).containsEntry("detail", "the body is not UTF-8 text");
        assertThat(queue().starts()).isEmpty();
    }

    @Test
    void inputOver256KiB_answers413() {
        String input = "\"" + "x".repeat(RunInput.MAX_BYTES - 1) + "\"";

        AdminApi.Response response = start(input);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/payload-too-large")
                .containsEntry("detail", "a run's input may have at most 262144 bytes of UTF-8 (StartExecution's limit);"
                        + " this one has 262145");
        assertThat(queue().starts()).isEmpty();
    }

    @Test
    void inputOf256KiB_isAccepted_whenItsQueuedFormFits() {
        String input = "\"" + "x".repeat(RunInput.MAX_BYTES - 2 - 2048) + "\"";

        assertThat(start(input).status()).isEqualTo(202);
    }

    @Test
    void inputWithinTheLimit_whoseEscapedFormOverflowsAnSqsMessage_answers413_andClaimsNoName() {
        String input = "\"" + "\\\"".repeat(100_000) + "\"";  // 200 KB of \" : each takes 4 bytes as a JSON string

        AdminApi.Response response = start("big-one", input);

        assertThat(response.status()).isEqualTo(413);
        assertThat((String) response.object().get("detail")).startsWith("as a start message the input takes ")
                .endsWith("over the " + RunStartAdmin.MAX_MESSAGE_BYTES + " bytes a message on the steps queue may have");
        assertThat(queue().starts()).isEmpty();
        assertThat(api.stores().claims.record(DeliveryKey.runName(WORKFLOW, "big-one"))).isEmpty();
    }

    @Test
    void unknownWorkflow_answers404_andQueuesNothing() {
        AdminApi.Response response = api.post("/admin/workflows/no-such-flow/runs", Map.of("name", "n1"), INPUT);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/unknown-workflow")
                .containsEntry("detail", "no workflow has the id 'no-such-flow'");
        assertThat(queue().starts()).isEmpty();
        assertThat(api.stores().claims.record(DeliveryKey.runName("no-such-flow", "n1"))).isEmpty();
    }

    @Test
    void workflowIdOutsideTheSafeAlphabet_answers400() {
        AdminApi.Response response = api.post("/admin/workflows/-flow/runs", Map.of(), INPUT);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-id");
    }

    @Test
    void otherMethodsOnTheRunsOfAWorkflow_answer405_allowingPost() {
        AdminApi.Response response = api.get(RUNS);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("Allow", "POST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "tab\there", "nbsp\u00A0here", "a/b", "a:b", "a#b", "a%b", "a\"b", "a\\b",
            "{x}", "[x]", "<x>", "a?b", "a*b", "a^b", "a|b", "a~b", "a`b", "a$b", "a&b", "a,b", "a;b", "bell\u0007",
            "del\u007F", "c1\u0085", "eighty-one-characters-are-one-too-many-for-a-name-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void nameBreakingStartExecutionsRules_answers400(String name) {
        AdminApi.Response response = start(name, INPUT);

        assertThat(response.status()).as(name).isEqualTo(400);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-name");
        assertThat((String) response.object().get("detail")).startsWith(ExecutionNames.RULE);
        assertThat(queue().starts()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nightly-2026-12-01_01", "a", "v1.2.3", "é-ü-日本", "run(1)+'x'=@!"})
    void nameWithinStartExecutionsRules_isAccepted(String name) {
        assertThat(start(name, INPUT).status()).isEqualTo(202);
        assertThat(start("x".repeat(80), INPUT).status()).isEqualTo(202);
        assertThat(queue().starts()).extracting(StartRunMessage::name).contains(name);
    }

    @Test
    void sameNameAndInput_whileTheRunIsOpen_answers200WithTheSameRun_andStartsNothingMore() {
        AdminApi.Response first = start("nightly-1", INPUT);
        String runId = (String) first.object().get("runId");
        api.stores().clock.advance(Duration.ofMinutes(5));

        AdminApi.Response queued = start("nightly-1", INPUT);
        api.stores().runs.createRun(run(runId, "nightly-1", RunStatus.RUNNING));
        AdminApi.Response running = start("nightly-1", INPUT);

        assertThat(first.status()).isEqualTo(202);
        assertThat(queued.status()).isEqualTo(200);
        assertThat(queued.headers()).containsEntry(AdminResponses.REPLAYED_HEADER, "true");
        assertThat(queued.object()).isEqualTo(first.object());
        assertThat(running.status()).isEqualTo(200);
        assertThat(running.object()).containsEntry("runId", runId).containsEntry("status", "RUNNING")
                .containsEntry("name", "nightly-1").containsEntry("requestedAt", TwinStoreFactory.NOW.toString());
        assertThat(queue().starts()).singleElement()
                .isEqualTo(new StartRunMessage(runId, WORKFLOW, "nightly-1", INPUT, TwinStoreFactory.NOW.toString()));
    }

    @Test
    void sameNameWithAnotherInput_answers409ExecutionAlreadyExists() {
        start("nightly-1", INPUT);

        AdminApi.Response response = start("nightly-1", INPUT.replace("250", "251"));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.headers()).doesNotContainKey("Retry-After");
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/execution-already-exists")
                .containsEntry("detail", "a run named 'nightly-1' of workflow 'order-flow' was started with another input"
                        + " (StartExecution's ExecutionAlreadyExists)");
        assertThat(queue().starts()).hasSize(1);
    }

    @Test
    void sameNameAndInput_afterTheRunEnded_answers409ExecutionAlreadyExists() {
        String runId = (String) start("nightly-1", INPUT).object().get("runId");
        api.stores().runs.createRun(run(runId, "nightly-1", RunStatus.SUCCEEDED));

        AdminApi.Response response = start("nightly-1", INPUT);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/execution-already-exists")
                .containsEntry("detail", "the run named 'nightly-1' of workflow 'order-flow' (run " + runId
                        + ") has ended; a name starts one run (StartExecution's ExecutionAlreadyExists)");
        assertThat(queue().starts()).hasSize(1);
    }

    @Test
    void sameName_inAnotherWorkflow_isAnotherRun() {
        api.stores().workflows.save("other-flow", Definitions.VALID, TwinStoreFactory.NOW);

        AdminApi.Response first = start("nightly-1", INPUT);
        AdminApi.Response other = api.post("/admin/workflows/other-flow/runs", Map.of("name", "nightly-1"), INPUT);

        assertThat(other.status()).isEqualTo(202);
        assertThat(other.object().get("runId")).isNotEqualTo(first.object().get("runId"));
    }

    @Test
    void twoConcurrentStartsOfOneName_startOneRun_theOtherIsToldToRetry_thenGetsThatRun() throws Exception {
        queue().hold();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<AdminApi.Response> first = pool.submit(() -> start("nightly-1", INPUT));
            queue().awaitHeld();

            AdminApi.Response concurrent = pool.submit(() -> start("nightly-1", INPUT)).get(30, TimeUnit.SECONDS);
            AdminApi.Response otherInput = start("nightly-1", "{}");
            queue().open();
            AdminApi.Response winner = first.get(30, TimeUnit.SECONDS);
            AdminApi.Response retry = start("nightly-1", INPUT);

            assertThat(concurrent.status()).isEqualTo(409);
            assertThat(concurrent.object()).containsEntry("type", "https://hookrun.dev/problems/start-in-progress");
            assertThat(Integer.parseInt(concurrent.headers().get("Retry-After"))).isBetween(1, 20);
            assertThat(otherInput.status()).isEqualTo(409);
            assertThat(otherInput.object()).containsEntry("type", "https://hookrun.dev/problems/execution-already-exists");
            assertThat(winner.status()).isEqualTo(202);
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.object().get("runId")).isEqualTo(winner.object().get("runId"));
        }
        assertThat(queue().starts()).hasSize(1);
    }

    @Test
    void manyConcurrentStartsOfOneName_queueExactlyOneStart() throws Exception {
        int copies = 8;
        CompletableFuture<?>[] calls = new CompletableFuture<?>[copies];
        try (ExecutorService pool = Executors.newFixedThreadPool(copies)) {
            for (int i = 0; i < copies; i++) {
                calls[i] = CompletableFuture.supplyAsync(() -> start("nightly-1", INPUT), pool);
            }
            CompletableFuture.allOf(calls).get(60, TimeUnit.SECONDS);
        }

        assertThat(queue().starts()).hasSize(1);
        assertThat(api.answers()).extracting(AdminApi.Response::status).isSubsetOf(200, 202, 409).containsOnlyOnce(202);
        List<Object> answeredRunIds = api.answers().stream().filter(r -> r.status() != 409)
                .map(r -> r.object().get("runId")).toList();
        assertThat(answeredRunIds).containsOnly(queue().starts().getFirst().runId());
    }

    @Test
    void namedStart_whoseSendFails_answers503_givesTheNameUp_andTheRetryStartsTheRunOnceUnderTheSameId() {
        queue().sent.failSendsWith(SdkClientException.create("Unable to execute HTTP request: Connection reset"));
        AdminApi.Response failed = start("nightly-1", INPUT);
        queue().sent.failSendsWith(null);
        api.stores().clock.advance(Duration.ofSeconds(5)); // the caller waits as Retry-After says

        AdminApi.Response retry = start("nightly-1", INPUT);

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.headers()).containsEntry("Retry-After", "5");
        assertThat(failed.object()).containsEntry("type", "https://hookrun.dev/problems/unavailable");
        assertThat((String) failed.object().get("detail")).contains("ask again with the same name and input");
        assertThat(retry.status()).isEqualTo(202);
        assertThat(queue().starts()).singleElement().extracting(StartRunMessage::runId)
                .isEqualTo(retry.object().get("runId"));
        assertThat(api.stores().claims.record(DeliveryKey.runName(WORKFLOW, "nightly-1"))).get()
                .extracting(DeliveryRecord::status).isEqualTo(DeliveryRecord.Status.COMPLETED);
    }

    @Test
    void namedStart_whoseSendFailsAfterSqsStoredIt_isRetriedUnderTheSameRunId_soTheStepFunctionDropsTheCopy() {
        queue().sent.failSendsAfterStoringWith(SqsException.builder().statusCode(503).message("ServiceUnavailable").build());
        AdminApi.Response failed = start("nightly-1", INPUT);
        queue().sent.failSendsWith(null);
        api.stores().clock.advance(Duration.ofSeconds(5)); // the caller waits as Retry-After says

        AdminApi.Response retry = start("nightly-1", INPUT);

        assertThat(failed.status()).isEqualTo(503);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(queue().starts()).hasSize(2).extracting(StartRunMessage::runId)
                .containsOnly((String) retry.object().get("runId"));
    }

    @Test
    void unnamedStart_whoseSendFails_answers503_warningThatARetryMayStartASecondRun() {
        queue().sent.failSendsWith(SdkClientException.create("Unable to execute HTTP request: Read timed out"));

        AdminApi.Response failed = start(INPUT);

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.headers()).containsEntry("Retry-After", "5");
        assertThat((String) failed.object().get("detail")).contains("may start a second run", "a name makes a start safe");
        assertThat(queue().starts()).isEmpty();
    }

    @Test
    void namedStart_whoseSendFailsWithABug_answers500_andStillGivesTheNameUp() {
        queue().sent.failSendsWith(SqsException.builder().statusCode(400).message("InvalidParameterValue").build());
        AdminApi.Response failed = start("nightly-1", INPUT);
        queue().sent.failSendsWith(null);
        api.stores().clock.advance(Duration.ofSeconds(1)); // a moment later

        AdminApi.Response retry = start("nightly-1", INPUT);

        assertThat(failed.status()).isEqualTo(500);
        assertThat((String) failed.object().get("detail")).contains(AdminApi.REQUEST_ID);
        assertThat(retry.status()).as("the abandoned claim does not hold the retry back").isEqualTo(202);
    }

    @Test
    void invocationDyingBetweenClaimAndSend_holdsTheNameUntilItsLeaseEnds_thenTheRetryStartsItUnderTheSameRunId() {
        queue().killNextStart();
        assertThatThrownBy(() -> start("nightly-1", INPUT)).isInstanceOf(GatedStepQueue.InvocationKilled.class);
        String heldRunId = api.stores().claims.record(DeliveryKey.runName(WORKFLOW, "nightly-1")).orElseThrow().runId();

        AdminApi.Response whileHeld = start("nightly-1", INPUT);
        api.stores().clock.advance(Duration.ofSeconds(21)); // the lease is the invocation's remaining time: 20 s
        AdminApi.Response afterLease = start("nightly-1", INPUT);

        assertThat(whileHeld.status()).isEqualTo(409);
        assertThat(whileHeld.object()).containsEntry("type", "https://hookrun.dev/problems/start-in-progress");
        assertThat(Integer.parseInt(whileHeld.headers().get("Retry-After"))).isBetween(19, 20);
        assertThat(afterLease.status()).isEqualTo(202);
        assertThat(afterLease.object()).containsEntry("runId", heldRunId);
        assertThat(queue().starts()).singleElement().extracting(StartRunMessage::runId).isEqualTo(heldRunId);
    }

    @Test
    void nameStoreOutage_answers503_andQueuesNothing() {
        api.stores().claims.fail(InMemoryIdempotencyStore.Operation.CLAIM,
                SdkClientException.create("Unable to execute HTTP request: Connect timed out"));

        AdminApi.Response response = start("nightly-1", INPUT);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.headers()).containsKey("Retry-After");
        assertThat(queue().starts()).isEmpty();
    }

    @Test
    void aStartedRun_untilTheStepFunctionTakesIt_isNotFound_asAQueuedWebhookRunIs() {
        String runId = (String) start(INPUT).object().get("runId");

        AdminApi.Response response = api.get("/admin/runs/" + runId);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/unknown-run");
    }

    @Test
    void refusedInput_isNotQuotedInTheProblem_whichSaysWhereItBreaks() {
        AdminApi.Response response = start("n1", "{\"apiKey\": \"sk_live_0123456789\",\n \"x\": }");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("sk_live", "apiKey");
        assertThat(response.object()).containsEntry("detail", "the body is not JSON: the error is at line 2, column 7");
    }

    private static Run run(String runId, String name, RunStatus status) {
        return new Run(UUID.fromString(runId), null, WORKFLOW, name, status, INPUT, null, null, null, Definitions.VALID,
                TwinStoreFactory.NOW, TwinStoreFactory.NOW, status == RunStatus.SUCCEEDED ? TwinStoreFactory.NOW : null);
    }
}
