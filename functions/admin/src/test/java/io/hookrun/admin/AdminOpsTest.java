package io.hookrun.admin;

import io.hookrun.core.message.DeadLetters.DeadLetter;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.BranchStatus;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunHistory.StateFinish;
import io.hookrun.core.run.RunHistory.StateStart;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancel, replay, dead letters and redrives (ADR 0007) through the real AdminHandler, the run history, the queue and
 * the DLQ being twins.
 */
class AdminOpsTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final String DEFINITION = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},"
            + "\"B\":{\"Type\":\"Pass\",\"End\":true}}}";

    private final AdminApi api = new AdminApi();

    @AfterEach
    void close() {
        api.close();
    }

    private RunHistory history() {
        return api.stores().runs;
    }

    private Run stored(RunStatus status, String error) {
        Run run = new Run(UUID.randomUUID(), "orders", "order-flow", "evt-1", status, "{\"order\":7}", null, error,
                error == null ? null : "why", DEFINITION, T0, T0, status.finished() ? T0.plusSeconds(5) : null);
        history().createRun(run);
        return run;
    }

    private void step(UUID runId, String frame, int sequence, String state, String input, String variables,
                      StateStatus status) {
        history().claimState(new StateStart(runId, frame, sequence, state, "Pass", input, variables), T0,
                Duration.ofMinutes(1));
        if (status != StateStatus.RUNNING) {
            history().finishState(new StateFinish(runId, frame, sequence, status, input, variables, null, null,
                    "B", null, null, null, T0.plusSeconds(1)));
        }
    }

    // ---- cancel ----

    @Test
    void cancelOfARunningRun_answers200WithTheRunAborted_andItsOpenStepFailedHookrunAborted() {
        Run run = stored(RunStatus.RUNNING, null);
        step(run.id(), "", 0, "A", "{}", null, StateStatus.RUNNING);

        AdminApi.Response response = api.post("/admin/runs/" + run.id() + "/cancel", Map.of(), (String) null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.object()).containsEntry("status", "ABORTED").containsEntry("runId", run.id().toString());
        assertThat(response.object().get("error")).isEqualTo(Map.of("error", "hookrun.Aborted", "cause", RunCancel.CAUSE));
        assertThat(history().stateExecution(run.id(), "", 0).orElseThrow().status()).isEqualTo(StateStatus.FAILED);
        assertThat(history().stateExecution(run.id(), "", 0).orElseThrow().error()).isEqualTo("hookrun.Aborted");
    }

    @Test
    void cancelOfAFinishedRun_answers409AndLeavesIt() {
        Run run = stored(RunStatus.SUCCEEDED, null);

        AdminApi.Response response = api.post("/admin/runs/" + run.id() + "/cancel", Map.of(), (String) null);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.headers().get("content-type")).contains("application/problem+json");
        assertThat(response.object().get("detail").toString()).contains("SUCCEEDED");
        assertThat(history().findRun(run.id()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void cancelOfAnUnknownRun_answers404_andOfANonUuid400_andGet405() {
        assertThat(api.post("/admin/runs/" + UUID.randomUUID() + "/cancel", Map.of(), (String) null).status())
                .isEqualTo(404);
        assertThat(api.post("/admin/runs/nope/cancel", Map.of(), (String) null).status()).isEqualTo(400);
        AdminApi.Response get = api.get("/admin/runs/" + UUID.randomUUID() + "/cancel");
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.headers().get("Allow")).isEqualTo("POST");
    }

    // ---- replay ----

    @Test
    void replayOfAFinishedRun_answers202WithLocation_andQueuesAStartNamingTheReplayedRun() {
        Run run = stored(RunStatus.FAILED, "States.TaskFailed");

        AdminApi.Response response = api.post("/admin/runs/" + run.id() + "/replay", Map.of(), (String) null);

        assertThat(response.status()).isEqualTo(202);
        String newRun = (String) response.object().get("runId");
        assertThat(newRun).isNotEqualTo(run.id().toString());
        assertThat(response.headers().get("Location")).isEqualTo("/admin/runs/" + newRun);
        assertThat(response.object()).containsEntry("replayOf", run.id().toString()).containsEntry("status", "QUEUED")
                .containsEntry("workflowId", "order-flow");
        List<StartRunMessage> starts = api.stores().queue.starts();
        assertThat(starts).singleElement().satisfies(start -> {
            assertThat(start.runId()).isEqualTo(newRun);
            assertThat(start.replayOf()).isEqualTo(run.id().toString());
            assertThat(start.startState()).isNull();
            assertThat(start.input()).as("the step function reads it from run history").isNull();
        });
    }

    @Test
    void replayFromAStateOfTheMainChain_queuesAStartAtThatState() {
        Run run = stored(RunStatus.SUCCEEDED, null);
        step(run.id(), "", 0, "A", "{\"order\":7}", null, StateStatus.SUCCEEDED);
        step(run.id(), "", 1, "B", "{\"order\":8}", "{\"x\":1}", StateStatus.SUCCEEDED);

        AdminApi.Response response = api.post("/admin/runs/" + run.id() + "/replay", Map.of(), "{\"fromState\":\"B\"}");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.object()).containsEntry("fromState", "B");
        assertThat(api.stores().queue.starts()).singleElement()
                .satisfies(start -> assertThat(start.startState()).isEqualTo("B"));
    }

    @Test
    void replayFromAStateThatNeverRanOrRanOnlyInABranch_answers400AndQueuesNothing() {
        Run run = stored(RunStatus.SUCCEEDED, null);
        step(run.id(), "", 0, "A", "{}", null, StateStatus.SUCCEEDED);
        step(run.id(), "0.0", 0, "Inner", "{}", null, StateStatus.SUCCEEDED);

        AdminApi.Response never = api.post("/admin/runs/" + run.id() + "/replay", Map.of(), "{\"fromState\":\"Nowhere\"}");
        AdminApi.Response inner = api.post("/admin/runs/" + run.id() + "/replay", Map.of(), "{\"fromState\":\"Inner\"}");
        AdminApi.Response unknownMember = api.post("/admin/runs/" + run.id() + "/replay", Map.of(), "{\"from\":\"A\"}");
        AdminApi.Response notJson = api.post("/admin/runs/" + run.id() + "/replay", Map.of(), "{");

        assertThat(List.of(never, inner, unknownMember, notJson)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-replay");
        });
        assertThat(never.object().get("detail").toString()).contains("never ran in the main chain");
        assertThat(inner.object().get("detail").toString()).contains("inside a Map or Parallel branch");
        assertThat(api.stores().queue.starts()).isEmpty();
    }

    @Test
    void replayOfARunningRun_answers409_andOfAnUnknownOne404() {
        Run run = stored(RunStatus.RUNNING, null);

        assertThat(api.post("/admin/runs/" + run.id() + "/replay", Map.of(), (String) null).status()).isEqualTo(409);
        assertThat(api.post("/admin/runs/" + UUID.randomUUID() + "/replay", Map.of(), (String) null).status())
                .isEqualTo(404);
        assertThat(api.stores().queue.starts()).isEmpty();
    }

    @Test
    void aReplayedRunShowsReplayOfInItsViewAndInTheList() {
        Run original = stored(RunStatus.SUCCEEDED, null);
        Run replay = new Run(UUID.randomUUID(), "orders", "order-flow", "evt-1", RunStatus.RUNNING, "{}", null, null,
                null, DEFINITION, T0.plusSeconds(60), T0.plusSeconds(60), null, original.id());
        history().createRun(replay);

        assertThat(api.get("/admin/runs/" + replay.id()).object()).containsEntry("replayOf", original.id().toString());
        assertThat(api.get("/admin/runs/" + original.id()).object()).doesNotContainKey("replayOf");
        assertThat(api.get("/admin/runs").items()).filteredOn(r -> r.get("runId").equals(replay.id().toString()))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("replayOf", original.id().toString()));
    }

    // ---- dead letters ----

    @Test
    void deadLetters_listsEachMessageWithItsStepAndItsRunsStatusAndError() {
        Run abandoned = stored(RunStatus.FAILED, "hookrun.StepAbandoned");
        api.stores().deadLetters.add(new DeadLetter("m-1", new StepMessage(abandoned.id().toString(), "0.2", 3, "Charge",
                null), null, T0, 10));
        UUID unknownRun = UUID.randomUUID();
        api.stores().deadLetters.add(new DeadLetter("m-2", null, "{\"specversion\":\"1.0\",\"hookrunrunid\":\""
                + unknownRun + "\",\"data\":{}}", T0.plusSeconds(1), 10));

        AdminApi.Response response = api.get("/admin/dead-letters", Map.of("limit", "10"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.object()).containsEntry("depth", 2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) response.object().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0)).containsEntry("messageId", "m-1").containsEntry("kind", "step")
                .containsEntry("runId", abandoned.id().toString()).containsEntry("frame", "0.2")
                .containsEntry("sequence", 3).containsEntry("stateName", "Charge").containsEntry("receiveCount", 10)
                .containsEntry("runStatus", "FAILED").containsEntry("sentAt", T0.toString())
                .containsEntry("error", Map.of("error", "hookrun.StepAbandoned", "cause", "why"));
        assertThat(items.get(1)).containsEntry("kind", "start").containsEntry("runId", unknownRun.toString())
                .doesNotContainKeys("runStatus", "stateName");
        assertThat(api.get("/admin/dead-letters", Map.of("limit", "0")).status()).isEqualTo(400);
        assertThat(api.get("/admin/dead-letters", Map.of("limit", "1")).object().get("items")).asList().hasSize(1);
    }

    @Test
    void anEmptyDeadLetterQueue_isListedWithItsEmptyItems_andARedriveOfItReopensNothing() {
        AdminApi.Response listing = api.get("/admin/dead-letters");
        AdminApi.Response redrive = api.post("/admin/dead-letters/redrive", Map.of(), (String) null);

        assertThat(listing.object()).containsEntry("depth", 0).containsEntry("items", List.of());
        assertThat(redrive.status()).isEqualTo(202);
        assertThat(redrive.object()).containsEntry("reopenedRuns", 0).containsEntry("reopenedRunIds", List.of())
                .containsEntry("messagesToMove", 0);
    }

    @Test
    void redrive_reopensOnlyTheRunsThatFailedStepAbandoned_thenMovesTheMessages() {
        Run abandoned = stored(RunStatus.RUNNING, null);
        step(abandoned.id(), "", 0, "A", "{}", null, StateStatus.RUNNING);
        history().failRun(abandoned.id(), "", 0, "hookrun.StepAbandoned", "dlq", T0.plusSeconds(2));
        Run failedOtherwise = stored(RunStatus.FAILED, "States.TaskFailed");
        Run succeeded = stored(RunStatus.SUCCEEDED, null);
        for (Run run : List.of(abandoned, failedOtherwise, succeeded)) {
            api.stores().deadLetters.add(new DeadLetter("m-" + run.id(), new StepMessage(run.id().toString(), 0, "A"),
                    null, T0, 10));
        }

        AdminApi.Response response = api.post("/admin/dead-letters/redrive", Map.of(), (String) null);

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.object()).containsEntry("reopenedRuns", 1)
                .containsEntry("reopenedRunIds", List.of(abandoned.id().toString())).containsEntry("unpeeked", false);
        assertThat(response.object().get("taskHandle")).isNotNull();
        assertThat(history().findRun(abandoned.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        StateExecution reopened = history().stateExecution(abandoned.id(), "", 0).orElseThrow();
        assertThat(reopened.status()).isEqualTo(StateStatus.RUNNING);
        assertThat(history().findRun(failedOtherwise.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        assertThat(api.stores().deadLetters.moved()).hasSize(3);
        assertThat(api.stores().deadLetters.depth()).isZero();

        AdminApi.Response tasks = api.get("/admin/dead-letters/redrives");
        assertThat(tasks.status()).isEqualTo(200);
        assertThat(tasks.array()).singleElement().satisfies(t -> assertThat(t).containsEntry("status", "COMPLETED")
                .containsEntry("movedMessages", 3).containsEntry("taskHandle", response.object().get("taskHandle")));
    }

    @Test
    void aSecondRedriveWhileOneRuns_answersTheRunningTask() {
        api.stores().deadLetters.add(new DeadLetter("m-1", new StepMessage(UUID.randomUUID().toString(), 0, "A"),
                null, T0, 10));
        api.stores().deadLetters.holdNextTaskRunning();

        AdminApi.Response first = api.post("/admin/dead-letters/redrive", Map.of(), (String) null);
        AdminApi.Response second = api.post("/admin/dead-letters/redrive", Map.of(), (String) null);

        assertThat(second.status()).isEqualTo(202);
        assertThat(second.object().get("taskHandle")).isEqualTo(first.object().get("taskHandle"));
        assertThat(second.object()).containsEntry("status", "RUNNING");
    }

    @Test
    void branchStatusesAreUnchangedByADeadLetterListing() {
        Run run = stored(RunStatus.RUNNING, null);
        step(run.id(), "", 0, "Fan", "{}", null, StateStatus.RUNNING);
        history().forkState(run.id(), "", 0, null, List.of("1"), 1, T0);
        api.stores().deadLetters.add(new DeadLetter("m-1", new StepMessage(run.id().toString(), "0.0", 0, "In", null),
                null, T0, 10));

        api.get("/admin/dead-letters");

        assertThat(history().branch(run.id(), "", 0, 0).orElseThrow().status()).isEqualTo(BranchStatus.PENDING);
        assertThat(api.stores().deadLetters.depth()).as("a listing peeks: the message stays").isEqualTo(1);
    }
}
