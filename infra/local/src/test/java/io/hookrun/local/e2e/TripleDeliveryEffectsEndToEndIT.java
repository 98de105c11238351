package io.hookrun.local.e2e;

import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.testsupport.CountingHttpServer;
import io.hookrun.testsupport.CountingHttpServer.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.hookrun.local.e2e.EffectsRuns.runToEnd;
import static io.hookrun.local.e2e.EffectsRuns.stateNames;
import static io.hookrun.local.e2e.EffectsRuns.task;
import static io.hookrun.local.e2e.EffectsRuns.workflow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every SQS batch handed to the step function three times ({@code --delivery-copies 3}): a workflow of three Tasks
 * still makes exactly one call per state execution, against a real HTTP server that counts.
 */
class TripleDeliveryEffectsEndToEndIT {

    private static LocalCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(EffectsRuns.options().withDeliveryCopies(3));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void threeTasks_withEveryMessageDeliveredThreeTimes_makeExactlyOneCallPerStateExecution() throws Exception {
        try (CountingHttpServer server = CountingHttpServer.start()) {
            Map<String, Object> run = runToEnd(cloud, workflow("First",
                    task("First", server.uri("/first"), "", "\"Next\": \"Second\""),
                    task("Second", server.uri("/second"), "", "\"Next\": \"Third\""),
                    task("Third", server.uri("/third"), "", "\"End\": true")));

            assertThat(cloud.deliveryCopies()).isEqualTo(3);
            assertThat(run.get("status")).as(String.valueOf(run.get("error"))).isEqualTo("SUCCEEDED");
            assertThat(stateNames(run)).containsExactly("First", "Second", "Third");
            List<Request> calls = server.requests();
            assertThat(calls).extracting(Request::path).containsExactly("/first", "/second", "/third");
            assertThat(calls).extracting(Request::attempt).containsExactly("1", "1", "1");
            assertThat(server.countsByKey()).as("one call per state execution id").hasSize(3).containsOnlyKeys(
                    calls.stream().map(Request::idempotencyKey).toList()).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
        }
    }
}
