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
            "datasources.default.url", "jdbc:postgresql://127.0.0.1:1/hookrun");

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
        startWithLazySingletons(Map.of("test.probes.dynamodb", "hangs", "test.probes.sqs", "hangs", "test.probes.database", "hangs"));

        APIGatewayV2HTTPResponse response = send("liveness.json");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(handler.getApplicationContext().getActiveBeanRegistrations(ReadinessProbe.class)).isEmpty();
    }

    @Test
    void readiness_everyComponentUp_answers200() {
        start(Map.of("test.probes.dynamodb", "up", "test.probes.sqs", "up", "test.probes.database", "up"));

        APIGatewayV2HTTPResponse response = send("readiness.json");

        assertThat(response.getStatusCode()).isEqualTo(200);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("status", "UP").doesNotContainKey("down"); // Serde leaves empty lists out
        assertThat(components(body)).containsOnlyKeys("dynamodb", "sqs", "database")
                .allSatisfy((name, component) -> assertThat(component).containsEntry("status", "UP"));
    }

    @Test
    void readiness_aHangingComponent_isDownWithinTheDefaultTimeout_andTheOthersUp() throws InterruptedException {
        start(Map.of("test.probes.dynamodb", "up", "test.probes.sqs", "up", "test.probes.database", "hangs"));
        send("liveness.json"); // warm up the handler path, so the measurement below is the readiness check alone

        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = send("readiness.json");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.getStatusCode()).isEqualTo(503);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("status", "DOWN").containsEntry("down", List.of("database"));
        Map<String, Map<String, Object>> components = components(body);
        assertThat(components.keySet()).containsExactly("dynamodb", "sqs", "database");
        assertThat(components.get("dynamodb")).containsEntry("status", "UP");
        assertThat(components.get("sqs")).containsEntry("status", "UP");
        assertThat(components.get("database")).containsEntry("status", "DOWN")
                .containsEntry("detail", "no answer within 2 s");
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(3));
        assertThat(probe("database").interrupted().await(10, TimeUnit.SECONDS))
                .as("the hanging probe's thread is interrupted, not left behind").isTrue();
    }

    @Test
    void readiness_componentsThatAllHang_shareOneConfiguredDeadline() {
        // Waiting for each in turn, each with the timeout, would take 3 s here.
        start(Map.of("hookrun.readiness.timeout", "1s",
                "test.probes.dynamodb", "hangs", "test.probes.sqs", "hangs", "test.probes.database", "hangs"));
        send("liveness.json");

        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = send("readiness.json");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.getStatusCode()).isEqualTo(503);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("down", List.of("dynamodb", "sqs", "database"));
        assertThat(components(body)).allSatisfy((name, component) ->
                assertThat(component).containsEntry("detail", "no answer within 1 s"));
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void readiness_failingAndDownComponents_areNamedWithTheirReason() {
        start(Map.of("test.probes.dynamodb", "fails", "test.probes.sqs", "down", "test.probes.database", "up"));

        APIGatewayV2HTTPResponse response = send("readiness.json");

        assertThat(response.getStatusCode()).isEqualTo(503);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("down", List.of("dynamodb", "sqs"));
        Map<String, Map<String, Object>> components = components(body);
        assertThat(components.get("dynamodb")).containsEntry("status", "DOWN")
                .containsEntry("detail", "SdkClientException");
        assertThat(components.get("sqs")).containsEntry("status", "DOWN").containsEntry("detail", "sqs is read-only");
        assertThat(components.get("database")).containsEntry("status", "UP");
    }

    @Test
    void unknownPath_isProblem404() {
        start(Map.of("test.probes.dynamodb", "hangs", "test.probes.sqs", "hangs", "test.probes.database", "hangs"));
        APIGatewayV2HTTPEvent event = event("liveness.json");
        event.setRawPath("/health/nothing");

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/problem+json");
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
