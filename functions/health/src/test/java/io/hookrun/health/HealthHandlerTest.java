package io.hookrun.health;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.database.DatabasePing;
import io.hookrun.lambda.LambdaHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real HealthHandler, built from Lambda's context builder, answering the sample events in {@code events/health/}.
 * Dependencies are stood in for by {@link ScriptedProbe}s or by {@link UnbuildableClients}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard: a readiness check that waits for a hung probe would never end
class HealthHandlerTest {

    private static final Path EVENTS = Path.of("../../events/health");

    /**
     * What a Lambda context needs to start while every singleton is built eagerly: the names the stores read at
     * construction and a database URL for the pool (Hikari never connects at start: initialization-fail-timeout -1).
     */
    private static final Map<String, Object> DEPLOYMENT = Map.of(
            "hookrun.table-name", "hookrun",
            "hookrun.steps-queue-url", "http://127.0.0.1:1/000000000000/steps",
            "hookrun.steps.dead-letter-queue-url", "http://127.0.0.1:1/000000000000/steps-dlq",
            "datasources.default.url", "jdbc:postgresql://127.0.0.1:1/hookrun");

    private static final Map<String, Object> ALL_UP = Map.of("test.probes.table", "up", "test.probes.steps-queue", "up",
            "test.probes.dead-letter-queue", "up", "test.probes.database", "up", "test.probes.circuit-breakers", "up");
    private static final Map<String, Object> ALL_HANG = Map.of("test.probes.table", "hangs",
            "test.probes.steps-queue", "hangs", "test.probes.dead-letter-queue", "hangs", "test.probes.database", "hangs",
            "test.probes.circuit-breakers", "hangs");

    private HealthHandler handler;

    @AfterEach
    void close() {
        if (handler != null) {
            handler.close();
        }
    }

    @Test
    void liveness_answers200_andBuildsNoProbeNoClientNoPing() {
        startWithLazySingletons(Map.of("test.clients", "unbuildable"));

        APIGatewayV2HTTPResponse response = send("liveness.json");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(Map.of("status", "UP"));
        assertThat(response.getHeaders()).containsEntry("cache-control", "no-store");
        ApplicationContext context = handler.getApplicationContext();
        assertThat(context.getActiveBeanRegistrations(ReadinessCheck.class)).isEmpty();
        assertThat(context.getActiveBeanRegistrations(ReadinessProbe.class)).isEmpty();
        assertThat(context.getActiveBeanRegistrations(DynamoDbClient.class)).isEmpty();
        assertThat(context.getActiveBeanRegistrations(SqsClient.class)).isEmpty();
        assertThat(context.getActiveBeanRegistrations(DatabasePing.class)).isEmpty();
        // The stand-ins really cannot be built: readiness, which needs them, fails as a bug would.
        assertThat(send("readiness.json").getStatusCode()).isEqualTo(500);
    }

    @Test
    void liveness_answers200_whileEveryProbeWouldHang() {
        startWithLazySingletons(ALL_HANG);

        APIGatewayV2HTTPResponse response = send("liveness.json");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(handler.getApplicationContext().getActiveBeanRegistrations(ReadinessProbe.class)).isEmpty();
    }

    @Test
    void readiness_everyComponentUp_answers200() {
        start(ALL_UP);

        APIGatewayV2HTTPResponse response = send("readiness.json");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("status", "UP").containsKey("checkedAt")
                .doesNotContainKeys("down", "degraded", "version"); // Serde leaves empty lists out
        assertThat(components(body)).containsOnlyKeys("table", "steps-queue", "dead-letter-queue", "database",
                        "circuit-breakers")
                .allSatisfy((name, component) -> assertThat(component).containsEntry("status", "UP").containsKey("latencyMs"));
    }

    @Test
    void readiness_anOpenBreakerOrADeadLetter_isDegraded_andStill200() {
        start(with(ALL_UP, "test.probes.circuit-breakers", "degraded", "test.probes.dead-letter-queue", "degraded"));

        APIGatewayV2HTTPResponse response = send("readiness.json");

        assertThat(response.getStatusCode()).isEqualTo(200);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("status", "DEGRADED")
                .containsEntry("degraded", List.of("dead-letter-queue", "circuit-breakers")).doesNotContainKey("down");
        assertThat(components(body).get("circuit-breakers")).containsEntry("status", "DEGRADED")
                .containsEntry("detail", "circuit-breakers is slow");
    }

    @Test
    void readiness_theBreakersUnreadable_isDegraded_notDown() {
        start(with(ALL_UP, "test.probes.circuit-breakers", "fails"));

        APIGatewayV2HTTPResponse response = send("readiness.json");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(components(json(response)).get("circuit-breakers")).containsEntry("status", "DEGRADED")
                .containsEntry("detail", "SdkClientException");
    }

