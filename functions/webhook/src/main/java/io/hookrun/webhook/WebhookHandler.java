package io.hookrun.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * WebhookFunction: {@code POST /hooks/{triggerId}} (HTTP API, payload format 2.0). Unwraps the event and
 * hands it to {@link WebhookIngestion}.
 */
public class WebhookHandler extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

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
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        Map<String, String> pathParameters = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        byte[] body = body(event);
        Context lambda = lambdaContext();
        Duration remaining = lambda == null ? Duration.ZERO : Duration.ofMillis(lambda.getRemainingTimeInMillis());
        return ingestion.accept(pathParameters.get("triggerId"),
                event.getHeaders() == null ? Map.of() : event.getHeaders(), body, remaining);
    }

    private static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        return event.getIsBase64Encoded() ? Base64.getDecoder().decode(body)
                : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Context lambdaContext() {
        return applicationContext.findBean(Context.class).orElse(null);
    }
}
