package io.hookrun.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.SerdeImport;

import java.util.List;

/**
 * The Lambda event and response types hookrun's functions take and return, readable and writable by Micronaut
 * Serialization: HTTP API payload 2.0 requests and responses, and SQS batches with partial batch responses. On Lambda
 * the runtime reads and writes them through {@link LambdaEventSerializer}; the local runtime ({@code ./hookrun local},
 * {@code ./hookrun invoke}) and the tests use the function's mapper directly.
 *
 * <p>Why not {@code micronaut-aws-lambda-events-serde}: it imports every Lambda event type (174 introspections, whose
 * references each function's context loads at start), and the {@code CustomPojoSerializer} it registers builds a
 * second Micronaut context of its own ({@code ObjectMapper.getDefault()}) during every cold start.
 *
 * <p>The names below are the JSON fields of the events as Lambda sends them
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#example-standard-queue-message-event) where they differ
 * from the Java property names of aws-lambda-java-events.
 */
@SerdeImport(APIGatewayV2HTTPEvent.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.Http.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.Authorizer.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.IAM.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.CognitoIdentity.class)
@SerdeImport(APIGatewayV2HTTPResponse.class)
@SerdeImport(value = SQSEvent.class, mixin = LambdaEventTypes.SqsEventFields.class)
@SerdeImport(value = SQSEvent.SQSMessage.class, mixin = LambdaEventTypes.SqsMessageFields.class)
@SerdeImport(SQSEvent.MessageAttribute.class)
@SerdeImport(SQSBatchResponse.class)
@SerdeImport(SQSBatchResponse.BatchItemFailure.class)
final class LambdaEventTypes {

    private LambdaEventTypes() {
    }

    /** An SQS event's records are under {@code "Records"}. */
    abstract static class SqsEventFields {
        @JsonProperty("Records")
        abstract List<SQSEvent.SQSMessage> getRecords();

        @JsonProperty("Records")
        abstract void setRecords(List<SQSEvent.SQSMessage> records);
    }

    /** A record's queue ARN is {@code "eventSourceARN"}. */
    abstract static class SqsMessageFields {
        @JsonProperty("eventSourceARN")
        abstract String getEventSourceArn();

        @JsonProperty("eventSourceARN")
        abstract void setEventSourceArn(String arn);
    }
}
