package io.hookrun.local.e2e;

import com.sun.net.httpserver.HttpServer;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import io.hookrun.testsupport.fault.FaultProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 0007's operations end to end on the local stack, as an operator meets them: a step whose message keeps failing
 * (SQS unreachable for the workflow-step function, for real, through the fault proxy) reaches the DLQ and its run
 * ends FAILED {@code hookrun.StepAbandoned}; the admin API lists it; once SQS is back, a redrive (an ElasticMQ move
 * task) re-opens the run and it SUCCEEDS, its Task having called the downstream once. A finished run is replayed
 * with the same input; a run in a Wait is cancelled and its delayed message is dropped when it arrives.
 *
 * <p>Made quick for a test: {@code StepMaxReceiveCount} 2 (the template's floor of 5 is for deployments) and the steps
 * queue's visibility timeout 5 s (once a first run has warmed the functions up), so a failed record is back in seconds
 * even when the function cannot reach SQS to shorten it itself.
 */
@SuppressWarnings("unchecked")
class DeadLetterEndToEndIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static LocalCloud cloud;
    private static HttpServer downstream;
    private static final AtomicInteger calls = new AtomicInteger();
    /** Armed: the downstream's next call breaks SQS for the workflow-step function (after answering it). */
    private static final AtomicBoolean breakSqsOnNextCall = new AtomicBoolean();

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken("e2e-token")
                .withSqsFaultProxyFor("WorkflowStepFunction").withParameter("StepMaxReceiveCount", "2"));
        // One run first, with the template's visibility timeout: the first invocations build the functions' clients
        // and migrate the database, and a message still being processed must not come back (and count a receive).
        String warmUp = startRun("{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"Warm\","
                + " \"States\": {\"Warm\": {\"Type\": \"Pass\", \"End\": true}}}", "{}");
        assertThat(client().awaitFinished(warmUp, TIMEOUT).get("status")).isEqualTo("SUCCEEDED");
        cloud.sqs().setQueueAttributes(r -> r.queueUrl(cloud.queueUrl("StepsQueue"))
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5")));
        downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        downstream.createContext("/charge", exchange -> {
            calls.incrementAndGet();
            byte[] body = "{\"charged\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            if (breakSqsOnNextCall.getAndSet(false)) {
                cloud.sqsFaultProxy().setMode(FaultProxy.Mode.RESET);
            }
        });
        downstream.start();
    }

    @AfterAll
    static void stop() {
        if (downstream != null) {
            downstream.stop(0);
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    private static HookrunClient client() {
        return new HookrunClient(cloud.httpApi(), cloud.adminToken());
    }

    private static String startRun(String definition, String body) {
        HookrunClient client = client();
        String workflow = EndToEndSuite.unique("wf");
        String trigger = EndToEndSuite.unique("tr");
        client.createWorkflowAndTrigger(workflow, trigger, definition);
        HttpResponse<String> accepted = client.send(HookrunClient.Delivery.signed(trigger, EndToEndSuite.unique("msg"), body));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return (String) HookrunClient.json(accepted.body()).get("runId");
    }

    private static Map<String, Object> await(Supplier<Map<String, Object>> read, java.util.function.Predicate<Map<String, Object>> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        Map<String, Object> last = read.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            last = read.get();
        }
        return last;
    }

    private String chargeFlow() {
        return """
                {"QueryLanguage": "JSONata", "StartAt": "Receive", "States": {
                  "Receive": {"Type": "Pass", "Next": "Charge"},
                  "Charge": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                    "Arguments": {"ApiEndpoint": "http://127.0.0.1:%d/charge", "Method": "POST",
                                  "RequestBody": "{%% $states.input.data %%}"},
                    "Output": {"charged": "{%% $states.result.ResponseBody.charged %%}", "order": "{%% $states.input.data.order %%}"},
                    "Next": "Done"},
                  "Done": {"Type": "Pass", "End": true}}}""".formatted(downstream.getAddress().getPort());
    }

    @Test
    void aStepThatKeepsFailing_landsInTheDlq_isListed_andARedriveAfterTheFaultMakesTheRunSucceed_thenItReplays()
            throws Exception {
        HookrunClient client = client();
        int callsBefore = calls.get();
        breakSqsOnNextCall.set(true);
        String runId;
        try {
            runId = startRun(chargeFlow(), "{\"order\":\"o-42\"}");

            Map<String, Object> failed = await(() -> client.run(runId), r -> List.of("FAILED", "SUCCEEDED").contains(r.get("status")));
            assertThat(failed.get("status")).as(String.valueOf(failed)).isEqualTo("FAILED");
            assertThat(((Map<String, Object>) failed.get("error")).get("error")).isEqualTo("hookrun.StepAbandoned");

            Map<String, Object> listing = await(() -> HookrunClient.json(HookrunClient.expect(
                    client.admin("GET", "/admin/dead-letters?limit=10", null), 200).body()),
                    page -> ((List<Map<String, Object>>) page.get("items")).stream().anyMatch(i -> isCharge(i, runId)));
            Map<String, Object> letter = ((List<Map<String, Object>>) listing.get("items")).stream()
                    .filter(i -> isCharge(i, runId)).findFirst().orElseThrow();
            assertThat(letter).containsEntry("kind", "step").containsEntry("stateName", "Charge")
                    .containsEntry("sequence", 1).containsEntry("frame", "").containsEntry("runStatus", "FAILED");
            assertThat(((Map<String, Object>) letter.get("error")).get("error")).isEqualTo("hookrun.StepAbandoned");
        } finally {
            cloud.sqsFaultProxy().setMode(FaultProxy.Mode.PASS);
        }

        HttpResponse<String> redrive = client.admin("POST", "/admin/dead-letters/redrive", null);
        assertThat(redrive.statusCode()).as(redrive.body()).isEqualTo(202);
        assertThat(HookrunClient.json(redrive.body())).containsEntry("reopenedRuns", 1);

        Map<String, Object> done = client.awaitFinished(runId, TIMEOUT);
        assertThat(done.get("status")).as(String.valueOf(done)).isEqualTo("SUCCEEDED");
        assertThat(done.get("output")).isEqualTo(Map.of("charged", true, "order", "o-42"));
        assertThat(calls.get() - callsBefore).as("the Task called the downstream once, redrive included").isEqualTo(1);
        List<Object> tasks = HookrunClient.list(HookrunClient.expect(client.admin("GET", "/admin/dead-letters/redrives", null), 200).body());
        assertThat(tasks).isNotEmpty();

        HttpResponse<String> replay = client.admin("POST", "/admin/runs/" + runId + "/replay", null);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        String replayId = (String) HookrunClient.json(replay.body()).get("runId");
        assertThat(replay.headers().firstValue("location")).contains("/admin/runs/" + replayId);
        Map<String, Object> replayed = client.awaitFinished(replayId, TIMEOUT);
        assertThat(replayed.get("status")).as(String.valueOf(replayed)).isEqualTo("SUCCEEDED");
        assertThat(replayed.get("replayOf")).isEqualTo(runId);
        assertThat(replayed.get("input")).isEqualTo(done.get("input"));
        assertThat(replayed.get("output")).isEqualTo(done.get("output"));
    }

    @Test
    void aRunCancelledInAWait_isAborted_andItsDelayedMessageIsDroppedWhenItArrives() throws Exception {
        HookrunClient client = client();
        String runId = startRun("""
                {"QueryLanguage": "JSONata", "StartAt": "Hold", "States": {
                  "Hold": {"Type": "Wait", "Seconds": 10, "Next": "After"},
                  "After": {"Type": "Pass", "End": true}}}""", "{}");
        Map<String, Object> waiting = await(() -> client.run(runId),
                r -> ((List<Object>) r.getOrDefault("states", List.of())).size() == 1
                        && "SUCCEEDED".equals(((Map<String, Object>) ((List<Object>) r.get("states")).getFirst()).get("status")));
        assertThat(waiting.get("status")).isEqualTo("RUNNING");

        HttpResponse<String> cancel = client.admin("POST", "/admin/runs/" + runId + "/cancel", null);

        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(HookrunClient.json(cancel.body())).containsEntry("status", "ABORTED");
        assertThat(client.admin("POST", "/admin/runs/" + runId + "/cancel", null).statusCode()).isEqualTo(409);
        // The Wait's message arrives 10 s after it was sent, and is dropped: the queue empties, the run stays as it is.
        String steps = cloud.queueUrl("StepsQueue");
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline) && queued(steps) > 0) {
            Thread.sleep(250);
        }
        assertThat(queued(steps)).isZero();
        Map<String, Object> after = client.run(runId);
        assertThat(after.get("status")).isEqualTo("ABORTED");
        assertThat((List<Object>) after.get("states")).hasSize(1);
    }

    private static boolean isCharge(Map<String, Object> item, String runId) {
        return runId.equals(item.get("runId")) && "Charge".equals(item.get("stateName"));
    }

    /** Messages on the queue, visible, in flight or delayed. */
    private static long queued(String queueUrl) {
        Map<QueueAttributeName, String> a = cloud.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return a.values().stream().mapToLong(Long::parseLong).sum();
    }
}
