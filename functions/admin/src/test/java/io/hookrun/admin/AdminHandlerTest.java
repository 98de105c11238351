package io.hookrun.admin;

import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunStatus;
import io.micronaut.data.exceptions.DataAccessException;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API through the real AdminHandler: routes, statuses, problem documents, and failures of the stores. */
class AdminHandlerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final AdminApi api = new AdminApi();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void putThenGetWorkflow_answers200WithTheDefinitionAsJson() {
        AdminApi.Response put = api.put("/admin/workflows/order-flow", Definitions.VALID);
        AdminApi.Response get = api.get("/admin/workflows/order-flow");

        assertThat(put.status()).as("version 1: created").isEqualTo(201);
        assertThat(put.headers()).containsEntry("Location", "/admin/workflows/order-flow");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.headers()).containsEntry("content-type", "application/json");
        assertThat(get.object()).containsEntry("id", "order-flow")
                .containsEntry("createdAt", TwinStoreFactory.NOW.toString())
                .containsEntry("updatedAt", TwinStoreFactory.NOW.toString());
        assertThat(get.object().get("definition")).isInstanceOf(Map.class)
                .asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("StartAt", "Done");
        assertThat(api.stores().workflows.find("order-flow")).isPresent();
    }

    @Test
    void putWorkflow_withSeveralProblems_answers400ListingEveryOne() {
        AdminApi.Response response = api.put("/admin/workflows/broken", Definitions.SIX_PROBLEMS);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers()).containsEntry("content-type", "application/problem+json");
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-workflow")
                .containsEntry("title", "Invalid workflow").containsEntry("status", 400)
                .containsEntry("detail", "6 problem(s) in the definition");
        // The parser's own wording of the JSONata error is the asl module's: only where it is and what it says matter here.
        assertThat(response.problems()).satisfiesExactly(
                p -> assertThat(p).isEqualTo("States.First.Next: 'Nowhere' is not a state"),
                p -> assertThat(p).isEqualTo("States.Second: needs Next or \"End\": true"),
                p -> assertThat(p).startsWith("States.Second.Output: JSONata does not parse: ")
                        .endsWith("Expected \")\" before end of expression"),
                p -> assertThat(p).startsWith("States.Third.Parameters: 'Parameters' is a JSONPath field"),
                p -> assertThat(p).isEqualTo("States.Second: is not reachable from StartAt"),
                p -> assertThat(p).isEqualTo("States.Third: is not reachable from StartAt"));
        assertThat(api.stores().workflows.find("broken")).isEmpty();
    }

    @Test
    void putWorkflow_overTheItemBudget_answers413() {
        String padding = "x".repeat(WorkflowAdmin.MAX_DEFINITION_BYTES);
        AdminApi.Response response = api.put("/admin/workflows/huge",
                Definitions.VALID.replace("\"Done\": {", "\"Done\": {\"Comment\": \"" + padding + "\", "));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/payload-too-large")
                .containsEntry("detail", "a definition may have at most " + WorkflowAdmin.MAX_DEFINITION_BYTES + " bytes");
    }

    @Test
    void putWorkflow_withoutBody_answers400() {
        AdminApi.Response response = api.put("/admin/workflows/empty", null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-workflow")
                .containsEntry("detail", "the body must be an Amazon States Language definition")
                .doesNotContainKey("problems");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/workflows/-starts-with-dash", "/admin/triggers/has%20space", "/admin/workflows/a:b"})
    void putWithAnIdOutsideTheSafeAlphabet_answers400(String path) {
        AdminApi.Response response = api.put(path, Definitions.VALID);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-id");
    }

    @Test
    void getUnknownWorkflow_sampleEvent_answers404() {
        AdminApi.Response response = api.send(api.event("get-unknown-workflow.json"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/unknown-workflow")
                .containsEntry("detail", "no workflow has the id 'no-such-workflow'");
    }

    @Test
    void getRunsByTrigger_sampleEvent_answersThatTriggersRunsUpToTheLimit() {
        for (int i = 0; i < 12; i++) {
            api.stores().runs.createRun(run("github-push", RunStatus.SUCCEEDED, Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i)));
        }
        api.stores().runs.createRun(run("other", RunStatus.SUCCEEDED, Instant.parse("2026-11-02T00:00:00Z")));

        AdminApi.Response response = api.send(api.event("get-runs-by-trigger.json"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.items()).hasSize(10).allSatisfy(run -> assertThat(run).containsEntry("triggerId", "github-push"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin", "/admin/nothing", "/admin/workflow", "/admin/workflows/a/b", "/admin/triggers/a/b",
            "/admin/runs/a/b", "/admin/workflows/a/versions/1/x", "/admin/openapi", "/health/liveness"})
    void unknownPath_answers404(String path) {
        AdminApi.Response response = api.get(path);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/not-found");
    }

    @ParameterizedTest
    @CsvSource({
            "PATCH,  /admin/workflows/order-flow, 'GET, PUT, DELETE'",
            "POST,   /admin/workflows/order-flow, 'GET, PUT, DELETE'",
            "DELETE, /admin/workflows,            GET",
            "POST,   /admin/triggers,             GET",
            "PATCH,  /admin/triggers/orders,      'GET, PUT, DELETE'",
            "GET,    /admin/triggers/orders/disable, POST",
            "DELETE, /admin/workflows/order-flow/versions/1, GET",
            "POST,   /admin/openapi.json,         GET",
            "POST,   /admin/runs,                 GET",
            "PUT,    /admin/workflows/order-flow/runs, POST",
            "PUT,    /admin/runs/0193a5c2-7a4e-7000-8000-000000000001, GET"})
    void unsupportedMethod_answers405WithAllow(String method, String path, String allowed) {
        AdminApi.Response response = api.send(method, path, Map.of(), null);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("Allow", allowed);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/method-not-allowed");
    }

    @Test
    void trailingSlash_namesTheSameResource() {
        api.put("/admin/workflows/order-flow/", Definitions.VALID);

        assertThat(api.get("/admin/workflows/order-flow").status()).isEqualTo(200);
    }

    static Stream<RuntimeException> outages() {
        return Stream.of(
                SdkClientException.create("Unable to execute HTTP request: Connect timed out"),
                DynamoDbException.builder().statusCode(500).message("InternalServerError").build(),
                ProvisionedThroughputExceededException.builder().statusCode(400).message("throttled")
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ProvisionedThroughputExceededException").build()).build(),
                new DataAccessException("Unable to obtain connection",
                        new SQLTransientConnectionException("HikariPool-1 - Connection is not available")));
    }

    @ParameterizedTest
    @MethodSource("outages")
    void storeOutage_answers503WithRetryAfter_onEveryRoute(RuntimeException outage) {
        api.stores().failEveryCallWith(outage);

        for (Function<AdminApi, AdminApi.Response> call : everyStoreCall()) {
            AdminApi.Response response = call.apply(api);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.headers()).containsKey("Retry-After");
            assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/unavailable");
        }
    }

    static Stream<RuntimeException> bugs() {
        return Stream.of(
                new IllegalStateException("a bug in a store"),
                new NullPointerException(),
                DynamoDbException.builder().statusCode(400).message("ValidationException: key too long").build());
    }

    @ParameterizedTest
    @MethodSource("bugs")
    void storeBug_answers500WithTheRequestId_onEveryRoute(RuntimeException bug) {
        api.stores().failEveryCallWith(bug);

        for (Function<AdminApi, AdminApi.Response> call : everyStoreCall()) {
            AdminApi.Response response = call.apply(api);

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.headers()).doesNotContainKey("Retry-After");
            assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/internal-error");
            assertThat((String) response.object().get("detail")).contains(AdminApi.REQUEST_ID);
        }
    }

    /** One request per route that reaches a store. */
    private static List<Function<AdminApi, AdminApi.Response>> everyStoreCall() {
        String trigger = "{\"workflowId\": \"order-flow\", \"signature\": {\"scheme\": \"standard-webhooks\", \"secrets\": [\"" + SECRET + "\"]}}";
        return List.of(
                a -> a.put("/admin/workflows/order-flow", Definitions.VALID),
                a -> a.get("/admin/workflows/order-flow"),
                a -> a.put("/admin/triggers/orders", trigger),
                a -> a.get("/admin/triggers/orders"),
                a -> a.get("/admin/runs"),
                a -> a.get("/admin/runs/" + UUID.randomUUID()),
                a -> a.post("/admin/workflows/order-flow/runs", Map.of("name", "n1"), "{}"),
                a -> a.post("/admin/workflows/order-flow/runs", Map.of(), "{}"));
    }

    static Run run(String triggerId, RunStatus status, Instant createdAt) {
        return new Run(UUID.randomUUID(), triggerId, "order-flow", "msg_" + createdAt.toEpochMilli(), status,
                "{\"data\":{}}", status == RunStatus.SUCCEEDED ? "{\"ok\":true}" : null,
                status == RunStatus.FAILED ? "States.Http.StatusCode.500" : null, null, null, createdAt, createdAt,
                status == RunStatus.SUCCEEDED || status == RunStatus.FAILED ? createdAt.plusMillis(1500) : null);
    }
}
