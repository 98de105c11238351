package io.hookrun.aws.dynamodb;

import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerSecret;
import io.hookrun.core.trigger.TriggerStore;
import io.hookrun.testsupport.emulator.DynamoDbLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DynamoDbTriggerStoreIT {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

    private static final Instant CREATED = Instant.parse("2025-06-01T12:00:00.123456789Z");
    private static final Instant UPDATED = Instant.parse("2025-06-02T08:30:00.5Z");
    private static final String SECRET_A = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SECRET_B = "whsec_YW5vdGhlci0zMi1ieXRlLXNpZ25pbmcta2V5LTAwMDE=";

    private final TriggerStore store = new DynamoDbTriggerStore(DYNAMO.client(), DynamoDbLocalExtension.configuration());
    private final String id = "trg_" + UUID.randomUUID();

    @Test
    void save_thenFind_roundTripsEveryField() {
        Trigger saved = store.save(id, "wf_orders", "standard-webhooks", List.of(SECRET_A, SECRET_B), CREATED);

        Trigger found = store.find(id).orElseThrow();

        assertThat(found.id()).isEqualTo(id);
        assertThat(found.workflowId()).isEqualTo("wf_orders");
        assertThat(found.signature().scheme()).isEqualTo("standard-webhooks");
        assertThat(found.secrets().stream().map(TriggerSecret::value).toList()).containsExactly(SECRET_A, SECRET_B);
        assertThat(found.createdAt()).isEqualTo(CREATED);
        assertThat(found.updatedAt()).isEqualTo(CREATED);
        assertThat(saved).usingRecursiveComparison().isEqualTo(found);
    }

    @Test
    void save_storesUnderTheTriggerPrefix() {
        store.save(id, "wf_orders", "standard-webhooks", List.of(SECRET_A), CREATED);

        Map<String, AttributeValue> item = DYNAMO.client().getItem(r -> r.tableName(DynamoDbLocalExtension.TABLE)
                .key(Map.of("pk", AttributeValue.fromS("trigger#" + id)))).item();
        assertThat(item).containsKeys("workflowId", "scheme", "secrets", "createdAt", "updatedAt");
        assertThat(item.get("secrets").l()).extracting(AttributeValue::s).containsExactly(SECRET_A);
    }

    @Test
    void save_thenFind_keepsTheOrderOfSecretsAndDuplicates() {
        // A DynamoDB string set would refuse the duplicate and forget the order; a list keeps both.
        List<String> secrets = List.of(SECRET_B, SECRET_A, SECRET_B);

        store.save(id, "wf_orders", "standard-webhooks", secrets, CREATED);

        assertThat(store.find(id).orElseThrow().secrets().stream().map(TriggerSecret::value).toList()).containsExactly(SECRET_B, SECRET_A, SECRET_B);
    }

    @Test
    void find_triggerStoredWithAStringSetOfSecrets_stillReadsThem() {
        // Items written before secrets became a list hold them as a string set (SS).
        DYNAMO.client().putItem(r -> r.tableName(DynamoDbLocalExtension.TABLE).item(Map.of(
                "pk", AttributeValue.fromS("trigger#" + id),
                "workflowId", AttributeValue.fromS("wf_orders"),
                "scheme", AttributeValue.fromS("standard-webhooks"),
                "secrets", AttributeValue.fromSs(List.of(SECRET_A, SECRET_B)),
                "createdAt", AttributeValue.fromS(CREATED.toString()),
                "updatedAt", AttributeValue.fromS(UPDATED.toString()))));

        assertThat(store.find(id).orElseThrow().secrets().stream().map(TriggerSecret::value).toList()).containsExactlyInAnyOrder(SECRET_A, SECRET_B);
    }

    @Test
    void save_existingTrigger_keepsCreatedAtAndReplacesTheRest() {
        store.save(id, "wf_orders", "standard-webhooks", List.of(SECRET_A), CREATED);

        Trigger updated = store.save(id, "wf_invoices", "standard-webhooks", List.of(SECRET_B), UPDATED);

        assertThat(updated.createdAt()).isEqualTo(CREATED);
        assertThat(updated.updatedAt()).isEqualTo(UPDATED);
        Trigger found = store.find(id).orElseThrow();
        assertThat(found.createdAt()).isEqualTo(CREATED);
        assertThat(found.updatedAt()).isEqualTo(UPDATED);
        assertThat(found.workflowId()).isEqualTo("wf_invoices");
        assertThat(found.secrets().stream().map(TriggerSecret::value).toList()).containsExactly(SECRET_B);
    }

    @Test
    void find_unknownId_isEmpty() {
        assertThat(store.find("trg_never_saved_" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void toString_neverShowsTheSecrets() {
        Trigger trigger = store.save(id, "wf_orders", "standard-webhooks", List.of(SECRET_A, SECRET_B), CREATED);

        assertThat(trigger.toString())
                .contains(id, "wf_orders", "2 hidden")
                .doesNotContain(SECRET_A, SECRET_B, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }
}
