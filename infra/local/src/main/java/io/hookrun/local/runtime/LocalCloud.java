package io.hookrun.local.runtime;

import io.hookrun.local.emulator.LocalDynamoDb;
import io.hookrun.local.emulator.LocalPostgres;
import io.hookrun.local.emulator.LocalSqs;
import io.hookrun.local.template.Intrinsics;
import io.hookrun.local.template.SamTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * hookrun's AWS, on 127.0.0.1, without Docker: PostgreSQL, DynamoDB Local and ElasticMQ, the tables and
 * queues of {@code template.yaml}, every function of the template in its own context, the HTTP API routes
 * and the SQS event source mappings. Used by {@code ./hookrun local}, {@code ./hookrun invoke} and the
 * end-to-end tests alike, so what the tests prove is what a developer runs.
 */
public final class LocalCloud implements AutoCloseable {

    /**
     * How to start.
     *
     * @param httpPort           0 for any free port
     * @param serveHttp          start the HTTP API
     * @param pollQueues         start the SQS event source mappings
     * @param faultProxyFunctions functions whose SQS traffic goes through {@link #sqsFaultProxy()}
     * @param parameterOverrides template parameter values (the database parameters are set to the local PostgreSQL)
     * @param awsEndpoint        an AWS emulator serving both DynamoDB and SQS (LocalStack); null starts DynamoDB
     *                           Local and ElasticMQ in-process
     */
    public record Options(Path template, int httpPort, boolean serveHttp, boolean pollQueues, String adminToken,
                          Set<String> faultProxyFunctions, Map<String, String> parameterOverrides, URI awsEndpoint) {

        public static Options defaults(Path template) {
            return new Options(template, 3000, true, true, null, Set.of(), Map.of(), null);
        }
    }

    private static final String REGION = "us-east-1";

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, FunctionHost> functions = new LinkedHashMap<>();
    private final LocalPostgres postgres;
    private final URI dynamoDbEndpoint;
    private final URI sqsEndpoint;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final FaultProxy faultProxy;
    private final Provisioner.Resources resources;
    private final String adminToken;
    private LocalHttpApi httpApi;

