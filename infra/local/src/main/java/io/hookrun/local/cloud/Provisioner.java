package io.hookrun.local.cloud;

import io.hookrun.testsupport.emulator.AwsDefaults;
import io.hookrun.local.template.Intrinsics;
import io.hookrun.local.template.SamTemplate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the tables and queues a template declares in the local stand-ins, dead-letter queues first so
 * redrive policies can point at them. Resource names are the logical ids. The template's KMS key has no local
 * stand-in: a key file takes its place ({@link #secretsKeyFile}).
 *
 * <p>On a stack restarted on its state ({@code .hookrun/}) the tables and queues are there already: what exists is
 * kept with its items and messages, only what is missing is created ({@link #tableExists}, {@link #existingQueueUrl}).
 */
final class Provisioner {

    /** What was created, for resolving {@code Ref} and {@code GetAtt}. */
    record Resources(Map<String, String> queueUrls, Map<String, String> queueArns, Map<String, String> tables) {

        /**
         * Intrinsics against these resources: {@code Ref} of a queue is its URL, of a table its name;
         * {@code GetAtt X.Arn} the queue's ElasticMQ ARN or a table ARN; other resources (the HTTP API, functions)
         * resolve to placeholders so that outputs and policies resolve too.
         */
        Intrinsics intrinsics(SamTemplate template, Map<String, Object> parameters) {
            Map<String, Object> declared = template.resources();
            return new Intrinsics(parameters,
                    id -> queueUrls.containsKey(id) ? queueUrls.get(id)
                            : tables.containsKey(id) ? tables.get(id)
                            : declared.containsKey(id) || template.samGeneratedReferences().contains(id) ? id : null,
                    (id, attribute) -> switch (attribute) {
                        case "Arn" -> queueArns.containsKey(id) ? queueArns.get(id)
                                : tables.containsKey(id) ? "arn:aws:dynamodb:" + AwsDefaults.REGION + ":" + AwsDefaults.ACCOUNT_ID + ":table/" + id
                                : declared.containsKey(id) ? "arn:aws:local:" + AwsDefaults.REGION + ":" + AwsDefaults.ACCOUNT_ID + ":" + id : null;
                        case "QueueName" -> queueUrls.containsKey(id) ? id : null;
                        case "QueueUrl" -> queueUrls.get(id);
                        default -> declared.containsKey(id) ? id + "." + attribute : null;
                    },
                    template.conditions());
        }
    }

    private Provisioner() {
    }

    /** Creates every table (TTL on where declared) and queue of {@code template}; returns their names, URLs and ARNs. */
    static Resources provision(SamTemplate template, Map<String, Object> parameters, DynamoDbClient dynamoDb, SqsClient sqs) {
        Resources resources = new Resources(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        Intrinsics resolver = resources.intrinsics(template, parameters);
        for (SamTemplate.Table table : template.tables().values()) {
            if (!tableExists(table.logicalId(), dynamoDb)) {
                createTable(table, dynamoDb); // with its indexes
            } else {
                // A table kept from an earlier run gets the indexes declared since (the catalog index).
                GlobalSecondaryIndexes.addMissing(table, dynamoDb);
            }
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
            if (p.containsKey("MaximumMessageSize")) {
                attributes.put(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, resolver.resolveString(p.get("MaximumMessageSize")));
            }
            if (p.containsKey("MessageRetentionPeriod")) {
                attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, resolver.resolveString(p.get("MessageRetentionPeriod")));
            }
            if (p.get("RedrivePolicy") != null) {
                Map<?, ?> redrive = (Map<?, ?>) resolver.resolve(p.get("RedrivePolicy"));
                attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + redrive.get("deadLetterTargetArn")
                        + "\",\"maxReceiveCount\":" + redrive.get("maxReceiveCount") + "}");
            }
            String url = existingQueueUrl(queue.logicalId(), sqs).orElse(null);
            if (url == null) {
                url = sqs.createQueue(r -> r.queueName(queue.logicalId()).attributes(attributes)).queueUrl();
            } else if (!attributes.isEmpty()) {
                // CreateQueue on an existing queue with other attributes fails (QueueAlreadyExists): set the template's
                // instead, which also undoes an earlier start's --visibility-timeout and restores what ElasticMQ's
                // store does not keep (MaximumMessageSize, MessageRetentionPeriod). Messages stay.
                String existing = url;
                sqs.setQueueAttributes(r -> r.queueUrl(existing).attributes(attributes));
            }
            String queueUrl = url;
            String arn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            resources.queueUrls().put(queue.logicalId(), queueUrl);
            resources.queueArns().put(queue.logicalId(), arn);
        }
        return resources;
    }

    /** Bytes of the local secrets key: AES-256, as the data keys KMS would wrap. */
    static final int SECRETS_KEY_BYTES = 32;

    /**
     * The key file that wraps trigger secrets where the template's KMS key would ({@code hookrun.secrets.key-file}):
     * created with 32 random bytes, readable by its owner only, when missing; kept as it is when there, so secrets
     * sealed by an earlier start still open. The file appears whole or not at all (written aside, then linked in),
     * so two stacks starting at once never read half a key.
     */
    static Path secretsKeyFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path aside = Files.createTempFile(directory, ".secrets", ".key");
            try {
                ownerOnly(aside);
                byte[] key = new byte[SECRETS_KEY_BYTES];
                new SecureRandom().nextBytes(key);
                Files.write(aside, key);
                Files.createLink(file, aside);
            } catch (FileAlreadyExistsException e) {
                // another stack created it in between: use that one
            } finally {
                Files.deleteIfExists(aside);
            }
        }
        long size = Files.size(file);
        if (size != SECRETS_KEY_BYTES) {
            throw new IllegalStateException(file + " holds " + size + " bytes, not a " + SECRETS_KEY_BYTES + "-byte key;"
                    + " move it away to start with a new key (secrets stored under the old one will not open)");
        }
        return file;
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user's profile directory protects it
        }
    }

    /** Whether table {@code name} is there already (a restart on kept state): then it is left as it is. */
    static boolean tableExists(String name, DynamoDbClient dynamoDb) {
        try {
            dynamoDb.describeTable(r -> r.tableName(name));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /** The URL of queue {@code name} when it is there already (a restart on kept state). */
    static Optional<String> existingQueueUrl(String name, SqsClient sqs) {
        try {
            return Optional.of(sqs.getQueueUrl(r -> r.queueName(name)).queueUrl());
        } catch (QueueDoesNotExistException e) {
            return Optional.empty();
        }
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
                .globalSecondaryIndexes(GlobalSecondaryIndexes.declared(table))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        table.ttlAttribute().ifPresent(attribute -> dynamoDb.updateTimeToLive(r -> r.tableName(table.logicalId())
                .timeToLiveSpecification(s -> s.attributeName(attribute).enabled(true))));
    }
}
