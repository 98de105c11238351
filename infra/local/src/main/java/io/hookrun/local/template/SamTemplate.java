package io.hookrun.local.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a SAM template the local runtime acts on: functions (handler, timeout, environment, events),
 * queues and tables. Values are left unresolved here; {@link Intrinsics} resolves them against local resources.
 */
public final class SamTemplate {

    /** An HTTP API route of a function. */
    public record HttpRoute(String method, String path, boolean iamAuthorized) { }

    /** An SQS event source mapping of a function. */
    public record SqsMapping(Object queueArn, int batchSize, boolean reportBatchItemFailures) { }

    /** A function as the template declares it, Globals merged; {@code schedules} are Schedule expressions. */
    public record Function(String logicalId, String handler, String codeUri, int timeoutSeconds, int memoryMb,
                           Map<String, Object> environment, List<HttpRoute> routes, List<SqsMapping> queues,
                           List<String> schedules) { }

    /** An SQS queue; property values may still be intrinsics (resolve them with {@link Intrinsics}). */
    public record Queue(String logicalId, Map<String, Object> properties) {

        /** Seconds, or null for the SQS default (30). */
        public Object visibilityTimeout() {
            return properties.get("VisibilityTimeout");
        }

        public Object messageRetentionPeriod() {
            return properties.get("MessageRetentionPeriod");
        }

        /** {@code deadLetterTargetArn} and {@code maxReceiveCount}, or an empty map without a dead-letter queue. */
        public Map<String, Object> redrivePolicy() {
            return map(properties.get("RedrivePolicy"));
        }
    }

    /** A DynamoDB table. */
    public record Table(String logicalId, Map<String, Object> properties) {

        /** Items of {@code AttributeName} and {@code KeyType}. */
        public List<Map<String, Object>> keySchema() {
            return list(properties.get("KeySchema"));
        }

        /** Items of {@code AttributeName} and {@code AttributeType}. */
        public List<Map<String, Object>> attributeDefinitions() {
            return list(properties.get("AttributeDefinitions"));
        }

        /**
         * Items of {@code IndexName}, {@code KeySchema} (as {@link #keySchema}) and {@code Projection}; empty when the
         * table declares none (issue 11: the catalog index).
         */
        public List<Map<String, Object>> globalSecondaryIndexes() {
            return list(properties.get("GlobalSecondaryIndexes"));
        }

        /** The attribute whose epoch-seconds value expires an item, when TTL is enabled. */
        public java.util.Optional<String> ttlAttribute() {
            Map<String, Object> ttl = map(properties.get("TimeToLiveSpecification"));
            return Boolean.TRUE.equals(ttl.get("Enabled")) ? java.util.Optional.of(String.valueOf(ttl.get("AttributeName")))
                    : java.util.Optional.empty();
        }
    }

    /** A template parameter; {@code defaultValue} is null when it has none. */
    public record Parameter(String name, String type, Object defaultValue) { }

