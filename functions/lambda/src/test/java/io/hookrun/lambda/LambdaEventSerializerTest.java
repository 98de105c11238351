package io.hookrun.lambda;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContextBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The events of {@code events/} as the Lambda runtime hands them to hookrun through {@link LambdaEventSerializer}. */
class LambdaEventSerializerTest {

    private static final Path EVENTS = Path.of("../../events");

    private EchoHandler handler;

    /** A handler, so that the serializer finds a running function context, as it does on Lambda. */
    static final class EchoHandler extends LambdaHandler<String, String> {
        EchoHandler(ApplicationContextBuilder builder) {
            super(builder);
        }

        @Override
        protected String handle(String input, Invocation invocation) {
            return input;
        }
    }

    @BeforeEach
    void startFunction() {
        handler = new EchoHandler(LambdaHandler.lambdaBuilder());
    }

    @AfterEach
    void stopFunction() {
        handler.close();
    }

    @Test
    void theRuntimeFindsExactlyOneCustomSerializer_hookrunsOwn() {
        // Two would make the Lambda runtime refuse to start the function (TooManyServiceProvidersFoundException), and
        // micronaut-aws-lambda-events-serde's would build a second application context during every cold start.
        assertThat(ServiceLoader.load(CustomPojoSerializer.class).stream().map(ServiceLoader.Provider::type).toList())
                .containsExactly(LambdaEventSerializer.class);
    }

    @Test
    void sqsEvent_readsRecordsAndTheirQueueArn() throws IOException {
        SQSEvent event = read("workflow-step/sqs-batch-with-poison-record.json", SQSEvent.class);

        assertThat(event.getRecords()).hasSize(2);
        SQSEvent.SQSMessage first = event.getRecords().getFirst();
        assertThat(first.getMessageId()).isEqualTo("3f1c8a4e-0002-4b7e-9c55-1d2e3f4a5b6c");
        assertThat(first.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:hookrun-StepsQueue");
        assertThat(first.getAttributes()).containsEntry("ApproximateReceiveCount", "1");
        assertThat(first.getMessageAttributes().get("hookrun-kind").getStringValue()).isEqualTo("event");
        assertThat(first.getBody()).contains("\"hookrunrunid\"");
    }

    @Test
    void httpApiEvent_readsRouteRequestContextAndBody() throws IOException {
        APIGatewayV2HTTPEvent event = read("webhook/standard-webhooks-unknown-trigger.json",
                APIGatewayV2HTTPEvent.class);

        assertThat(event.getRawPath()).isEqualTo("/hooks/no-such-trigger");
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
        assertThat(event.getRequestContext().getRequestId()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        assertThat(event.getHeaders()).containsEntry("webhook-id", "msg_2mVDkBYjPg4Kq6jQJ1nqGkFSxJr");
        assertThat(event.getPathParameters()).containsEntry("triggerId", "no-such-trigger");
        assertThat(event.getIsBase64Encoded()).isFalse();
        assertThat(event.getBody())
                .isEqualTo("{\"type\":\"order.created\",\"data\":{\"orderId\":\"o-1001\",\"amount\":42}}");
    }

    @Test
    void httpApiResponse_writesTheFieldsApiGatewayReads() {
        APIGatewayV2HTTPResponse response = APIGatewayV2HTTPResponse.builder().withStatusCode(202)
                .withHeaders(Map.of("content-type", "application/json")).withBody("{\"status\":\"QUEUED\"}").build();

        assertThat(write(response, APIGatewayV2HTTPResponse.class))
                .contains("\"statusCode\":202", "\"headers\":{\"content-type\":\"application/json\"}",
                        "\"body\":\"{\\\"status\\\":\\\"QUEUED\\\"}\"", "\"isBase64Encoded\":false");
    }

    @Test
    void sqsBatchResponse_writesTheFailedRecords() {
        SQSBatchResponse response = new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("m-2")));

        assertThat(write(response, SQSBatchResponse.class))
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-2\"}]}");
    }

    @Test
    void withoutARunningFunction_itStillReadsEvents() throws IOException {
        handler.close();

        assertThat(read("health/liveness.json", APIGatewayV2HTTPEvent.class).getRawPath())
                .isEqualTo("/health/liveness");
    }

    private static <T> T read(String event, Class<T> type) throws IOException {
        try (InputStream json = Files.newInputStream(EVENTS.resolve(event))) {
            return new LambdaEventSerializer().fromJson(json, type);
        }
    }

    private static String write(Object value, Class<?> type) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        new LambdaEventSerializer().toJson(value, json, type);
        return json.toString(StandardCharsets.UTF_8);
    }
}
