package io.hookrun.local.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hookrun run}: a run view as a timeline, Map branches under their state; colours only on a terminal. */
class RunCommandTest {

    private static final String RUN_ID = "0193b000-0000-7000-8000-000000000001";
    /** A view as {@code AdminViews.RunView} answers it (states in start order, frames mixed). */
    private static final String VIEW = """
            {"runId": "%s", "triggerId": "orders", "workflowId": "order-flow", "workflowVersion": 2,
             "eventId": "msg_1", "status": "FAILED",
             "input": {"data": {"orderId": "o-1", "items": [1, 2]}},
             "error": {"error": "States.TaskFailed", "cause": "HTTP 500 from the shop"},
             "createdAt": "2026-12-01T08:00:00Z", "startedAt": "2026-12-01T08:00:00.100Z",
             "finishedAt": "2026-12-01T08:00:02.600Z", "durationMs": 2500,
             "states": [
               {"frame": "", "sequence": 0, "name": "Check", "type": "Task", "status": "RETRIED", "attempts": 1,
                "retries": {"States.ALL": 1}, "error": {"error": "States.Timeout"},
                "startedAt": "2026-12-01T08:00:00.100Z", "finishedAt": "2026-12-01T08:00:00.400Z", "durationMs": 300},
               {"frame": "", "sequence": 1, "name": "Check", "type": "Task", "status": "SUCCEEDED", "attempts": 2,
                "startedAt": "2026-12-01T08:00:01.400Z", "finishedAt": "2026-12-01T08:00:01.450Z", "durationMs": 50},
               {"frame": "", "sequence": 2, "name": "Items", "type": "Map", "status": "FAILED",
                "branches": {"total": 2, "open": 0, "succeeded": 1, "failed": 1, "aborted": 0, "frames": "x"},
                "error": {"error": "States.TaskFailed", "cause": "HTTP 500 from the shop"},
                "startedAt": "2026-12-01T08:00:01.450Z", "finishedAt": "2026-12-01T08:00:02.600Z", "durationMs": 1150},
               {"frame": "2.1", "branch": "Items[1]", "sequence": 0, "name": "Charge", "type": "Task", "status": "FAILED",
                "attempts": 1, "error": {"error": "States.TaskFailed", "cause": "HTTP 500 from the shop"},
                "startedAt": "2026-12-01T08:00:01.500Z", "finishedAt": "2026-12-01T08:00:02.500Z", "durationMs": 1000},
               {"frame": "2.0", "branch": "Items[0]", "sequence": 0, "name": "Charge", "type": "Task", "status": "SUCCEEDED",
                "attempts": 1, "startedAt": "2026-12-01T08:00:01.500Z", "finishedAt": "2026-12-01T08:00:01.700Z",
                "durationMs": 200},
               {"frame": "2.0", "branch": "Items[0]", "sequence": 1, "name": "Done", "type": "Succeed", "status": "SUCCEEDED",
                "attempts": 1, "startedAt": "2026-12-01T08:00:01.700Z", "finishedAt": "2026-12-01T08:00:01.700Z",
                "durationMs": 0}
             ]}""".formatted(RUN_ID);

    private final FakeAdminApi api = new FakeAdminApi();

    RunCommandTest() throws IOException {
        api.runViews.put(RUN_ID, VIEW);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void timeline_headerThenStatesInOrder_branchesIndentedUnderTheirMapState() {
        CliRun run = CliRun.against(api, "run", RUN_ID);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                run %s  FAILED
                  workflow  order-flow@2   trigger orders   event msg_1
                  created   2026-12-01T08:00:00Z   started 2026-12-01T08:00:00.100Z   ended 2026-12-01T08:00:02.600Z   duration 2.5 s
                  input     {"data":{"orderId":"o-1","items":[1,2]}}
                  error     States.TaskFailed: HTTP 500 from the shop

                       +0 ms    300 ms  RETRIED    Check (Task)  retries {"States.ALL":1}
                                        error States.Timeout
                      +1.3 s     50 ms  SUCCEEDED  Check (Task)  attempts 2
                      +1.4 s     1.2 s  FAILED     Items (Map)  branches 2, 1 succeeded, 1 failed
                                        error States.TaskFailed: HTTP 500 from the shop
                    Items[0]
                          +1.4 s    200 ms  SUCCEEDED  Charge (Task)
                          +1.6 s      0 ms  SUCCEEDED  Done (Succeed)
                    Items[1]
                          +1.4 s     1.0 s  FAILED     Charge (Task)
                                            error States.TaskFailed: HTTP 500 from the shop
                """.formatted(RUN_ID));
    }

    @Test
    void colours_onlyOnATerminal_andNeverWithNoColor() {
        CliRun terminal = CliRun.against(api, Map.of(), true, "run", RUN_ID);
        CliRun noColor = CliRun.against(api, Map.of("NO_COLOR", "1"), true, "run", RUN_ID);
        CliRun piped = CliRun.against(api, Map.of(), false, "run", RUN_ID);

        assertThat(terminal.out()).contains("\u001b[31mFAILED\u001b[0m", "\u001b[32mSUCCEEDED\u001b[0m");
        assertThat(noColor.out()).doesNotContain("\u001b[").isEqualTo(piped.out());
    }

    @Test
    void outputJson_isTheApisJson() {
        CliRun run = CliRun.against(api, "run", RUN_ID, "--output", "json");

        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo(VIEW + "\n");
        assertThat(api.requests.getFirst().query()).isEmpty();
    }

    @Test
    void frame_isAskedOfTheApi() {
        CliRun.against(api, "run", RUN_ID, "--frame", "root");

        assertThat(api.requests.getFirst().query()).containsEntry("frame", "root");
    }
}
