package io.hookrun.admin;

import io.hookrun.core.run.BranchStatus;
import io.hookrun.core.run.InMemoryRunHistory;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory.StateClaim;
import io.hookrun.core.run.RunHistory.StateFinish;
import io.hookrun.core.run.RunHistory.StateStart;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code GET /admin/runs/{runId}} shows of a run started from the admin API that runs a Map: every frame with the
 * branch it belongs to, a retried attempt with its error, retry counts and the time its retry may start, variables
 * where they changed, the Map's branches counted; and one frame at a time with {@code ?frame=}.
 */
class AdminRunViewTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final String VARS = "{\"limit\":2}";

    private final AdminApi api = new AdminApi();
    private final UUID runId = UUID.randomUUID();
    private InMemoryRunHistory history;

    @BeforeEach
    void storeARunInTheMiddleOfAMap() {
        history = api.stores().runs;
        history.createRun(new Run(runId, null, "order-flow", "nightly-1", RunStatus.RUNNING, "{\"items\":[1,2]}", null,
                null, null, "{}", T0, T0, null));
        // Main chain: Prepare assigns a variable, then Items maps over two items, one at a time.
        step("", 0, "Prepare", "Pass", "{\"items\":[1,2]}", null, at(0));
        finish("", 0, StateStatus.SUCCEEDED, "{\"items\":[1,2]}", VARS, null, "Items", null, null, at(100));
        step("", 1, "Items", "Map", "{\"items\":[1,2]}", VARS, at(200));
        history.forkState(runId, "", 1, VARS, List.of("1", "2"), 1, at(200));
        history.startBranches(runId, "", 1, 0, 1, at(200));
        // Iteration 0: its Task times out once, is retried 2 s later, and succeeds, assigning a variable.
        step("1.0", 0, "Call", "Task", "1", VARS, at(300));
        finish("1.0", 0, StateStatus.RETRIED, "1", VARS, "States.Timeout", "Call", at(2300), "[1]", at(300));
        step("1.0", 1, "Call", "Task", "1", VARS, at(2300));
        finish("1.0", 1, StateStatus.SUCCEEDED, "{\"ok\":1}", "{\"limit\":2,\"last\":1}", null, null, null, null, at(2500));
        history.finishBranch(runId, "", 1, 0, BranchStatus.SUCCEEDED, "{\"ok\":1}", null, null, at(2500));
        // Iteration 1 is running.
        history.startBranches(runId, "", 1, 1, 2, at(2500));
        step("1.1", 0, "Call", "Task", "2", VARS, at(2600));
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aRunStartedOnAVersion_showsThatVersionAndTheDefinitionItExecutes_inItsViewAndInTheList() {
        UUID versioned = UUID.randomUUID();
        String snapshot = "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}";
        history.createRun(new Run(versioned, null, "order-flow", "v3-run", RunStatus.QUEUED, "{}", null, null, null,
                snapshot, at(5000), null, null, null, 3));

        AdminApi.Response view = api.get("/admin/runs/" + versioned);
        AdminApi.Response list = api.get("/admin/runs", Map.of("workflowId", "order-flow", "limit", "1"));

        assertThat(view.object()).containsEntry("workflowVersion", 3)
                .containsEntry("definition", Map.of("StartAt", "Done", "States", Map.of("Done", Map.of("Type", "Succeed"))));
        assertThat(list.items()).singleElement().satisfies(run -> {
            assertThat(run).containsEntry("runId", versioned.toString()).containsEntry("workflowVersion", 3);
            assertThat(run).doesNotContainKey("definition");
        });
    }

    @Test
    void everyFrame_isShownInOrder_withTheBranchEachStepBelongsTo() {
        AdminApi.Response response = api.get("/admin/runs/" + runId);

        assertThat(response.status()).isEqualTo(200);
        assertThat(states(response)).extracting(s -> s.get("name") + "@" + s.getOrDefault("branch", "") + "#" + s.get("sequence"))
                .containsExactly("Prepare@#0", "Items@#1", "Call@Items[0]#0", "Call@Items[0]#1", "Call@Items[1]#0");
        assertThat(states(response)).extracting(s -> s.getOrDefault("frame", ""))
                .containsExactly("", "", "1.0", "1.0", "1.1");
        assertThat(states(response)).extracting(s -> s.get("status"))
                .containsExactly("SUCCEEDED", "WAITING", "RETRIED", "SUCCEEDED", "RUNNING");
        assertThat(response.object()).doesNotContainKey("truncated");
    }

    @Test
    void aRunWithoutTrigger_showsItsName_andNoTriggerOrEventId() {
        Map<String, Object> run = api.get("/admin/runs/" + runId).object();

        assertThat(run).containsEntry("runId", runId.toString()).containsEntry("name", "nightly-1")
                .containsEntry("workflowId", "order-flow").containsEntry("input", Map.of("items", List.of(1, 2)));
        assertThat(run.get("triggerId")).isNull();
        assertThat(run.get("eventId")).isNull();
    }

    @Test
    void emptyObjectsAndArrays_areShownAsThemselves_notLeftOut() {
        UUID ended = UUID.randomUUID();
        history.createRun(new Run(ended, null, "order-flow", null, RunStatus.RUNNING, "[]", null, null, null, "{}", T0, T0,
                null));
        history.claimState(new StateStart(ended, "", 0, "Done", "Pass", "[]", null), T0, Duration.ofSeconds(30));
        history.finishState(new StateFinish(ended, "", 0, StateStatus.SUCCEEDED, "{}", "{}", null, null, null, null, null,
                RunStatus.SUCCEEDED, T0));

        Map<String, Object> run = api.get("/admin/runs/" + ended).object();

        assertThat(run).containsEntry("input", List.of()).containsEntry("output", Map.of());
        assertThat(states(api.get("/admin/runs/" + ended)).getFirst()).containsEntry("input", List.of())
                .containsEntry("output", Map.of());
    }

    @Test
    void aRetriedAttempt_showsItsError_theRetriesMadeSoFar_andWhenTheRetryMayStart() {
        Map<String, Object> retried = states(api.get("/admin/runs/" + runId)).get(2);

        assertThat(retried).containsEntry("error", Map.of("error", "States.Timeout", "cause", "timed out"))
                .containsEntry("retries", List.of(1)).containsEntry("nextState", "Call")
                .containsEntry("nextNotBefore", at(2300).toString()).containsEntry("attempts", 1)
                .containsEntry("input", 1).containsEntry("durationMs", 0);
    }

    @Test
    void variables_areShownOnTheStepsThatChangedThem() {
        List<Map<String, Object>> states = states(api.get("/admin/runs/" + runId));

        assertThat(states).extracting(s -> s.get("variables")).containsExactly(
                Map.of("limit", 2), null, null, Map.of("limit", 2, "last", 1), null);
    }

    @Test
    void aMapThatForked_countsItsBranches_andSaysWhereToSeeOne() {
        Map<String, Object> items = states(api.get("/admin/runs/" + runId)).get(1);

        assertThat(items).containsEntry("branches", Map.of("total", 2, "concurrency", 1, "open", 1, "succeeded", 1,
                "failed", 0, "aborted", 0, "frames", "/admin/runs/" + runId + "?frame=1.{index}"));
    }

    @Test
    void oneBranchFrame_showsOnlyItsSteps_andTheBranch() {
        AdminApi.Response response = api.get("/admin/runs/" + runId, Map.of("frame", "1.0"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.object()).containsEntry("frame", "1.0");
        assertThat(states(response)).extracting(s -> s.get("sequence") + " " + s.get("status"))
                .containsExactly("0 RETRIED", "1 SUCCEEDED");
        assertThat(response.object().get("branch")).isEqualTo(Map.of("frame", "1.0", "branch", "Items[0]", "index", 0,
                "status", "SUCCEEDED", "input", 1, "output", Map.of("ok", 1), "startedAt", at(200).toString(),
                "finishedAt", at(2500).toString(), "parent", "/admin/runs/" + runId + "?frame=root"));
        assertThat(states(response)).extracting(s -> s.get("variables")).containsExactly(null, Map.of("limit", 2, "last", 1));
    }

    @Test
    void theMainChain_isFrameRoot() {
        AdminApi.Response response = api.get("/admin/runs/" + runId, Map.of("frame", "root"));

        assertThat(states(response)).extracting(s -> s.get("name")).containsExactly("Prepare", "Items");
        assertThat(response.object()).doesNotContainKey("branch");
    }

    @Test
    void aBranchFrameTheRunDoesNotHave_answers404() {
        AdminApi.Response unknown = api.get("/admin/runs/" + runId, Map.of("frame", "1.7"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.object()).containsEntry("type", "https://hookrun.dev/problems/unknown-frame")
                .containsEntry("detail", "run " + runId + " has no branch frame '1.7'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "1", "1.", ".1", "1.0/", "1.0//2.1", "-1.0", "1.0/x.1"})
    void aFrameThatIsNotAFrameName_answers400(String frame) {
        AdminApi.Response response = api.get("/admin/runs/" + runId, Map.of("frame", frame));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-query");
    }

    @Test
    void aRunWithMoreStatesThanAViewHolds_showsTheFirst500_andSaysHowToSeeTheRest() {
        UUID longRun = UUID.randomUUID();
        history.createRun(new Run(longRun, "orders", "order-flow", "msg_1", RunStatus.RUNNING, "{}", null, null, null,
                "{}", T0, T0, null));
        for (int i = 0; i <= RunDetails.MAX_STATES; i++) {
            history.claimState(new StateStart(longRun, "", i, "Loop", "Pass", "{}", null), at(i), Duration.ofSeconds(30));
        }

        AdminApi.Response all = api.get("/admin/runs/" + longRun);
        AdminApi.Response root = api.get("/admin/runs/" + longRun, Map.of("frame", "root"));

        assertThat(states(all)).hasSize(RunDetails.MAX_STATES);
        assertThat(all.object()).containsEntry("truncated", "showing the first 500 of 501 state executions: ?frame=root"
                + " shows the main chain, ?frame=<frame> one branch");
        assertThat(states(root)).hasSize(RunDetails.MAX_STATES);
        assertThat(root.object()).containsEntry("truncated", "showing the first 500 state executions of this frame");
    }

    @Test
    void statesWithLargeJson_stopTheViewBeforeALambdaResponseOverflows() {
        UUID bigRun = UUID.randomUUID();
        history.createRun(new Run(bigRun, "orders", "order-flow", "msg_1", RunStatus.RUNNING, "{}", null, null, null,
                "{}", T0, T0, null));
        String big = "\"" + "x".repeat(1_000_000) + "\"";
        for (int i = 0; i < 6; i++) {
            history.claimState(new StateStart(bigRun, "", i, "Big", "Pass", big, null), at(i), Duration.ofSeconds(30));
        }

        AdminApi.Response response = api.get("/admin/runs/" + bigRun);

        assertThat(states(response).size()).as("1,000,002 characters each, 4,000,000 at most").isEqualTo(3);
        assertThat(response.body().length()).isLessThan(6_000_000);
        assertThat((String) response.object().get("truncated")).startsWith("showing the first 3 of 6");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> states(AdminApi.Response response) {
        return (List<Map<String, Object>>) response.object().get("states");
    }

    private void step(String frame, int sequence, String name, String type, String input, String variables, Instant now) {
        StateClaim claim = history.claimState(new StateStart(runId, frame, sequence, name, type, input, variables), now,
                Duration.ofSeconds(30));
        assertThat(claim).isInstanceOf(StateClaim.Claimed.class);
    }

    private void finish(String frame, int sequence, StateStatus status, String output, String variables, String error,
                        String nextState, Instant nextNotBefore, String retries, Instant now) {
        history.finishState(new StateFinish(runId, frame, sequence, status, output, variables, error,
                error == null ? null : "timed out", nextState, nextNotBefore, retries, null, now));
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }
}
