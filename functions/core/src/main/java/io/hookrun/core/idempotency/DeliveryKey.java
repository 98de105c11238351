package io.hookrun.core.idempotency;

/**
 * Identifies one delivery: the trigger it reached and the sender's delivery id. The same event sent again
 * (a retry, a redelivery) has the same key and so never starts a second run.
 *
 * <p>A run started from the admin API with a name is claimed by the same machinery, under a key of its own key space
 * ({@link #runName}): the workflow stands where the trigger does, the run's name where the delivery id does. The key
 * spaces are prefixes of the partition key, so each function's IAM policy can name the one it needs
 * ({@code dynamodb:LeadingKeys} {@code delivery#*} for the webhook function, {@code start#*} for the admin function).
 *
 * @param keySpace   {@value #DELIVERIES} or {@value #RUN_NAMES}: the partition key's prefix
 * @param triggerId  the trigger; for a run name, the workflow
 * @param deliveryId the sender's delivery id; for a run name, the name
 */
public record DeliveryKey(String keySpace, String triggerId, String deliveryId) {

    /** Webhook deliveries: trigger id and {@code webhook-id}. */
    public static final String DELIVERIES = "delivery";
    /** Names of runs started from the admin API: workflow id and name, unique per workflow as execution names are. */
    public static final String RUN_NAMES = "start";

    /** A webhook delivery. */
    public DeliveryKey(String triggerId, String deliveryId) {
        this(DELIVERIES, triggerId, deliveryId);
    }

    /** The name of a run of {@code workflowId} started from the admin API. */
    public static DeliveryKey runName(String workflowId, String name) {
        return new DeliveryKey(RUN_NAMES, workflowId, name);
    }

    /** The DynamoDB partition key. The id comes last so a '#' inside it cannot collide with another key. */
    public String partitionKey() {
        return keySpace + "#" + triggerId.length() + "#" + triggerId + "#" + deliveryId;
    }
}
