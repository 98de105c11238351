package io.hookrun.local.e2e;

import io.hookrun.local.e2e.HookrunClient.Delivery;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.testsupport.fault.FaultProxy;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product's promises, end to end: HTTP requests into the real handlers, which talk to real DynamoDB, SQS
 * and PostgreSQL stand-ins over real connections, with the SQS event source mapping delivering the steps.
 * Subclasses say which AWS stand-ins run (in-process emulators, or LocalStack where Docker exists).
 */
@SuppressWarnings("unchecked")
abstract class EndToEndSuite {

    static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    abstract LocalCloud cloud();

    HookrunClient client() {
        return new HookrunClient(cloud().httpApi(), cloud().adminToken());
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void signedWebhook_startsARunThatSucceedsWithTheExpectedOutput() throws Exception {
        HookrunClient client = client();
        String trigger = unique("orders");
        client.createWorkflowAndTrigger(unique("flow"), trigger);

        HttpResponse<String> accepted = client.send(Delivery.signed(trigger, unique("msg"), "{\"orderId\":\"o-1\",\"amount\":250}"));

        assertThat(accepted.statusCode()).isEqualTo(202);
        Map<String, Object> body = HookrunClient.json(accepted.body());
        assertThat(body).containsEntry("status", "QUEUED").containsKeys("eventId", "runId");
        Map<String, Object> run = client.awaitFinished((String) body.get("runId"), RUN_TIMEOUT);
        assertThat(run.get("status")).isEqualTo("SUCCEEDED");
        assertThat(run.get("output")).isEqualTo(Map.of("decision", "review", "orderId", "o-1"));
        assertThat((List<Object>) run.get("states")).extracting(s -> (Object) ((Map<?, ?>) s).get("name"))
                .containsExactly("CheckUpstream", "IsLarge", "Review");
        assertThat(((Map<?, ?>) run.get("input")).get("data")).isEqualTo(Map.of("orderId", "o-1", "amount", 250));
    }

    @Test
    void redelivery_getsTheSameAnswerMarkedReplayed_andStartsNothing() throws Exception {
        HookrunClient client = client();
        String trigger = unique("replay");
        client.createWorkflowAndTrigger(unique("flow"), trigger);
        Delivery delivery = Delivery.signed(trigger, unique("msg"), "{\"orderId\":\"o-2\",\"amount\":5}");

        HttpResponse<String> first = client.send(delivery);
        HttpResponse<String> second = client.send(delivery);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("idempotent-replayed")).isEmpty();
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(second.headers().firstValue("idempotent-replayed")).contains("true");
        assertThat(second.body()).isEqualTo(first.body());
        String runId = (String) HookrunClient.json(first.body()).get("runId");
        assertThat(client.awaitFinished(runId, RUN_TIMEOUT).get("output"))
                .isEqualTo(Map.of("decision", "auto-approve", "orderId", "o-2"));
        assertThat(client.runs(trigger)).hasSize(1);
    }

