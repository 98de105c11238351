package io.hookrun.aws.client;

import io.hookrun.testsupport.fault.FaultProxy;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An endpoint that accepts the connection and never answers: with the SDK's defaults (30 s socket timeout, no call
 * timeout) a call outlived the webhook function's 10 s; with the factory's defaults it fails within its call budget.
 */
class AwsClientTimeoutIT {

    /** Generous against the 3 s budget on a busy machine, and far below the 30 s the SDK would wait by default. */
    private static final Duration GUARD = Duration.ofSeconds(8);

    private FaultProxy blackHole;
    private ApplicationContext context;

    @BeforeEach
    void start() {
        blackHole = new FaultProxy(URI.create("http://127.0.0.1:9")); // never forwarded to: nothing needs to listen there
        blackHole.setMode(FaultProxy.Mode.BLACK_HOLE);
        context = ApplicationContext.run(Map.of("aws.region", "us-east-1",
                "aws.services.dynamodb.endpoint-override", blackHole.endpoint().toString(),
                "aws.services.sqs.endpoint-override", blackHole.endpoint().toString()));
    }

    @AfterEach
    void stop() {
        context.close();
        blackHole.close();
    }

    @Test
    void sqsSend_toAHangingEndpoint_failsWithinTheCallBudget() {
        SqsClient sqs = context.getBean(SqsClient.class);

        long started = System.nanoTime();
        Throwable failure = catchThrowable(() -> sqs.sendMessage(r -> r.queueUrl(blackHole.endpoint() + "/000000000000/steps")
                .messageBody("{}")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure).isInstanceOf(SdkClientException.class);
        assertThat(took).isLessThan(GUARD);
        assertThat(blackHole.blackHoled()).as("requests that went into the hole").isPositive();
    }

    @Test
    void dynamoDbPut_toAHangingEndpoint_failsWithinTheCallBudget() {
        DynamoDbClient dynamoDb = context.getBean(DynamoDbClient.class);

        long started = System.nanoTime();
        Throwable failure = catchThrowable(() -> dynamoDb.putItem(r -> r.tableName("hookrun")
                .item(Map.of("pk", AttributeValue.fromS("delivery#1")))));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure).isInstanceOf(SdkClientException.class);
        assertThat(took).isLessThan(GUARD);
        assertThat(blackHole.blackHoled()).isPositive();
    }
}
