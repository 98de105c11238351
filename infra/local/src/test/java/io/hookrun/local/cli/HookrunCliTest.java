package io.hookrun.local.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(out()).contains("local [--port 3000] [--pollers 3]", "invoke <FunctionLogicalId> <event.json>");
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
