package io.hookrun.local.e2e;

import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits of ADR 0006 through the real functions of {@code ./hookrun local}, with DynamoDB Local and ElasticMQ:
 * a trigger's rate limit (429 with Retry-After, nothing queued), fair-queue group ids and characters SQS refuses on
 * the real queue, the envelope measured before the claim, and the request limits at the HTTP edge. (ElasticMQ takes
 * {@code MaximumMessageSize} when the queue is created but does not report it back; {@code TemplateTest} checks the
 * template and {@code SqsStepQueueIT} that 1 MiB goes through and more does not.)
 */
class LimitsEndToEndIT {

    private static final String TOKEN = "limits-token";
    private static LocalCloud cloud;
    private static HookrunClient client;
    private static String queueUrl;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken(TOKEN)
                .withoutQueuePolling().withFunctions("WebhookFunction", "AdminFunction"));
        client = new HookrunClient(cloud.httpApi(), TOKEN);
        client.createWorkflowAndTrigger("order-flow", "open");
        HookrunClient.expect(client.admin("PUT", "/admin/triggers/limited", """
                {"workflowId": "order-flow", "signature": {"scheme": "standard-webhooks", "secrets": ["%s"]},
                 "event": {"rateLimit": {"perSecond": 0.5, "burst": 2}}}""".formatted(HookrunClient.SECRET)), 200);
        queueUrl = cloud.queueUrl("StepsQueue");
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @BeforeEach
    void emptyQueue() {
        drain();
    }

    private static List<Message> drain() {
        List<Message> all = new ArrayList<>();
        List<Message> batch;
        do {
            batch = cloud.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            all.addAll(batch);
            batch.forEach(m -> cloud.sqs().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        } while (!batch.isEmpty());
        return all;
    }

    private static HookrunClient.Delivery delivery(String trigger, String body) {
        return HookrunClient.Delivery.signed(trigger, "msg_" + UUID.randomUUID(), body);
    }

    @Test
    void pastItsBurst_aTriggerIsAnswered429WithRetryAfter_andOnlyTheAdmittedEventsAreQueued_withTheTriggerAsGroup() {
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 3; i++) {
            last = client.send(delivery("limited", "{\"n\":" + i + "}"));
            statuses.add(last.statusCode());
        }

        assertThat(statuses).containsExactly(202, 202, 429);
        assertThat(last.headers().firstValue("retry-after"))
                .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
        assertThat(HookrunClient.json(last.body())).containsEntry("type", "https://hookrun.dev/problems/rate-limited");
        List<Message> queued = drain();
        assertThat(queued).hasSize(2).allSatisfy(m ->
                assertThat(m.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "limited"));
    }

    @Test
    void charactersSqsRefuses_areQueuedEscaped_andReadBackTheSame() {
        String body = "{\"s\":\"\uFFFF\uFFFE\\u0000\\ud800 ok \uD83D\uDE00\"}";

        HttpResponse<String> response = client.send(delivery("open", body));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<Message> queued = drain();
        assertThat(queued).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) HookrunClient.json(queued.getFirst().body()).get("data");
        assertThat(data).containsEntry("s", "\uFFFF\uFFFE\u0000\uD800 ok \uD83D\uDE00");
        assertThat(queued.getFirst().attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "open");
    }

    @Test
    void aBodyUnderTheLimitThatItsEscapesMakeTooLarge_is413_andTheSameDeliveryFixedIsThenAccepted() {
        String chunk = "\"" + "\uFFFF".repeat(75_000) + "\"";
        HookrunClient.Delivery tooLarge = delivery("open", "[" + String.join(",", chunk, chunk, chunk, chunk) + "]");
        assertThat(tooLarge.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(983_040);

        HttpResponse<String> refused = client.send(tooLarge);
        HttpResponse<String> fixed = client.send(HookrunClient.Delivery.signed("open", tooLarge.id(), "[\"smaller\"]"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        assertThat(refused.body()).contains("envelope");
        assertThat(fixed.statusCode()).as("nothing was claimed for the refused body: " + fixed.body()).isEqualTo(202);
    }

    @Test
    void aTriggerIdOverDynamoDbsKeyLimit_is404() {
        HttpResponse<String> response = client.send(delivery("a".repeat(3000), "{}"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    }

    @Test
    void aHeaderOver8KiB_is431() throws Exception {
        HookrunClient.Delivery d = delivery("open", "{}");
        HttpRequest request = HttpRequest.newBuilder(cloud.httpApi().resolve("/hooks/open"))
                .header("content-type", "application/json").header("webhook-id", d.id())
                .header("webhook-timestamp", Long.toString(Instant.now().getEpochSecond()))
                .header("webhook-signature", d.signature()).header("x-padding", "a".repeat(9000))
                .POST(HttpRequest.BodyPublishers.ofString(d.body())).build();

        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(431);
    }
}
