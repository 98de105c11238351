package io.hookrun.core.idempotency;

/**
 * Identifies one delivery: the trigger it reached and the sender's delivery id. The same event sent again
 * (a retry, a redelivery) has the same key and so never starts a second run.
 */
public record DeliveryKey(String triggerId, String deliveryId) {

    /** The DynamoDB partition key. The id comes last so a '#' inside it cannot collide with another key. */
    public String partitionKey() {
        return "delivery#" + triggerId.length() + "#" + triggerId + "#" + deliveryId;
    }
}
