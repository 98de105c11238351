package io.hookrun.local.e2e;

import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import io.hookrun.local.e2e.HookrunClient.Delivery;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 0008's promise on logs, tried as an operator would: one signed webhook through the local stack (the functions
 * loaded from their deployable jars, so with the logging they have on Lambda), stdout captured, and every line a JSON
 * object; the lines of that event, from the webhook that accepted it through each state of its run to the run's end,
 * are selected by its delivery id alone, and none carries its body.
 */
class LogsEndToEndIT {

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private static PrintStream original;
    private static final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private static LocalCloud cloud;

    /** Writes to the real stdout and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;

        Tee(OutputStream first) {
            this.first = first;
        }

        @Override
        public synchronized void write(int b) {
            captured.write(b);
            try {
                first.write(b);
            } catch (java.io.IOException ignored) {
                // the copy is what the test reads
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            captured.write(bytes, offset, length);
            try {
                first.write(bytes, offset, length);
            } catch (java.io.IOException ignored) {
                // the copy is what the test reads
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        original = System.out;
        System.setOut(new PrintStream(new Tee(original), true, StandardCharsets.UTF_8));
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken("e2e-token"));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
        System.setOut(original);
    }

    private static synchronized List<Map<String, Object>> capturedLines() throws Exception {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                lines.add(JSON.readValue(line, Argument.mapOf(String.class, Object.class)));
            } catch (Exception e) {
                throw new AssertionError("a stdout line is not a JSON object: " + line, e);
            }
        }
        return lines;
    }

    @Test
    void oneWebhook_everyLineOfItsJourney_isJson_andSelectedByItsDeliveryId() throws Exception {
        assertThat(cloud.function("WebhookFunction").fromJar()).as("the webhook runs from its deployable jar").isTrue();
        HookrunClient client = new HookrunClient(cloud.httpApi(), cloud.adminToken());
        String trigger = EndToEndSuite.unique("logs");
        client.createWorkflowAndTrigger(EndToEndSuite.unique("flow"), trigger);
        String deliveryId = EndToEndSuite.unique("delivery");
        String secretInBody = "card-4111111111111111";

        HttpResponse<String> accepted = client.send(Delivery.signed(trigger, deliveryId,
                "{\"orderId\":\"" + secretInBody + "\",\"amount\":250}"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String runId = (String) HookrunClient.json(accepted.body()).get("runId");
        assertThat(client.awaitFinished(runId, RUN_TIMEOUT).get("status")).isEqualTo("SUCCEEDED");

        List<Map<String, Object>> all = capturedLines();
        List<Map<String, Object>> event = all.stream().filter(line -> deliveryId.equals(line.get("deliveryId")))
                .toList();
        assertThat(event).as("the event's lines").isNotEmpty();
        assertThat(event).allSatisfy(line -> {
            assertThat(line).containsKeys("timestamp", "level", "logger", "message", "requestId");
            assertThat(line).containsEntry("triggerId", trigger);
        });
        assertThat(event).filteredOn(line -> "io.hookrun.webhook.WebhookIngestion".equals(line.get("logger")))
                .extracting(line -> (String) line.get("message"))
                .anySatisfy(message -> assertThat(message).contains("accepted").contains(runId));
        List<Map<String, Object>> steps = event.stream()
                .filter(line -> String.valueOf(line.get("logger")).startsWith("io.hookrun.workflowstep")).toList();
        assertThat(steps).as("lines of the step function").allSatisfy(line ->
                assertThat(line).containsEntry("runId", runId));
        assertThat(steps).filteredOn(line -> line.containsKey("state"))
                .extracting(line -> line.get("state") + " " + line.get("message"))
                .anySatisfy(text -> assertThat(text).startsWith("CheckUpstream ").contains("ended SUCCEEDED"))
                .anySatisfy(text -> assertThat(text).startsWith("IsLarge ").contains("ended SUCCEEDED"))
                .anySatisfy(text -> assertThat(text).startsWith("Review ").contains("ended SUCCEEDED"));
        assertThat(steps).extracting(line -> (String) line.get("message"))
                .anySatisfy(message -> assertThat(message).startsWith("run " + runId + " of workflow ").endsWith("started"))
                .anySatisfy(message -> assertThat(message).startsWith("run " + runId + " ended SUCCEEDED after "));
        assertThat(all).as("no line carries the body").noneSatisfy(line ->
                assertThat(line.toString()).contains(secretInBody));
    }
}
