package io.hookrun.local.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hookrun runs}: the table, the filters it sends, and paging by {@code nextToken}. */
class RunsCommandTest {

    private final FakeAdminApi api = new FakeAdminApi();

    RunsCommandTest() throws IOException {
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void runs(int count) {
        Instant newest = Instant.parse("2026-12-01T08:00:00Z");
        for (int i = 0; i < count; i++) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("runId", String.format("0193b000-0000-7000-8000-%012d", count - i));
            run.put("triggerId", i % 2 == 0 ? "orders" : "github");
            run.put("workflowId", "order-flow");
            run.put("workflowVersion", 3);
            run.put("status", i == 0 ? "RUNNING" : "SUCCEEDED");
            run.put("createdAt", newest.minusSeconds(60L * i).toString());
            if (i > 0) {
                run.put("startedAt", newest.minusSeconds(60L * i).plusMillis(40).toString());
                run.put("finishedAt", newest.minusSeconds(60L * i).plusMillis(1_290).toString());
            }
            api.runs.add(run);
        }
    }

    @Test
    void table_newestFirst_withWorkflowVersionAndDuration() {
        runs(3);

        CliRun run = CliRun.against(api, "runs");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.outLines()).containsExactly(
                "RUN ID                                STATUS     WORKFLOW      TRIGGER  CREATED               DURATION",
                "0193b000-0000-7000-8000-000000000003  RUNNING    order-flow@3  orders   2026-12-01T08:00:00Z  -",
                "0193b000-0000-7000-8000-000000000002  SUCCEEDED  order-flow@3  github   2026-12-01T07:59:00Z  1.3 s",
                "0193b000-0000-7000-8000-000000000001  SUCCEEDED  order-flow@3  orders   2026-12-01T07:58:00Z  1.3 s");
        assertThat(run.out()).doesNotContain("\u001b[");
    }

    @Test
    void filters_goToTheApi_sinceAsAnInstant() {
        runs(4);

        CliRun run = CliRun.against(api, "runs", "--trigger", "orders", "--status", "succeeded", "--workflow", "order-flow",
                "--since", "2026-11-30T00:00:00Z", "--until", "2026-12-02T00:00:00Z");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(api.requests.getFirst().query()).containsEntry("triggerId", "orders").containsEntry("status", "SUCCEEDED")
                .containsEntry("workflowId", "order-flow").containsEntry("from", "2026-11-30T00:00:00Z")
                .containsEntry("to", "2026-12-02T00:00:00Z").containsEntry("limit", "20");
        assertThat(run.outLines()).hasSize(2).element(1).asString().contains("orders");
    }

    @Test
    void limit_followsNextToken_andSaysHowToSeeTheNextPage() {
        runs(45);
        api.maxPage = 10;

        CliRun run = CliRun.against(api, "runs", "--limit", "25");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.outLines()).hasSize(26);
        assertThat(api.requests).extracting(r -> r.query().get("limit")).containsExactly("25", "15", "5");
        assertThat(run.err()).contains("more runs: add --next-token ");
        String token = run.err().replaceAll("(?s).*--next-token (\\S+).*", "$1");
        api.requests.clear();

        CliRun next = CliRun.against(api, "runs", "--limit", "25", "--next-token", token);

        assertThat(next.outLines()).hasSize(21).element(1).asString().startsWith("0193b000-0000-7000-8000-000000000020");
        assertThat(next.err()).doesNotContain("more runs");
    }

    @Test
    void all_readsEveryPage() {
        runs(250);

        CliRun run = CliRun.against(api, "runs", "--all");

        assertThat(run.outLines()).hasSize(251);
        assertThat(api.requests).hasSize(3).allMatch(r -> r.query().get("limit").equals("100"));
    }

    @Test
    void outputJson_isOneDocumentWithItemsAndNextToken() {
        runs(5);

        CliRun run = CliRun.against(api, "runs", "--limit", "2", "--output", "json");

        assertThat(run.outLines()).hasSize(1);
        Map<String, Object> page = JsonOutput.objectOrEmpty(run.out().getBytes());
        assertThat((List<?>) page.get("items")).hasSize(2);
        assertThat(page).containsKey("nextToken");
    }

    @Test
    void aBadTime_isAUsageError() {
        CliRun run = CliRun.against(api, "runs", "--since", "yesterday");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--since takes a time ago (45s, 30m, 1h, 2d, 1w) or an ISO-8601 instant");
        assertThat(api.requests).isEmpty();
    }

    @Test
    void anApiProblem_exits1_andSaysIt() {
        CliRun run = CliRun.against(api, "run", "no-such-run");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("run no-such-run: Unknown run: no run has the id 'no-such-run'");
        assertThat(run.out()).isEmpty();
    }
}
