package io.hookrun.aws.sqs;

import io.hookrun.core.message.DeadLetters;
import io.hookrun.core.message.StepMessage;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps queue's DLQ on SQS (ElasticMQ locally, which implements the same move-task API: {@code SqsDeadLettersIT}).
 *
 * <p>Peeking is a receive with a short visibility timeout followed by {@code ChangeMessageVisibility} back to 0, so
 * the messages stay where they are and a redrive right after moves them; each peek counts one receive on the DLQ
 * (the DLQ has no redrive policy of its own, so that count moves nothing). A redrive is SQS's
 * {@code StartMessageMoveTask} from the DLQ to the steps queue: SQS moves the messages itself, as new messages with a
 * receive count of their own
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html).
 * SQS allows one active move task per queue: a redrive while one runs answers that task instead of failing.
 */
@Singleton
public class SqsDeadLetters implements DeadLetters {

    /** Longest text kept of a body that is no step message. */
    static final int MAX_BODY_CHARS = 4096;
    /** How long peeked messages stay hidden if resetting their visibility fails: the peek's own time, with room. */
    static final int PEEK_VISIBILITY_SECONDS = 10;
    private static final int RECEIVE_MAX = 10;

    private static final Logger LOG = LoggerFactory.getLogger(SqsDeadLetters.class);

    private final SqsClient sqs;
    private final JsonMapper json;
    private final DeadLetterQueueConfiguration config;

    public SqsDeadLetters(SqsClient sqs, JsonMapper json, DeadLetterQueueConfiguration config) {
        this.sqs = sqs;
        this.json = json;
        this.config = config;
    }

    @Override
    public List<DeadLetter> peek(int max) {
        int wanted = Math.clamp(max, 1, 100);
        String url = config.requiredDeadLetterQueueUrl();
        Map<String, DeadLetter> seen = new LinkedHashMap<>();
        List<Message> received = new ArrayList<>();
        try {
            // Each receive hides what it returned, so the next one returns others; an empty answer ends the peek.
            while (seen.size() < wanted) {
                List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url)
                        .maxNumberOfMessages(Math.min(RECEIVE_MAX, wanted - seen.size()))
                        .visibilityTimeout(PEEK_VISIBILITY_SECONDS).waitTimeSeconds(0)
                        .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP,
                                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                        .messageAttributeNames(SqsStepQueue.KIND_ATTRIBUTE)).messages();
                if (batch.isEmpty()) {
                    break;
                }
                received.addAll(batch);
                batch.forEach(message -> seen.putIfAbsent(message.messageId(), deadLetter(message)));
            }
        } finally {
            makeVisible(url, received);
        }
        return List.copyOf(seen.values());
    }

    @Override
    public long depth() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(config.requiredDeadLetterQueueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                + number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    @Override
    public MoveTask redrive() {
        MoveTask running = runningTask();
        if (running != null) {
            return running;
        }
        long waiting = depth();
        try {
            String handle = sqs.startMessageMoveTask(r -> r.sourceArn(config.requiredDeadLetterQueueArn())
                    .destinationArn(config.requiredQueueArn())).taskHandle();
            LOG.info("redrive started: moving ~{} messages from the DLQ to the steps queue (task {})", waiting, handle);
            return new MoveTask(handle, "RUNNING", 0, waiting);
        } catch (SqsException e) {
            // Another redrive started one in between: SQS runs one move task per queue at a time.
            MoveTask other = runningTask();
            if (other != null) {
                return other;
            }
            throw e;
        }
    }

    @Override
    public List<MoveTask> moveTasks() {
        return sqs.listMessageMoveTasks(r -> r.sourceArn(config.requiredDeadLetterQueueArn()).maxResults(10)).results()
                .stream()
                .sorted(Comparator.comparing((ListMessageMoveTasksResultEntry t) ->
                        t.startedTimestamp() == null ? 0L : t.startedTimestamp()).reversed())
                .map(SqsDeadLetters::moveTask)
                .toList();
    }

    private MoveTask runningTask() {
        return moveTasks().stream().filter(t -> "RUNNING".equals(t.status())).findFirst().orElse(null);
    }

    private static MoveTask moveTask(ListMessageMoveTasksResultEntry task) {
        return new MoveTask(task.taskHandle(), task.status(), orZero(task.approximateNumberOfMessagesMoved()),
                orZero(task.approximateNumberOfMessagesToMove()));
    }

    private DeadLetter deadLetter(Message message) {
        Map<MessageSystemAttributeName, String> attributes = message.attributes();
        Instant sentAt = Instant.ofEpochMilli(number(attributes.get(MessageSystemAttributeName.SENT_TIMESTAMP)));
        int receiveCount = (int) number(attributes.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        MessageAttributeValue kind = message.messageAttributes().get(SqsStepQueue.KIND_ATTRIBUTE);
        // A body is read as a step when its kind says so, or when it has no kind and reads as one (a step names its
        // state; an event or a start does not).
        StepMessage step = kind == null || SqsStepQueue.KIND_STEP.equals(kind.stringValue()) ? step(message.body()) : null;
        String body = step != null ? null
                : message.body().length() <= MAX_BODY_CHARS ? message.body() : message.body().substring(0, MAX_BODY_CHARS);
        return new DeadLetter(message.messageId(), step, body, sentAt, receiveCount);
    }

    /** The body read with the mapping {@link SqsStepQueue} wrote it with (Serde, {@link StepMessage}); null if it is not one. */
    private StepMessage step(String body) {
        try {
            StepMessage step = json.readValue(body.getBytes(StandardCharsets.UTF_8), StepMessage.class);
            return step != null && step.runId() != null && step.stateName() != null ? step : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Every peeked message visible again at once; on failure they come back when the short timeout ends. */
    private void makeVisible(String url, List<Message> messages) {
        for (int from = 0; from < messages.size(); from += RECEIVE_MAX) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + RECEIVE_MAX));
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            try {
                sqs.changeMessageVisibilityBatch(r -> r.queueUrl(url).entries(entries));
            } catch (RuntimeException e) {
                LOG.warn("peeked DLQ messages stay hidden for up to {} s: {}", PEEK_VISIBILITY_SECONDS, e.toString());
            }
        }
    }

    private static long number(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