    @Test
    void readiness_aHangingComponent_isDownWithinTheDefaultTimeout_andTheOthersUp() throws InterruptedException {
        start(with(ALL_UP, "test.probes.database", "hangs"));
        send("liveness.json"); // warm up the handler path, so the measurement below is the readiness check alone

        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = send("readiness.json");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/problem+json")
                .containsEntry("Retry-After", "5");
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("status", 503).containsEntry("readiness", "DOWN")
                .containsEntry("type", "https://hookrun.dev/problems/not-ready")
                .containsEntry("down", List.of("database"))
                .containsEntry("detail", "hookrun cannot do its job: database (no answer within 2 s)")
                .containsKey("requestId");
        Map<String, Map<String, Object>> components = components(body);
        assertThat(components.keySet()).containsExactly("table", "steps-queue", "dead-letter-queue", "database",
                "circuit-breakers");
        assertThat(components.get("table")).containsEntry("status", "UP");
        assertThat(components.get("steps-queue")).containsEntry("status", "UP");
        assertThat(components.get("database")).containsEntry("status", "DOWN")
                .containsEntry("detail", "no answer within 2 s");
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(3));
        assertThat(probe("database").interrupted().await(10, TimeUnit.SECONDS))
                .as("the hanging probe's thread is interrupted, not left behind").isTrue();
    }

    @Test
    void readiness_componentsThatAllHang_shareOneConfiguredDeadline() {
        // Waiting for each in turn, each with the timeout, would take 5 s here.
        start(with(ALL_HANG, "hookrun.health.timeout", "1s"));
        send("liveness.json");

        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = send("readiness.json");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.getStatusCode()).isEqualTo(503);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("down", List.of("table", "steps-queue", "dead-letter-queue", "database"))
                .containsEntry("degraded", List.of("circuit-breakers"));
        assertThat(components(body)).allSatisfy((name, component) ->
                assertThat(component).containsEntry("detail", "no answer within 1 s"));
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void readiness_failingAndDownComponents_areNamedWithTheirReason() {
        start(with(ALL_UP, "test.probes.table", "fails", "test.probes.steps-queue", "down"));

        APIGatewayV2HTTPResponse response = send("readiness.json");

        assertThat(response.getStatusCode()).isEqualTo(503);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("down", List.of("table", "steps-queue"))
                .containsEntry("detail", "hookrun cannot do its job: table (SdkClientException), steps-queue (steps-queue is read-only)");
        Map<String, Map<String, Object>> components = components(body);
        assertThat(components.get("table")).containsEntry("status", "DOWN").containsEntry("detail", "SdkClientException");
        assertThat(components.get("database")).containsEntry("status", "UP");
        assertThat(response.getBody()).doesNotContain("Connection refused", "127.0.0.1");
    }

    @Test
    void readiness_isCached_soABurstOfProbesChecksTheDependenciesOnce() {
        start(ALL_UP);

        for (int i = 0; i < 5; i++) {
            assertThat(send("readiness.json").getStatusCode()).isEqualTo(200);
        }

        assertThat(probe("database").checks()).isEqualTo(1);
    }

    @Test
    void health_addsVersionCommitAndDeployTime_fromTheEnvironment() {
        start(with(ALL_UP, "hookrun.version", "1.4.0", "hookrun.commit", "0123abc", "hookrun.deployed-at",
                "2026-11-30T09:15:00Z", "aws.lambda.function.version", "17"));

        APIGatewayV2HTTPResponse response = send("health.json");

        assertThat(response.getStatusCode()).isEqualTo(200);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("status", "UP").containsEntry("version", "1.4.0")
                .containsEntry("commit", "0123abc").containsEntry("deployedAt", "2026-11-30T09:15:00Z")
                .containsEntry("functionVersion", "17");
        assertThat(components(body)).containsKeys("table", "database");
    }

    @Test
    void health_withoutDeploymentValues_saysUnknown_andAnswers503LikeReadiness() {
        start(with(ALL_UP, "test.probes.database", "down"));

        APIGatewayV2HTTPResponse response = send("health.json");

        assertThat(response.getStatusCode()).isEqualTo(503);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("down", List.of("database")).containsEntry("deployedAt", "unknown")
                .containsEntry("commit", "unknown").containsKey("version");
    }

    @Test
    void unknownPath_isProblem404() {
        start(ALL_HANG);
        APIGatewayV2HTTPEvent event = event("liveness.json");
        event.setRawPath("/health/nothing");

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/problem+json");
    }

    private static Map<String, Object> with(Map<String, Object> base, String... keysAndValues) {
        Map<String, Object> all = new HashMap<>(base);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            all.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return all;
    }

    private void start(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(DEPLOYMENT);
        all.putAll(properties);
        handler = new HealthHandler(LambdaHandler.lambdaBuilder().properties(all));
    }

    /**
     * Lambda's context as {@code LambdaHandler.lambdaBuilder()} means it to be: environments {@code function, lambda}
     * and singletons built on first use. That builder does not achieve the last part yet: its
     * {@code eagerInitSingletons(false)} cannot undo the {@code true} that {@code LambdaApplicationContextBuilder}'s
     * constructor set (in Micronaut 4.10 the method only ever adds {@code @Singleton} to the eagerly built
     * annotations), so these tests build that context themselves. Nothing here needs {@link #DEPLOYMENT}: a context
     * that builds nothing it does not use needs no table name and no database URL to start.
     */
    private void startWithLazySingletons(Map<String, Object> properties) {
        handler = new HealthHandler(ApplicationContext.builder()
                .environments(Environment.FUNCTION, "lambda")
                .eagerInitConfiguration(true)
                .properties(properties));
    }

    private APIGatewayV2HTTPResponse send(String eventFile) {
        return handler.handleRequest(event(eventFile), null);
    }

    private APIGatewayV2HTTPEvent event(String file) {
        try {
            return mapper().readValue(Files.readAllBytes(EVENTS.resolve(file)), APIGatewayV2HTTPEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> json(APIGatewayV2HTTPResponse response) {
        try {
            return mapper().readValue(response.getBody(), Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> components(Map<String, Object> body) {
        return (Map<String, Map<String, Object>>) body.get("components");
    }

    private ScriptedProbe probe(String component) {
        return handler.getApplicationContext().getBeansOfType(ScriptedProbe.class).stream()
                .filter(p -> p.component().equals(component)).findFirst().orElseThrow();
    }

    private JsonMapper mapper() {
        return handler.getApplicationContext().getBean(JsonMapper.class);
    }
}
