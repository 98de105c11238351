package io.hookrun.local.cli;

import io.hookrun.local.admin.LocalStackFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line: exit statuses, usage errors, and {@code invoke} printing only the response on stdout. */
class HookrunCliTest {

    private static final String TEST_TEMPLATE = "src/test/resources/local-test-template.yaml";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return HookrunCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void help_printsUsage_andExits0() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("local [--port 3000] [--pollers 3]", "invoke <FunctionLogicalId> <event.json>",
                "start <workflowId> [--input '<json>' | --input-file <path>] [--name <name>] [--wait [--timeout <s>]]",
                "runs [--trigger T]", "run <runId>", "apply <dir> [--dry-run] [--rotate-secrets]", "export <dir>",
                "[--api <URL> [--region R]] [--output json]");
    }

    @Test
    void adminCommands_takeOutputTextOrJsonOnly_andOneArgument() {
        assertThat(run("runs", "--output", "yaml", "--api", "http://127.0.0.1:9", "--token", "t")).isEqualTo(2);
        assertThat(err()).contains("--output takes text or json, not 'yaml'");
        assertThat(run("run", "--api", "http://127.0.0.1:9", "--token", "t")).isEqualTo(2);
        assertThat(err()).contains("run takes one <runId> and options");
        assertThat(run("apply", "a", "b", "--api", "http://127.0.0.1:9", "--token", "t")).isEqualTo(2);
        assertThat(run("runs", "--all", "--limit", "5", "--api", "http://127.0.0.1:9", "--token", "t")).isEqualTo(2);
        assertThat(err()).contains("give --limit or --all, not both");
        assertThat(out()).isEmpty();
    }

    @Test
    void start_withWrongArguments_isAUsageError_withExit2() {
        assertThat(run("start")).isEqualTo(2);
        assertThat(err()).contains("start takes one <workflowId>");
        assertThat(run("start", "a", "b")).isEqualTo(2);
        assertThat(run("start", "flow", "--input", "{}", "--input-file", "in.json")).isEqualTo(2);
        assertThat(err()).contains("give the input with --input or with --input-file, not both");
        assertThat(run("start", "flow", "--timeout", "5")).isEqualTo(2);
        assertThat(err()).contains("--timeout goes with --wait");
        assertThat(run("start", "flow", "--wait", "--timeout", "soon")).isEqualTo(2);
        assertThat(run("start", "flow", "--name")).isEqualTo(2);
        assertThat(err()).contains("--name needs a value");
        assertThat(run("start", "flow", "--input-file", "no/such/input.json", "--api", "http://127.0.0.1:9", "--token", "t"))
                .isEqualTo(2);
        assertThat(err()).contains("no input file at no/such/input.json");
        assertThat(out()).isEmpty();
    }

    @Test
    void start_whenHookrunLocalWroteNoFile_saysItIsNotRunning(@TempDir Path dir) {
        Path file = dir.resolve(".hookrun/local.json");

        assertThatThrownBy(() -> new StartCommand(new PrintStream(out), new PrintStream(err), file, name -> null)
                .run(new ArrayList<>(List.of("flow"))))
                .hasMessage("./hookrun local is not running here (no " + file + "): start it in another terminal with"
                        + " ./hookrun local, or name a deployed API with --api https://<id>.execute-api.<region>.amazonaws.com");
        assertThat(out()).isEmpty();
    }

    @Test
    void start_whenTheHookrunLocalThatWroteTheFileHasEnded_saysSo(@TempDir Path dir) throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path file = dir.resolve(".hookrun/local.json");
        new LocalStackFile(URI.create("http://127.0.0.1:3000"), "t", ended.pid()).write(file);

        assertThatThrownBy(() -> new StartCommand(new PrintStream(out), new PrintStream(err), file, name -> null)
                .run(new ArrayList<>(List.of("flow"))))
                .hasMessage("./hookrun local is not running (it served http://127.0.0.1:3000 as process " + ended.pid()
                        + ", which has ended): start it with ./hookrun local, or name a deployed API with --api"
                        + " https://<id>.execute-api.<region>.amazonaws.com");
        assertThat(out()).isEmpty();
    }

    @Test
    void unknownCommandOrOption_isAUsageError_withExit2() {
        assertThat(run("deploy")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'deploy'", "usage:");
        assertThat(run("local", "--template", TEST_TEMPLATE, "--verbose")).isEqualTo(2);
        assertThat(err()).contains("unexpected arguments [--verbose]");
        assertThat(run("local", "--template", TEST_TEMPLATE, "--port", "eighty")).isEqualTo(2);
        assertThat(run("local", "--template", TEST_TEMPLATE, "--pollers", "0")).isEqualTo(2);
        assertThat(err()).contains("--pollers takes 1-100");
        assertThat(run()).isEqualTo(2);
    }

    @Test
    void invoke_ofAnUnknownFunction_exits1_namingTheFunctionsThereAre(@TempDir Path dir) throws Exception {
        Path event = Files.writeString(dir.resolve("event.json"), "{}");

        assertThat(run("invoke", "NoSuchFunction", event.toString(), "--template", TEST_TEMPLATE)).isEqualTo(1);
        assertThat(err()).contains("no function NoSuchFunction", "EchoFunction");
        assertThat(out()).isEmpty();
    }

    @Test
    void invoke_printsOnlyTheResponseJsonOnStdout(@TempDir Path dir) throws Exception {
        Path event = Files.writeString(dir.resolve("event.json"), """
                {"version":"2.0","routeKey":"POST /echo/{id}","rawPath":"/echo/7","rawQueryString":"",
                 "headers":{"content-type":"application/json"},"pathParameters":{"id":"7"},
                 "requestContext":{"http":{"method":"POST","path":"/echo/7"}},"body":"{}","isBase64Encoded":false}
                """);

        assertThat(run("invoke", "EchoFunction", event.toString(), "--template", TEST_TEMPLATE)).as(err()).isZero();
        assertThat(out().strip()).startsWith("{").endsWith("}").contains("\"statusCode\":200", "\\\"rawPath\\\":\\\"/echo/7\\\"");
    }

    @Test
    void invoke_whenTheHandlerThrows_exits1WithTheError(@TempDir Path dir) throws Exception {
        Path event = Files.writeString(dir.resolve("event.json"), "{\"version\":\"2.0\",\"rawPath\":\"/boom\"}");

        assertThat(run("invoke", "EchoFunction", event.toString(), "--template", TEST_TEMPLATE)).isEqualTo(1);
        assertThat(err()).contains("EchoFunction failed", "boom, as asked");
        assertThat(out()).isEmpty();
    }
}
