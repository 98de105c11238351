package io.hookrun.workflowstep;

import io.hookrun.aws.sqs.SqsStepQueue;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.core.workflow.WorkflowStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@link WorkflowStepHandler} (and {@link RunSweeperHandler}), built with their ApplicationContextBuilder
 * constructors, against ElasticMQ (a steps queue whose redrive policy moves a message to its DLQ after 3 receives),
 * PostgreSQL and DynamoDB Local, driven by {@link LocalEventSource} as Lambda's SQS event source would drive them.
 */
class AbandonedStepIT {

    private static final int MAX_RECEIVE_COUNT = 3;
    private static final Duration GUARD = Duration.ofSeconds(90);

    private static StandIns standIns;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        standIns = StandIns.start();
        sqs = standIns.sqs;
    }

    @AfterAll
    static void stop() {
        if (standIns != null) {
            standIns.close();
        }
    }

    /** A steps queue with a DLQ after {@value #MAX_RECEIVE_COUNT} receives; returns {queue URL, DLQ URL}. */
    private static String[] queueWithDlq(String name) {
        StandIns.Queues queues = standIns.queueWithDlq(name, MAX_RECEIVE_COUNT);
        return new String[] {queues.queueUrl(), queues.dlqUrl()};
    }

    private static ApplicationContextBuilder functionContext(String queueUrl, String jdbcUrl, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("hookrun.step.max-receive-count", MAX_RECEIVE_COUNT);
        return standIns.functionContext(queueUrl, jdbcUrl, properties);
    }

    private static int count(String queueUrl, QueueAttributeName attribute) {
        return standIns.count(queueUrl, attribute);
    }

    private static CloudEvent event(String workflowId) {
        return new CloudEvent(CloudEvent.SPEC_VERSION, "evt-" + UUID.randomUUID(), "/hooks/trg-it", CloudEvent.WEBHOOK_RECEIVED,
                Instant.now().toString(), "application/json", Map.of("orderId", "o-1"), "trg-it", workflowId,
                UUID.randomUUID().toString());
    }

    @Test
    void aStateWhoseEvaluationThrowsUnexpectedly_endsItsRunFailedAfterTheConfiguredDeliveriesWithTheMessageInTheDlq() {
        String[] queues = queueWithDlq("steps-explode");
        try (WorkflowStepHandler handler = new WorkflowStepHandler(functionContext(queues[0], standIns.postgres.jdbcUrl(),
                Map.of("hookrun.test.http", "explode")))) {
            ApplicationContext context = handler.getApplicationContext();
            context.getBean(WorkflowStore.class).save("wf-explodes", StepFixture.json("{'QueryLanguage': 'JSONata', "
                    + "'StartAt': 'Call', 'States': {'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', "
                    + "'Arguments': {'ApiEndpoint': 'https://api.example.test/orders', 'Method': 'POST'}, 'End': true}}}"),
                    Instant.now());
            CloudEvent event = event("wf-explodes");
            context.getBean(StepQueue.class).sendEvent(event);
            LocalEventSource eventSource = new LocalEventSource(sqs, queues[0], handler);

            eventSource.runUntil(() -> count(queues[1], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 1, GUARD);

            UUID runId = UUID.fromString(event.hookrunrunid());
            RunHistory history = context.getBean(RunHistory.class);
            Run run = history.findRun(runId).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.error()).isEqualTo(StepExecutor.STEP_ABANDONED);
            assertThat(run.cause()).contains("last delivery (3 of 3)")
                    .contains("java.lang.IllegalStateException: evaluation exploded calling api.example.test");
            StateExecution state = history.stateExecution(runId, "", 0).orElseThrow();
            assertThat(state.status()).isEqualTo(StateStatus.FAILED);
            assertThat(state.attempts()).as("each delivery claimed the state again").isEqualTo(MAX_RECEIVE_COUNT);
            assertThat(context.getBean(ExplodingHttpInvoker.class).calls()).isEqualTo(MAX_RECEIVE_COUNT);

            List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(queues[1]).messageAttributeNames("All")).messages();
            assertThat(dead).singleElement().satisfies(message -> {
                assertThat(message.body()).contains(event.hookrunrunid());
                assertThat(message.messageAttributes().get(SqsStepQueue.KIND_ATTRIBUTE).stringValue())
                        .isEqualTo(SqsStepQueue.KIND_EVENT);
            });
            assertThat(count(queues[0], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isZero();
            assertThat(count(queues[0], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isZero();
        }
    }

    @Test
    void aDatabaseOutage_resendsTheAcceptedEventAsAFreshCopyInsteadOfWalkingItToTheDlq() throws IOException {
        String[] queues = queueWithDlq("steps-outage");
        String unreachable = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres";
        try (WorkflowStepHandler handler = new WorkflowStepHandler(functionContext(queues[0], unreachable,
                Map.of("datasources.default.connection-timeout", 500)))) {
            CloudEvent event = event("wf-any");
            handler.getApplicationContext().getBean(StepQueue.class).sendEvent(event);
            LocalEventSource eventSource = new LocalEventSource(sqs, queues[0], handler);

            eventSource.runUntil(() -> count(queues[0], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED) == 1
                    && count(queues[0], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 0, GUARD);

            assertThat(eventSource.invocations()).as("delivery 1 retried, delivery 2 re-sent").isEqualTo(MAX_RECEIVE_COUNT - 1);
            assertThat(count(queues[0], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isZero();
            assertThat(count(queues[1], QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).as("nothing in the DLQ").isZero();
        }
    }

    @Test
    void theSweeperSendsTheOpenStepOfAStalledRunAgain() {
        String[] queues = queueWithDlq("steps-sweep");
        try (RunSweeperHandler handler = new RunSweeperHandler(functionContext(queues[0], standIns.postgres.jdbcUrl(), Map.of()))) {
            RunHistory history = handler.getApplicationContext().getBean(RunHistory.class);
            UUID runId = UUID.randomUUID();
            Instant longAgo = Instant.now().minus(Duration.ofHours(2));
            history.createRun(new Run(runId, "trg-it", "wf-it", "evt-" + runId, RunStatus.RUNNING, "{}", null, null, null,
                    StepFixture.json("{'QueryLanguage': 'JSONata', 'StartAt': 'Begin', 'States': {'Begin': {'Type': 'Succeed'}}}"),
                    longAgo, longAgo, null));

            Map<String, Object> scheduledEvent = Map.of("source", "aws.events", "detail-type", "Scheduled Event",
                    "detail", Map.of());
            Map<String, Integer> report = handler.handleRequest(scheduledEvent, LocalEventSource.context());

            assertThat(report.get("resumed")).isGreaterThanOrEqualTo(1);
            List<Message> sent = sqs.receiveMessage(r -> r.queueUrl(queues[0]).maxNumberOfMessages(10)
                    .messageAttributeNames("All")).messages();
            assertThat(sent).anySatisfy(message -> {
                assertThat(message.messageAttributes().get(SqsStepQueue.KIND_ATTRIBUTE).stringValue())
                        .isEqualTo(SqsStepQueue.KIND_STEP);
                assertThat(message.body()).isEqualTo(StepFixture.write(new StepMessage(runId.toString(), 0, "Begin")));
            });
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
