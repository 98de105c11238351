package io.hookrun.local.template;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.utils.builder.SdkBuilder;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A {@link DynamoDbClient} that answers every request with an empty response and records the IAM action and
 * partition key of each, so that the requests hookrun's real stores make can be checked against a function's policy.
 */
final class RecordingDynamoDb {

    /** One request: its IAM action ({@code dynamodb:GetItem}) and the partition key it names, or null if none. */
    record Call(String action, String partitionKey) { }

    private final String partitionKeyAttribute;
    private final List<Call> calls = new ArrayList<>();
    private final List<SdkRequest> requests = new ArrayList<>();
    private final DynamoDbClient client;

    /** @param partitionKeyAttribute the table's HASH key attribute, as the template declares it */
    RecordingDynamoDb(String partitionKeyAttribute) {
        this.partitionKeyAttribute = partitionKeyAttribute;
        this.client = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, this::invoke);
    }

    DynamoDbClient client() {
        return client;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The requests themselves, in order (a transaction once, though it is several calls). */
    List<SdkRequest> requests() {
        return List.copyOf(requests);
    }

    private Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "RecordingDynamoDb";
            };
        }
        if (args != null && args.length == 1 && args[0] instanceof Consumer<?> && method.isDefault()) {
            // getItem(r -> ...) builds the request and calls getItem(GetItemRequest): recorded below.
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        if (method.isDefault() && method.getName().endsWith("Paginator")) {
            // queryPaginator(request) pages through query(request): recorded below, one call per page.
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        if (args != null && args.length == 1 && args[0] instanceof TransactWriteItemsRequest transaction) {
            // IAM authorizes each item of a transaction as the single-item action it contains.
            // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
            requests.add(transaction);
            for (TransactWriteItem item : transaction.transactItems()) {
                Map<String, AttributeValue> key = item.put() != null ? item.put().item()
                        : item.update() != null ? item.update().key()
                        : item.delete() != null ? item.delete().key() : item.conditionCheck().key();
                String action = item.put() != null ? "PutItem" : item.update() != null ? "UpdateItem"
                        : item.delete() != null ? "DeleteItem" : "ConditionCheckItem";
                AttributeValue value = key.get(partitionKeyAttribute);
                calls.add(new Call("dynamodb:" + action, value == null ? null : value.s()));
            }
            return TransactWriteItemsResponse.builder().build();
        }
        if (args != null && args.length == 1 && args[0] instanceof SdkRequest request) {
            String name = method.getName();
            requests.add(request);
            calls.add(new Call("dynamodb:" + Character.toUpperCase(name.charAt(0)) + name.substring(1), partitionKey(request)));
            return ((SdkBuilder<?, ?>) method.getReturnType().getMethod("builder").invoke(null)).build();
        }
        if (method.getName().equals("close")) {
            return null;
        }
        throw new UnsupportedOperationException(method.toString());
    }

    private String partitionKey(SdkRequest request) {
        Map<String, AttributeValue> key = switch (request) {
            case GetItemRequest r -> r.key();
            case PutItemRequest r -> r.item();
            case UpdateItemRequest r -> r.key();
            case DeleteItemRequest r -> r.key();
            default -> Map.of();
        };
        AttributeValue value = key.get(partitionKeyAttribute);
        return value == null ? null : value.s();
    }
}
