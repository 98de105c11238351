package io.hookrun.health;

import io.hookrun.core.config.HookrunConfiguration;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.Optional;

/** The steps queue answers {@code GetQueueAttributes}, the one SQS action HealthFunction's policy allows. */
@Singleton
@Order(2)
public class SqsQueueProbe implements ReadinessProbe {

    private final SqsClient sqs;
    private final HookrunConfiguration config;

    public SqsQueueProbe(SqsClient sqs, HookrunConfiguration config) {
        this.sqs = sqs;
        this.config = config;
    }

    @Override
    public String component() {
        return "sqs";
    }

    @Override
    public Optional<String> check(Duration timeout) {
        sqs.getQueueAttributes(r -> r.queueUrl(config.requiredStepsQueueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                .overrideConfiguration(o -> o.apiCallTimeout(timeout)));
        return Optional.empty();
    }
}
