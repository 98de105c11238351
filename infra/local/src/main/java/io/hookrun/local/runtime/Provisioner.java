package io.hookrun.local.runtime;

import io.hookrun.local.template.Intrinsics;
import io.hookrun.local.template.SamTemplate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the tables and queues a template declares in the local stand-ins, dead-letter queues first so
 * redrive policies can point at them. Resource names are the logical ids.
 */
final class Provisioner {

    /** What was created, for resolving {@code Ref} and {@code GetAtt}. */
    record Resources(Map<String, String> queueUrls, Map<String, String> queueArns, Map<String, String> tables) { }

    private Provisioner() {
    }

    static Resources provision(SamTemplate template, java.util.function.Function<Resources, Intrinsics> intrinsics, DynamoDbClient dynamoDb, SqsClient sqs) {
        Resources resources = new Resources(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        Intrinsics resolver = intrinsics.apply(resources);
        for (SamTemplate.Table table : template.tables().values()) {
            createTable(table, dynamoDb);
            resources.tables().put(table.logicalId(), table.logicalId());
        }
        List<SamTemplate.Queue> queues = new ArrayList<>(template.queues().values());
        queues.sort((a, b) -> Boolean.compare(a.properties().containsKey("RedrivePolicy"), b.properties().containsKey("RedrivePolicy")));
        for (SamTemplate.Queue queue : queues) {
            Map<QueueAttributeName, String> attributes = new HashMap<>();
            Map<String, Object> p = queue.properties();
            if (p.containsKey("VisibilityTimeout")) {
                attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, resolver.resolveString(p.get("VisibilityTimeout")));
            }
            if (p.containsKey("MessageRetentionPeriod")) {
                attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, resolver.resolveString(p.get("MessageRetentionPeriod")));
            }
            if (p.get("RedrivePolicy") != null) {
                Map<?, ?> redrive = (Map<?, ?>) resolver.resolve(p.get("RedrivePolicy"));
                attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + redrive.get("deadLetterTargetArn")
                        + "\",\"maxReceiveCount\":" + redrive.get("maxReceiveCount") + "}");
            }
            String url = sqs.createQueue(r -> r.queueName(queue.logicalId()).attributes(attributes)).queueUrl();
            String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            resources.queueUrls().put(queue.logicalId(), url);
            resources.queueArns().put(queue.logicalId(), arn);
        }
        return resources;
    }

    private static void createTable(SamTemplate.Table table, DynamoDbClient dynamoDb) {
        Map<String, Object> p = table.properties();
        List<AttributeDefinition> attributes = ((List<?>) p.get("AttributeDefinitions")).stream()
                .map(a -> (Map<?, ?>) a)
                .map(a -> AttributeDefinition.builder().attributeName(String.valueOf(a.get("AttributeName")))
                        .attributeType(String.valueOf(a.get("AttributeType"))).build())
                .toList();
        List<KeySchemaElement> keys = ((List<?>) p.get("KeySchema")).stream()
                .map(k -> (Map<?, ?>) k)
                .map(k -> KeySchemaElement.builder().attributeName(String.valueOf(k.get("AttributeName")))
                        .keyType(String.valueOf(k.get("KeyType"))).build())
                .toList();
        dynamoDb.createTable(r -> r.tableName(table.logicalId()).attributeDefinitions(attributes).keySchema(keys)
                .billingMode(BillingMode.PAY_PER_REQUEST));
        if (p.get("TimeToLiveSpecification") instanceof Map<?, ?> ttl && Boolean.TRUE.equals(ttl.get("Enabled"))) {
            dynamoDb.updateTimeToLive(r -> r.tableName(table.logicalId()).timeToLiveSpecification(s -> s
                    .attributeName(String.valueOf(ttl.get("AttributeName"))).enabled(true)));
        }
    }
}