    @Test
    void concurrentCopiesOfOneDelivery_startExactlyOneRun() throws Exception {
        HookrunClient client = client();
        String trigger = unique("concurrent");
        client.createWorkflowAndTrigger(unique("flow"), trigger);
        Delivery delivery = Delivery.signed(trigger, unique("msg"), "{\"orderId\":\"o-3\",\"amount\":1}");

        List<HttpResponse<String>> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Callable<HttpResponse<String>>> copies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                copies.add(() -> client.send(delivery));
            }
            for (Future<HttpResponse<String>> f : pool.invokeAll(copies)) {
                responses.add(f.get());
            }
        }

        Set<String> runIds = new HashSet<>();
        for (HttpResponse<String> r : responses) {
            assertThat(r.statusCode()).as(r.body()).isIn(202, 409);
            if (r.statusCode() == 202) {
                runIds.add((String) HookrunClient.json(r.body()).get("runId"));
            } else {
                assertThat(r.headers().firstValue("retry-after")).isPresent();
            }
        }
        assertThat(runIds).hasSize(1);
        client.awaitFinished(runIds.iterator().next(), RUN_TIMEOUT);
        Thread.sleep(1000); // time for a second run to show up, were there one
        assertThat(client.runs(trigger)).hasSize(1);
    }

    @Test
    void deliveryInProgress_getsA409WithRetryAfter() throws Exception {
        HookrunClient client = client();
        String trigger = unique("inflight");
        client.createWorkflowAndTrigger(unique("flow"), trigger);
        Delivery delivery = Delivery.signed(trigger, unique("msg"), "{\"amount\":1}");
        // Another invocation holds the claim right now (as between its claim and its enqueue).
        String payloadHash = sha256(delivery.body());
        cloud().dynamoDb().putItem(r -> r.tableName(cloud().tableName("HookrunTable")).item(Map.of(
                "pk", AttributeValue.fromS(new io.hookrun.core.idempotency.DeliveryKey(trigger, delivery.id()).partitionKey()),
                "status", AttributeValue.fromS("IN_PROGRESS"),
                "runId", AttributeValue.fromS(UUID.randomUUID().toString()),
                "claimToken", AttributeValue.fromS("held-by-another-invocation"),
                "leaseExpiresAtMs", AttributeValue.fromN(Long.toString(Instant.now().plusSeconds(20).toEpochMilli())),
                "expiresAt", AttributeValue.fromN(Long.toString(Instant.now().plusSeconds(3600).getEpochSecond())),
                "payloadHash", AttributeValue.fromS(payloadHash))));

        HttpResponse<String> response = client.send(delivery);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(Integer.parseInt(response.headers().firstValue("retry-after").orElseThrow())).isBetween(1, 20);
        assertThat(client.runs(trigger)).isEmpty();
    }

    @Test
    void badSignature_gets401ProblemJson_andRecordsAndStartsNothing() throws Exception {
        HookrunClient client = client();
        String trigger = unique("forged");
        client.createWorkflowAndTrigger(unique("flow"), trigger);
        Delivery forged = Delivery.signed(trigger, unique("msg"), "{\"amount\":1}").withSignature("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

        HttpResponse<String> response = client.send(forged);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(HookrunClient.json(response.body())).containsEntry("status", 401).containsKey("detail");
        assertThat(response.body()).doesNotContain(HookrunClient.SECRET.substring(6));
        var claim = cloud().dynamoDb().getItem(r -> r.tableName(cloud().tableName("HookrunTable")).key(Map.of("pk",
                AttributeValue.fromS(new io.hookrun.core.idempotency.DeliveryKey(trigger, forged.id()).partitionKey()))));
        assertThat(claim.hasItem()).isFalse();
        Thread.sleep(500);
        assertThat(client.runs(trigger)).isEmpty();
    }

    @Test
    void sqsSendFailure_answers503_givesTheClaimUp_andTheRetryRunsOnce() throws Exception {
        HookrunClient client = client();
        String trigger = unique("sqsdown");
        client.createWorkflowAndTrigger(unique("flow"), trigger);
        Delivery delivery = Delivery.signed(trigger, unique("msg"), "{\"orderId\":\"o-4\",\"amount\":500}");

        cloud().sqsFaultProxy().setMode(FaultProxy.Mode.RESET);
        HttpResponse<String> failed;
        try {
            failed = client.send(delivery);
        } finally {
            cloud().sqsFaultProxy().setMode(FaultProxy.Mode.PASS);
        }
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.headers().firstValue("retry-after")).isPresent();
        assertThat(failed.headers().firstValue("content-type")).contains("application/problem+json");

        HttpResponse<String> retry = client.send(delivery);

        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        assertThat(retry.headers().firstValue("idempotent-replayed")).isEmpty();
        String runId = (String) HookrunClient.json(retry.body()).get("runId");
        assertThat(client.awaitFinished(runId, RUN_TIMEOUT).get("status")).isEqualTo("SUCCEEDED");
        // Whether or not the reset came after SQS stored the first copy, the delivery has one run: the retry kept the
        // claim's run id, and the step function drops a second copy of the same run.
        List<Object> runs = client.runs(trigger);
        assertThat(runs).hasSize(1);
        assertThat(((Map<?, ?>) runs.getFirst()).get("runId")).isEqualTo(runId);
    }

    @Test
    void databaseFrozen_webhooksStillGet202_andEveryRunCompletesOnceItThaws() throws Exception {
        HookrunClient client = client();
        String trigger = unique("dbdown");
        client.createWorkflowAndTrigger(unique("flow"), trigger);
        List<String> runIds = new ArrayList<>();

        cloud().postgres().freeze();
        try {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = client.send(Delivery.signed(trigger, unique("msg"), "{\"orderId\":\"o-" + i + "\",\"amount\":7}"));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                runIds.add((String) HookrunClient.json(response.body()).get("runId"));
            }
            Thread.sleep(2000); // the step function is now failing against the frozen database
            HttpResponse<String> readiness = client.get("/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(HookrunClient.json(readiness.body()).get("down")).isEqualTo(List.of("database"));
        } finally {
            cloud().postgres().thaw();
        }

        for (String runId : runIds) {
            assertThat(client.awaitFinished(runId, Duration.ofSeconds(120)).get("status")).as(runId).isEqualTo("SUCCEEDED");
        }
        assertThat(cloud().sqs().getQueueAttributes(r -> r.queueUrl(cloud().queueUrl("StepsDeadLetterQueue"))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("0");
    }

    @Test
    void poisonRecordInABatch_failsAlone() throws Exception {
        String event = java.nio.file.Files.readString(EventFiles.DIRECTORY.resolve("workflow-step/sqs-batch-with-poison-record.json"));

        Map<String, Object> response = HookrunClient.json(cloud().invoke("WorkflowStepFunction", event));

        assertThat((List<Object>) response.get("batchItemFailures")).extracting(f -> (Object) ((Map<?, ?>) f).get("itemIdentifier"))
                .containsExactly("3f1c8a4e-0003-4b7e-9c55-1d2e3f4a5b6c");
        // The good record was processed: its run exists (failed, because the sample names no existing workflow).
        Map<String, Object> run = client().run("019ab0c2-5b00-7c1e-9d3a-4a6f2c1e8b02");
        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat(run.get("error")).isEqualTo(Map.of("error", "hookrun.WorkflowNotFound", "cause", "workflow 'no-such-workflow' does not exist"));
    }

    private static String sha256(String body) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
