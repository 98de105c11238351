package io.hookrun.local.e2e;

import io.hookrun.local.cli.HookrunCliAccess;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import io.hookrun.testsupport.emulator.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./hookrun start} against the local stack {@code ./hookrun local} runs (HTTP API, DynamoDB Local, ElasticMQ,
 * PostgreSQL, the function jars): the run starts with the exact JSON given, {@code --wait} follows it to its end and
 * prints its output or its error, a name makes the start idempotent, and a stack that is not there is said to be so.
 */
class HookrunStartIT {

    private static final String TOKEN = "start-it-token";
    private static LocalCloud cloud;
    private static HookrunClient client;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken(TOKEN));
        client = new HookrunClient(cloud.httpApi(), TOKEN);
        HookrunClient.expectSaved(client.admin("PUT", "/admin/workflows/doubler", """
                {"QueryLanguage": "JSONata", "StartAt": "Double", "States": {
                  "Double": {"Type": "Pass", "Output": {"doubled": "{% $states.input.n * 2 %}"}, "End": true}}}"""));
        HookrunClient.expectSaved(client.admin("PUT", "/admin/workflows/breaker", """
                {"QueryLanguage": "JSONata", "StartAt": "Break", "States": {
                  "Break": {"Type": "Fail", "Error": "Custom.Broken", "Cause": "as designed"}}}"""));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void startWithWait_printsTheRunIdThenItsStatusAndOutput_andTheRunsInputIsTheJsonGiven() throws Exception {
        HookrunCliAccess.Result result = cli("start", "doubler", "--input", "{\"n\": 21}", "--wait", "--timeout", "120");

        assertThat(result.status()).as(result.err()).isZero();
        List<String> lines = result.outLines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).isEqualTo("SUCCEEDED");
        assertThat(lines.get(2)).isEqualTo("{\"doubled\":42}");
        Map<String, Object> run = client.run(lines.get(0));
        assertThat(run).containsEntry("input", Map.of("n", 21)).containsEntry("workflowId", "doubler")
                .doesNotContainKey("triggerId");
        assertThat(result.err()).contains("queued run " + lines.get(0), "is SUCCEEDED");
    }

    @Test
    void startWithoutWait_printsOnlyTheRunId() throws Exception {
        HookrunCliAccess.Result result = cli("start", "doubler", "--input", "{\"n\": 1}");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.outLines()).singleElement().satisfies(runId ->
                assertThat(client.awaitFinished(runId, EndToEndSuite.RUN_TIMEOUT)).containsEntry("output", Map.of("doubled", 2)));
    }

    @Test
    void namedStartFromAFile_twice_namesOneRun(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("input.json"), "{\"n\": 5}\n");

        HookrunCliAccess.Result first = cli("start", "doubler", "--input-file", input.toString(), "--name", "twice-1", "--wait");
        HookrunCliAccess.Result second = cli("start", "doubler", "--input-file", input.toString(), "--name", "twice-1");

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.outLines()).element(2).isEqualTo("{\"doubled\":10}");
        // The run has ended: StartExecution refuses the name (ExecutionAlreadyExists), whatever the input.
        assertThat(second.status()).isEqualTo(1);
        assertThat(second.err()).contains("Execution already exists", "has ended");
        assertThat(client.run(first.outLines().getFirst())).containsEntry("name", "twice-1");
    }

    @Test
    void aRunThatFails_printsFailedWithItsErrorAndCause_andExits1() throws Exception {
        HookrunCliAccess.Result result = cli("start", "breaker", "--wait", "--timeout", "120");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.outLines()).hasSize(3);
        assertThat(result.outLines().subList(1, 3))
                .containsExactly("FAILED", "{\"error\":\"Custom.Broken\",\"cause\":\"as designed\"}");
    }

    @Test
    void refusedStarts_sayWhy_andPrintNoRunId() throws Exception {
        HookrunCliAccess.Result unknown = cli("start", "no-such-flow");
        HookrunCliAccess.Result notJson = cli("start", "doubler", "--input", "{n: 1}");
        HookrunCliAccess.Result wrongToken = HookrunCliAccess.run("start", "doubler", "--api", cloud.httpApi().toString(),
                "--token", "not-the-token");

        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).contains("Unknown workflow: no workflow has the id 'no-such-flow'");
        assertThat(notJson.status()).isEqualTo(1);
        assertThat(notJson.err()).contains("Invalid run input: the body is not JSON");
        assertThat(wrongToken.status()).isEqualTo(1);
        assertThat(wrongToken.err()).contains("refused the token (HTTP 403)");
        assertThat(unknown.out() + notJson.out() + wrongToken.out()).isEmpty();
    }

    @Test
    void withNothingListening_itSaysHookrunLocalIsNotRunning() {
        int closedPort = FreePorts.find();

        HookrunCliAccess.Result result = HookrunCliAccess.run("start", "doubler", "--api", "http://127.0.0.1:" + closedPort,
                "--token", TOKEN);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("nothing answers at http://127.0.0.1:" + closedPort,
                "is ./hookrun local running? Start it in another terminal with ./hookrun local");
        assertThat(result.out()).isEmpty();
    }

    private static HookrunCliAccess.Result cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--api";
        all[args.length + 1] = cloud.httpApi().toString();
        all[args.length + 2] = "--token";
        all[args.length + 3] = TOKEN;
        return HookrunCliAccess.run(all);
    }
}
