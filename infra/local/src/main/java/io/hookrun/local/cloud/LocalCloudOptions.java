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
 */
public record LocalCloudOptions(Path template, int httpPort, boolean serveHttp, boolean pollQueues, boolean postgres,
                                Set<String> functions, String adminToken, Set<String> sqsFaultProxyFunctions,
                                Map<String, String> parameterOverrides, URI awsEndpoint) {

    public LocalCloudOptions {
        functions = Set.copyOf(functions);
        sqsFaultProxyFunctions = Set.copyOf(sqsFaultProxyFunctions);
        parameterOverrides = Map.copyOf(parameterOverrides);
    }

    /** Everything on, as {@code hookrun local}: HTTP API on port 3000, queue pollers, PostgreSQL, every function. */
    public static LocalCloudOptions of(Path template) {
        return new LocalCloudOptions(template, 3000, true, true, true, Set.of(), null, Set.of(), Map.of(), null);
    }

    public LocalCloudOptions withHttpPort(int port) {
        return new LocalCloudOptions(template, port, serveHttp, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint);
    }

    /** Without the HTTP API (as {@code hookrun invoke}). */
    public LocalCloudOptions withoutHttp() {
        return new LocalCloudOptions(template, httpPort, false, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint);
    }

    /** Without the SQS pollers: queued messages stay on their queues. */
    public LocalCloudOptions withoutQueuePolling() {
        return new LocalCloudOptions(template, httpPort, serveHttp, false, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint);
    }

    /** Without PostgreSQL, for templates or functions that need no database. */
    public LocalCloudOptions withoutPostgres() {
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, false, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint);
    }

    /** Loads only these functions (each costs a context start of a second or two). */
    public LocalCloudOptions withFunctions(String... logicalIds) {
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, new LinkedHashSet<>(List.of(logicalIds)),
                adminToken, sqsFaultProxyFunctions, parameterOverrides, awsEndpoint);
    }

    public LocalCloudOptions withAdminToken(String token) {
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, token,
                sqsFaultProxyFunctions, parameterOverrides, awsEndpoint);
    }

    /** Routes these functions' SQS calls through the fault proxy, so a test can break them for real. */
    public LocalCloudOptions withSqsFaultProxyFor(String... logicalIds) {
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, adminToken,
                Set.of(logicalIds), parameterOverrides, awsEndpoint);
    }

    public LocalCloudOptions withParameter(String name, String value) {
        Map<String, String> overrides = new HashMap<>(parameterOverrides);
        overrides.put(name, value);
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, overrides, awsEndpoint);
    }

    /** Uses an external emulator (LocalStack) for DynamoDB and SQS instead of the in-process ones. */
    public LocalCloudOptions withAwsEndpoint(URI endpoint) {
        return new LocalCloudOptions(template, httpPort, serveHttp, pollQueues, postgres, functions, adminToken,
                sqsFaultProxyFunctions, parameterOverrides, endpoint);
    }

    /** Whether {@code logicalId} is to be loaded. */
    boolean loads(String logicalId) {
        return functions.isEmpty() || functions.contains(logicalId);
    }
}
