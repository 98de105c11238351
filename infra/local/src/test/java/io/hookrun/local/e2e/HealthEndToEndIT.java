package io.hookrun.local.e2e;

import io.hookrun.aws.dynamodb.DynamoDbCircuitBreaker;
import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import io.hookrun.testsupport.fault.FaultProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health through {@code ./hookrun local}'s runtime: the real HealthFunction and HealthMetricsFunction jars against
 * DynamoDB Local, ElasticMQ (behind the fault proxy for the health function) and PostgreSQL. A stopped dependency is
 * named by readiness within its timeout while liveness stays 200; dead letters and open breakers are DEGRADED, not
 * 503; the scheduled invocation prints the readiness metrics as EMF. The result cache is off here (TTL 0), so each
 * request sees the dependencies as they are now.
 */
class HealthEndToEndIT {

    /** The default readiness timeout (2 s) plus generous room for a loaded machine. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(4);

    private static final PrintStream ORIGINAL_OUT = System.out;
    private static final ByteArrayOutputStream STDOUT = new ByteArrayOutputStream();

    private static LocalCloud cloud;
    private static HookrunClient client;

    @BeforeAll
    static void start() throws Exception {
        // The functions' EMF lines go to stdout, as on Lambda: keep a copy to check them.
        System.setOut(new PrintStream(new Tee(), true, StandardCharsets.UTF_8));
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken("health-token")
                .withSqsFaultProxyFor("HealthFunction").withFunctionProperty("hookrun.health.cache-ttl", "0s")
                .withParameter("HookrunCommit", "0123abcd").withParameter("DeployedAt", "2026-11-30T09:15:00Z"));
        client = new HookrunClient(cloud.httpApi(), cloud.adminToken());
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
        System.setOut(ORIGINAL_OUT);
    }

    @Test
    void everythingUp_readinessIs200Up_andHealthAddsWhatIsDeployed() {
        Map<String, Object> readiness = HookrunClient.json(HookrunClient.expect(client.get("/health/readiness"), 200).body());

        assertThat(readiness).containsEntry("status", "UP");
        assertThat(components(readiness)).containsOnlyKeys("table", "steps-queue", "dead-letter-queue", "database",
                "circuit-breakers").allSatisfy((name, component) -> assertThat(component).containsEntry("status", "UP"));
        assertThat(components(readiness).get("steps-queue")).containsKey("depth");

        Map<String, Object> health = HookrunClient.json(HookrunClient.expect(client.get("/health"), 200).body());
        assertThat(health).containsEntry("status", "UP").containsEntry("commit", "0123abcd")
                .containsEntry("deployedAt", "2026-11-30T09:15:00Z").containsEntry("version", "0.1.0-SNAPSHOT");
    }

    @Test
    void postgresFrozen_readinessNamesTheDatabaseWithinItsTimeout_whileLivenessStays200() {
        HttpResponse<String> readiness;
        HttpResponse<String> liveness;
        Duration took;
        Duration livenessTook;
        cloud.postgres().freeze();
        try {
            long started = System.nanoTime();
            readiness = client.get("/health/readiness");
            took = Duration.ofNanos(System.nanoTime() - started);
            started = System.nanoTime();
            liveness = client.get("/health/liveness");
            livenessTook = Duration.ofNanos(System.nanoTime() - started);
        } finally {
            cloud.postgres().thaw();
        }

        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
        assertThat(readiness.headers().firstValue("content-type")).contains("application/problem+json");
        Map<String, Object> body = HookrunClient.json(readiness.body());
        assertThat(body.get("down")).isEqualTo(List.of("database"));
        assertThat((String) body.get("detail")).contains("database");
        assertThat(components(body).get("table")).containsEntry("status", "UP");
        assertThat(readiness.body()).doesNotContain("jdbc:", "password", cloud.postgres().password() + "@");
        assertThat(took).isLessThan(ANSWER_BOUND);
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(livenessTook).isLessThan(Duration.ofSeconds(1));
    }

    /** A readiness answer and how long it took. */
    private record TimedAnswer(HttpResponse<String> response, Duration took) {
    }

