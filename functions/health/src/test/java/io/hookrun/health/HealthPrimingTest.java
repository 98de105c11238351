package io.hookrun.health;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.hookrun.lambda.snapstart.SnapStartPriming;
import io.hookrun.lambda.snapstart.SnapStartPriming.Outcome;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HealthFunction's SnapStart hooks on the real handler's context, its dependencies stood in for by
 * {@link ScriptedProbe}s: every probe is called once, a probe that is down fails its own step only, and both probes
 * answer after the simulated restore.
 */
class HealthPrimingTest {

    private HealthHandler handler;

    @AfterEach
    void close() {
        handler.close();
    }

    @Test
    void priming_callsEveryProbe_andEndsByDroppingDatabaseConnections() {
        start(probes("up"));

        List<SnapStartPriming> hooks = SnapStartPriming.simulateSnapshot(handler.getApplicationContext());

        assertThat(hooks).singleElement().isInstanceOf(HealthPriming.class);
        assertThat(hooks.getFirst().lastPriming()).extracting(Outcome::step).containsExactly("liveness request",
                "probe table", "probe steps-queue", "probe dead-letter-queue", "probe database", "probe circuit-breakers",
                "readiness answer", "drop database connections");
        assertThat(hooks.getFirst().lastPriming()).allMatch(Outcome::primed);
    }

    @Test
    void aDependencyDownAtSnapshotTime_failsItsStepOnly_andReadinessAnswersAfterTheRestore() {
        Map<String, Object> properties = new HashMap<>(probes("up"));
        properties.put("test.probes.steps-queue", "down");
        start(properties);

        List<SnapStartPriming> hooks = SnapStartPriming.simulateSnapshot(handler.getApplicationContext());

        assertThat(hooks.getFirst().lastPriming()).filteredOn(outcome -> !outcome.primed())
                .extracting(Outcome::step).containsExactly("probe steps-queue");
        assertThat(hooks.getFirst().restores()).isEqualTo(1);
        assertThat(handler.handleRequest(get("/health/readiness"), null).getStatusCode()).isEqualTo(503);
        assertThat(handler.handleRequest(get("/health/liveness"), null).getStatusCode()).isEqualTo(200);
    }

    private static Map<String, Object> probes(String behaviour) {
        return Map.of("test.probes.table", behaviour, "test.probes.steps-queue", behaviour,
                "test.probes.dead-letter-queue", behaviour, "test.probes.database", behaviour,
                "test.probes.circuit-breakers", behaviour);
    }

    private void start(Map<String, Object> properties) {
        handler = new HealthHandler(ApplicationContext.builder()
                .environments(Environment.FUNCTION, "lambda")
                .eagerInitConfiguration(true)
                .properties(properties));
    }

    private static APIGatewayV2HTTPEvent get(String path) {
        return APIGatewayV2HTTPEvent.builder().withRawPath(path)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path)
                                .build()).build()).build();
    }
}
