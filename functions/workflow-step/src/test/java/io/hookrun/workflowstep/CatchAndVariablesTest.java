package io.hookrun.workflowstep;

import io.hookrun.asl.HttpInvoker.HttpResult;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Catch rules as CAUGHT rows, and workflow variables kept in run history from one message to the next. */
class CatchAndVariablesTest {

    private final StepFixture fixture = new StepFixture();

    @Test
    void aCaughtError_isACaughtRowWithTheErrorAndTheRunGoesOnAtTheCatchersNext() {
        fixture.http.answer = call -> new HttpResult(500, Map.of(), "down".getBytes(StandardCharsets.UTF_8));
        fixture.workflow("wf-catch", "Call", "'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', "
                + "'Arguments': {'ApiEndpoint': 'https://api.example.test/x', 'Method': 'GET'}, "
                + "'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Handle', "
                + "'Assign': {'failedWith': '{% $states.errorOutput.Error %}'}}], 'End': true}, "
                + "'Handle': {'Type': 'Pass', 'Output': {'error': '{% $failedWith %}', 'caught': '{% $states.input.Error %}'}, "
                + "'End': true}");
        UUID runId = fixture.startDirect("wf-catch", "{}");

        new QueueDriver(fixture, 1, 1).drain(10);

        List<StateExecution> steps = fixture.frame(runId, "");
        assertThat(steps).extracting(StateExecution::status).containsExactly(StateStatus.CAUGHT, StateStatus.SUCCEEDED);
        StateExecution caught = steps.getFirst();
        assertThat(caught.error()).isEqualTo("States.Http.StatusCode.500");
        assertThat(caught.nextState()).isEqualTo("Handle");
        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isEqualTo(Map.of("error", "States.Http.StatusCode.500",
                "caught", "States.Http.StatusCode.500"));
    }

    @Test
    void variablesAssignedInOneMessage_areReadInLaterOnes_acrossAWait() {
        fixture.workflow("wf-vars", "Remember", "'Remember': {'Type': 'Pass', "
                + "'Assign': {'count': 1, 'name': '{% $states.input.name %}'}, 'Next': 'Hold'}, "
                + "'Hold': {'Type': 'Wait', 'Seconds': 5, 'Assign': {'count': '{% $count + 1 %}'}, 'Next': 'Use'}, "
                + "'Use': {'Type': 'Pass', 'Output': {'count': '{% $count %}', 'name': '{% $name %}'}, 'End': true}");
        UUID runId = fixture.startDirect("wf-vars", "{'name': 'ada'}");

        new QueueDriver(fixture, 1, 1).drain(10);

        assertThat(fixture.output(runId)).isEqualTo(Map.of("count", 2, "name", "ada"));
        assertThat(new io.hookrun.core.json.JsonText(StepFixture.MAPPER).parse(fixture.frame(runId, "").get(1).variables()))
                .as("kept with the Wait's row").isEqualTo(Map.of("count", 2, "name", "ada"));
    }

    @Test
    void aRunStartedDirectly_hasTheRawInputAsStatesInputAndItsNameAsTheExecutionName() {
        fixture.workflow("wf-ctx", "Show", "'Show': {'Type': 'Pass', 'Output': {'input': '{% $states.input %}', "
                + "'name': '{% $states.context.Execution.Name %}'}, 'End': true}");
        var start = new io.hookrun.core.message.StartRunMessage(UUID.randomUUID().toString(), "wf-ctx", "nightly-42",
                "[1, 2]", StepFixture.T0.toString());

        fixture.starter.start(start, 1, io.hookrun.core.time.Deadline.none());

        UUID runId = UUID.fromString(start.runId());
        assertThat(fixture.output(runId)).isEqualTo(Map.of("input", List.of(1, 2), "name", "nightly-42"));
        assertThat(fixture.run(runId).triggerId()).isNull();
        assertThat(fixture.run(runId).eventId()).isEqualTo("nightly-42");
        assertThat(fixture.run(runId).input()).isEqualTo("[1, 2]");
    }

    @Test
    void anUnnamedDirectRun_isNamedByItsId() {
        fixture.workflow("wf-ctx", "Show", "'Show': {'Type': 'Pass', 'Output': '{% $states.context.Execution.Name %}', "
                + "'End': true}");

        UUID runId = fixture.startDirect("wf-ctx", "{}");

        assertThat(fixture.output(runId)).isEqualTo(runId.toString());
    }
}
