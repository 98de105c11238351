package io.hookrun.workflowstep;

import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.hookrun.workflowstep.StepFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** A run records the workflow version it started on; a retired workflow's delivery is a FAILED run (ADR 0009). */
class WorkflowVersionRunTest {

    private static final String ECHO = "'Echo': {'Type': 'Pass', 'End': true}";

    private final StepFixture fixture = new StepFixture();

    @Test
    void aDelivery_recordsTheVersionItStartedOn_andKeepsItWhenTheWorkflowChangesLater() {
        fixture.workflow("wf-echo", "Echo", ECHO);
        fixture.workflow("wf-echo", "Echo", ECHO);
        CloudEvent event = fixture.event("wf-echo", "{'a': 1}");

        fixture.batch.process(List.of(fixture.eventRecord(event, 1)), Deadline.none());
        fixture.workflow("wf-echo", "Echo", ECHO);

        Run run = run(event.hookrunrunid());
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.workflowVersion()).isEqualTo(2);
    }

    @Test
    void aDeliveryForARetiredWorkflow_isRecordedAsAFailedRun_WorkflowRetired() {
        fixture.workflow("wf-echo", "Echo", ECHO);
        fixture.workflows.retire("wf-echo", T0);
        CloudEvent event = fixture.event("wf-echo", "{'a': 1}");

        fixture.batch.process(List.of(fixture.eventRecord(event, 1)), Deadline.none());

        Run run = run(event.hookrunrunid());
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo(RunStarter.WORKFLOW_RETIRED);
        assertThat(run.cause()).contains("wf-echo");
        assertThat(fixture.history.stateExecutions(run.id())).isEmpty();
    }

    @Test
    void anAdminStartOfARetiredWorkflow_isRecordedAsAFailedRun_WorkflowRetired() {
        fixture.workflow("wf-echo", "Echo", ECHO);
        fixture.workflows.retire("wf-echo", T0);
        StartRunMessage start = new StartRunMessage(UUID.randomUUID().toString(), "wf-echo", null, "{}", T0.toString());

        fixture.batch.process(List.of(fixture.startRecord(start, 1)), Deadline.none());

        assertThat(run(start.runId()).error()).isEqualTo(RunStarter.WORKFLOW_RETIRED);
    }

    @Test
    void aWorkflowSavedAgainAfterRetiring_startsRunsOnItsNewVersion() {
        fixture.workflow("wf-echo", "Echo", ECHO);
        fixture.workflows.retire("wf-echo", T0);
        fixture.workflow("wf-echo", "Echo", ECHO);
        CloudEvent event = fixture.event("wf-echo", "{}");

        fixture.batch.process(List.of(fixture.eventRecord(event, 1)), Deadline.none());

        Run run = run(event.hookrunrunid());
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.workflowVersion()).isEqualTo(2);
    }

    private Run run(String runId) {
        return fixture.history.findRun(UUID.fromString(runId)).orElseThrow();
    }
}
