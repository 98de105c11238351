package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * AdminFunction: {@code /admin/*}. Authorization happens before the function is invoked (IAM on AWS,
 * a bearer token in {@code ./hookrun local}), so the handler only routes.
 */
public class AdminHandler extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

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
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
        String body = event.getBody();
        if (body != null && event.getIsBase64Encoded()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        return routes.handle(method, event.getRawPath() == null ? "/" : event.getRawPath(), query, body);
    }
}
