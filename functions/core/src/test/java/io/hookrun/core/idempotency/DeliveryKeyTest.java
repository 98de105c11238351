package io.hookrun.core.idempotency;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryKeyTest {

    @Test
    void partitionKey_namesTriggerLengthTriggerAndDelivery() {
        assertThat(new DeliveryKey("trg", "msg_1").partitionKey()).isEqualTo("delivery#3#trg#msg_1");
    }

    @Test
    void partitionKey_hashInsideIdsCannotMakeTwoKeysCollide() {
        assertThat(new DeliveryKey("a#b", "c").partitionKey())
                .isNotEqualTo(new DeliveryKey("a", "b#c").partitionKey());
    }

    @Test
    void runName_isAKeySpaceOfItsOwn_soNoWebhookDeliveryCanCollideWithIt() {
        assertThat(DeliveryKey.runName("order-flow", "nightly-1").partitionKey()).isEqualTo("start#10#order-flow#nightly-1");
        assertThat(DeliveryKey.runName("orders", "msg_1").partitionKey())
                .isNotEqualTo(new DeliveryKey("orders", "msg_1").partitionKey());
    }
}