    private final Map<String, Object> root;
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final Map<String, Table> tables = new LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    private SamTemplate(Map<String, Object> root) {
        this.root = root;
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        map(root.get("Resources")).forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            Map<String, Object> properties = map(resource.get("Properties"));
            switch (String.valueOf(resource.get("Type"))) {
                case "AWS::Serverless::Function" -> functions.put(id, function(id, globals, properties));
                case "AWS::SQS::Queue" -> queues.put(id, new Queue(id, properties));
                case "AWS::DynamoDB::Table" -> tables.put(id, new Table(id, properties));
                default -> { }
            }
        });
    }

    /** Reads a template file; the short intrinsic tags ({@code !Ref} ...) become their long forms. */
    public static SamTemplate read(Path path) throws IOException {
        return new SamTemplate(CfnYaml.parse(Files.readString(path)));
    }

    public Map<String, Object> root() {
        return root;
    }

    public Map<String, Function> functions() {
        return functions;
    }

    public Map<String, Queue> queues() {
        return queues;
    }

    public Map<String, Table> tables() {
        return tables;
    }

    /**
     * The functions CodeDeploy calls as a {@code DeploymentPreference} hook (PreTraffic, PostTraffic) of some function:
     * they run only inside a deployment, so the local runtime does not load them.
     */
    public Set<String> deploymentHooks() {
        Set<String> hooks = new LinkedHashSet<>();
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        resources().forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                Map<String, Object> preference = new LinkedHashMap<>(map(globals.get("DeploymentPreference")));
                preference.putAll(map(map(resource.get("Properties")).get("DeploymentPreference")));
                map(preference.get("Hooks")).values().forEach(hook -> {
                    Object name = map(hook).get("Ref");
                    if (name != null) {
                        hooks.add(String.valueOf(name));
                    }
                });
            }
        });
        return hooks;
    }

    /**
     * What SAM's transform adds and a template may refer to before it exists: {@code <Function>.Version} and
     * {@code <Function>.Alias} of a function with {@code AutoPublishAlias}; {@code <Function>DeploymentGroup} and
     * {@code ServerlessDeploymentApplication} for one with a {@code DeploymentPreference}.
     * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-function.html
     */
    public Set<String> samGeneratedReferences() {
        Set<String> generated = new LinkedHashSet<>();
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        resources().forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            Map<String, Object> properties = map(resource.get("Properties"));
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            if (properties.containsKey("AutoPublishAlias") || globals.containsKey("AutoPublishAlias")) {
                generated.add(id + ".Version");
                generated.add(id + ".Alias");
            }
            if (properties.containsKey("DeploymentPreference") || globals.containsKey("DeploymentPreference")) {
                generated.add(id + "DeploymentGroup");
                generated.add("ServerlessDeploymentApplication");
            }
        });
        return generated;
    }

    /** The raw {@code Parameters} section. */
    public Map<String, Object> parameters() {
        return map(root.get("Parameters"));
    }

    /** The parameters with their types and defaults, in template order. */
    public List<Parameter> parameterList() {
        List<Parameter> list = new ArrayList<>();
        parameters().forEach((name, definition) -> list.add(new Parameter(name, String.valueOf(map(definition).get("Type")),
                map(definition).get("Default"))));
        return list;
    }

    /** The {@code Conditions} section, for {@code Fn::If}. */
    public Map<String, Object> conditions() {
        return map(root.get("Conditions"));
    }

    public Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    private static Function function(String id, Map<String, Object> globals, Map<String, Object> properties) {
        Map<String, Object> environment = new LinkedHashMap<>(map(map(globals.get("Environment")).get("Variables")));
        environment.putAll(map(map(properties.get("Environment")).get("Variables")));
        List<HttpRoute> routes = new ArrayList<>();
        List<SqsMapping> queues = new ArrayList<>();
        List<String> schedules = new ArrayList<>();
        map(properties.get("Events")).forEach((name, value) -> {
            Map<String, Object> event = map(value);
            Map<String, Object> p = map(event.get("Properties"));
            switch (String.valueOf(event.get("Type"))) {
                case "HttpApi" -> routes.add(new HttpRoute(String.valueOf(p.getOrDefault("Method", "ANY")).toUpperCase(),
                        String.valueOf(p.get("Path")), "AWS_IAM".equals(map(p.get("Auth")).get("Authorizer"))));
                case "SQS" -> queues.add(new SqsMapping(p.get("Queue"), number(p.get("BatchSize"), 10),
                        p.get("FunctionResponseTypes") instanceof List<?> types && types.contains("ReportBatchItemFailures")));
                case "Schedule" -> schedules.add(String.valueOf(p.get("Schedule")));
                default -> { }
            }
        });
        return new Function(id, String.valueOf(properties.get("Handler")), properties.get("CodeUri") instanceof String uri ? uri : null,
                number(properties.getOrDefault("Timeout", globals.get("Timeout")), 3),
                number(properties.getOrDefault("MemorySize", globals.get("MemorySize")), 128),
                environment, routes, queues, schedules);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    static int number(Object value, int fallback) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        return value == null ? fallback : Integer.parseInt(String.valueOf(value));
    }
}
