package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.hookrun.aws.sqs.SqsStepQueue;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.time.Deadline;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a record's kind and body and passes it on: an accepted event ({@value SqsStepQueue#KIND_EVENT}) or a start
 * from the admin API ({@value SqsStepQueue#KIND_START}) to the run starter, a step ({@value SqsStepQueue#KIND_STEP}) to
 * the step executor.
 */
@Singleton
public class StepMessageRouter {

    private static final Logger LOG = LoggerFactory.getLogger(StepMessageRouter.class);

    private final JsonMapper json;
    private final RunStarter starter;
    private final StepExecutor executor;

    public StepMessageRouter(JsonMapper json, RunStarter starter, StepExecutor executor) {
        this.json = json;
        this.starter = starter;
        this.executor = executor;
    }

    public void route(SQSMessage record, int receiveCount, Deadline deadline) throws IOException {
        switch (kind(record)) {
            case SqsStepQueue.KIND_EVENT -> starter.start(event(record), record.getBody(), receiveCount, deadline);
            case SqsStepQueue.KIND_START -> starter.start(start(record), receiveCount, deadline);
            case SqsStepQueue.KIND_STEP -> executor.execute(step(record), receiveCount, deadline);
            default -> throw new IllegalArgumentException("message " + record.getMessageId() + " has unknown kind '"
                    + kind(record) + "'");
        }
    }

    /**
     * Ends the run the record is about FAILED {@value StepExecutor#STEP_ABANDONED} with {@code cause}: the record is on
     * its last delivery and leaves the queue for the DLQ. An event or a start whose run was never created creates it
     * FAILED, so the run id its sender was given answers. A record that names no run (no kind, a body that does not
     * parse) has no run to end; that is logged.
     */
    public void abandon(SQSMessage record, String cause) {
        CloudEvent event = null;
        StartRunMessage start = null;
        StepMessage step = null;
        try {
            switch (kind(record)) {
                case SqsStepQueue.KIND_EVENT -> event = event(record);
                case SqsStepQueue.KIND_START -> start = start(record);
                case SqsStepQueue.KIND_STEP -> step = step(record);
                default -> { }
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("message {} goes to the DLQ naming no run that could be ended: {}", record.getMessageId(), e.toString());
            return;
        }
        if (event != null) {
            starter.abandon(event, record.getBody(), cause);
        } else if (start != null) {
            starter.abandon(start, cause);
        } else if (step != null) {
            executor.abandon(step, cause);
        } else {
            LOG.warn("message {} of unknown kind goes to the DLQ; it names no run", record.getMessageId());
        }
    }

    private CloudEvent event(SQSMessage record) throws IOException {
        return json.readValue(body(record), CloudEvent.class);
    }

    private StartRunMessage start(SQSMessage record) throws IOException {
        return json.readValue(body(record), StartRunMessage.class);
    }

    private StepMessage step(SQSMessage record) throws IOException {
        return json.readValue(body(record), StepMessage.class);
    }

    private static byte[] body(SQSMessage record) {
        return record.getBody() == null ? new byte[0] : record.getBody().getBytes(StandardCharsets.UTF_8);
    }

    /** The {@value SqsStepQueue#KIND_ATTRIBUTE} message attribute; a record without one is not a hookrun message. */
    static String kind(SQSMessage record) {
        var attributes = record.getMessageAttributes();
        var attribute = attributes == null ? null : attributes.get(SqsStepQueue.KIND_ATTRIBUTE);
        if (attribute == null || attribute.getStringValue() == null) {
            throw new IllegalArgumentException("message " + record.getMessageId() + " has no " + SqsStepQueue.KIND_ATTRIBUTE + " attribute");
        }
        return attribute.getStringValue();
    }
}
