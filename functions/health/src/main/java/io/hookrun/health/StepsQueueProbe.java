package io.hookrun.health;

import io.hookrun.core.config.HookrunConfiguration;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.time.Duration;

/**
 * The steps queue answers, with its depth. A backlog is not a failure here (the alarm on the oldest message's age,
 * CloudWatch's {@code ApproximateAgeOfOldestMessage}, says when it is one): it is UP with its counts.
 */
@Singleton
@Order(2)
public class StepsQueueProbe implements ReadinessProbe {

    private final SqsClient sqs;
    private final HookrunConfiguration config;

    public StepsQueueProbe(SqsClient sqs, HookrunConfiguration config) {
        this.sqs = sqs;
        this.config = config;
    }

    @Override
    public String component() {
        return "steps-queue";
    }

    @Override
    public ComponentHealth check(Duration timeout) {
        try {
            return ComponentHealth.up().withDepth(QueueAttributes.depth(sqs, config.requiredStepsQueueUrl(), timeout));
        } catch (QueueDoesNotExistException e) {
            return ComponentHealth.down("queue does not exist");
        }
    }
}
