package io.hookrun.aws.dynamodb;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.page.Page;
import io.hookrun.core.secrets.SealedSecrets;
import io.hookrun.core.secrets.SecretCipher;
import io.hookrun.core.secrets.SecretsUnreadableException;
import io.hookrun.core.signature.HmacSettings;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.trigger.EventSettings;
import io.hookrun.core.trigger.RateLimit;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerSecret;
import io.hookrun.core.trigger.TriggerStore;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Triggers in the hookrun DynamoDB table, under {@code pk = trigger#<id>}, their secret values encrypted.
 *
 * <p>An item holds, in clear: {@code workflowId}, {@code scheme}, {@code toleranceSeconds}, {@code hmac} (a map, enum
 * values in the admin API's lower-case names), {@code event} (a map; the schema as JSON text), {@code secretIds} (a
 * list of {@code {id, createdAt, expiresAt}}), {@code createdAt}, {@code updatedAt}. The values are only in
 * {@code sealedSecrets}, sealed by {@link SecretCipher} under a fresh data key per save, whose wrapped form is in
 * {@code wrappedKey} ({@code keyWrapper} says by what). The sealed list repeats the ids and times, and a read checks
 * that the clear list matches it. A trigger without secrets ({@code none}) stores no blob and costs no KMS call.
 *
 * <p>Items written before issue 8 hold {@code scheme} and a {@code secrets} list (L, or an SS before that) in clear;
 * they are read (each secret current, id {@code sec_legacy<index>}) and sealed at their next save. No top-level
 * attribute is called {@code expiresAt}: that is the table's TTL attribute.
 *
 * <p>Issue 11 (ADR 0009): {@code enabled} (absent: enabled), and {@code kind = trigger, sk = <id>} for the
 * {@link CatalogIndex catalog index} that {@link #list} and {@link #enabledFor} query. A listed trigger is read as
 * {@link #find} reads it, one KMS {@code Decrypt} each.
 *
 * <p>Costs: {@link #find} is one GetItem and one unwrap (one KMS {@code Decrypt}); {@link #save} one GetItem (the
 * creation time, read without unwrapping), one wrap (KMS {@code GenerateDataKey}) and one PutItem.
 */
@Singleton
public class DynamoDbTriggerStore implements TriggerStore {

    static final String KIND = "trigger";
    static final String PREFIX = "trigger#";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final ItemsByKey items;
    private final CatalogIndex catalog;
    private final SecretCipher cipher;

    public DynamoDbTriggerStore(DynamoDbClient dynamoDb, HookrunConfiguration config, SecretCipher cipher) {
        this.dynamoDb = dynamoDb;
        this.table = config.requiredTableName();
        this.items = new ItemsByKey(dynamoDb, table, PREFIX);
        this.catalog = new CatalogIndex(dynamoDb, table);
        this.cipher = cipher;
    }

    @Override
    public Optional<Trigger> find(String id) {
        return items.get(id).map(item -> trigger(id, item));
    }

    /** {@code enabled} absent (items written before issue 11) is enabled. */
    private Trigger trigger(String id, Map<String, AttributeValue> item) {
        Instant createdAt = Instant.parse(item.get("createdAt").s());
        AttributeValue enabled = item.get("enabled");
        return new Trigger(id, item.get("workflowId").s(), signature(item), secrets(id, item, createdAt),
                events(item.get("event")), createdAt, Instant.parse(item.get("updatedAt").s()),
                enabled == null || !Boolean.FALSE.equals(enabled.bool()));
    }

    /** Drops the secrets expired at {@code trigger.updatedAt()} (the time of the save) and seals the others. */
    @Override
    public Trigger save(Trigger trigger) {
        Instant now = trigger.updatedAt();
        Instant createdAt = items.get(trigger.id()).map(item -> Instant.parse(item.get("createdAt").s()))
                .orElse(trigger.createdAt());
        List<TriggerSecret> kept = trigger.secrets().stream().filter(s -> s.activeAt(now)).toList();
        Map<String, AttributeValue> item = new HashMap<>(CatalogIndex.entry(KIND, trigger.id()));
        item.put("enabled", AttributeValue.fromBool(trigger.enabled()));
        item.put("workflowId", AttributeValue.fromS(trigger.workflowId()));
        item.put("scheme", AttributeValue.fromS(trigger.signature().scheme()));
        if (trigger.signature().tolerance() != null) {
            item.put("toleranceSeconds", number(trigger.signature().tolerance().toSeconds()));
        }
        if (trigger.signature().hmac() != null) {
            item.put("hmac", AttributeValue.fromM(hmac(trigger.signature().hmac())));
        }
        item.put("event", AttributeValue.fromM(events(trigger.events())));
        item.put("secretIds", AttributeValue.fromL(kept.stream().map(DynamoDbTriggerStore::secretId).toList()));
        if (!kept.isEmpty()) {
            SealedSecrets sealed = cipher.seal(trigger.id(), kept);
            item.put("sealedSecrets", AttributeValue.fromB(SdkBytes.fromByteArray(sealed.ciphertext())));
            item.put("wrappedKey", AttributeValue.fromB(SdkBytes.fromByteArray(sealed.wrappedKey())));
            item.put("keyWrapper", AttributeValue.fromS(sealed.wrapper()));
        }
        item.put("createdAt", AttributeValue.fromS(createdAt.toString()));
        item.put("updatedAt", AttributeValue.fromS(now.toString()));
        items.put(trigger.id(), item);
        return new Trigger(trigger.id(), trigger.workflowId(), trigger.signature(), kept, trigger.events(),
                createdAt, now, trigger.enabled());
    }

    // --- signature ---------------------------------------------------------------------------------------------

    private static SignatureSettings signature(Map<String, AttributeValue> item) {
        AttributeValue tolerance = item.get("toleranceSeconds");
        AttributeValue hmac = item.get("hmac");
        return new SignatureSettings(item.get("scheme").s(),
                tolerance == null ? null : Duration.ofSeconds(Long.parseLong(tolerance.n())),
                hmac == null ? null : hmac(hmac.m()));
    }

    private static Map<String, AttributeValue> hmac(HmacSettings h) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("header", AttributeValue.fromS(h.header()));
        putIfPresent(map, "prefix", h.prefix());
        map.put("encoding", AttributeValue.fromS(enumName(h.encoding())));
        map.put("algorithm", AttributeValue.fromS(enumName(h.algorithm())));
        map.put("signed", AttributeValue.fromS(enumName(h.signed())));
        putIfPresent(map, "separator", h.separator());
        putIfPresent(map, "timestampHeader", h.timestampHeader());
        putIfPresent(map, "deliveryIdHeader", h.deliveryIdHeader());
        putIfPresent(map, "deliveryIdPointer", h.deliveryIdPointer());
        putIfPresent(map, "eventTypeHeader", h.eventTypeHeader());
        return map;
    }

    private static HmacSettings hmac(Map<String, AttributeValue> map) {
        return new HmacSettings(string(map, "header"), string(map, "prefix"),
                enumValue(HmacSettings.Encoding.class, string(map, "encoding")),
                enumValue(HmacSettings.Algorithm.class, string(map, "algorithm")),
                enumValue(HmacSettings.Signed.class, string(map, "signed")), string(map, "separator"),
                string(map, "timestampHeader"), string(map, "deliveryIdHeader"), string(map, "deliveryIdPointer"),
                string(map, "eventTypeHeader"));
    }

    /** {@code TIMESTAMP_BODY} as the admin API writes it: {@code timestamp-body}. */
    private static String enumName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name) {
        return Enum.valueOf(type, name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    // --- event settings ------------------------------------------------------------------------------------------

    private static Map<String, AttributeValue> events(EventSettings e) {
        Map<String, AttributeValue> map = new HashMap<>();
        putIfPresent(map, "idempotencyKeyPointer", e.idempotencyKeyPointer());
        map.put("types", strings(e.types()));
        putIfPresent(map, "schema", e.schema());
        map.put("contentTypes", strings(e.contentTypes()));
        if (e.maxBodyBytes() != null) {
            map.put("maxBodyBytes", number(e.maxBodyBytes()));
        }
        if (e.rateLimit() != null) {
            map.put("rateLimit", AttributeValue.fromM(Map.of(
                    "perSecond", AttributeValue.fromN(Double.toString(e.rateLimit().perSecond())),
                    "burst", number(e.rateLimit().burst()))));
        }
        return map;
    }

    private static EventSettings events(@Nullable AttributeValue stored) {
        if (stored == null || !stored.hasM()) {
            return EventSettings.DEFAULTS; // items written before issue 8
        }
        Map<String, AttributeValue> map = stored.m();
        AttributeValue maxBody = map.get("maxBodyBytes");
        AttributeValue rate = map.get("rateLimit");
        return new EventSettings(string(map, "idempotencyKeyPointer"), strings(map.get("types")),
                string(map, "schema"), strings(map.get("contentTypes")),
                maxBody == null ? null : Integer.parseInt(maxBody.n()),
                rate == null ? null : new RateLimit(Double.parseDouble(rate.m().get("perSecond").n()),
                        Integer.parseInt(rate.m().get("burst").n())));
    }

    // --- secrets ---------------------------------------------------------------------------------------------

    private static AttributeValue secretId(TriggerSecret s) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("id", AttributeValue.fromS(s.id()));
        map.put("createdAt", AttributeValue.fromS(s.createdAt().toString()));
        if (s.expiresAt() != null) {
            map.put("expiresAt", AttributeValue.fromS(s.expiresAt().toString()));
        }
        return AttributeValue.fromM(map);
    }

    private List<TriggerSecret> secrets(String id, Map<String, AttributeValue> item, Instant createdAt) {
        AttributeValue sealed = item.get("sealedSecrets");
        if (sealed == null) {
            AttributeValue legacy = item.get("secrets");
            return legacy == null ? List.of() : legacySecrets(legacy, createdAt);
        }
        if (!item.containsKey("keyWrapper") || !item.containsKey("wrappedKey")) {
            throw new SecretsUnreadableException("trigger " + id + " holds sealed secrets without their wrapped key:"
                    + " the item was changed outside hookrun");
        }
        List<TriggerSecret> opened = cipher.open(id, new SealedSecrets(item.get("keyWrapper").s(),
                item.get("wrappedKey").b().asByteArray(), sealed.b().asByteArray()));
        List<AttributeValue> clear = item.containsKey("secretIds") ? item.get("secretIds").l() : List.of();
        List<AttributeValue> expected = opened.stream().map(DynamoDbTriggerStore::secretId).toList();
        if (!clear.equals(expected)) {
            throw new SecretsUnreadableException("the secret ids and times stored in clear for trigger " + id
                    + " differ from the sealed ones: the item was changed outside hookrun");
        }
        return opened;
    }

    /** Secrets in clear, as stored before issue 8 (a list, or a string set before that); sealed at the next save. */
    private static List<TriggerSecret> legacySecrets(AttributeValue stored, Instant createdAt) {
        List<String> values = stored.hasL() ? stored.l().stream().map(AttributeValue::s).toList() : stored.ss();
        List<TriggerSecret> secrets = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            secrets.add(new TriggerSecret("sec_legacy" + i, values.get(i), createdAt, null));
        }
        return secrets;
    }

    // --- attribute helpers -------------------------------------------------------------------------------------

    private static void putIfPresent(Map<String, AttributeValue> map, String name, @Nullable String value) {
        if (value != null) {
            map.put(name, AttributeValue.fromS(value));
        }
    }

    private static String string(Map<String, AttributeValue> map, String name) {
        AttributeValue value = map.get(name);
        return value == null ? null : value.s();
    }

    private static AttributeValue strings(List<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    private static List<String> strings(@Nullable AttributeValue stored) {
        return stored == null || !stored.hasL() ? List.of() : stored.l().stream().map(AttributeValue::s).toList();
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    @Override
    public Page<Trigger> list(@Nullable String pageToken, int limit) {
        Page<Map<String, AttributeValue>> page = catalog.page(KIND, pageToken, limit, true, sk -> PREFIX + sk);
        return new Page<>(page.items().stream().map(item -> trigger(item.get(CatalogIndex.SORT_KEY).s(), item))
                .toList(), page.nextToken());
    }

    /**
     * One Query of the index's trigger partition, every page, filtered by DynamoDB (the filter costs no less). The ids
     * come from the sort key: no secret is opened, so no KMS call is made, and a trigger sealed with a key this
     * function cannot use still counts.
     */
    @Override
    public List<String> enabledFor(String workflowId) {
        return catalog.all(KIND, "#workflowId = :workflowId AND (attribute_not_exists(#enabled) OR #enabled = :true)",
                        Map.of("#workflowId", "workflowId", "#enabled", "enabled"),
                        Map.of(":workflowId", AttributeValue.fromS(workflowId), ":true", AttributeValue.fromBool(true)))
                .stream().map(item -> item.get(CatalogIndex.SORT_KEY).s()).toList();
    }

    /** One UpdateItem; also sets the catalog attributes, so a trigger saved before the index gets into the lists. */
    @Override
    public Optional<Trigger> setEnabled(String id, boolean enabled, Instant now) {
        try {
            Map<String, AttributeValue> item = dynamoDb.updateItem(r -> r.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(PREFIX + id)))
                    .conditionExpression("attribute_exists(pk)")
                    .updateExpression("SET #enabled = :enabled, updatedAt = :now, #kind = :kind, #sk = :sk")
                    .expressionAttributeNames(Map.of("#enabled", "enabled", "#kind", CatalogIndex.KIND,
                            "#sk", CatalogIndex.SORT_KEY))
                    .expressionAttributeValues(Map.of(":enabled", AttributeValue.fromBool(enabled),
                            ":now", AttributeValue.fromS(now.toString()), ":kind", AttributeValue.fromS(KIND),
                            ":sk", AttributeValue.fromS(id)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(trigger(id, item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** Deletes the item, and with it the sealed secrets it holds. */
    @Override
    public boolean delete(String id) {
        Map<String, AttributeValue> old = dynamoDb.deleteItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(PREFIX + id))).returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }
}