    private LocalCloud(Options options) throws IOException {
        try {
            defaultAwsSystemProperties();
            SamTemplate template = SamTemplate.read(options.template());
            postgres = track(LocalPostgres.start());
            if (options.awsEndpoint() == null) {
                dynamoDbEndpoint = track(LocalDynamoDb.start()).endpoint();
                sqsEndpoint = track(LocalSqs.start()).endpoint();
            } else {
                dynamoDbEndpoint = options.awsEndpoint();
                sqsEndpoint = options.awsEndpoint();
            }
            dynamoDb = track(DynamoDbClient.builder().endpointOverride(dynamoDbEndpoint).region(Region.of(REGION))
                    .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build());
            sqs = track(SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.of(REGION))
                    .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build());
            faultProxy = track(new FaultProxy(sqsEndpoint));
            adminToken = options.adminToken() != null && !options.adminToken().isBlank() ? options.adminToken() : newToken();

            Map<String, Object> parameters = parameters(template, options.parameterOverrides());
            resources = Provisioner.provision(template, r -> intrinsics(template, parameters, r), dynamoDb, sqs);
            Intrinsics resolver = intrinsics(template, parameters, resources);

            for (SamTemplate.Function function : template.functions().values()) {
                Map<String, Object> environment = new LinkedHashMap<>();
                function.environment().forEach((k, v) -> environment.put(k, resolver.resolveString(v)));
                URI functionSqsEndpoint = options.faultProxyFunctions().contains(function.logicalId())
                        ? faultProxy.endpoint() : sqsEndpoint;
                Map<String, Object> local = Map.of(
                        "aws.services.dynamodb.endpoint-override", dynamoDbEndpoint.toString(),
                        "aws.services.sqs.endpoint-override", functionSqsEndpoint.toString(),
                        "aws.region", REGION);
                functions.put(function.logicalId(), track(new FunctionHost(function, options.template().toAbsolutePath().getParent(), environment, local)));
            }
            if (options.serveHttp()) {
                List<HttpApiRoute> routes = new ArrayList<>();
                functions.values().forEach(f -> f.function().routes().forEach(r -> routes.add(HttpApiRoute.of(r, f))));
                httpApi = track(new LocalHttpApi(options.httpPort(), routes, adminToken));
            }
            if (options.pollQueues()) {
                for (FunctionHost function : functions.values()) {
                    for (SamTemplate.SqsMapping mapping : function.function().queues()) {
                        String arn = String.valueOf(resolver.resolve(mapping.queueArn()));
                        String queueId = resources.queueArns().entrySet().stream().filter(e -> e.getValue().equals(arn))
                                .map(Map.Entry::getKey).findFirst()
                                .orElseThrow(() -> new IllegalStateException(function.logicalId() + " polls unknown queue " + arn));
                        track(new SqsEventSource(sqs, resources.queueUrls().get(queueId), arn, function,
                                mapping.batchSize(), mapping.reportBatchItemFailures()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            close(); // a half-started cloud must not leave a PostgreSQL process behind
            throw e;
        }
    }

    public static LocalCloud start(Options options) throws IOException {
        return new LocalCloud(options);
    }

    public URI httpApi() {
        if (httpApi == null) {
            throw new IllegalStateException("the HTTP API was not started");
        }
        return httpApi.baseUri();
    }

    public FunctionHost function(String logicalId) {
        FunctionHost function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("no function " + logicalId + " in the template (has: " + functions.keySet() + ")");
        }
        return function;
    }

    public Map<String, FunctionHost> functions() {
        return functions;
    }

    /** Reads {@code eventJson} into the function's event type and invokes it, as {@code sam local invoke} does. */
    public String invoke(String logicalId, String eventJson) throws IOException {
        FunctionHost function = function(logicalId);
        return new String(function.invokeJson(eventJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)), java.nio.charset.StandardCharsets.UTF_8);
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public String queueUrl(String logicalId) {
        return resources.queueUrls().get(logicalId);
    }

    public Map<String, String> queueUrls() {
        return resources.queueUrls();
    }

    public String tableName(String logicalId) {
        return resources.tables().get(logicalId);
    }

    public FaultProxy sqsFaultProxy() {
        return faultProxy;
    }

    public String adminToken() {
        return adminToken;
    }

    private Map<String, Object> parameters(SamTemplate template, Map<String, String> overrides) {
        Map<String, Object> values = new HashMap<>();
        template.parameters().forEach((name, definition) -> {
            Object fallback = definition instanceof Map<?, ?> d ? d.get("Default") : null;
            if (fallback != null) {
                values.put(name, fallback);
            }
        });
        values.put("DatabaseUrl", postgres.jdbcUrl());
        values.put("DatabaseUsername", LocalPostgres.USER);
        values.put("DatabasePassword", LocalPostgres.PASSWORD);
        values.putAll(overrides);
        return values;
    }

    private static Intrinsics intrinsics(SamTemplate template, Map<String, Object> parameters, Provisioner.Resources r) {
        Map<String, Object> resources = template.resources();
        return new Intrinsics(parameters,
                id -> r.queueUrls().containsKey(id) ? r.queueUrls().get(id)
                        : r.tables().containsKey(id) ? r.tables().get(id)
                        : resources.containsKey(id) ? id : null,
                (id, attribute) -> switch (attribute) {
                    case "Arn" -> r.queueArns().containsKey(id) ? r.queueArns().get(id)
                            : r.tables().containsKey(id) ? "arn:aws:dynamodb:" + REGION + ":000000000000:table/" + id
                            : resources.containsKey(id) ? "arn:aws:local:" + REGION + ":000000000000:" + id : null;
                    case "QueueName" -> r.queueUrls().containsKey(id) ? id : null;
                    case "QueueUrl" -> r.queueUrls().get(id);
                    default -> resources.containsKey(id) ? id + "." + attribute : null;
                },
                template.conditions());
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    /** The SDK's default chain reads these; functions get them the way Lambda gives its own. */
    private static void defaultAwsSystemProperties() {
        System.setProperty("aws.region", System.getProperty("aws.region", REGION));
        System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "local"));
        System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "local"));
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Stops everything in reverse order of start. */
    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // keep stopping the rest
            }
        }
    }
}
