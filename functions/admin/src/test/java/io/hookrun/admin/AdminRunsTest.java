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
