package io.hookrun.local.cloud;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@link LocalCloud} starts. {@link #of(Path)} gives what {@code hookrun local} runs (everything, HTTP on
 * port 3000); the {@code with...} methods return changed copies, so a test says only what differs.
 *
 * @param httpPort            0 for any free port
 * @param serveHttp           start the HTTP API
 * @param pollQueues          start the SQS event source mappings
 * @param postgres            start the embedded PostgreSQL (the {@code Database*} parameters then point at it)
 * @param functions           the functions to load; empty loads every function of the template
 * @param adminToken          the bearer token that stands in for IAM; null generates one
 * @param sqsFaultProxyFunctions functions whose SQS traffic goes through {@link LocalCloud#sqsFaultProxy()}
 * @param parameterOverrides  template parameter values, over Defaults and the local database values
 * @param awsEndpoint         an AWS emulator serving both DynamoDB and SQS (LocalStack); null starts DynamoDB
 *                            Local and ElasticMQ in-process
 * @param queuePollers        concurrent pollers (so concurrent invocations) of each SQS event source mapping
 * @param deliveryCopies      how many times each received SQS batch is handed to its function (1 as on AWS most of
 *                            the time; more shows that duplicate deliveries change nothing)
 * @param secretsKeyFile      the key file that stands in for KMS in wrapping trigger secrets: created (32 random
 *                            bytes, owner-only) when missing, kept when there. {@code hookrun local} uses
 *                            {@code .hookrun/secrets.key}; null (tests, {@code hookrun invoke}): a temporary file
 *                            deleted when the cloud stops
 * @param killedInvocations   the kill fault: per Task state name, how many invocations executing it die after its
 *                            call is answered and before its result is recorded (see
 *                            {@link io.hookrun.local.function.KilledInvocations})
 * @param functionProperties  Micronaut properties given to every function on top of its template environment (a
 *                            test's short {@code hookrun.step.state-lease}, say)
 * @param visibilityTimeouts  visibility timeouts (seconds) set on queues by logical id after they are created, so a
 *                            test sees a crashed invocation's messages again in seconds, not minutes
 * @param stateDirectory      null: DynamoDB Local and ElasticMQ in memory, PostgreSQL in a temporary directory, all
 *                            forgotten at stop (tests, {@code hookrun invoke}); a directory ({@code .hookrun} for
 *                            {@code hookrun local}): their data kept there ({@link io.hookrun.local.state.StateDirectory})
 *                            under its lock ({@link io.hookrun.local.state.StackLock}), found again at the next start
 * @param freshState          delete the data in {@code stateDirectory} (once the lock is held) before starting
 */
public record LocalCloudOptions(Path template, int httpPort, boolean serveHttp, boolean pollQueues, boolean postgres,
                                Set<String> functions, String adminToken, Set<String> sqsFaultProxyFunctions,
                                Map<String, String> parameterOverrides, URI awsEndpoint, int queuePollers,
                                int deliveryCopies, Path secretsKeyFile, Map<String, Integer> killedInvocations,
                                Map<String, String> functionProperties, Map<String, Integer> visibilityTimeouts,
                                Path stateDirectory, boolean freshState) {

    /**
     * Concurrent pollers per SQS event source mapping by default. Lambda starts with five
     * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html); three keep a laptop responsive
     * while still showing that batches run side by side.
     */
    public static final int DEFAULT_QUEUE_POLLERS = 3;

    public LocalCloudOptions {
        if (deliveryCopies < 1) {
            throw new IllegalArgumentException("delivery copies must be at least 1, got " + deliveryCopies);
        }
        if (queuePollers < 1) {
            throw new IllegalArgumentException("queue pollers must be at least 1, got " + queuePollers);
        }
        functions = Set.copyOf(functions);
        sqsFaultProxyFunctions = Set.copyOf(sqsFaultProxyFunctions);
        parameterOverrides = Map.copyOf(parameterOverrides);
        killedInvocations = Map.copyOf(killedInvocations);
        functionProperties = Map.copyOf(functionProperties);
        visibilityTimeouts = Map.copyOf(visibilityTimeouts);
    }

    /** Everything on, as {@code hookrun local}: HTTP API on port 3000, queue pollers, PostgreSQL, every function. */
    public static LocalCloudOptions of(Path template) {
        return new LocalCloudOptions(template, 3000, true, true, true, Set.of(), null, Set.of(), Map.of(), null,
                DEFAULT_QUEUE_POLLERS, 1, null, Map.of(), Map.of(), Map.of(), null, false);
    }

    public LocalCloudOptions withHttpPort(int port) {
        return new LocalCloudOptions(template, port, serveHttp, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint, queuePollers, deliveryCopies, secretsKeyFile,
                killedInvocations, functionProperties, visibilityTimeouts, stateDirectory, freshState);
    }

    /** Without the HTTP API (as {@code hookrun invoke}). */
    public LocalCloudOptions withoutHttp() {
        return new LocalCloudOptions(template, httpPort, false, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint, queuePollers, deliveryCopies, secretsKeyFile,
                killedInvocations, functionProperties, visibilityTimeouts, stateDirectory, freshState);
    }

    /** Without the SQS pollers: queued messages stay on their queues. */
    public LocalCloudOptions withoutQueuePolling() {
        return new LocalCloudOptions(template, httpPort, serveHttp, false, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint, queuePollers, deliveryCopies, secretsKeyFile,
                killedInvocations, functionProperties, visibilityTimeouts, stateDirectory, freshState);
    }

    /** Without PostgreSQL, for templates or functions that need no database. */
    public LocalCloudOptions withoutPostgres() {
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, false, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint, queuePollers, deliveryCopies, secretsKeyFile,
                killedInvocations, functionProperties, visibilityTimeouts, stateDirectory, freshState);
    }

    /** Loads only these functions (each costs a context start of a second or two). */
    public LocalCloudOptions withFunctions(String... logicalIds) {
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, new LinkedHashSet<>(List.of(logicalIds)),
                adminToken, sqsFaultProxyFunctions, parameterOverrides, awsEndpoint, queuePollers, deliveryCopies,
                secretsKeyFile, killedInvocations, functionProperties, visibilityTimeouts, stateDirectory, freshState);
    }

    public LocalCloudOptions withAdminToken(String token) {
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, token,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint, queuePollers, deliveryCopies, secretsKeyFile,
                killedInvocations, functionProperties, visibilityTimeouts, stateDirectory, freshState);
    }

    /** Routes these functions' SQS calls through the fault proxy, so a test can break them for real. */
    public LocalCloudOptions withSqsFaultProxyFor(String... logicalIds) {
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, adminToken,
                Set.of(logicalIds), parameterOverrides, awsEndpoint, queuePollers, deliveryCopies, secretsKeyFile,
                killedInvocations, functionProperties, visibilityTimeouts, stateDirectory, freshState);
    }

    public LocalCloudOptions withParameter(String name, String value) {
        Map<String, String> overrides = new HashMap<>(parameterOverrides);
        overrides.put(name, value);
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, overrides, awsEndpoint, queuePollers, deliveryCopies, secretsKeyFile,
                killedInvocations, functionProperties, visibilityTimeouts, stateDirectory, freshState);
    }

    /** Uses an external emulator (LocalStack) for DynamoDB and SQS instead of the in-process ones. */
    public LocalCloudOptions withAwsEndpoint(URI endpoint) {
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, endpoint, queuePollers, deliveryCopies, secretsKeyFile,
                killedInvocations, functionProperties, visibilityTimeouts, stateDirectory, freshState);
    }

    /** Polls each queue with {@code pollers} concurrent pollers, each invoking the function with its own batch. */
    public LocalCloudOptions withQueuePollers(int pollers) {
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint, pollers, deliveryCopies, secretsKeyFile,
                killedInvocations, functionProperties, visibilityTimeouts, stateDirectory, freshState);
    }

    /** Hands every received SQS batch to its function {@code copies} times: see {@link #deliveryCopies()}. */
    public LocalCloudOptions withDeliveryCopies(int copies) {
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint, queuePollers, copies, secretsKeyFile,
                killedInvocations, functionProperties, visibilityTimeouts, stateDirectory, freshState);
    }

    /** Wraps trigger secrets with the key in {@code file} (created when missing): see {@link #secretsKeyFile()}. */
    public LocalCloudOptions withSecretsKeyFile(Path file) {
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint, queuePollers, deliveryCopies, file,
                killedInvocations, functionProperties, visibilityTimeouts, stateDirectory, freshState);
    }

    /**
     * Kills the invocation executing Task state {@code stateName} after its call is answered, before its result is
     * recorded, {@code times} times (see {@link #killedInvocations()}).
     */
    public LocalCloudOptions withKilledInvocations(String stateName, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("kill '" + stateName + "' at least once, got " + times);
        }
        Map<String, Integer> kills = new HashMap<>(killedInvocations);
        kills.put(stateName, times);
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint, queuePollers, deliveryCopies, secretsKeyFile,
                kills, functionProperties, visibilityTimeouts, stateDirectory, freshState);
    }

    /** Gives every function the Micronaut property {@code name} (see {@link #functionProperties()}). */
    public LocalCloudOptions withFunctionProperty(String name, String value) {
        Map<String, String> properties = new HashMap<>(functionProperties);
        properties.put(name, value);
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint, queuePollers, deliveryCopies, secretsKeyFile,
                killedInvocations, properties, visibilityTimeouts, stateDirectory, freshState);
    }

    /** Sets the visibility timeout of queue {@code queueLogicalId} (see {@link #visibilityTimeouts()}). */
    public LocalCloudOptions withVisibilityTimeout(String queueLogicalId, int seconds) {
        Map<String, Integer> timeouts = new HashMap<>(visibilityTimeouts);
        timeouts.put(queueLogicalId, seconds);
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint, queuePollers, deliveryCopies, secretsKeyFile,
                killedInvocations, functionProperties, timeouts, stateDirectory, freshState);
    }

    /**
     * Keeps the stand-ins' data in {@code directory} (see {@link #stateDirectory()}); {@code fresh} deletes it first.
     * The secrets key defaults to the directory's {@code secrets.key}.
     */
    public LocalCloudOptions withStateDirectory(Path directory, boolean fresh) {
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint, queuePollers, deliveryCopies, secretsKeyFile,
                killedInvocations, functionProperties, visibilityTimeouts, directory, fresh);
    }

    /** Whether {@code logicalId} is to be loaded. */
    boolean loads(String logicalId) {
        return functions.isEmpty() || functions.contains(logicalId);
    }
}
