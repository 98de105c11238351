package io.hookrun.aws.sqs;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Where the steps queue's dead letters are, for the admin API ({@code hookrun.steps.*}; on Lambda from the
 * {@code HOOKRUN_STEPS_DEAD_LETTER_QUEUE_URL}, {@code HOOKRUN_STEPS_DEAD_LETTER_QUEUE_ARN} and
 * {@code HOOKRUN_STEPS_QUEUE_ARN} variables that template.yaml sets on the admin function, and {@code ./hookrun local}
 * resolves from the same template). Only the admin function has them: the others never build {@link SqsDeadLetters}
 * into use, so a missing value fails the call that needs it, naming the variable, not the function's start.
 *
 * @param deadLetterQueueUrl the DLQ's URL (receive, change visibility, attributes)
 * @param deadLetterQueueArn the DLQ's ARN: a move task's {@code SourceArn}
 * @param queueArn           the steps queue's ARN: where a redrive moves messages back to ({@code DestinationArn})
 */
@ConfigurationProperties("hookrun.steps")
public record DeadLetterQueueConfiguration(@Nullable String deadLetterQueueUrl, @Nullable String deadLetterQueueArn,
                                           @Nullable String queueArn) {

    String requiredDeadLetterQueueUrl() {
        return require(deadLetterQueueUrl, "HOOKRUN_STEPS_DEAD_LETTER_QUEUE_URL");
    }

    String requiredDeadLetterQueueArn() {
        return require(deadLetterQueueArn, "HOOKRUN_STEPS_DEAD_LETTER_QUEUE_ARN");
    }

    String requiredQueueArn() {
        return require(queueArn, "HOOKRUN_STEPS_QUEUE_ARN");
    }

    private static String require(String value, String variable) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: template.yaml sets it on the admin function");
        }
        return value;
    }
}
