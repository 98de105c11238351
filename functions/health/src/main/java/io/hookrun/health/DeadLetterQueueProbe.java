package io.hookrun.health;

import io.hookrun.aws.sqs.DeadLetterQueueConfiguration;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.time.Duration;

/**
 * The steps queue's dead-letter queue answers; a message in it makes it DEGRADED (200): some runs need a look
 * ({@code GET /admin/dead-letters}) but hookrun works. Its depth is read from attributes only: receiving a dead letter
 * to see its age would count as one more receive of it.
 */
@Singleton
@Order(3)
public class DeadLetterQueueProbe implements ReadinessProbe {

    private final SqsClient sqs;
    private final DeadLetterQueueConfiguration config;

    public DeadLetterQueueProbe(SqsClient sqs, DeadLetterQueueConfiguration config) {
        this.sqs = sqs;
        this.config = config;
    }

    @Override
    public String component() {
        return "dead-letter-queue";
    }

    @Override
    public ComponentHealth check(Duration timeout) {
        String url = config.deadLetterQueueUrl();
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("HOOKRUN_STEPS_DEAD_LETTER_QUEUE_URL is not set: template.yaml sets it");
        }
        ComponentHealth.QueueDepth depth;
        try {
            depth = QueueAttributes.depth(sqs, url, timeout);
        } catch (QueueDoesNotExistException e) {
            return ComponentHealth.down("queue does not exist");
        }
        long messages = depth.visible() + depth.notVisible() + depth.delayed();
        return (messages == 0 ? ComponentHealth.up()
                : ComponentHealth.degraded(messages + (messages == 1 ? " message" : " messages")
                + " in the dead-letter queue (GET /admin/dead-letters)")).withDepth(depth);
    }
}
