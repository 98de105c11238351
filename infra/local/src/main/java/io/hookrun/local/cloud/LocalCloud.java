package io.hookrun.local.cloud;

import io.hookrun.local.admin.AdminTarget;
import io.hookrun.local.admin.BearerTokenAuth;
import io.hookrun.local.console.ConsoleServer;
import io.hookrun.local.eventsource.ScheduleEventSource;
import io.hookrun.local.eventsource.SqsEventSource;
import io.hookrun.local.function.FunctionHost;
import io.hookrun.local.function.KilledInvocations;
import io.hookrun.local.gateway.BearerTokenAuthorizer;
import io.hookrun.local.gateway.LocalHttpApi;
import io.hookrun.local.state.StackLock;
import io.hookrun.local.state.StateDirectory;
import io.hookrun.local.template.Intrinsics;
import io.hookrun.local.template.SamTemplate;
import io.hookrun.testsupport.emulator.AwsDefaults;
import io.hookrun.testsupport.emulator.LocalDynamoDb;
import io.hookrun.testsupport.emulator.LocalPostgres;
import io.hookrun.testsupport.emulator.LocalSqs;
import io.hookrun.testsupport.fault.FaultProxy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * hookrun's AWS, on 127.0.0.1, without Docker: PostgreSQL, DynamoDB Local and ElasticMQ, the tables and
 * queues of the template, every function of the template in a context of its own, the HTTP API routes and
 * the SQS event source mappings. {@code ./hookrun local}, {@code ./hookrun invoke} and the end-to-end tests
 * all start it, so what the tests prove is what a developer runs.
 */
public final class LocalCloud implements AutoCloseable {

    /** Set by template.yaml for the functions that read or write triggers; locally the key file stands in. */
    static final String SECRETS_KMS_KEY_VARIABLE = "HOOKRUN_SECRETS_KMS_KEY_ID";

    private final List<AutoCloseable> closeables = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, FunctionHost> functions = new LinkedHashMap<>();
    private final LocalCloudOptions options;
    private LocalPostgres postgres;
    private URI dynamoDbEndpoint;
    private URI sqsEndpoint;
    private DynamoDbClient dynamoDb;
    private SqsClient sqs;
    private FaultProxy faultProxy;
    private Provisioner.Resources resources;
    private BearerTokenAuthorizer authorizer;
    private LocalHttpApi httpApi;
    private Path secretsKeyFile;
    private Path callbackKeyFile;
    /** Beside the secrets key: the local stand-ins of Secrets Manager's connection secrets and callback key. */
    public static final String CONNECTIONS_FILE = "connections.json";
    public static final String CALLBACK_KEY_FILE = "callback.key";

    /** The kill fault, shared by every function (one count per state across them). */
    private final KilledInvocations kills;

    private LocalCloud(LocalCloudOptions options) {
        this.options = options;
        this.kills = new KilledInvocations(options.killedInvocations());
    }

    /** Starts everything {@code options} asks for; on failure stops what had started, then throws. */
    public static LocalCloud start(LocalCloudOptions options) throws IOException {
        LocalCloud cloud = new LocalCloud(options);
        try {
            cloud.startAll();
            return cloud;
        } catch (IOException | RuntimeException e) {
            cloud.close(); // a half-started cloud must not leave a PostgreSQL process behind
            throw e;
        }
    }

