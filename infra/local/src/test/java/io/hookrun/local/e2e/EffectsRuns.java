package io.hookrun.local.e2e;

import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the exactly-once end-to-end tests share: a local stack with the three functions a run needs, tuned so that a
 * crashed invocation's step comes back in seconds (the steps queue's visibility timeout is 2 s, the state lease 2 s;
 * a Task's own lease is still its TimeoutSeconds plus the 3 s margin), and a way to run a workflow from a signed webhook.
 */
final class EffectsRuns {

    /** A guard against a hung run, never a measure of speed. */
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private EffectsRuns() {
    }

    static LocalCloudOptions options() {
        return LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken("e2e-token")
                .withFunctions("WebhookFunction", "AdminFunction", "WorkflowStepFunction")
                .withFunctionProperty("hookrun.step.state-lease", "2s")
                .withVisibilityTimeout("StepsQueue", 2);
    }

    /** Creates the workflow and a trigger, sends one signed webhook, and waits for the run to finish; returns its view. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> runToEnd(LocalCloud cloud, String definition) throws Exception {
        HookrunClient client = new HookrunClient(cloud.httpApi(), cloud.adminToken());
        String workflow = EndToEndSuite.unique("wf");
        String trigger = EndToEndSuite.unique("tr");
        client.createWorkflowAndTrigger(workflow, trigger, definition);
        HttpResponse<String> accepted = client.send(HookrunClient.Delivery.signed(trigger, EndToEndSuite.unique("msg"), "{}"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = (String) HookrunClient.json(accepted.body()).get("runId");
        Map<String, Object> run = client.awaitFinished(runId, RUN_TIMEOUT);
        assertThat(run.get("status")).as("run %s: %s", runId, run.get("error")).isIn("SUCCEEDED", "FAILED");
        return run;
    }

    /** The names of the run's state executions, in order. */
    @SuppressWarnings("unchecked")
    static List<Object> stateNames(Map<String, Object> run) {
        return ((List<Object>) run.get("states")).stream().map(s -> ((Map<String, Object>) s).get("name")).toList();
    }

    /** A Task calling {@code uri} with POST, then {@code transition} ({@code "Next": ...} or {@code "End": true}). */
    static String task(String name, java.net.URI uri, String extra, String transition) {
        return """
                "%s": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                  "Arguments": {"ApiEndpoint": "%s", "Method": "POST", "RequestBody": {"state": "%s"}},
                  %s%s}""".formatted(name, uri, name, extra.isEmpty() ? "" : extra + ", ", transition);
    }

    static String workflow(String startAt, String... states) {
        return "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"" + startAt + "\", \"States\": {"
                + String.join(", ", states) + "}}";
    }
}
