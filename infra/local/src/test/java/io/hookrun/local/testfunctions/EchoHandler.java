package io.hookrun.local.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A test function for the gateway: answers with the event it received as JSON, and in headers what its context
 * saw (template environment as properties, the Lambda context). {@code ?raw=1} echoes the request body as
 * binary; {@code /boom} throws.
 */
public class EchoHandler extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    public EchoHandler() {
    }

    public EchoHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        if ("/boom".equals(event.getRawPath())) {
            throw new IllegalStateException("boom, as asked");
        }
        var context = getApplicationContext();
        Context lambda = context.getBean(Context.class);
        Map<String, String> headers = Map.of(
                "content-type", "application/json",
                "x-greeting", context.getProperty("test.greeting", String.class).orElse("<none>"),
                "x-mood", context.getProperty("test.mood", String.class).orElse("<none>"),
                "x-joined", context.getProperty("test.joined", String.class).orElse("<none>"),
                "x-table", context.getProperty("test.table-name", String.class).orElse("<none>"),
                "x-queue-arn", context.getProperty("test.queue-arn", String.class).orElse("<none>"),
                "x-function-name", lambda.getFunctionName(),
                "x-remaining-ms", Integer.toString(lambda.getRemainingTimeInMillis()));
        if (event.getQueryStringParameters() != null && event.getQueryStringParameters().containsKey("raw")) {
            String base64 = event.getIsBase64Encoded() ? event.getBody()
                    : Base64.getEncoder().encodeToString(event.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withIsBase64Encoded(true).withBody(base64)
                    .withHeaders(Map.of("content-type", "application/octet-stream")).build();
        }
        try {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers)
                    .withMultiValueHeaders(Map.of("x-multi", List.of("one", "two")))
                    .withCookies(List.of("session=abc; Path=/"))
                    .withBody(context.getBean(JsonMapper.class).writeValueAsString(event)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
