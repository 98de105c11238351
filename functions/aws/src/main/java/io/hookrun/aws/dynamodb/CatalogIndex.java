package io.hookrun.aws.dynamodb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hookrun.core.page.InvalidPageTokenException;
import io.hookrun.core.page.Page;
import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The table's global secondary index {@code catalog} (ADR 0009): partition key {@code kind}, sort key {@code sk},
 * projection ALL. Only catalog items carry {@code kind} (a workflow, a trigger, a workflow's versions), so a list is
 * one Query of one partition and never scans delivery claims. A GSI read is eventually consistent (the only kind a
 * GSI offers): a list may miss a save made a moment ago.
 *
 * <p>Page tokens: base64url (no padding) of {@code {"v":1,"kind":...,"sk":...,"pk":...}}, the key a GSI Query needs
 * to go on ({@code ExclusiveStartKey}: the index keys and the table's key). A token is only taken for the partition it
 * was made for, and only when its table key is the one an item of that sort key has ({@code pkOfSk}); anything else is
 * an {@link InvalidPageTokenException} whose message never repeats the token.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html
 */
final class CatalogIndex {

    static final String INDEX = "catalog";
    static final String KIND = "kind";
    static final String SORT_KEY = "sk";
    private static final String PK = "pk";
    private static final int TOKEN_VERSION = 1;
    /** A token is a few ids long; anything much longer is not one this class made. */
    private static final int MAX_TOKEN_CHARS = 2048;
    private static final JsonFactory JSON = new JsonFactory();

    private final DynamoDbClient dynamoDb;
    private final String table;

    CatalogIndex(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The attributes that put an item in partition {@code kind} of the index under {@code sk}. */
    static Map<String, AttributeValue> entry(String kind, String sk) {
        return Map.of(KIND, AttributeValue.fromS(kind), SORT_KEY, AttributeValue.fromS(sk));
    }

    /**
     * One page of partition {@code kind}, by sort key ({@code forward}) or newest first. Asks for one item more than
     * {@code limit} to know whether another page follows, so the last page has no token (DynamoDB's own
     * {@code LastEvaluatedKey} is set after a page that happens to end exactly at the last item too); the token is
     * DynamoDB's key when a page stopped short at the 1 MB a Query reads at most.
     *
     * @param pkOfSk the table key an item of this partition with a given sort key has (a token is checked against it)
     */
    Page<Map<String, AttributeValue>> page(String kind, @Nullable String token, int limit, boolean forward,
                                           Function<String, String> pkOfSk) {
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one item, not " + limit);
        }
        QueryRequest.Builder request = query(kind).scanIndexForward(forward).limit(limit + 1);
        if (token != null) {
            request.exclusiveStartKey(decode(token, kind, pkOfSk));
        }
        QueryResponse response = dynamoDb.query(request.build());
        List<Map<String, AttributeValue>> items = response.items();
        if (items.size() > limit) {
            List<Map<String, AttributeValue>> page = items.subList(0, limit);
            return new Page<>(page, encode(keyOf(page.get(limit - 1))));
        }
        Map<String, AttributeValue> last = response.lastEvaluatedKey();
        return new Page<>(items, last == null || last.isEmpty() ? null : encode(last));
    }

    /** Every item of partition {@code kind} that passes {@code filter} (a FilterExpression), all pages read. */
    List<Map<String, AttributeValue>> all(String kind, String filter, Map<String, String> names,
                                          Map<String, AttributeValue> values) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#kind", KIND);
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":kind", AttributeValue.fromS(kind));
        QueryRequest request = QueryRequest.builder().tableName(table).indexName(INDEX)
                .keyConditionExpression("#kind = :kind").filterExpression(filter)
                .expressionAttributeNames(allNames).expressionAttributeValues(allValues).build();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.queryPaginator(request).items().forEach(items::add);
        return items;
    }

    private QueryRequest.Builder query(String kind) {
        return QueryRequest.builder().tableName(table).indexName(INDEX)
                .keyConditionExpression("#kind = :kind")
                .expressionAttributeNames(Map.of("#kind", KIND))
                .expressionAttributeValues(Map.of(":kind", AttributeValue.fromS(kind)));
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        return Map.of(PK, item.get(PK), KIND, item.get(KIND), SORT_KEY, item.get(SORT_KEY));
    }

    // --- the token ---------------------------------------------------------------------------------------------

    static String encode(Map<String, AttributeValue> key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("v", TOKEN_VERSION);
            json.writeStringField(KIND, key.get(KIND).s());
            json.writeStringField(SORT_KEY, key.get(SORT_KEY).s());
            json.writeStringField(PK, key.get(PK).s());
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    static Map<String, AttributeValue> decode(String token, String kind, Function<String, String> pkOfSk) {
        Map<String, String> fields = token.length() > MAX_TOKEN_CHARS ? null : fields(token);
        if (fields == null || !String.valueOf(TOKEN_VERSION).equals(fields.get("v")) || !kind.equals(fields.get(KIND))
                || fields.get(SORT_KEY) == null || fields.get(PK) == null) {
            throw new InvalidPageTokenException("the page token is not one this list made");
        }
        String expectedPk;
        try {
            expectedPk = pkOfSk.apply(fields.get(SORT_KEY));
        } catch (RuntimeException e) {
            expectedPk = null;
        }
        if (!fields.get(PK).equals(expectedPk)) {
            throw new InvalidPageTokenException("the page token is not one this list made");
        }
        return Map.of(PK, AttributeValue.fromS(fields.get(PK)), KIND, AttributeValue.fromS(kind),
                SORT_KEY, AttributeValue.fromS(fields.get(SORT_KEY)));
    }

    /** The token's fields as text, or null when it is not base64url of one flat JSON object of scalars. */
    private static @Nullable Map<String, String> fields(String token) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        try (JsonParser json = JSON.createParser(new String(bytes, StandardCharsets.UTF_8))) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken t = json.nextToken(); t != JsonToken.END_OBJECT; t = json.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    return null;
                }
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (value == null || !value.isScalarValue() || fields.put(name, json.getText()) != null) {
                    return null;
                }
            }
            return json.nextToken() == null ? fields : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
