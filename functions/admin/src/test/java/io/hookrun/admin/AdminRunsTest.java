package io.hookrun.admin;

import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.hookrun.admin.AdminHandlerTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /admin/runs} and {@code GET /admin/runs/{runId}} through the real AdminHandler ({@link AdminRunViewTest}: what a run shows). */
class AdminRunsTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private final AdminApi api = new AdminApi();
    private int stored;

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void listWithoutLimit_answersTheNewest20_newestFirst() {
        List<Run> runs = storeRuns(25, "orders", RunStatus.SUCCEEDED);

        AdminApi.Response response = api.get("/admin/runs");

        assertThat(response.status()).isEqualTo(200);
        assertThat(runIds(response)).containsExactlyElementsOf(runs.stream()
                .sorted(Comparator.comparing(Run::createdAt).reversed()).limit(20).map(r -> r.id().toString()).toList());
    }

    @Test
    void listWithLimit_answersAtMostThatMany_from1To100() {
        storeRuns(105, "orders", RunStatus.SUCCEEDED);

        assertThat(api.get("/admin/runs", Map.of("limit", "1")).items()).hasSize(1)
                .first().satisfies(run -> assertThat(run).containsEntry("createdAt", T0.plusSeconds(104).toString()));
        assertThat(api.get("/admin/runs", Map.of("limit", "100")).items()).hasSize(100);
        assertThat(api.get("/admin/runs", Map.of("limit", " 7 ")).items()).hasSize(7);
        assertThat(api.get("/admin/runs", Map.of("limit", "")).items()).as("blank: the default").hasSize(20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "abc", "1.5", "20x", "99999999999"})
    void listWithALimitOutside1To100_answers400(String limit) {
        AdminApi.Response response = api.get("/admin/runs", Map.of("limit", limit));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-query")
                .containsEntry("detail", "limit must be a number from 1 to 100");
    }

    @Test
    void listFilteredByTriggerAndStatus_answersOnlyMatchingRuns() {
        storeRuns(3, "orders", RunStatus.SUCCEEDED);
        storeRuns(2, "orders", RunStatus.FAILED);
        storeRuns(4, "invoices", RunStatus.FAILED);

        List<Map<String, Object>> failedOrders =
                api.get("/admin/runs", Map.of("triggerId", "orders", "status", "failed")).items();

        assertThat(failedOrders).hasSize(2).allSatisfy(run -> assertThat(run)
                .containsEntry("triggerId", "orders").containsEntry("status", "FAILED")
                .containsEntry("error", Map.of("error", "States.Http.StatusCode.500")));
    }

    @Test
    void listWithAnUnknownStatus_answers400NamingTheStatuses() {
        AdminApi.Response response = api.get("/admin/runs", Map.of("status", "DONE"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.object()).containsEntry("detail",
                "status must be one of [QUEUED, RUNNING, SUCCEEDED, FAILED, ABORTED]");
    }

    @Test
    void listPages_withNextToken_coverEveryRunOnce_newestFirst_andTheLastPageHasNoToken() {
        List<Run> runs = storeRuns(45, "orders", RunStatus.SUCCEEDED);
        storeRuns(5, "invoices", RunStatus.SUCCEEDED);
        Map<String, String> query = Map.of("triggerId", "orders", "limit", "20");

        List<String> walked = new java.util.ArrayList<>();
        AdminApi.Response page = api.get("/admin/runs", query);
        walked.addAll(runIds(page));
        int pages = 1;
        while (page.nextToken() != null) {
            Map<String, String> next = new java.util.HashMap<>(query);
            next.put("nextToken", page.nextToken());
            page = api.get("/admin/runs", next);
            assertThat(page.status()).isEqualTo(200);
            walked.addAll(runIds(page));
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(page.object()).doesNotContainKey("nextToken");
        assertThat(walked).containsExactlyElementsOf(runs.stream()
                .sorted(Comparator.comparing(Run::createdAt).reversed()).map(r -> r.id().toString()).toList());
    }

    @Test
    void listByWorkflowAndTimeRange_answersTheRunsCreatedFromInclusiveToExclusive() {
        List<Run> runs = storeRuns(5, "orders", RunStatus.SUCCEEDED);

        AdminApi.Response response = api.get("/admin/runs", Map.of("workflowId", runs.getFirst().workflowId(),
                "from", T0.plusSeconds(1).toString(), "to", T0.plusSeconds(3).toString()));

        assertThat(runIds(response)).containsExactly(runs.get(2).id().toString(), runs.get(1).id().toString());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "from|last tuesday|from must be an ISO-8601 instant",
            "to|2026-13-01T00:00:00Z|to must be an ISO-8601 instant",
            "nextToken|eyJ2IjoxfQ|nextToken is not one this list gave",
            "workflowId|a b|workflowId: workflow id must be"})
    void listWithAParameterItCannotUse_answers400NamingIt(String parameter, String value, String detail) {
        AdminApi.Response response = api.get("/admin/runs", Map.of(parameter, value));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers()).containsEntry("content-type", "application/problem+json");
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-query");
        assertThat((String) response.object().get("detail")).startsWith(detail);
    }

    @Test
    void listWithFromNotBeforeTo_answers400() {
        AdminApi.Response response = api.get("/admin/runs", Map.of("from", T0.toString(), "to", T0.minusSeconds(1).toString()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.object()).containsEntry("detail", "from must be before to (from is inclusive, to exclusive)");
    }

    @Test
    void getRun_withAnIdThatIsNotAUuid_answers400() {
        AdminApi.Response response = api.get("/admin/runs/not-a-uuid");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-id")
                .containsEntry("detail", "'not-a-uuid' is not a run id (a UUID)");
    }

    @Test
    void getUnknownRun_answers404() {
        UUID id = UUID.randomUUID();

        AdminApi.Response response = api.get("/admin/runs/" + id);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/unknown-run");
        assertThat((String) response.object().get("detail")).startsWith("no run has the id " + id);
    }

    private List<Run> storeRuns(int count, String triggerId, RunStatus status) {
        List<Run> runs = IntStream.range(0, count).mapToObj(i -> run(triggerId, status, T0.plusSeconds(stored + i))).toList();
        runs.forEach(api.stores().runs::createRun);
        stored += count;
        return runs;
    }

    private static List<String> runIds(AdminApi.Response response) {
        return response.items().stream().map(run -> (String) run.get("runId")).toList();
    }
}
