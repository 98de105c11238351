package io.hookrun.aws.sqs;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * How hookrun talks to its queues, bound from {@code hookrun.sqs.*}.
 *
 * @param fairQueueGroupIds whether event messages carry their trigger id as {@code MessageGroupId} (SQS fair queues,
 *                          see {@link SqsStepQueue}). On by default; off only for a stand-in that refuses the
 *                          parameter on a standard queue
 */
@ConfigurationProperties("hookrun.sqs")
public record SqsQueueConfiguration(@Bindable(defaultValue = "true") boolean fairQueueGroupIds) {

    public static final SqsQueueConfiguration DEFAULTS = new SqsQueueConfiguration(true);
}
