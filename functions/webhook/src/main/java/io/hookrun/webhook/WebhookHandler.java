package io.hookrun.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpApiHandler;
import io.hookrun.lambda.http.HttpApiRequest;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

/**
 * WebhookFunction: {@code POST /hooks/{triggerId}} (HTTP API, payload format 2.0). Unwraps the request and hands
 * it to {@link WebhookIngestion}.
 */
public class WebhookHandler extends HttpApiHandler {

    @Inject
    WebhookIngestion ingestion;

    /** Used by the Lambda runtime. */
    public WebhookHandler() {
    }

    /** Used by {@code ./hookrun local} and tests: the context is built from this builder, as on Lambda. */
    public WebhookHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpApiRequest request, Invocation invocation) {
        return ingestion.accept(request.pathParameter("triggerId").orElse(null), request.headers(), request.body(),
                invocation.deadline().remaining());
    }
}
