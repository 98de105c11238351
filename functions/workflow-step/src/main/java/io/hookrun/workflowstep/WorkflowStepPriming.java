package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.hookrun.asl.ExecutionContext;
import io.hookrun.asl.StateInterpreter;
import io.hookrun.asl.StateMachine;
import io.hookrun.asl.StepInput;
import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.time.Deadline;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.database.PooledConnectionsRestore;
import io.hookrun.lambda.snapstart.SnapStartPriming;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Named;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The SnapStart hooks of WorkflowStepFunction and RunSweeperFunction (one jar, {@link SnapStartPriming}). Nothing
 * here starts, changes or ends a run:
 * <ul>
 *   <li><b>SQS event</b>: a batch of one step record read from JSON and a batch response written, with the mapper the
 *       runtime uses for this function's events.</li>
 *   <li><b>message envelope</b>: a CloudEvent through the JSON the steps queue carries, both ways.</li>
 *   <li><b>JSONata state</b>: a representative definition validated, then its Pass and Choice states executed by the
 *       real {@link StateInterpreter} (the JSONata parser and evaluator, Step Functions' functions, the ASL
 *       input/output processing): every state a run executes goes through them.</li>
 *   <li><b>workflow read</b>: DynamoDB {@code GetItem} of a workflow id that cannot exist (the SDK client's whole
 *       request path; the policy allows reading {@code workflow#*} items).</li>
 *   <li><b>steps queue client</b>: {@code ChangeMessageVisibility} with a receipt handle no message has: SQS refuses
 *       it ({@code ReceiptHandleIsInvalid}), which touches no message, and the SQS client's request and error paths are
 *       warm. It is the only harmless call among the actions the policy grants on the queue.</li>
 *   <li><b>run history read</b>: a run id that cannot exist, through the pool and the JDBC driver; the first use of
 *       the run history applies its Flyway migrations, as the first step message would.</li>
 *   <li><b>drop database connections</b> (and the credentials they were opened with), last; the connections again
 *       first after a restore ({@link PooledConnectionsRestore}).</li>
 * </ul>
 * RunSweeperFunction runs the same hook from the same jar; its policy grants neither the workflow read nor the queue
 * call, so there those two steps are refused, logged and skipped.
 *
 * <p>After a restore the retry-jitter generator (a {@link Random} created at init) is re-seeded from
 * {@link SecureRandom}: otherwise every environment resumed from the snapshot would draw the same jitter sequence, and
 * retries the jitter should spread out would line up again
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html).
 */
@Context
public class WorkflowStepPriming extends SnapStartPriming {

    /** A Pass with JSONata output and a Choice: the shapes most definitions have. */
    static final String DEFINITION = """
            {"QueryLanguage": "JSONata", "StartAt": "Shape", "States": {
              "Shape": {"Type": "Pass", "Assign": {"seen": "{% $count($states.input.lines) %}"},
                        "Output": "{% {'order': $states.input.id, 'total': $sum($states.input.lines.qty)} %}",
                        "Next": "Route"},
              "Route": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.total > 1 %}", "Next": "Done"}],
                        "Default": "Done"},
              "Done": {"Type": "Succeed"}}}""";

    private final BeanProvider<JsonMapper> json;
    private final BeanProvider<JsonText> jsonText;
    private final BeanProvider<StateMachines> machines;
    private final BeanProvider<StepConfiguration> config;
    private final BeanProvider<StateInterpreter> interpreter;
    private final BeanProvider<WorkflowStore> workflows;
    private final BeanProvider<SqsClient> sqs;
    private final BeanProvider<HookrunConfiguration> hookrun;
    private final BeanProvider<RunHistory> runs;
    private final BeanProvider<PooledConnectionsRestore> connections;
    private final BeanProvider<RandomGenerator> retryJitter;
    private final BeanProvider<Clock> clock;

    public WorkflowStepPriming(BeanProvider<JsonMapper> json, BeanProvider<JsonText> jsonText,
                               BeanProvider<StateMachines> machines, BeanProvider<StepConfiguration> config,
                               BeanProvider<StateInterpreter> interpreter, BeanProvider<WorkflowStore> workflows,
                               BeanProvider<SqsClient> sqs, BeanProvider<HookrunConfiguration> hookrun,
                               BeanProvider<RunHistory> runs, BeanProvider<PooledConnectionsRestore> connections,
                               @Named("retry-jitter") BeanProvider<RandomGenerator> retryJitter,
                               BeanProvider<Clock> clock) {
        this.json = json;
        this.jsonText = jsonText;
        this.machines = machines;
        this.config = config;
        this.interpreter = interpreter;
        this.workflows = workflows;
        this.sqs = sqs;
        this.hookrun = hookrun;
        this.runs = runs;
        this.connections = connections;
        this.retryJitter = retryJitter;
        this.clock = clock;
    }

    @Override
    protected List<Step> steps() {
        return List.of(
                new Step("SQS event", this::sqsEvent),
                new Step("message envelope", this::envelope),
                new Step("JSONata state", this::jsonataState),
                new Step("workflow read", () -> workflows.get().find("snapstart-priming-" + UUID.randomUUID())),
                new Step("steps queue client", this::queueClient),
                new Step("run history read", () -> runs.get().findRun(UUID.randomUUID())),
                new Step("drop database connections", () -> connections.get().beforeSnapshot()));
    }

    @Override
    protected void restore() {
        connections.get().evictConnections();
        if (retryJitter.get() instanceof Random random) {
            random.setSeed(new SecureRandom().nextLong());
        }
    }

    private void sqsEvent() throws Exception {
        String event = """
                {"Records": [{"messageId": "snapstart-priming", "receiptHandle": "none", "body": "{}",
                  "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "0"},
                  "messageAttributes": {"kind": {"stringValue": "step", "dataType": "String"}},
                  "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:steps",
                  "awsRegion": "us-east-1"}]}""";
        json.get().readValue(event, SQSEvent.class);
        json.get().writeValueAsBytes(new SQSBatchResponse(List.of(
                new SQSBatchResponse.BatchItemFailure("snapstart-priming"))));
    }

    private void envelope() {
        JsonText text = jsonText.get();
        CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, "evt-snapstart-priming", "/hooks/priming",
                CloudEvent.WEBHOOK_RECEIVED, clock.get().instant().toString(), "application/json",
                text.parse("{\"id\":\"o-1\",\"lines\":[{\"qty\":2}]}"), "priming", "priming",
                UUID.randomUUID().toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) text.parse(text.write(event.toJson()));
        CloudEvent.fromJson(members);
    }

    private void jsonataState() throws Exception {
        StateMachine machine = machines.get().validate(DEFINITION, config.get().definitionLimits());
        Instant now = clock.get().instant();
        Object input = jsonText.get().parse("{\"id\":\"o-1\",\"lines\":[{\"qty\":2},{\"qty\":1}]}");
        ExecutionContext context = new ExecutionContext(UUID.randomUUID().toString(), "snapstart-priming",
                "snapstart-priming", input, now, now, 0, "snapstart-priming:0");
        interpreter.get().execute(machine, "Shape", new StepInput(input, Map.of(), context, List.of()),
                Deadline.in(Duration.ofSeconds(10)));
        interpreter.get().execute(machine, "Route",
                new StepInput(jsonText.get().parse("{\"order\":\"o-1\",\"total\":3}"), Map.of(), context, List.of()),
                Deadline.in(Duration.ofSeconds(10)));
    }

    private void queueClient() {
        try {
            sqs.get().changeMessageVisibility(b -> b.queueUrl(hookrun.get().requiredStepsQueueUrl())
                    .receiptHandle("snapstart-priming-no-such-message").visibilityTimeout(0));
        } catch (ReceiptHandleIsInvalidException expected) {
            // the answer this step asks for: the request went all the way and was refused
        }
    }
}
