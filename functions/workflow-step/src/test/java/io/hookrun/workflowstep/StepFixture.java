package io.hookrun.workflowstep;

import io.hookrun.core.time.SettableClock;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.hookrun.asl.HttpInvoker;
import io.hookrun.asl.StateInterpreter;
import io.hookrun.aws.sqs.SqsStepQueue;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.InMemoryStepQueue;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.InMemoryRunHistory;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.workflow.InMemoryWorkflowStore;
import io.hookrun.lambda.telemetry.RecordingMetrics;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The step function's services wired by hand over the in-memory twins (run history, queue, workflow store), an HTTP
 * invoker the test scripts, and a clock the test moves. Definitions are written with {@code '} for {@code "}.
 */
final class StepFixture {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final JsonMapper MAPPER = JsonMapper.createDefault();

    /** Settings with the defaults of {@link StepConfiguration}, changed one at a time by the tests. */
    static final class Settings {
        int maxReceiveCount = 3;
        int maxStates = 1000;
        Duration stateLease = Duration.ofSeconds(90);
        Duration timeMargin = Duration.ofSeconds(3);
        Duration functionTimeout = Duration.ofSeconds(30);
        int batchConcurrency = 4;
        int stateMachineCacheSize = 64;
        Duration outageResendMaxAge = Duration.ofHours(24);
        int inlineMapMaxConcurrency = 40;

        StepConfiguration build() {
            return new StepConfiguration(maxReceiveCount, maxStates, stateLease, timeMargin, functionTimeout,
                    batchConcurrency, stateMachineCacheSize, outageResendMaxAge, inlineMapMaxConcurrency);
        }
    }

    /** An HTTP invoker that answers as the test says and records every call. */
    static final class ScriptedHttp implements HttpInvoker {
        interface Answer {
            HttpResult answer(HttpCall call) throws IOException;
        }

        final List<HttpCall> calls = new CopyOnWriteArrayList<>();
        volatile Answer answer = call -> ok("{}");

        @Override
        public HttpResult invoke(HttpCall call) throws IOException {
            calls.add(call);
            return answer.answer(call);
        }

        static HttpResult ok(String json) {
            return new HttpResult(200, Map.of("Content-Type", List.of("application/json")),
                    json.getBytes(StandardCharsets.UTF_8));
        }
    }

    final SettableClock clock = new SettableClock(T0);
    final InMemoryRunHistory history = new InMemoryRunHistory();
    final OutageRunHistory store = new OutageRunHistory(history);
    final InMemoryStepQueue queue = new InMemoryStepQueue();
    final RecordingMetrics metrics = new RecordingMetrics();
    final InMemoryWorkflowStore workflows = new InMemoryWorkflowStore();
    final ScriptedHttp http = new ScriptedHttp();
    /** Connections Tasks may name; tests put theirs in. */
    final java.util.Map<String, io.hookrun.core.connection.Connection> connectionMap = new java.util.concurrent.ConcurrentHashMap<>();
    final io.hookrun.core.connection.ConnectionStore connections = name -> java.util.Optional.ofNullable(connectionMap.get(name));
    /** Signs the task tokens of {@code .waitForTaskToken} Tasks; tests verify what workflows were given with it. */
    final io.hookrun.core.callback.CallbackTokens callbackTokens = new io.hookrun.core.callback.CallbackTokens(
            "a-32-byte-callback-key-for-tests".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    final StepConfiguration config;
    final StateMachines machines;
    final StateInterpreter interpreter;
    final StepExecutor executor;
    final RunStarter starter;
    final StepMessageRouter router;
    final StepMessageResender resender;
    final StepRecordProcessor records;
    final StepBatchProcessor batch;
    private final AtomicInteger messageIds = new AtomicInteger();

    StepFixture() {
        this(new Settings());
    }

    StepFixture(Settings settings) {
        config = settings.build();
        machines = new StateMachines(config);
        interpreter = new InterpreterFactory().stateInterpreter(http, connections, config, clock, new Random(7));
        executor = new StepExecutor(store, interpreter, queue, new JsonText(MAPPER), machines, config, clock,
                () -> callbackTokens, metrics);
        starter = new RunStarter(store, workflows, executor, machines, new JsonText(MAPPER), config, clock, metrics);
        router = new StepMessageRouter(MAPPER, starter, executor);
        resender = new StepMessageResender(queue, config);
        records = new StepRecordProcessor(router, resender, config, clock);
        batch = new StepBatchProcessor(records, queue, config);
    }

    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** Saves workflow {@code id} with these states, starting at the first one named. */
    void workflow(String id, String startAt, String states) {
        workflows.save(id, json("{'QueryLanguage': 'JSONata', 'StartAt': '" + startAt + "', 'States': {" + states + "}}"), T0);
    }

    /** A Task state calling the scripted HTTP invoker. */
    static String task(String name, String transition) {
        return "'" + name + "': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', "
                + "'Arguments': {'ApiEndpoint': 'https://api.example.test/" + name + "', 'Method': 'POST'}, " + transition + "}";
    }

    /** An accepted event for {@code workflowId} with {@code dataJson} as its data, starting a new run. */
    CloudEvent event(String workflowId, String dataJson) {
        Object data = new JsonText(MAPPER).parse(json(dataJson));
        return new CloudEvent(CloudEvent.SPEC_VERSION, "evt-" + UUID.randomUUID(), "/hooks/trg-1", CloudEvent.WEBHOOK_RECEIVED,
                T0.toString(), "application/json", data, "trg-1", workflowId, UUID.randomUUID().toString());
    }

    /** The event as the steps queue delivers it, on delivery {@code receiveCount}. */
    SQSMessage eventRecord(CloudEvent event, int receiveCount) {
        return record(SqsStepQueue.KIND_EVENT, write(event), receiveCount);
    }

    SQSMessage startRecord(StartRunMessage start, int receiveCount) {
        return record(SqsStepQueue.KIND_START, write(start), receiveCount);
    }

    SQSMessage stepRecord(StepMessage step, int receiveCount) {
        return record(SqsStepQueue.KIND_STEP, write(step), receiveCount);
    }

    /** A record of {@code kind} (null: no kind attribute) with {@code body}, sent at T0. */
    SQSMessage record(String kind, String body, int receiveCount) {
        String id = "msg-" + messageIds.incrementAndGet();
        SQSMessage record = new SQSMessage();
        record.setMessageId(id);
        record.setReceiptHandle("handle-" + id);
        record.setBody(body);
        Map<String, String> attributes = new HashMap<>();
        attributes.put("ApproximateReceiveCount", Integer.toString(receiveCount));
        attributes.put("SentTimestamp", Long.toString(T0.toEpochMilli()));
        record.setAttributes(attributes);
        Map<String, MessageAttribute> messageAttributes = new HashMap<>();
        if (kind != null) {
            messageAttributes.put(SqsStepQueue.KIND_ATTRIBUTE, stringAttribute(kind));
        }
        record.setMessageAttributes(messageAttributes);
        return record;
    }

    static MessageAttribute stringAttribute(String value) {
        MessageAttribute attribute = new MessageAttribute();
        attribute.setDataType("String");
        attribute.setStringValue(value);
        return attribute;
    }

    static String write(Object value) {
        try {
            return new String(MAPPER.writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Run run(CloudEvent event) {
        return history.findRun(UUID.fromString(event.hookrunrunid())).orElseThrow();
    }

    RunStatus status(CloudEvent event) {
        return run(event).status();
    }

    StateExecution state(CloudEvent event, int sequence) {
        return history.stateExecution(UUID.fromString(event.hookrunrunid()), "", sequence).orElseThrow();
    }

    /** Saves workflow {@code id} with this whole definition (single-quoted JSON). */
    void definition(String id, String singleQuoted) {
        workflows.save(id, json(singleQuoted), T0);
    }

    /** A start from the admin API of workflow {@code workflowId} with {@code inputJson} (single-quoted), unnamed. */
    StartRunMessage startMessage(String workflowId, String inputJson) {
        return new StartRunMessage(UUID.randomUUID().toString(), workflowId, null, json(inputJson), T0.toString());
    }

    /** Starts a run from the admin API (delivery 1, no deadline); returns its id. */
    UUID startDirect(String workflowId, String inputJson) {
        StartRunMessage start = startMessage(workflowId, inputJson);
        starter.start(start, 1, io.hookrun.core.time.Deadline.none());
        return UUID.fromString(start.runId());
    }

    Run run(UUID runId) {
        return history.findRun(runId).orElseThrow();
    }

    /** The run's steps in one frame, by sequence. */
    List<StateExecution> frame(UUID runId, String frame) {
        return history.stateExecutions(runId).stream().filter(s -> s.frame().equals(frame))
                .sorted(java.util.Comparator.comparingInt(StateExecution::sequence)).toList();
    }

    Object output(UUID runId) {
        return new JsonText(MAPPER).parse(run(runId).output());
    }
}
