package io.hookrun.health;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.hookrun.lambda.snapstart.SnapStartPriming;
import io.hookrun.lambda.snapstart.SnapStartPriming.Outcome;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
        start(Map.of("test.probes.dynamodb", "up", "test.probes.sqs", "up", "test.probes.database", "up"));

        List<SnapStartPriming> hooks = SnapStartPriming.simulateSnapshot(handler.getApplicationContext());

        assertThat(hooks).singleElement().isInstanceOf(HealthPriming.class);
        assertThat(hooks.getFirst().lastPriming()).extracting(Outcome::step).containsExactly("liveness request",
                "probe dynamodb", "probe sqs", "probe database", "readiness answer", "drop database connections");
        assertThat(hooks.getFirst().lastPriming()).allMatch(Outcome::primed);
    }

    @Test
    void aDependencyDownAtSnapshotTime_failsItsStepOnly_andReadinessAnswersAfterTheRestore() {
        start(Map.of("test.probes.dynamodb", "up", "test.probes.sqs", "down", "test.probes.database", "up"));

        List<SnapStartPriming> hooks = SnapStartPriming.simulateSnapshot(handler.getApplicationContext());

        assertThat(hooks.getFirst().lastPriming()).filteredOn(outcome -> !outcome.primed())
                .extracting(Outcome::step).containsExactly("probe sqs");
        assertThat(hooks.getFirst().restores()).isEqualTo(1);
        assertThat(handler.handleRequest(get("/health/readiness"), null).getStatusCode()).isEqualTo(503);
        assertThat(handler.handleRequest(get("/health/liveness"), null).getStatusCode()).isEqualTo(200);
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
