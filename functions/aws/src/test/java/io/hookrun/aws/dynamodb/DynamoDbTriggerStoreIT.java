package io.hookrun.aws.dynamodb;

import io.hookrun.core.secrets.SecretCipher;
import io.hookrun.core.secrets.SecretsUnreadableException;
import io.hookrun.core.secrets.TestCiphers;
import io.hookrun.core.signature.HmacSettings;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.trigger.EventSettings;
import io.hookrun.core.trigger.RateLimit;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerSecret;
import io.hookrun.core.trigger.TriggerStore;
import io.hookrun.testsupport.emulator.DynamoDbLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trigger store against DynamoDB Local, secrets sealed with a local key (the KMS wrapper: KmsKeyWrapperTest). */
class DynamoDbTriggerStoreIT {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

    private static final Instant CREATED = Instant.parse("2025-06-01T12:00:00.123456789Z");
    private static final Instant UPDATED = Instant.parse("2025-06-02T08:30:00.5Z");
    private static final String SECRET_A = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SECRET_B = "whsec_YW5vdGhlci0zMi1ieXRlLXNpZ25pbmcta2V5LTAwMDE=";
    private static final String SECRET_C = "plain-github-secret-Zq81";

    private final SecretCipher cipher = TestCiphers.local();
    private final TriggerStore store = new DynamoDbTriggerStore(DYNAMO.client(), DynamoDbLocalExtension.configuration(), cipher);
    private final String id = "trg_" + UUID.randomUUID();

    @Test
    void save_thenFind_roundTripsEveryField() {
        Trigger saved = store.save(id, "wf_orders", "standard-webhooks", List.of(SECRET_A, SECRET_B), CREATED);

        Trigger found = store.find(id).orElseThrow();

        assertThat(found.id()).isEqualTo(id);
        assertThat(found.workflowId()).isEqualTo("wf_orders");
        assertThat(found.signature()).isEqualTo(SignatureSettings.of("standard-webhooks"));
        assertThat(found.secrets().stream().map(TriggerSecret::value).toList()).containsExactly(SECRET_A, SECRET_B);
        assertThat(found.events()).isEqualTo(EventSettings.DEFAULTS);
        assertThat(found.createdAt()).isEqualTo(CREATED);
        assertThat(found.updatedAt()).isEqualTo(CREATED);
        assertThat(saved).usingRecursiveComparison().isEqualTo(found);
    }

    @Test
    void save_thenFind_roundTripsEverySignatureAndEventSetting() {
        HmacSettings hmac = new HmacSettings("X-Signature", "sha256=", HmacSettings.Encoding.BASE64,
                HmacSettings.Algorithm.SHA512, HmacSettings.Signed.TIMESTAMP_BODY, ":", "X-Timestamp", null,
                "/meta/id", "X-Event-Type");
        EventSettings events = new EventSettings("/id", List.of("order.created", "order.paid"),
                "{\"type\":\"object\",\"required\":[\"id\"]}", List.of("application/octet-stream", "application/pdf"),
                65536, new RateLimit(12.5, 20));
        List<TriggerSecret> secrets = List.of(
                new TriggerSecret("sec_00000000000000a1", SECRET_C, CREATED, UPDATED.plusSeconds(3600)),
                new TriggerSecret("sec_00000000000000a2", SECRET_A, UPDATED, null));
        Trigger trigger = new Trigger(id, "wf_orders", new SignatureSettings("hmac", Duration.ofSeconds(120), hmac),
                secrets, events, CREATED, UPDATED);

        store.save(trigger);

        assertThat(store.find(id).orElseThrow()).usingRecursiveComparison().isEqualTo(trigger);
        Map<String, AttributeValue> item = rawItem(id);
        assertThat(item.get("hmac").m().get("signed").s()).isEqualTo("timestamp-body");
        assertThat(item.get("hmac").m().get("encoding").s()).isEqualTo("base64");
        assertThat(item.get("hmac").m().get("algorithm").s()).isEqualTo("sha512");
        assertThat(item).doesNotContainKey("expiresAt").as("expiresAt is the table's TTL attribute");
    }

