package io.hookrun.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One function's first request, measured both ways: the function jar with its handler, and the plain handler of
 * {@code io.hookrun.bench.baseline} in {@code baseline-lambda.jar}, given the same event file.
 *
 * @param name            what the report calls it
 * @param functionLogicalId the function's logical id in template.yaml (the runtime's AWS_LAMBDA_FUNCTION_NAME here)
 * @param module          the function module: its jar is {@code functions/<module>/target/<module>-lambda.jar}
 * @param handler         the handler class template.yaml names
 * @param baselineHandler the plain handler doing the same first calls
 * @param event           the event file, relative to the repository root
 * @param expectedAnswer  what both answers must match, so that an error is never measured as an answer
 * @param database        whether template.yaml gives the function the {@code DATASOURCES_DEFAULT_*} variables
 * @param freshRunId      whether each run gets a new run id, so every run starts a run instead of finding one
 */
record Scenario(String name, String functionLogicalId, String module, String handler, String baselineHandler,
                String event, Pattern expectedAnswer, boolean database, boolean freshRunId) {

    private static final Pattern RUN_ID = Pattern.compile(
            "hookrunrunid\\\\?\"\\s*:\\s*\\\\?\"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    /**
     * An SQS batch response without failed records: Micronaut Serialization leaves the empty list out ({@code {}}),
     * Jackson writes it; Lambda reads both as "every record succeeded".
     */
    private static final Pattern NO_FAILED_RECORD = Pattern.compile("^\\{(\"batchItemFailures\":\\[])?}$");

    /**
     * Every function of template.yaml (RunSweeperFunction shares workflow-step's jar), with readiness and liveness as
     * two first requests of the health function.
     */
    static List<Scenario> all() {
        return List.of(
                new Scenario("webhook", "WebhookFunction", "webhook", "io.hookrun.webhook.WebhookHandler",
                        "io.hookrun.bench.baseline.PlainWebhookHandler",
                        "events/webhook/standard-webhooks-unknown-trigger.json", status(404), false, false),
                new Scenario("health-liveness", "HealthFunction", "health", "io.hookrun.health.HealthHandler",
                        "io.hookrun.bench.baseline.PlainHealthHandler",
                        "events/health/liveness.json", status(200), true, false),
                new Scenario("health-readiness", "HealthFunction", "health", "io.hookrun.health.HealthHandler",
                        "io.hookrun.bench.baseline.PlainHealthHandler",
                        "events/health/readiness.json", status(200), true, false),
                new Scenario("admin-get-runs", "AdminFunction", "admin", "io.hookrun.admin.AdminHandler",
                        "io.hookrun.bench.baseline.PlainAdminHandler",
                        "events/admin/get-runs-by-trigger.json", status(200), true, false),
                new Scenario("workflow-step", "WorkflowStepFunction", "workflow-step",
                        "io.hookrun.workflowstep.WorkflowStepHandler",
                        "io.hookrun.bench.baseline.PlainWorkflowStepHandler",
                        "events/workflow-step/sqs-event-for-missing-workflow.json", NO_FAILED_RECORD, true, true),
                new Scenario("run-sweeper", "RunSweeperFunction", "workflow-step",
                        "io.hookrun.workflowstep.RunSweeperHandler",
                        "io.hookrun.bench.baseline.PlainRunSweeperHandler",
                        "events/run-sweeper/scheduled-event.json", Pattern.compile("\"stalled\":\\d+"), true, false));
    }

    private static Pattern status(int code) {
        return Pattern.compile("\"statusCode\":" + code + "\\b");
    }

    Path functionJar(Path root) {
        return root.resolve("functions").resolve(module).resolve("target").resolve(module + "-lambda.jar");
    }

    /** The event as this run gets it: with a new run id when {@link #freshRunId}. */
    String eventFor(String json) {
        if (!freshRunId) {
            return json;
        }
        Matcher id = RUN_ID.matcher(json);
        if (!id.find()) {
            throw new IllegalStateException(event + " has no hookrunrunid to replace");
        }
        return json.replace(id.group(1), UUID.randomUUID().toString());
    }
}
