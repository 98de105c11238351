package io.hookrun.workflowstep;

import io.hookrun.core.run.RunStatus;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 0008's configuration bound, workflow side: a workflow is read when a run starts and never again, so a change
 * takes effect for the next run at once (no cache to wait out), and a run already going keeps the definition it
 * started with to its end.
 */
class WorkflowSnapshotTest {

    private final StepFixture fixture = new StepFixture();

    private void version(String label) {
        fixture.workflow("wf-versioned", "First", "'First': {'Type': 'Pass', 'Next': 'Hold'}, "
                + "'Hold': {'Type': 'Wait', 'Seconds': 5, 'Next': 'Last'}, "
                + "'Last': {'Type': 'Pass', 'Output': {'version': '" + label + "'}, 'End': true}");
    }

    @Test
    void aWorkflowUpdatedMidRun_doesNotChangeTheRunningRun_butTheNextRunUsesItAtOnce() {
        version("v1");
        UUID running = fixture.startDirect("wf-versioned", "{}");
        assertThat(fixture.run(running).status()).isEqualTo(RunStatus.RUNNING);

        version("v2");
        new QueueDriver(fixture, 1, 1).drain(10);

        assertThat(fixture.run(running).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(running)).as("the snapshot it started with").isEqualTo(Map.of("version", "v1"));

        UUID next = fixture.startDirect("wf-versioned", "{}");
        new QueueDriver(fixture, 1, 1).drain(10);

        assertThat(fixture.output(next)).as("no cache between the change and the next run")
                .isEqualTo(Map.of("version", "v2"));
    }
}
