package io.hookrun.health;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpApiHandler;
import io.hookrun.lambda.http.HttpApiRequest;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * HealthFunction: {@code GET /health/liveness} answers 200 without any I/O (the function runs);
 * {@code GET /health/readiness} answers whether the deployment can do its job right now.
 */
public class HealthHandler extends HttpApiHandler {

    @Inject
    ReadinessCheck readiness;

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
            return responses.json(200, Map.of("status", "UP"), Map.of("cache-control", "no-store"));
        }
        if (path.endsWith("/health/readiness")) {
            ReadinessCheck.Report report = readiness.check();
            return responses.json(report.up() ? 200 : 503, report, Map.of("cache-control", "no-store"));
        }
        return responses.problem(404, "not-found", "Not found", "no health probe at " + path);
    }
}
