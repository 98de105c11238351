package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.StepMessage;
import io.hookrun.aws.sqs.SqsStepQueue;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads a record's kind and body and passes it to the run starter or the step executor. */
@Singleton
public class StepMessageRouter {

    private final JsonMapper json;
    private final RunStarter starter;
    private final StepExecutor executor;

    public StepMessageRouter(JsonMapper json, RunStarter starter, StepExecutor executor) {
        this.json = json;
        this.starter = starter;
        this.executor = executor;
    }

    public void route(SQSMessage record, int receiveCount) throws IOException {
        String kind = kind(record);
        byte[] body = record.getBody() == null ? new byte[0] : record.getBody().getBytes(StandardCharsets.UTF_8);
        switch (kind) {
            case SqsStepQueue.KIND_EVENT -> starter.start(json.readValue(body, CloudEvent.class), record.getBody(), receiveCount);
            case SqsStepQueue.KIND_STEP -> executor.execute(json.readValue(body, StepMessage.class), receiveCount);
            default -> throw new IllegalArgumentException("message " + record.getMessageId() + " has unknown kind '" + kind + "'");
        }
    }

    private static String kind(SQSMessage record) {
        var attributes = record.getMessageAttributes();
        var attribute = attributes == null ? null : attributes.get(SqsStepQueue.KIND_ATTRIBUTE);
        if (attribute == null || attribute.getStringValue() == null) {
            throw new IllegalArgumentException("message " + record.getMessageId() + " has no " + SqsStepQueue.KIND_ATTRIBUTE + " attribute");
        }
        return attribute.getStringValue();
    }
}
