package io.hookrun.local.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hookrun apply} against a fake admin API: what it creates, updates and leaves alone, that secrets come from
 * the environment only and never from a file, and that a problem anywhere means nothing is written.
 */
class ApplyCommandTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Map<String, String> ENV = Map.of("ORDERS_WEBHOOK_SECRET", SECRET);
    private static final String FLOW_YAML = """
            # the walkthrough's workflow, in YAML
            QueryLanguage: JSONata
            StartAt: Check
            States:
              Check:
                Type: Choice
                Choices:
                  - Condition: "{% $states.input.amount > 100 %}"
                    Next: Review
                Default: Done
              Review: {Type: Succeed, Output: {decision: review}}
              Done: {Type: Succeed, Comment: on, Output: {decision: auto, at: "12:30"}}
            """;
    private static final String TRIGGER_JSON = """
            {"workflowId": "order-flow",
             "signature": {"scheme": "standard-webhooks"},
             "secretsFromEnv": ["ORDERS_WEBHOOK_SECRET"]}
            """;

    private final FakeAdminApi api = new FakeAdminApi();

    ApplyCommandTest() throws IOException {
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static Path config(Path dir, String flowYaml, String triggerJson) throws IOException {
        Files.createDirectories(dir.resolve("workflows"));
        Files.createDirectories(dir.resolve("triggers"));
        Files.writeString(dir.resolve("workflows/order-flow.yaml"), flowYaml);
        Files.writeString(dir.resolve("triggers/orders.json"), triggerJson);
        return dir;
    }

    @Test
    void firstApply_createsWorkflowsBeforeTriggers_withTheSecretFromTheEnvironment(@TempDir Path dir) throws Exception {
        config(dir, FLOW_YAML, TRIGGER_JSON);

        CliRun run = CliRun.against(api, ENV, false, "apply", dir.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.outLines()).containsExactly("create workflow order-flow  (version 1)", "create trigger orders");
        assertThat(api.writes()).containsExactly("PUT /admin/workflows/order-flow", "PUT /admin/triggers/orders");
        assertThat(api.secrets.get("orders")).containsExactly(SECRET);
        assertThat(api.triggers.get("orders")).doesNotContainKey("secretsFromEnv");
        // YAML 1.1 would have made "on" true and "12:30" the number 750: they stay strings
        assertThat(api.workflows.get("order-flow").get("definition").toString()).contains("Comment=on", "at=12:30");
        assertThat(run.out() + run.err()).doesNotContain(SECRET);
    }

    @Test
    void applyingAgain_changesNothing_evenWhenTheWorkflowIsReformatted(@TempDir Path dir) throws Exception {
        config(dir, FLOW_YAML, TRIGGER_JSON);
        assertThat(CliRun.against(api, ENV, false, "apply", dir.toString()).status()).isZero();
        api.requests.clear();
        // the same definition as JSON, keys in another order, other layout: the same workflow
        Files.delete(dir.resolve("workflows/order-flow.yaml"));
        Files.writeString(dir.resolve("workflows/order-flow.json"), """
                {"States": {"Done": {"Output": {"at": "12:30", "decision": "auto"}, "Comment": "on", "Type": "Succeed"},
                  "Review": {"Type": "Succeed", "Output": {"decision": "review"}},
                  "Check": {"Type": "Choice", "Default": "Done",
                            "Choices": [{"Next": "Review", "Condition": "{% $states.input.amount > 100 %}"}]}},
                 "StartAt": "Check", "QueryLanguage": "JSONata"}""");

        CliRun run = CliRun.against(api, Map.of(), false, "apply", dir.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.outLines()).containsExactly("unchanged workflow order-flow", "unchanged trigger orders");
        assertThat(api.writes()).isEmpty();
        assertThat(api.workflows.get("order-flow")).containsEntry("version", 1);
        assertThat(run.err()).contains("0 created, 0 updated, 2 unchanged, 0 failed");
    }

    @Test
    void changedSettings_updateOnlyThatTrigger_namingTheFields_andSendNoSecret(@TempDir Path dir) throws Exception {
        config(dir, FLOW_YAML, TRIGGER_JSON);
        CliRun.against(api, ENV, false, "apply", dir.toString());
        api.requests.clear();
        Files.writeString(dir.resolve("triggers/orders.json"), """
                {"workflowId": "order-flow",
                 "signature": {"scheme": "standard-webhooks", "toleranceSeconds": 60},
                 "event": {"types": ["order.created"], "rateLimit": {"perSecond": 0.5, "burst": 2}},
                 "secretsFromEnv": ["ORDERS_WEBHOOK_SECRET"]}""");

        CliRun run = CliRun.against(api, Map.of(), false, "apply", dir.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.outLines()).containsExactly("unchanged workflow order-flow", "update trigger orders:"
                + " signature.toleranceSeconds, event.types, event.rateLimit.perSecond, event.rateLimit.burst");
        assertThat(api.writes()).containsExactly("PUT /admin/triggers/orders");
        assertThat(api.requests.getLast().body()).doesNotContain("secrets");
        assertThat(api.secrets.get("orders")).containsExactly(SECRET);
        // and once stored (1.0 shown for 1, as any JSON number), nothing differs
        assertThat(CliRun.against(api, "apply", dir.toString()).outLines()).contains("unchanged trigger orders");
    }

    @Test
    void dryRun_printsThePlan_andWritesNothing(@TempDir Path dir) throws Exception {
        config(dir, FLOW_YAML, TRIGGER_JSON);
        Files.writeString(dir.resolve("workflows/other.json"), "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}");
        CliRun.against(api, ENV, false, "apply", dir.toString());
        api.requests.clear();
        Files.writeString(dir.resolve("workflows/other.json"), "{\"StartAt\": \"B\", \"States\": {\"B\": {\"Type\": \"Succeed\"}}}");
        Files.writeString(dir.resolve("workflows/third.json"), "{\"StartAt\": \"C\", \"States\": {\"C\": {\"Type\": \"Pass\", \"End\": true}}}");

        CliRun run = CliRun.against(api, Map.of(), false, "apply", dir.toString(), "--dry-run");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.outLines()).containsExactly("unchanged workflow order-flow", "update workflow other: definition",
                "create workflow third", "unchanged trigger orders");
        assertThat(run.err()).contains("dry run: nothing was written");
        assertThat(api.writes()).isEmpty();
    }

    @Test
    void aSecretInAFile_isRefused_beforeAnythingIsWritten_withoutQuotingIt(@TempDir Path dir) throws Exception {
        config(dir, FLOW_YAML, """
                {"workflowId": "order-flow", "signature": {"scheme": "standard-webhooks", "secrets": ["%s"]}}"""
                .formatted(SECRET));

        CliRun run = CliRun.against(api, ENV, false, "apply", dir.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("triggers/orders.json: signature.secrets holds secret values; secrets never go in"
                + " these files", "\"secretsFromEnv\": [\"ORDERS_WEBHOOK_SECRET\"]", "nothing was applied");
        assertThat(run.out() + run.err()).doesNotContain(SECRET);
        assertThat(api.requests).isEmpty();
    }

    @Test
    void aSecretLookingValueAnywhere_orASecretField_isRefused(@TempDir Path dir) throws Exception {
        config(dir, FLOW_YAML, """
                {"workflowId": "order-flow", "signature": {"scheme": "standard-webhooks", "hmac": {"secret": "x"}},
                 "event": {"types": ["%s"], "schema": {"properties": {"secret": {"type": "string"}}}}}""".formatted(SECRET));

        CliRun run = CliRun.against(api, ENV, false, "apply", dir.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("signature.hmac.secret holds secret values", "event.types[0] looks like a secret")
                .doesNotContain("event.schema");
        assertThat(run.err()).doesNotContain(SECRET);
        assertThat(api.requests).isEmpty();
    }

    @Test
    void aMissingVariable_isNamed_andNothingIsWritten(@TempDir Path dir) throws Exception {
        config(dir, FLOW_YAML, TRIGGER_JSON);

        CliRun run = CliRun.against(api, Map.of(), false, "apply", dir.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("trigger orders: the environment variable ORDERS_WEBHOOK_SECRET is not set");
        assertThat(api.writes()).isEmpty();
    }

    @Test
    void badFileNames_duplicateIds_andBadFiles_areRefused(@TempDir Path dir) throws Exception {
        config(dir, FLOW_YAML, TRIGGER_JSON);
        Files.writeString(dir.resolve("workflows/order-flow.json"), "{}");
        Files.writeString(dir.resolve("workflows/-bad id.json"), "{}");
        Files.writeString(dir.resolve("workflows/list.json"), "[1, 2]");
        Files.writeString(dir.resolve("workflows/notes.txt"), "not config");
        Files.writeString(dir.resolve("triggers/broken.yaml"), "workflowId: [unclosed");
        Files.writeString(dir.resolve("triggers/typo.json"), "{\"workflowId\": \"w\", \"signatur\": {}}");

        CliRun run = CliRun.against(api, ENV, false, "apply", dir.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("workflows/-bad id.json: '-bad id' is not a valid id",
                "both define order-flow: keep one", "workflows/list.json: a workflow file holds one JSON object",
                "skipped workflows/notes.txt", "triggers/broken.yaml: not valid YAML",
                "triggers/typo.json: unknown field 'signatur'");
        assertThat(api.requests).isEmpty();
    }

    @Test
    void rotateSecrets_postsTheVariablesValue_toTheRotationRoute(@TempDir Path dir) throws Exception {
        config(dir, FLOW_YAML, TRIGGER_JSON);
        CliRun.against(api, ENV, false, "apply", dir.toString());
        api.requests.clear();
        String next = "whsec_bmV3LXNlY3JldC1mb3ItdGhlLXNlbmRlcg==";

        CliRun run = CliRun.against(api, Map.of("ORDERS_WEBHOOK_SECRET", next), false, "apply", dir.toString(),
                "--rotate-secrets");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.outLines()).containsExactly("unchanged workflow order-flow",
                "unchanged trigger orders, rotate its secrets");
        assertThat(api.writes()).containsExactly("POST /admin/triggers/orders/secrets");
        assertThat(api.secrets.get("orders")).containsExactly(SECRET, next);
        assertThat(run.out() + run.err()).doesNotContain(next);
    }

    @Test
    void aRefusedWrite_exits1_showingTheApisProblem_andTheOthersStillApply(@TempDir Path dir) throws Exception {
        config(dir, FLOW_YAML, TRIGGER_JSON);
        api.failing = "PUT /admin/triggers/orders";

        CliRun run = CliRun.against(api, ENV, false, "apply", dir.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.outLines()).containsExactly("create workflow order-flow  (version 1)", "create trigger orders"
                + "  FAILED: Invalid trigger: the body has problems; signature.scheme must be one of [github, none,"
                + " standard-webhooks]");
        assertThat(run.err()).contains("1 created, 0 updated, 0 unchanged, 1 failed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void outputJson_isThePlanAsOneJsonDocument(@TempDir Path dir) throws Exception {
        config(dir, FLOW_YAML, TRIGGER_JSON);

        CliRun run = CliRun.against(api, ENV, false, "apply", dir.toString(), "--dry-run", "--output", "json");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.outLines()).hasSize(1);
        Map<String, Object> plan = JsonOutput.objectOrEmpty(run.out().getBytes());
        assertThat(plan).containsEntry("dryRun", true).containsEntry("failed", 0);
        assertThat((List<Object>) plan.get("changes")).containsExactly(
                Map.of("kind", "workflow", "id", "order-flow", "action", "create", "result", "planned"),
                Map.of("kind", "trigger", "id", "orders", "action", "create", "result", "planned"));
    }
}
