package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpApiHandler;
import io.hookrun.lambda.http.HttpApiRequest;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

/**
 * AdminFunction: {@code /admin/*}. Authorization happens before the function is invoked (IAM on AWS,
 * a bearer token in {@code ./hookrun local}), so the handler only routes. What escapes the routes is answered by
 * {@link HttpApiHandler}: 503 with {@code Retry-After} for a store outage, 500 with the request id for a bug.
 */
public class AdminHandler extends HttpApiHandler {

    @Inject
    AdminRoutes routes;

    /** Used by the Lambda runtime. */
    public AdminHandler() {
    }

    /** Used by {@code ./hookrun local} and tests. */
    public AdminHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpApiRequest request, Invocation invocation) {
        return routes.handle(request, invocation.deadline().remaining());
    }
}