    private void startAll() throws IOException {
        StateDirectory state = options.stateDirectory() == null ? null : openState(new StateDirectory(options.stateDirectory()));
        AwsDefaults.applyToSystemProperties();
        SamTemplate template = SamTemplate.read(options.template());
        for (String wanted : options.functions()) {
            if (!template.functions().containsKey(wanted)) {
                throw new IllegalArgumentException("no function " + wanted + " in " + options.template()
                        + " (it has " + template.functions().keySet() + ")");
            }
        }
        for (String wanted : options.functions()) {
            if (template.deploymentHooks().contains(wanted)) {
                throw new IllegalArgumentException(wanted + " is a CodeDeploy deployment hook: it runs only inside a"
                        + " deployment on AWS, not locally (DeployCheckEndToEndIT runs its check against this local stack)");
            }
        }
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            // The three stand-ins take about two seconds each: start them side by side.
            Future<LocalPostgres> pg = !options.postgres() ? null : starter.submit(() -> track(state == null
                    ? LocalPostgres.start() : LocalPostgres.inDirectory(state.postgres())));
            Future<URI> ddb = starter.submit(() -> options.awsEndpoint() != null ? options.awsEndpoint()
                    : track(state == null ? LocalDynamoDb.start() : LocalDynamoDb.onDisk(state.dynamoDb())).endpoint());
            Future<URI> mq = starter.submit(() -> options.awsEndpoint() != null ? options.awsEndpoint()
                    : track(state == null ? LocalSqs.start() : LocalSqs.persistent(state.sqs())).endpoint());
            postgres = pg == null ? null : await(pg);
            dynamoDbEndpoint = await(ddb);
            sqsEndpoint = await(mq);
        }
        dynamoDb = track(DynamoDbClient.builder().endpointOverride(dynamoDbEndpoint).region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build());
        sqs = track(SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build());
        faultProxy = track(new FaultProxy(sqsEndpoint));
        authorizer = options.adminToken() == null || options.adminToken().isBlank()
                ? BearerTokenAuthorizer.withGeneratedToken() : new BearerTokenAuthorizer(options.adminToken());

