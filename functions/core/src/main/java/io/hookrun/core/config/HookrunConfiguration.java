package io.hookrun.core.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * Settings every function shares, bound once from {@code hookrun.*} properties. On Lambda they come from
 * the environment variables that {@code template.yaml} sets ({@code HOOKRUN_TABLE_NAME} becomes
 * {@code hookrun.table-name}); {@code ./hookrun local} fills the same variables from the same template.
 *
 * @param tableName        the DynamoDB table holding triggers, workflows and delivery claims
 * @param stepsQueueUrl    the SQS queue that carries accepted events and workflow steps
 * @param maxBodyBytes     largest webhook body accepted; larger ones are answered 413. The default is SQS's largest
 *                         message (1 MiB, the {@code MaximumMessageSize} every queue sets) minus 64 KiB for the
 *                         CloudEvent envelope and escaping; a trigger may set a lower limit, and the serialised
 *                         message is measured before the delivery claim anyway ({@code StepQueue#prepareEvent})
 * @param deliveryRetention how long a delivery id is remembered (the replay window for duplicates); it must
 *                         outlast the senders' retry schedules (Svix retries for ~28 h)
 * @param claimLease       longest time a delivery stays IN_PROGRESS when its invocation dies mid-flight
 * @param triggerCacheTtl  how long the webhook function reuses a trigger it read from DynamoDB
 */
@ConfigurationProperties("hookrun")
public record HookrunConfiguration(
        @Nullable String tableName,
        @Nullable String stepsQueueUrl,
        @Bindable(defaultValue = "983040") int maxBodyBytes,
        @Bindable(defaultValue = "72h") Duration deliveryRetention,
        @Bindable(defaultValue = "30s") Duration claimLease,
        @Bindable(defaultValue = "10s") Duration triggerCacheTtl) {

    /** The table name, or a clear failure naming the variable to set. */
    public String requiredTableName() {
        return require(tableName, "HOOKRUN_TABLE_NAME");
    }

    /** The queue URL, or a clear failure naming the variable to set. */
    public String requiredStepsQueueUrl() {
        return require(stepsQueueUrl, "HOOKRUN_STEPS_QUEUE_URL");
    }

    private static String require(String value, String variable) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: template.yaml sets it on every function");
        }
        return value;
    }
}
