package io.hookrun.local.e2e;

import com.sun.net.httpserver.HttpServer;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbound safety through the local stack (docs/adr/0007): a signed webhook starts a run whose Task calls the cloud
 * metadata endpoint, and the run ends FAILED {@code hookrun.OutboundRefused} without a connection being tried; a Task
 * calling a test server on loopback works, because {@code ./hookrun local} allows loopback.
 */
@SuppressWarnings("unchecked")
class OutboundGuardEndToEndIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static LocalCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken("e2e-token"));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static Map<String, Object> runToEnd(String definition) throws Exception {
        HookrunClient client = new HookrunClient(cloud.httpApi(), cloud.adminToken());
        String trigger = EndToEndSuite.unique("tr");
        client.createWorkflowAndTrigger(EndToEndSuite.unique("wf"), trigger, definition);
        HttpResponse<String> accepted = client.send(HookrunClient.Delivery.signed(trigger, EndToEndSuite.unique("msg"), "{}"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return client.awaitFinished((String) HookrunClient.json(accepted.body()).get("runId"), RUN_TIMEOUT);
    }

    private static String callTask(String url) {
        return """
                {"QueryLanguage": "JSONata", "StartAt": "Call", "States": {
                  "Call": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                    "Arguments": {"ApiEndpoint": "%s", "Method": "GET"},
                    "Retry": [{"ErrorEquals": ["States.Http.Socket"], "IntervalSeconds": 1, "MaxAttempts": 2}],
                    "Output": "{%% $states.result.ResponseBody %%}",
                    "End": true}}}""".formatted(url);
    }

    @Test
    void aTaskCallingTheMetadataEndpoint_endsTheRunFailedWithOutboundRefused() throws Exception {
        Map<String, Object> run = runToEnd(callTask("http://169.254.169.254/latest/meta-data/"));

        assertThat(run.get("status")).isEqualTo("FAILED");
        Map<String, Object> error = (Map<String, Object>) run.get("error");
        assertThat(error.get("error")).isEqualTo("hookrun.OutboundRefused");
        assertThat((String) error.get("cause")).contains("169.254.169.254").contains("link-local");
    }

    @Test
    void aTaskCallingALoopbackTestServer_worksLocally() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hello", exchange -> {
            calls.incrementAndGet();
            byte[] body = "{\"hello\":\"local\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Map<String, Object> run = runToEnd(callTask("http://localhost:" + server.getAddress().getPort() + "/hello"));

            assertThat(run.get("status")).as(String.valueOf(run.get("error"))).isEqualTo("SUCCEEDED");
            assertThat(run.get("output")).isEqualTo(Map.of("hello", "local"));
            assertThat(calls.get()).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }
}
