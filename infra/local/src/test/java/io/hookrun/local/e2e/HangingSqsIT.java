package io.hookrun.local.e2e;

import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import io.hookrun.local.e2e.HookrunClient.Delivery;
import io.hookrun.testsupport.fault.FaultProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQS accepts the webhook function's connections and never answers (the fault proxy's black hole). The SDK's
 * defaults would wait 30 s for a socket read, three times over, long after Lambda has killed the 10 s webhook
 * function, leaving the sender with a gateway timeout and the claim held. With the clients' call budget the
 * sender gets 503 + Retry-After within the function's time, and the claim is given up so its retry is accepted.
 */
class HangingSqsIT {

    /** The webhook function's Timeout in template.yaml. */
    private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(10);

    private static LocalCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0)
                .withAdminToken("hanging-sqs-token").withSqsFaultProxyFor("WebhookFunction"));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void hangingSqs_answers503WithinTheFunctionsTimeout_andTheRetryAfterItHealsRunsOnce() throws Exception {
        HookrunClient client = new HookrunClient(cloud.httpApi(), cloud.adminToken());
        String trigger = EndToEndSuite.unique("hanging");
        client.createWorkflowAndTrigger(EndToEndSuite.unique("flow"), trigger);
        Delivery delivery = Delivery.signed(trigger, EndToEndSuite.unique("msg"), "{\"orderId\":\"o-5\",\"amount\":900}");
        FaultProxy sqs = cloud.sqsFaultProxy();

        sqs.setMode(FaultProxy.Mode.BLACK_HOLE);
        HttpResponse<String> failed;
        Duration took;
        try {
            long started = System.nanoTime();
            failed = client.send(delivery);
            took = Duration.ofNanos(System.nanoTime() - started);
        } finally {
            sqs.setMode(FaultProxy.Mode.PASS);
        }

        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
        assertThat(failed.headers().firstValue("retry-after")).isPresent();
        assertThat(failed.headers().firstValue("content-type")).contains("application/problem+json");
        // A generous bound (the call budget is about 3 s): what matters is an answer before Lambda's kill at 10 s.
        assertThat(took).isLessThan(WEBHOOK_TIMEOUT.minusSeconds(1));
        assertThat(sqs.blackHoled()).as("sends that went into the hole").isPositive();

        HttpResponse<String> retry = client.send(delivery);

        assertThat(retry.statusCode()).as("the claim was given up: " + retry.body()).isEqualTo(202);
        String runId = (String) HookrunClient.json(retry.body()).get("runId");
        Object runIdOf503 = HookrunClient.json(failed.body()).get("runId");
        if (runIdOf503 != null) {
            assertThat(runId).as("the retry keeps the run id of the ambiguous send").isEqualTo(runIdOf503);
        }
        assertThat(client.awaitFinished(runId, EndToEndSuite.RUN_TIMEOUT).get("status")).isEqualTo("SUCCEEDED");
        Thread.sleep(1000); // time for a second run to show up, were there one
        List<Object> runs = client.runs(trigger);
        assertThat(runs).hasSize(1);
        assertThat(((Map<?, ?>) runs.getFirst()).get("runId")).isEqualTo(runId);
    }
}