    @Test
    void storedItem_holdsNoSecretValue_inAnyAttribute() {
        store.save(new Trigger(id, "wf_orders", SignatureSettings.of("standard-webhooks"), List.of(
                TriggerSecret.current(SECRET_A, CREATED), TriggerSecret.current(SECRET_B, CREATED),
                TriggerSecret.current(SECRET_C, CREATED)), EventSettings.DEFAULTS, CREATED, CREATED));

        Map<String, AttributeValue> item = rawItem(id);
        String everything = item.toString() + " " + flatten(item);
        for (String secret : List.of(SECRET_A, SECRET_B, SECRET_C)) {
            String key = secret.startsWith("whsec_") ? secret.substring(6) : secret;
            assertThat(everything).doesNotContain(secret).doesNotContain(key);
        }
        assertThat(item).containsKeys("sealedSecrets", "wrappedKey", "keyWrapper", "secretIds")
                .doesNotContainKey("secrets");
        assertThat(item.get("secretIds").l()).hasSize(3)
                .allSatisfy(s -> assertThat(s.m()).containsOnlyKeys("id", "createdAt"));
    }

    @Test
    void legacyItemWithSecretsInAClearList_isRead_andSealedAtTheNextSave() {
        putLegacy(AttributeValue.fromL(List.of(AttributeValue.fromS(SECRET_A), AttributeValue.fromS(SECRET_B))));

        Trigger legacy = store.find(id).orElseThrow();

        assertThat(legacy.secretValues(UPDATED)).containsExactlyInAnyOrder(SECRET_A, SECRET_B);
        assertThat(legacy.secrets()).extracting(TriggerSecret::id).containsExactly("sec_legacy0", "sec_legacy1");
        assertThat(legacy.signature()).isEqualTo(SignatureSettings.of("standard-webhooks"));
        assertThat(legacy.events()).isEqualTo(EventSettings.DEFAULTS);

        store.save(new Trigger(id, legacy.workflowId(), legacy.signature(), legacy.secrets(), legacy.events(),
                legacy.createdAt(), UPDATED.plusSeconds(60)));

        Map<String, AttributeValue> item = rawItem(id);
        assertThat(item).doesNotContainKey("secrets").containsKey("sealedSecrets");
        assertThat(flatten(item)).doesNotContain(SECRET_A.substring(6), SECRET_B.substring(6));
        assertThat(store.find(id).orElseThrow().secrets()).extracting(TriggerSecret::value).containsExactly(SECRET_A, SECRET_B);
        assertThat(store.find(id).orElseThrow().createdAt()).isEqualTo(CREATED);
    }

    @Test
    void legacyItemWithAStringSetOfSecrets_isStillRead() {
        putLegacy(AttributeValue.fromSs(List.of(SECRET_A, SECRET_B)));

        assertThat(store.find(id).orElseThrow().secrets().stream().map(TriggerSecret::value).toList())
                .containsExactlyInAnyOrder(SECRET_A, SECRET_B);
    }

    @Test
    void itemCopiedToAnotherTriggerId_doesNotOpen() {
        store.save(id, "wf_orders", "standard-webhooks", List.of(SECRET_A), CREATED);
        Map<String, AttributeValue> copy = new HashMap<>(rawItem(id));
        String other = id + "-copy";
        copy.put("pk", AttributeValue.fromS("trigger#" + other));
        DYNAMO.client().putItem(r -> r.tableName(DynamoDbLocalExtension.TABLE).item(copy));

        assertThatThrownBy(() -> store.find(other)).isInstanceOf(SecretsUnreadableException.class)
                .hasMessageContaining(other).hasMessageNotContaining(SECRET_A);
    }

    @Test
    void blobWithOneByteChanged_doesNotOpen() {
        store.save(id, "wf_orders", "standard-webhooks", List.of(SECRET_A), CREATED);
        Map<String, AttributeValue> item = new HashMap<>(rawItem(id));
        byte[] blob = item.get("sealedSecrets").b().asByteArray();
        blob[blob.length / 2] ^= 0x40;
        item.put("sealedSecrets", AttributeValue.fromB(SdkBytes.fromByteArray(blob)));
        DYNAMO.client().putItem(r -> r.tableName(DynamoDbLocalExtension.TABLE).item(item));

        assertThatThrownBy(() -> store.find(id)).isInstanceOf(SecretsUnreadableException.class);
    }

