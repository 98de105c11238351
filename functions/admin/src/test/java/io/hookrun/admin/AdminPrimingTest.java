package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.hookrun.core.run.RunQuery;
import io.hookrun.lambda.LambdaHandler;
import io.hookrun.lambda.snapstart.SnapStartPriming;
import io.hookrun.lambda.snapstart.SnapStartPriming.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AdminFunction's SnapStart hooks on the real handler's context with the in-memory twins as its stores
 * ({@link TwinStoreFactory}): every read-only step runs, nothing is written, and the API works after the restore.
 */
class AdminPrimingTest {

    private AdminHandler handler;
    private TwinStores twins;

    @BeforeEach
    void start() {
        handler = new AdminHandler(LambdaHandler.lambdaBuilder().properties(Map.of(
                "hookrun.table-name", "hookrun",
                "hookrun.steps-queue-url", "http://127.0.0.1:1/000000000000/steps",
                "datasources.default.url", "jdbc:postgresql://127.0.0.1:1/hookrun")));
        twins = handler.getApplicationContext().getBean(TwinStores.class);
    }

    @AfterEach
    void close() {
        handler.close();
    }

    @Test
    void priming_readsThroughEveryRoute_andWritesNothing() {
        List<SnapStartPriming> hooks = SnapStartPriming.simulateSnapshot(handler.getApplicationContext());

        assertThat(hooks).singleElement().isInstanceOf(AdminPriming.class);
        List<Outcome> outcomes = hooks.getFirst().lastPriming();
        assertThat(outcomes).extracting(Outcome::step).containsExactly("unknown trigger", "unknown workflow",
                "run listing", "unknown run", "workflow validation", "dead-letter queue depth",
                "drop database connections");
        // No dead-letter queue in this deployment: that step alone fails, and the hook goes on.
        assertThat(outcomes).filteredOn(outcome -> !outcome.primed()).extracting(Outcome::step)
                .containsExactly("dead-letter queue depth");
        assertThat(twins.runs.listRuns(RunQuery.newest(10)).runs()).isEmpty();
        assertThat(twins.queue.starts()).isEmpty();
    }

    @Test
    void afterTheSimulatedRestore_aWorkflowIsSavedAndReadBack() {
        SnapStartPriming.simulateSnapshot(handler.getApplicationContext());

        int saved = send("PUT", "/admin/workflows/after-restore", AdminPriming.DEFINITION).getStatusCode();
        int read = send("GET", "/admin/workflows/after-restore", null).getStatusCode();

        assertThat(saved).isBetween(200, 201);
        assertThat(read).isEqualTo(200);
        assertThat(twins.workflows.find("after-restore")).isPresent();
    }

    private com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse send(String method, String path,
                                                                                       String body) {
        return handler.handleRequest(APIGatewayV2HTTPEvent.builder().withRawPath(path).withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                                .build()).build()).build(), null);
    }
}
