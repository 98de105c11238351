package io.hookrun.health;

import io.hookrun.aws.sqs.DeadLetterQueueConfiguration;
import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.outbound.BreakerSettings;
import io.hookrun.core.outbound.InMemoryCircuitBreaker;
import io.hookrun.core.time.SettableClock;
import io.hookrun.database.DatabasePing;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The real probes against stand-in SDK clients that record what they were asked and answer as told. */
class ReadinessProbesTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final DeadLetterQueueConfiguration DLQ = new DeadLetterQueueConfiguration(
            "https://sqs.us-east-1.amazonaws.com/123456789012/steps-dlq", null, null);
    private static final HookrunConfiguration CONFIG = new HookrunConfiguration("hookrun-table",
            "https://sqs.us-east-1.amazonaws.com/123456789012/steps", 262144, Duration.ofHours(72),
            Duration.ofSeconds(30), Duration.ofSeconds(10));

    @Test
    void dynamoDbProbe_describesTheConfiguredTable_withinTheTimeout_andAnActiveTableIsUp() {
        TableAnswering dynamoDb = new TableAnswering(TableStatus.ACTIVE);

        ComponentHealth health = new DynamoDbTableProbe(dynamoDb, CONFIG).check(TIMEOUT);

        assertThat(health.status()).isEqualTo(HealthStatus.UP);
        assertThat(dynamoDb.requests).singleElement().satisfies(request -> {
            assertThat(request.tableName()).isEqualTo("hookrun-table");
            assertThat(request.overrideConfiguration().orElseThrow().apiCallTimeout()).contains(TIMEOUT);
        });
    }

    @Test
    void dynamoDbProbe_aTableThatIsNotActive_isDownNamingItsStatus_butUpdatingOnlyDegraded() {
        assertThat(new DynamoDbTableProbe(new TableAnswering(TableStatus.CREATING), CONFIG).check(TIMEOUT))
                .isEqualTo(ComponentHealth.down("table is CREATING"));
        assertThat(new DynamoDbTableProbe(new TableAnswering(TableStatus.UPDATING), CONFIG).check(TIMEOUT).status())
                .as("an UPDATING table still serves reads and writes").isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void dynamoDbProbe_aMissingTable_isDown() {
        DynamoDbClient missing = new TableAnswering(TableStatus.ACTIVE) {
            @Override
            public DescribeTableResponse describeTable(DescribeTableRequest request) {
                throw ResourceNotFoundException.builder().message("Requested resource not found: Table: x").build();
            }
        };

        assertThat(new DynamoDbTableProbe(missing, CONFIG).check(TIMEOUT)).isEqualTo(ComponentHealth.down("table does not exist"));
    }

    @Test
    void stepsQueueProbe_asksForTheConfiguredQueuesCounts_withinTheTimeout_andABacklogIsUp() {
        QueueAnswering sqs = new QueueAnswering("42", "3", "7");

        ComponentHealth health = new StepsQueueProbe(sqs, CONFIG).check(TIMEOUT);

        assertThat(health).isEqualTo(ComponentHealth.up().withDepth(new ComponentHealth.QueueDepth(42, 3, 7)));
        assertThat(sqs.requests).singleElement().satisfies(request -> {
            assertThat(request.queueUrl()).isEqualTo(CONFIG.stepsQueueUrl());
            assertThat(request.attributeNames()).containsExactlyInAnyOrder(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
            assertThat(request.overrideConfiguration().orElseThrow().apiCallTimeout()).contains(TIMEOUT);
        });
    }

    @Test
    void deadLetterQueueProbe_emptyIsUp_aDeadLetterIsDegraded_aMissingQueueIsDown() {
        assertThat(new DeadLetterQueueProbe(new QueueAnswering("0", "0", "0"), DLQ).check(TIMEOUT).status())
                .isEqualTo(HealthStatus.UP);
        assertThat(new DeadLetterQueueProbe(new QueueAnswering("2", "1", "0"), DLQ).check(TIMEOUT))
                .isEqualTo(ComponentHealth.degraded("3 messages in the dead-letter queue (GET /admin/dead-letters)")
                        .withDepth(new ComponentHealth.QueueDepth(2, 1, 0)));
        QueueAnswering missing = new QueueAnswering("0", "0", "0") {
            @Override
            public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
                throw QueueDoesNotExistException.builder().message("The specified queue does not exist").build();
            }
        };
        assertThat(new DeadLetterQueueProbe(missing, DLQ).check(TIMEOUT)).isEqualTo(ComponentHealth.down("queue does not exist"));
    }

    @Test
    void deadLetterQueueProbe_withoutItsUrl_failsNamingTheVariable() {
        DeadLetterQueueProbe probe = new DeadLetterQueueProbe(new QueueAnswering("0", "0", "0"),
                new DeadLetterQueueConfiguration(null, null, null));

        assertThatIllegalStateException().isThrownBy(() -> probe.check(TIMEOUT))
                .withMessageContaining("HOOKRUN_STEPS_DEAD_LETTER_QUEUE_URL");
    }

    @Test
    void circuitBreakersProbe_noneOpenIsUp_openOnesAreDegradedAndListed() {
        InMemoryCircuitBreaker breakers = new InMemoryCircuitBreaker(BreakerSettings.DEFAULT);
        SettableClock clock = new SettableClock(Instant.parse("2026-11-30T10:00:00Z"));
        CircuitBreakersProbe probe = new CircuitBreakersProbe(breakers, clock, new HealthConfiguration(TIMEOUT, TIMEOUT, 20));
        assertThat(probe.check(TIMEOUT)).isEqualTo(ComponentHealth.up().withOpen(List.of()));
        assertThat(probe.critical()).isFalse();

        for (int i = 0; i < 20; i++) {
            breakers.record("api.example.com", true, clock.instant());
        }

        assertThat(probe.check(TIMEOUT)).isEqualTo(ComponentHealth.degraded("circuit open for api.example.com")
                .withOpen(List.of(new ComponentHealth.OpenCircuit("api.example.com", clock.instant(),
                        clock.instant().plusSeconds(30)))));
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

        assertThat(new DatabaseProbe(ping).check(TIMEOUT)).isEqualTo(ComponentHealth.down("database did not answer SELECT 1"));
        assertThat(asked).containsExactly(TIMEOUT);
    }

    /** An SQS client whose every queue has these counts; it records what it was asked. */
    private static class QueueAnswering implements SqsClient {

        final List<GetQueueAttributesRequest> requests = new ArrayList<>();
        private final Map<QueueAttributeName, String> counts;

        QueueAnswering(String visible, String notVisible, String delayed) {
            counts = Map.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, visible,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, notVisible,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, delayed);
        }

        @Override
        public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
            requests.add(request);
            return GetQueueAttributesResponse.builder().attributes(counts).build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }

    /** A DynamoDB client whose every table has one status. */
    private static class TableAnswering implements DynamoDbClient {

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