    @Test
    void clearExpiryChangedOutsideHookrun_doesNotOpen() {
        store.save(new Trigger(id, "wf_orders", SignatureSettings.of("standard-webhooks"),
                List.of(new TriggerSecret("sec_00000000000000b1", SECRET_A, CREATED, UPDATED.plusSeconds(60))),
                EventSettings.DEFAULTS, CREATED, UPDATED));
        Map<String, AttributeValue> item = new HashMap<>(rawItem(id));
        item.put("secretIds", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                "id", AttributeValue.fromS("sec_00000000000000b1"), "createdAt", AttributeValue.fromS(CREATED.toString()))))));
        DYNAMO.client().putItem(r -> r.tableName(DynamoDbLocalExtension.TABLE).item(item));

        assertThatThrownBy(() -> store.find(id)).isInstanceOf(SecretsUnreadableException.class)
                .hasMessageContaining("changed outside hookrun");
    }

    @Test
    void itemSealedWithAnotherKey_doesNotOpen() {
        store.save(id, "wf_orders", "standard-webhooks", List.of(SECRET_A), CREATED);
        TriggerStore otherKey = new DynamoDbTriggerStore(DYNAMO.client(), DynamoDbLocalExtension.configuration(),
                TestCiphers.local());

        assertThatThrownBy(() -> otherKey.find(id)).isInstanceOf(SecretsUnreadableException.class);
    }

    @Test
    void save_dropsSecretsExpiredAtTheSave_andKeepsThoseStillInTheirOverlap() {
        List<TriggerSecret> secrets = List.of(
                new TriggerSecret("sec_00000000000000c1", SECRET_A, CREATED, UPDATED),
                new TriggerSecret("sec_00000000000000c2", SECRET_B, CREATED, UPDATED.plusSeconds(1)),
                new TriggerSecret("sec_00000000000000c3", SECRET_C, UPDATED, null));

        Trigger saved = store.save(new Trigger(id, "wf_orders", SignatureSettings.of("github"), secrets,
                EventSettings.DEFAULTS, CREATED, UPDATED));

        assertThat(saved.secrets()).extracting(TriggerSecret::id).containsExactly("sec_00000000000000c2", "sec_00000000000000c3");
        assertThat(store.find(id).orElseThrow().secrets()).containsExactlyElementsOf(saved.secrets());
    }

    @Test
    void triggerWithoutSecrets_storesNoSealedBlob() {
        store.save(new Trigger(id, "wf_orders", SignatureSettings.of("none"), List.of(), EventSettings.DEFAULTS,
                CREATED, CREATED));

        assertThat(rawItem(id)).doesNotContainKeys("sealedSecrets", "wrappedKey");
        assertThat(store.find(id).orElseThrow().secrets()).isEmpty();
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
    void save_thenFind_keepsTheOrderOfSecretsAndDuplicates() {
        List<String> secrets = List.of(SECRET_B, SECRET_A, SECRET_B);

        store.save(id, "wf_orders", "standard-webhooks", secrets, CREATED);

        assertThat(store.find(id).orElseThrow().secrets().stream().map(TriggerSecret::value).toList())
                .containsExactly(SECRET_B, SECRET_A, SECRET_B);
    }

    @Test
    void find_unknownId_isEmpty() {
        assertThat(store.find("trg_never_saved_" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void toString_neverShowsTheSecrets() {
        Trigger trigger = store.save(id, "wf_orders", "standard-webhooks", List.of(SECRET_A, SECRET_B), CREATED);

        assertThat(trigger.toString()).contains(id, "wf_orders", "2 hidden")
                .doesNotContain(SECRET_A, SECRET_B, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(trigger.secrets().getFirst().toString()).doesNotContain(SECRET_A);
    }

    private void putLegacy(AttributeValue secrets) {
        DYNAMO.client().putItem(r -> r.tableName(DynamoDbLocalExtension.TABLE).item(Map.of(
                "pk", AttributeValue.fromS("trigger#" + id),
                "workflowId", AttributeValue.fromS("wf_orders"),
                "scheme", AttributeValue.fromS("standard-webhooks"),
                "secrets", secrets,
                "createdAt", AttributeValue.fromS(CREATED.toString()),
                "updatedAt", AttributeValue.fromS(UPDATED.toString()))));
    }

    @Test
    void setEnabled_false_thenTrue_keepsEverythingElse_andSecretsStaySealed() {
        store.save(id, "wf_orders", "standard-webhooks", List.of(SECRET_A), CREATED);

        Trigger disabled = store.setEnabled(id, false, UPDATED).orElseThrow();

        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.updatedAt()).isEqualTo(UPDATED);
        assertThat(disabled.createdAt()).isEqualTo(CREATED);
        assertThat(disabled.secrets()).extracting(TriggerSecret::value).containsExactly(SECRET_A);
        assertThat(store.find(id).orElseThrow().enabled()).isFalse();
        assertThat(flatten(rawItem(id))).doesNotContain(SECRET_A);

        assertThat(store.setEnabled(id, true, UPDATED.plusSeconds(1)).orElseThrow().enabled()).isTrue();
        assertThat(store.find(id).orElseThrow().enabled()).isTrue();
    }

    @Test
    void setEnabled_unknownTrigger_isEmpty_andCreatesNothing() {
        assertThat(store.setEnabled(id, false, UPDATED)).isEmpty();
        assertThat(rawItem(id)).isEmpty();
    }

    @Test
    void save_writesEnabledFromTheRecord_andAnItemWithoutEnabledIsEnabled() {
        Trigger trigger = new Trigger(id, "wf_orders", SignatureSettings.of("standard-webhooks"),
                List.of(new TriggerSecret("sec_00000000000000b1", SECRET_A, CREATED, null)), EventSettings.DEFAULTS,
                CREATED, CREATED, false);

        assertThat(store.save(trigger).enabled()).isFalse();
        assertThat(store.find(id).orElseThrow().enabled()).isFalse();

        Map<String, AttributeValue> old = new HashMap<>(rawItem(id));
        old.remove("enabled");
        DYNAMO.client().putItem(r -> r.tableName(DynamoDbLocalExtension.TABLE).item(old));
        assertThat(store.find(id).orElseThrow().enabled()).isTrue();
    }

    @Test
    void delete_removesTheTriggerAndItsSecrets_andIsFalseTheSecondTime() {
        store.save(id, "wf_orders", "standard-webhooks", List.of(SECRET_A), CREATED);

        assertThat(store.delete(id)).isTrue();
        assertThat(store.find(id)).isEmpty();
        assertThat(rawItem(id)).isEmpty();
        assertThat(store.delete(id)).isFalse();
    }

    @Test
    void enabledFor_returnsOnlyTheEnabledTriggersOfThatWorkflow() {
        String workflow = "wf_" + UUID.randomUUID();
        store.save(id + "_on", workflow, "standard-webhooks", List.of(SECRET_A), CREATED);
        store.save(id + "_off", workflow, "standard-webhooks", List.of(SECRET_A), CREATED);
        store.save(id + "_other", "wf_other", "standard-webhooks", List.of(SECRET_A), CREATED);
        store.setEnabled(id + "_off", false, UPDATED);

        assertThat(store.enabledFor(workflow)).containsExactly(id + "_on");
        assertThat(store.enabledFor("wf_nobody_" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void enabledFor_countsATriggerWithNoEnabledAttribute_andOpensNoSecret() {
        String workflow = "wf_" + UUID.randomUUID();
        store.save(id, workflow, "standard-webhooks", List.of(SECRET_A), CREATED);
        DYNAMO.client().updateItem(r -> r.tableName(DynamoDbLocalExtension.TABLE)
                .key(Map.of("pk", AttributeValue.fromS("trigger#" + id))).updateExpression("REMOVE #enabled")
                .expressionAttributeNames(Map.of("#enabled", "enabled")));
        TriggerStore otherKey = new DynamoDbTriggerStore(DYNAMO.client(), DynamoDbLocalExtension.configuration(),
                TestCiphers.local());

        assertThat(rawItem(id)).doesNotContainKey("enabled");
        assertThat(otherKey.enabledFor(workflow)).containsExactly(id);
    }

    private static Map<String, AttributeValue> rawItem(String id) {
        return DYNAMO.client().getItem(r -> r.tableName(DynamoDbLocalExtension.TABLE)
                .key(Map.of("pk", AttributeValue.fromS("trigger#" + id)))).item();
    }

    /** Every string in the item, binary attributes as UTF-8 and as base64, nested maps and lists included. */
    private static String flatten(Map<String, AttributeValue> item) {
        StringBuilder all = new StringBuilder();
        item.forEach((name, value) -> flatten(value, all.append(name).append('=')));
        return all.toString();
    }

    private static void flatten(AttributeValue value, StringBuilder all) {
        if (value.s() != null) {
            all.append(value.s()).append(' ');
        }
        if (value.b() != null) {
            all.append(new String(value.b().asByteArray(), StandardCharsets.UTF_8)).append(' ')
                    .append(Base64.getEncoder().encodeToString(value.b().asByteArray())).append(' ');
        }
        if (value.hasSs()) {
            value.ss().forEach(s -> all.append(s).append(' '));
        }
        if (value.hasL()) {
            value.l().forEach(v -> flatten(v, all));
        }
        if (value.hasM()) {
            value.m().forEach((k, v) -> flatten(v, all.append(k).append('=')));
        }
    }
}
