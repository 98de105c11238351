package io.hookrun.health;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.database.DatabasePing;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The real probes against stand-in SDK clients that record what they were asked and answer as told. */
class ReadinessProbesTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final HookrunConfiguration CONFIG = new HookrunConfiguration("hookrun-table",
            "https://sqs.us-east-1.amazonaws.com/123456789012/steps", 262144, Duration.ofHours(72),
            Duration.ofSeconds(30), Duration.ofSeconds(10));

    @Test
    void dynamoDbProbe_describesTheConfiguredTable_withinTheTimeout_andAnActiveTableIsUp() {
        TableAnswering dynamoDb = new TableAnswering(TableStatus.ACTIVE);

        Optional<String> problem = new DynamoDbTableProbe(dynamoDb, CONFIG).check(TIMEOUT);

        assertThat(problem).isEmpty();
        assertThat(dynamoDb.requests).singleElement().satisfies(request -> {
            assertThat(request.tableName()).isEqualTo("hookrun-table");
            assertThat(request.overrideConfiguration().orElseThrow().apiCallTimeout()).contains(TIMEOUT);
        });
    }

    @Test
    void dynamoDbProbe_aTableThatIsNotServing_isDownNamingItsStatus() {
        assertThat(new DynamoDbTableProbe(new TableAnswering(TableStatus.CREATING), CONFIG).check(TIMEOUT))
                .contains("table is CREATING");
        assertThat(new DynamoDbTableProbe(new TableAnswering(TableStatus.UPDATING), CONFIG).check(TIMEOUT))
                .as("an UPDATING table still serves reads and writes").isEmpty();
    }

    @Test
    void sqsProbe_asksForTheConfiguredQueue_withinTheTimeout() {
        List<GetQueueAttributesRequest> requests = new ArrayList<>();
        SqsClient sqs = new SqsClient() {
            @Override
            public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
                requests.add(request);
                return GetQueueAttributesResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return "sqs";
            }

            @Override
            public void close() {
            }
        };

        assertThat(new SqsQueueProbe(sqs, CONFIG).check(TIMEOUT)).isEmpty();
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.queueUrl()).isEqualTo(CONFIG.stepsQueueUrl());
            assertThat(request.overrideConfiguration().orElseThrow().apiCallTimeout()).contains(TIMEOUT);
        });
    }

    @Test
    void databaseProbe_aDatabaseThatDoesNotAnswer_isDown_andThePingGetsTheTimeout() {
        List<Duration> asked = new ArrayList<>();
        DatabasePing ping = new DatabasePing(null, null) {
            @Override
            public boolean isReachable(Duration timeout) {
                asked.add(timeout);
                return false;
            }
        };

        assertThat(new DatabaseProbe(ping).check(TIMEOUT)).contains("database did not answer SELECT 1");
        assertThat(asked).containsExactly(TIMEOUT);
    }

    /** A DynamoDB client whose every table has one status. */
    private static final class TableAnswering implements DynamoDbClient {

        final List<DescribeTableRequest> requests = new ArrayList<>();
        private final TableStatus status;

        TableAnswering(TableStatus status) {
            this.status = status;
        }

        @Override
        public DescribeTableResponse describeTable(DescribeTableRequest request) {
            requests.add(request);
            return DescribeTableResponse.builder().table(t -> t.tableName(request.tableName()).tableStatus(status)).build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }
}