    /** Readiness asked while the SQS endpoint behaves as {@code mode}; SQS is healed again afterwards. */
    private TimedAnswer readinessWithSqs(FaultProxy.Mode mode) {
        FaultProxy sqs = cloud.sqsFaultProxy();
        sqs.setMode(mode);
        try {
            long started = System.nanoTime();
            HttpResponse<String> readiness = client.get("/health/readiness");
            return new TimedAnswer(readiness, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            sqs.setMode(FaultProxy.Mode.PASS);
        }
    }

    @Test
    void sqsStopped_readinessNamesBothQueuesWithinItsTimeout_andTheDatabaseStaysUp() {
        TimedAnswer answer = readinessWithSqs(FaultProxy.Mode.REFUSE);
        HttpResponse<String> readiness = answer.response();
        Duration took = answer.took();

        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
        Map<String, Object> body = HookrunClient.json(readiness.body());
        assertThat(body.get("down")).isEqualTo(List.of("steps-queue", "dead-letter-queue"));
        assertThat(components(body).get("database")).containsEntry("status", "UP");
        assertThat(took).isLessThan(ANSWER_BOUND);
        assertThat(client.get("/health/readiness").statusCode()).as("back once SQS is").isEqualTo(200);
    }

    @Test
    void sqsHanging_readinessSaysNoAnswerWithinTheTimeout() {
        TimedAnswer answer = readinessWithSqs(FaultProxy.Mode.BLACK_HOLE);
        HttpResponse<String> readiness = answer.response();
        Duration took = answer.took();

        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
        Map<String, Object> body = HookrunClient.json(readiness.body());
        assertThat(body.get("down")).isEqualTo(List.of("steps-queue", "dead-letter-queue"));
        assertThat((String) body.get("detail")).contains("steps-queue (", "dead-letter-queue (");
        assertThat(took).isLessThan(ANSWER_BOUND);
    }

    @Test
    void aDeadLetterAndAnOpenBreaker_areDegraded_stillServing200() {
        String dlq = cloud.queueUrl("StepsDeadLetterQueue");
        String host = EndToEndSuite.unique("down") + ".example.com";
        DynamoDbCircuitBreaker breaker = new DynamoDbCircuitBreaker(cloud.dynamoDb(), new HookrunConfiguration(
                cloud.tableName("HookrunTable"), null, 262144, Duration.ofHours(72), Duration.ofSeconds(30),
                Duration.ofSeconds(10)));
        Instant now = Instant.now();
        cloud.sqs().sendMessage(r -> r.queueUrl(dlq).messageBody("{\"dead\":true}"));
        for (int i = 0; i < 20; i++) {
            breaker.record(host, true, now);
        }
        try {
            Map<String, Object> body = HookrunClient.json(HookrunClient.expect(client.get("/health/readiness"), 200).body());

            assertThat(body).containsEntry("status", "DEGRADED")
                    .containsEntry("degraded", List.of("dead-letter-queue", "circuit-breakers"));
            assertThat(components(body).get("dead-letter-queue")).containsEntry("depth",
                    Map.of("visible", 1, "notVisible", 0, "delayed", 0));
            List<?> open = (List<?>) components(body).get("circuit-breakers").get("open");
            assertThat(open.stream().map(c -> ((Map<?, ?>) c).get("host")).toList()).isEqualTo(List.of(host));
        } finally {
            cloud.sqs().purgeQueue(r -> r.queueUrl(dlq));
            breaker.permit(host, now.plusSeconds(31));
            breaker.record(host, false, now.plusSeconds(32)); // the probe succeeds: closed, and unlisted
        }
        assertThat(HookrunClient.json(client.get("/health/readiness").body())).containsEntry("status", "UP");
    }

    @Test
    void theScheduledInvocation_publishesReadinessAsEmfMetrics_ofServiceHealth() throws Exception {
        String event = Files.readString(EventFiles.DIRECTORY.resolve("health/scheduled.json"));

        Map<String, Object> report = HookrunClient.json(cloud.invoke("HealthMetricsFunction", event));

        assertThat(report).containsEntry("status", "UP");
        List<Map<String, Object>> emf = emfDocuments();
        assertThat(emf).anySatisfy(doc -> assertThat(doc).containsEntry("ReadinessFailed", 0.0)
                .containsEntry("Service", "health"));
        assertThat(emf).anySatisfy(doc -> assertThat(doc).containsEntry("ComponentUnhealthy", 0.0)
                .containsEntry("Component", "database").containsEntry("Service", "health"));
        assertThat(emf).anySatisfy(doc -> assertThat(doc).containsKeys("StepsQueueDepth", "DeadLetterDepth", "OpenCircuits"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> components(Map<String, Object> body) {
        return (Map<String, Map<String, Object>>) body.get("components");
    }

    private static List<Map<String, Object>> emfDocuments() {
        String out;
        synchronized (STDOUT) {
            out = STDOUT.toString(StandardCharsets.UTF_8);
        }
        return out.lines().filter(line -> line.startsWith("{\"_aws\"")).map(HookrunClient::json).toList();
    }

    /** Writes to the original stdout and keeps a copy. */
    private static final class Tee extends OutputStream {

        @Override
        public void write(int b) {
            ORIGINAL_OUT.write(b);
            synchronized (STDOUT) {
                STDOUT.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            ORIGINAL_OUT.write(bytes, offset, length);
            synchronized (STDOUT) {
                STDOUT.write(bytes, offset, length);
            }
        }
    }
}
