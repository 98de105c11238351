package io.hookrun.local.e2e;

import io.hookrun.local.cli.HookrunCliAccess;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin commands against the local stack {@code ./hookrun local} runs (the real admin function over HTTP, DynamoDB
 * Local, ElasticMQ, PostgreSQL): configuration applied from files, a webhook that runs it, the run in the list and as a
 * timeline, the configuration exported, and the export applied back changing nothing (no new workflow version).
 */
class CliEndToEndIT {

    private static final String TOKEN = "cli-it-token";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static LocalCloud cloud;
    private static HookrunClient client;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken(TOKEN));
        client = new HookrunClient(cloud.httpApi(), TOKEN);
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void applyThenRunsThenRunThenExport_andTheExportAppliesUnchanged(@TempDir Path dir) throws Exception {
        String flow = EndToEndSuite.unique("cli-flow");
        String trigger = EndToEndSuite.unique("cli-orders");
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("workflows"));
        Files.createDirectories(config.resolve("triggers"));
        Files.writeString(config.resolve("workflows/" + flow + ".yaml"), """
                QueryLanguage: JSONata
                StartAt: Double
                States:
                  Double:
                    Type: Pass
                    Output: {doubled: "{% $states.input.data.n * 2 %}"}
                    End: true
                """);
        Files.writeString(config.resolve("triggers/" + trigger + ".json"), """
                {"workflowId": "%s", "signature": {"scheme": "standard-webhooks", "toleranceSeconds": 120},
                 "secretsFromEnv": ["CLI_IT_SECRET"]}""".formatted(flow));
        Map<String, String> env = Map.of("CLI_IT_SECRET", SECRET);

        HookrunCliAccess.Result plan = cli(env, "apply", config.toString(), "--dry-run");
        assertThat(plan.status()).as(plan.err()).isZero();
        assertThat(plan.outLines()).containsExactly("create workflow " + flow, "create trigger " + trigger);
        assertThat(client.admin("GET", "/admin/workflows/" + flow, null).statusCode()).isEqualTo(404);

        HookrunCliAccess.Result applied = cli(env, "apply", config.toString());
        assertThat(applied.status()).as(applied.err()).isZero();
        assertThat(applied.outLines()).containsExactly("create workflow " + flow + "  (version 1)", "create trigger " + trigger);

        HookrunCliAccess.Result sent = cli(env, "send", trigger, "--data", "{\"n\": 21}", "--secret-env", "CLI_IT_SECRET",
                "--output", "json");
        assertThat(sent.status()).as(sent.err()).isZero();
        String runId = (String) ((Map<?, ?>) HookrunClient.json(sent.out()).get("body")).get("runId");
        assertThat(client.awaitFinished(runId, EndToEndSuite.RUN_TIMEOUT)).containsEntry("status", "SUCCEEDED");

        HookrunCliAccess.Result runs = cli(env, "runs", "--trigger", trigger, "--since", "1h");
        assertThat(runs.status()).as(runs.err()).isZero();
        assertThat(runs.outLines()).hasSize(2);
        assertThat(runs.outLines().get(1)).startsWith(runId).contains("SUCCEEDED", flow + "@1", trigger);
        HookrunCliAccess.Result runsJson = cli(env, "runs", "--trigger", trigger, "--output", "json");
        assertThat(HookrunClient.json(runsJson.out()).get("items")).asList().singleElement()
                .satisfies(item -> assertThat(((Map<?, ?>) item).get("runId")).isEqualTo(runId))
                .satisfies(item -> assertThat(((Map<?, ?>) item).get("workflowVersion")).isEqualTo(1));

        HookrunCliAccess.Result timeline = cli(env, "run", runId);
        assertThat(timeline.status()).as(timeline.err()).isZero();
        assertThat(timeline.out()).startsWith("run " + runId + "  SUCCEEDED\n")
                .contains("workflow  " + flow + "@1   trigger " + trigger, "output    {\"doubled\":42}", "SUCCEEDED  Double (Pass)")
                .doesNotContain("\u001b[");

        Path exported = dir.resolve("exported");
        HookrunCliAccess.Result export = cli(env, "export", exported.toString());
        assertThat(export.status()).as(export.err()).isZero();
        assertThat(exported.resolve("workflows/" + flow + ".json")).exists();
        assertThat(Files.readString(exported.resolve("triggers/" + trigger + ".json")))
                .contains("\"toleranceSeconds\": 120", "\"secretsFromEnv\"").doesNotContain("whsec_").doesNotContain("sec_");

        HookrunCliAccess.Result again = cli(Map.of(), "apply", exported.toString());
        HookrunCliAccess.Result original = cli(Map.of(), "apply", config.toString());
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.outLines()).isNotEmpty().allMatch(line -> line.startsWith("unchanged "));
        assertThat(original.outLines()).containsExactly("unchanged workflow " + flow, "unchanged trigger " + trigger);
        assertThat(HookrunClient.json(client.admin("GET", "/admin/workflows/" + flow, null).body())).containsEntry("version", 1);
        try (Stream<Path> files = Files.walk(exported)) {
            List<String> texts = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(file));
            }
            assertThat(String.join("\n", texts)).doesNotContain(SECRET);
        }
    }

    @Test
    void theWalkthroughsFiles_recreateItsWorkflowAndTrigger() throws Exception {
        Map<String, String> env = Map.of("ORDERS_WEBHOOK_SECRET", SECRET);

        HookrunCliAccess.Result applied = cli(env, "apply", EventFiles.DIRECTORY.resolve("config/walkthrough").toString());

        assertThat(applied.status()).as(applied.err()).isZero();
        assertThat(applied.outLines()).containsExactly("create workflow order-flow  (version 1)", "create trigger orders");
        Map<String, Object> orders = HookrunClient.json(client.admin("GET", "/admin/triggers/orders", null).body());
        assertThat(orders).containsEntry("workflowId", "order-flow");
        Map<?, ?> signature = (Map<?, ?>) orders.get("signature");
        assertThat(signature.get("scheme")).isEqualTo("standard-webhooks");
        assertThat(signature.get("activeSecrets")).isEqualTo(1);
    }

    private static HookrunCliAccess.Result cli(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--api", cloud.httpApi().toString()));
        if (!args[0].equals("send")) { // a webhook needs no admin credential
            all.addAll(List.of("--token", TOKEN));
        }
        return HookrunCliAccess.run(env, all.toArray(String[]::new));
    }
}
