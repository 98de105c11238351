package io.hookrun.health;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpApiHandler;
import io.hookrun.lambda.http.HttpApiRequest;
import io.hookrun.lambda.http.HttpResponses;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HealthFunction's HTTP routes:
 * <ul>
 *   <li>{@code GET /health/liveness}: 200 without any I/O (the function runs);</li>
 *   <li>{@code GET /health/readiness}: whether the deployment can do its job right now ({@link ReadinessCheck}): 200
 *       with status UP or DEGRADED and every component, or a 503 problem naming what is DOWN and why;</li>
 *   <li>{@code GET /health}: the same, plus what is deployed ({@link BuildInfo}: version, commit, deploy time).</li>
 * </ul>
 *
 * <p>The readiness check is looked up on first use, not injected: singletons are lazy on Lambda
 * ({@code LambdaHandler.lambdaBuilder()}), so a liveness probe builds no SDK client, no probe and no connection
 * pool of its own.
 */
public class HealthHandler extends HttpApiHandler {

    private static final Map<String, String> NO_STORE = Map.of("cache-control", "no-store");

    @Inject
    BeanProvider<ReadinessCheck> readiness;

    @Inject
    BeanProvider<BuildInfo> build;

    @Inject
    BeanProvider<HealthConfiguration> config;

    /** Used by the Lambda runtime. */
    public HealthHandler() {
    }

    /** Used by {@code ./hookrun local} and tests. */
    public HealthHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpApiRequest request, Invocation invocation) {
        String path = request.path();
        if (path.endsWith("/health/liveness")) {
            return responses.json(200, Map.of("status", "UP"), NO_STORE);
        }
        if (path.endsWith("/health/readiness")) {
            return answer(readiness.get().check(), null);
        }
        if (path.endsWith("/health")) {
            return answer(readiness.get().check(), build.get());
        }
        return responses.problem(404, "not-found", "Not found", "no health probe at " + path);
    }

    private APIGatewayV2HTTPResponse answer(ReadinessCheck.Report report, BuildInfo buildInfo) {
        Object body = HealthAnswer.of(report, buildInfo);
        if (report.ready()) {
            return responses.json(200, body, NO_STORE);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", HttpResponses.PROBLEM_JSON);
        headers.putAll(NO_STORE);
        // A new answer is taken no sooner than the cache lets one be: asking again earlier gets this one.
        headers.put("Retry-After", Long.toString(Math.max(1, config.get().cacheTtl().toSeconds())));
        return APIGatewayV2HTTPResponse.builder().withStatusCode(503).withHeaders(headers)
                .withBody(responses.toJson(body)).withIsBase64Encoded(false).build();
    }
}