        Map<String, Object> parameters = parameters(template);
        resources = Provisioner.provision(template, parameters, dynamoDb, sqs);
        options.visibilityTimeouts().forEach((queue, seconds) -> sqs.setQueueAttributes(r -> r.queueUrl(queueUrl(queue))
                .attributes(Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT,
                        Integer.toString(seconds)))));
        secretsKeyFile = Provisioner.secretsKeyFile(secretsKeyFileOption(state));
        // The key that signs task tokens where the template's Secrets Manager secret would: made like the secrets key.
        callbackKeyFile = Provisioner.secretsKeyFile(secretsKeyFile.resolveSibling(CALLBACK_KEY_FILE));
        Intrinsics resolver = resources.intrinsics(template, parameters);
        startFunctions(template, resolver);
        if (options.serveHttp()) {
            httpApi = track(new LocalHttpApi(options.httpPort(), functions.values(), authorizer));
            // The run console on the same port (ADR 0009): its proxy calls this API with the admin token.
            httpApi.mount(ConsoleServer.PREFIX, ConsoleServer.handler(new AdminTarget(httpApi.baseUri(),
                    new BearerTokenAuth(authorizer.token()), true), httpApi.baseUri().getPort()));
        }
        if (options.pollQueues()) {
            for (FunctionHost function : functions.values()) {
                for (SamTemplate.SqsMapping mapping : function.function().queues()) {
                    String arn = String.valueOf(resolver.resolve(mapping.queueArn()));
                    String queueId = resources.queueArns().entrySet().stream().filter(e -> e.getValue().equals(arn))
                            .map(Map.Entry::getKey).findFirst()
                            .orElseThrow(() -> new IllegalStateException(function.logicalId() + " polls unknown queue " + arn));
                    track(new SqsEventSource(sqs, resources.queueUrls().get(queueId), arn, function,
                            mapping.batchSize(), mapping.reportBatchItemFailures(), options.queuePollers(),
                            options.deliveryCopies()));
                }
                for (String schedule : function.function().schedules()) {
                    java.util.Optional<java.time.Duration> period = ScheduleEventSource.period(schedule);
                    if (period.isPresent()) {
                        track(ScheduleEventSource.of(function, period.get(), java.time.Clock.systemUTC()));
                    } else {
                        System.err.println("[" + function.logicalId() + "] " + schedule
                                + " is not run locally (rate(...) only): ./hookrun invoke " + function.logicalId() + " <event>");
                    }
                }
            }
        }
    }

    /**
     * Takes the state's lock before anything is started or deleted (a second stack on the same state fails here with
     * {@link io.hookrun.local.state.StackLockedException}, having changed nothing), then {@code --fresh} deletes the
     * data, a {@code local.json} left by a killed stack is removed, and the keys are checked: data without its key is
     * refused rather than given a new key that could not open it.
     */
    private StateDirectory openState(StateDirectory state) throws IOException {
        track(StackLock.acquire(state.lockFile())); // tracked first: released last, after everything has stopped
        if (options.freshState()) {
            LocalPostgres.stopOrphanedPostmaster(state.postgres()); // left by a killed stack: not to run on deleted files
            List<Path> deleted = state.deleteData();
            System.err.println("hookrun: --fresh: " + (deleted.isEmpty() ? "no state to delete in " + state.root()
                    : "deleted " + String.join(", ", deleted.stream().map(p -> state.root().getParent().relativize(p).toString()).toList())));
        }
        if (state.deleteStaleStackFile()) {
            System.err.println("hookrun: removed " + state.stackFile() + ", left by a stack that did not stop cleanly");
        }
        Path secretsKey = secretsKeyFileOption(state);
        state.requireKeysForData(secretsKey, secretsKey.resolveSibling(CALLBACK_KEY_FILE));
        if (state.holdsData()) {
            System.err.println("hookrun: resuming the state in " + state.root() + " (./hookrun local --fresh starts empty)");
        }
        return state;
    }

    /** The secrets key: the option's, else the state directory's, else a temporary one. */
    private Path secretsKeyFileOption(StateDirectory state) throws IOException {
        if (options.secretsKeyFile() != null) {
            return options.secretsKeyFile();
        }
        if (state != null) {
            return state.root().resolve(StateDirectory.SECRETS_KEY);
        }
        return temporaryKeyFile();
    }

    /** Each function builds its own context (a second or two each): side by side, kept in template order. */
    private void startFunctions(SamTemplate template, Intrinsics resolver) {
        Map<String, Future<FunctionHost>> starting = new LinkedHashMap<>();
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            for (SamTemplate.Function function : template.functions().values()) {
                // CodeDeploy hooks call real CodeDeploy and Lambda; nothing local calls them.
                if (!options.loads(function.logicalId()) || template.deploymentHooks().contains(function.logicalId())) {
                    continue;
                }
                Map<String, Object> environment = new LinkedHashMap<>();
                function.environment().forEach((k, v) -> environment.put(k, resolver.resolveString(v)));
                // No KMS here: the key file wraps trigger secrets instead of the template's SecretsKey.
                environment.remove(SECRETS_KMS_KEY_VARIABLE);
                URI functionSqs = options.sqsFaultProxyFunctions().contains(function.logicalId()) ? faultProxy.endpoint() : sqsEndpoint;
                Map<String, Object> local = new LinkedHashMap<>(Map.of(
                        "aws.services.dynamodb.endpoint-override", dynamoDbEndpoint.toString(),
                        "aws.services.sqs.endpoint-override", functionSqs.toString(),
                        "aws.region", AwsDefaults.REGION,
                        "hookrun.secrets.key-file", secretsKeyFile.toString(),
                        // Locally, workflows call servers on this machine: loopback is allowed (and the banner says so).
                        "hookrun.outbound.allow-loopback", "true",
                        // Connections and the callback key come from files next to the secrets key, not Secrets Manager.
                        "hookrun.connections.file", secretsKeyFile.resolveSibling(CONNECTIONS_FILE).toString(),
                        "hookrun.callbacks.key-file", callbackKeyFile.toString()));
                if (postgres != null && environment.containsKey("DATASOURCES_DEFAULT_URL")) {
                    // the template passes no password (a deployed function reads its secret);
                    // the embedded PostgreSQL's is a local property of the function, never an environment variable.
                    local.put("datasources.default.password", postgres.password());
                }
                local.putAll(options.functionProperties());
                Callable<FunctionHost> start = () -> track(new FunctionHost(function,
                        options.template().toAbsolutePath().getParent(), environment, local, kills));
                starting.put(function.logicalId(), starter.submit(start));
            }
        }
        starting.forEach((id, future) -> functions.put(id, await(future)));
    }

    /** The file whose key wraps trigger secrets locally (the deployed stack uses the KMS key SecretsKey). */
    public Path secretsKeyFile() {
        return secretsKeyFile;
    }

    /** A key file for this cloud only, deleted when it stops: tests and {@code hookrun invoke} keep no key. */
    private Path temporaryKeyFile() throws IOException {
        Path directory = Files.createTempDirectory("hookrun-secrets");
        Path file = directory.resolve("secrets.key");
        track(() -> {
            Files.deleteIfExists(file);
            Files.deleteIfExists(directory.resolve(CALLBACK_KEY_FILE));
            Files.deleteIfExists(directory);
        });
        return file;
    }

    /** The base URI of the HTTP API, e.g. {@code http://127.0.0.1:3000}. */
    public URI httpApi() {
        if (httpApi == null) {
            throw new IllegalStateException("the HTTP API was not started");
        }
        return httpApi.baseUri();
    }

    /** A loaded function; unknown or not loaded names fail, listing what is loaded. */
    public FunctionHost function(String logicalId) {
        FunctionHost function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("no function " + logicalId + " is loaded (loaded: " + functions.keySet() + ")");
        }
        return function;
    }

    public Map<String, FunctionHost> functions() {
        return Collections.unmodifiableMap(functions);
    }

    /**
     * Invokes a function once with a Lambda event as JSON, as {@code sam local invoke} does: the function's own
     * JSON mapper reads it into the handler's input type. Returns the response JSON; handler exceptions propagate.
     */
    public String invoke(String functionLogicalId, String eventJson) {
        byte[] response = function(functionLogicalId).invokeJson(eventJson.getBytes(StandardCharsets.UTF_8));
        return new String(response, StandardCharsets.UTF_8);
    }

    /** The embedded PostgreSQL; fails when the options left it out. */
    public LocalPostgres postgres() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL was not started");
        }
        return postgres;
    }

    /** Whether PostgreSQL runs (the banner shows it only then). */
    public boolean hasPostgres() {
        return postgres != null;
    }

    /** A DynamoDB client on the local endpoint, for tests and tools (not the functions' own). */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** An SQS client on the local endpoint (never through the fault proxy). */
    public SqsClient sqs() {
        return sqs;
    }

    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    /** The URL of the queue with this logical id. */
    public String queueUrl(String logicalId) {
        String url = resources.queueUrls().get(logicalId);
        if (url == null) {
            throw new IllegalArgumentException("no queue " + logicalId + " (queues: " + resources.queueUrls().keySet() + ")");
        }
        return url;
    }

    public String queueArn(String logicalId) {
        return resources.queueArns().get(logicalId);
    }

    /** Queue URLs by logical id, dead-letter queues first. */
    public Map<String, String> queueUrls() {
        return Collections.unmodifiableMap(resources.queueUrls());
    }

    public String tableName(String logicalId) {
        return resources.tables().get(logicalId);
    }

    public Map<String, String> tableNames() {
        return Collections.unmodifiableMap(resources.tables());
    }

    /** The proxy between SQS and the functions named in {@link LocalCloudOptions#sqsFaultProxyFunctions()}. */
    public FaultProxy sqsFaultProxy() {
        return faultProxy;
    }

    /** Concurrent pollers of each SQS event source mapping (0 when queues are not polled). */
    /** How many times each SQS batch is handed to its function (see {@link LocalCloudOptions#deliveryCopies()}). */
    public int deliveryCopies() {
        return options.deliveryCopies();
    }

    /** The kill fault's kills still to come, by Task state name (empty when it is off). */
    public Map<String, Integer> killsLeft() {
        return kills.remaining();
    }

    public int queuePollers() {
        return options.pollQueues() ? options.queuePollers() : 0;
    }

    /** The bearer token that stands in for IAM on {@code AWS_IAM} routes. */
    public String adminToken() {
        return authorizer.token();
    }

    private Map<String, Object> parameters(SamTemplate template) {
        Map<String, Object> values = new LinkedHashMap<>();
        template.parameterList().forEach(p -> values.put(p.name(), p.defaultValue())); // null: no value yet
        if (postgres != null) {
            values.put("DatabaseUrl", postgres.jdbcUrl());
            values.put("DatabaseUsername", postgres.username());
        }
        values.putAll(options.parameterOverrides());
        return values;
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    /** Stops everything in reverse order of start: pollers and the gateway before the functions, emulators last. */
    @Override
    public void close() {
        List<AutoCloseable> all;
        synchronized (closeables) {
            all = new ArrayList<>(closeables);
            closeables.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception e) {
                // keep stopping the rest
            }
        }
    }
}
