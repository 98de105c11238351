package io.hookrun.health;

import io.hookrun.database.PooledConnectionsRestore;
import io.hookrun.lambda.http.HttpResponses;
import io.hookrun.lambda.snapstart.HttpApiPriming;
import io.hookrun.lambda.snapstart.SnapStartPriming;
import io.micronaut.context.BeanContext;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HealthFunction's SnapStart hooks ({@link SnapStartPriming}):
 * <ul>
 *   <li><b>liveness request</b>: the API Gateway event read, the {@code UP} answer written: the function's most
 *       frequent request, and one that must stay fast because it does no I/O.</li>
 *   <li><b>probe &lt;component&gt;</b>: each readiness probe once, for real (DynamoDB {@code DescribeTable}, SQS
 *       {@code GetQueueAttributes}, a database round trip: the calls the function's role allows and the readiness
 *       answer makes anyway, all read-only). They warm the SDK clients' request path and the JDBC driver (its
 *       classes, SCRAM authentication, the pool). The probes are called directly, not through
 *       {@link ReadinessCheck}, so no readiness result made at deploy time can be in the snapshot.</li>
 *   <li><b>readiness answer</b>: a readiness report written as JSON.</li>
 *   <li><b>drop database connections</b> and the credentials they were opened with, last; the connections again
 *       first after a restore ({@link PooledConnectionsRestore}):
 *       no connection made at deploy time survives into an environment resumed from the snapshot.</li>
 * </ul>
 */
@Context
public class HealthPriming extends SnapStartPriming {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final BeanContext beans;
    private final BeanProvider<JsonMapper> json;
    private final BeanProvider<HttpResponses> responses;
    private final BeanProvider<PooledConnectionsRestore> connections;

    public HealthPriming(BeanContext beans, BeanProvider<JsonMapper> json, BeanProvider<HttpResponses> responses,
                         BeanProvider<PooledConnectionsRestore> connections) {
        this.beans = beans;
        this.json = json;
        this.responses = responses;
        this.connections = connections;
    }

    @Override
    protected List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("liveness request", () -> HttpApiPriming.expectStatus(HttpApiPriming.request(json.get(),
                "GET", "/health/liveness", Map.of(), Map.of(), null,
                request -> responses.get().json(200, Map.of("status", "UP"))), 200)));
        for (ReadinessProbe probe : beans.getBeansOfType(ReadinessProbe.class)) {
            steps.add(new Step("probe " + probe.component(), () -> {
                ComponentHealth health = probe.check(PROBE_TIMEOUT);
                if (health.status() == HealthStatus.DOWN) {
                    throw new IllegalStateException("down: " + health.detail());
                }
            }));
        }
        steps.add(new Step("readiness answer", () -> json.get().writeValueAsBytes(new ReadinessCheck.Report(
                HealthStatus.UP, Instant.EPOCH, Map.of("table", ComponentHealth.up()), List.of(), List.of()))));
        steps.add(new Step("drop database connections", () -> connections.get().beforeSnapshot()));
        return steps;
    }

    @Override
    protected void restore() {
        connections.get().evictConnections();
    }
}
