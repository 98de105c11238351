package io.hookrun.health;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpApiHandler;
import io.hookrun.lambda.http.HttpApiRequest;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * HealthFunction: {@code GET /health/liveness} answers 200 without any I/O (the function runs);
 * {@code GET /health/readiness} answers whether the deployment can do its job right now ({@link ReadinessCheck}).
 *
 * <p>The readiness check is looked up on first use, not injected: singletons are lazy on Lambda
 * ({@code LambdaHandler.lambdaBuilder()}), so a liveness probe builds no SDK client, no probe and no connection
 * pool of its own.
 */
public class HealthHandler extends HttpApiHandler {

    private static final Map<String, String> NO_STORE = Map.of("cache-control", "no-store");

    @Inject
    BeanProvider<ReadinessCheck> readiness;

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
            ReadinessCheck.Report report = readiness.get().check();
            return responses.json(report.up() ? 200 : 503, report, NO_STORE);
        }
        return responses.problem(404, "not-found", "Not found", "no health probe at " + path);
    }
}
