package io.hookrun.asl;

import io.hookrun.asl.outbound.CircuitOpenException;
import io.hookrun.asl.outbound.OutboundRefusedException;
import io.hookrun.core.connection.Connection;
import io.hookrun.core.connection.ConnectionStore;
import io.hookrun.core.connection.ConnectionUnreadableException;
import io.hookrun.core.outbound.HttpUrls;
import io.hookrun.core.time.Deadline;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Dify tasks ({@code arn:hookrun:::dify:runWorkflow}, {@code arn:hookrun:::dify:chatMessage}): run a Dify
 * workflow or chat app with the API key of a connection (docs/adr/0007), as Dify's Service API documents it
 * (docs.dify.ai, "Run Workflow", "Run Workflow by ID", "Send Chat Message").
 *
 * <p>Arguments, PascalCase as Step Functions' own integrations name theirs:
 * <ul>
 *   <li>{@code Connection} (required): the name (or EventBridge connection ARN) of an {@code API_KEY} connection whose
 *       value is the app's key ({@code app-...}, with or without a leading {@code Bearer }); it is sent as
 *       {@code Authorization: Bearer <key>} whatever header name the connection gives, because that is the only
 *       form Dify accepts. The connection's {@code baseUrl} is the API base ({@value #DEFAULT_BASE_URL} when absent;
 *       {@code https://api.dify.ai/v1} as Dify's console shows it works too), its invocation headers, query and body
 *       parameters are added to every call.</li>
 *   <li>{@code User} (required by Dify: the end user the run belongs to), {@code Inputs} (object, {@code {}} when
 *       absent, as Dify requires the field), {@code Files} (array of Dify file objects, passed through)</li>
 *   <li>{@code WorkflowId}: a published workflow version to run ({@code POST /v1/workflows/{id}/run} for a workflow
 *       app, the {@code workflow_id} field for a Chatflow)</li>
 *   <li>chat only: {@code Query} (required), {@code ConversationId}, {@code AutoGenerateName}</li>
 *   <li>{@code ResponseMode}: {@code blocking} (the default) or {@code streaming}, for Agent apps, which Dify
 *       answers only in streaming mode (a blocking request fails {@code Dify.bad_request}). Either way the whole
 *       answer is read before the Task ends; an event stream is read as in {@link DifyEventStream}.</li>
 * </ul>
 *
 * <p>The call carries the state execution's {@code Idempotency-Key} and {@code Hookrun-Attempt} headers as
 * {@code http:invoke} does (Dify ignores them; a proxy in front of it may not). It waits {@code TimeoutSeconds}, else
 * {@value #DEFAULT_TIMEOUT_SECONDS} seconds: Dify Cloud's edge proxy ends a blocking request after 100 seconds
 * ("Cloudflare timeout is 100 s", Run Workflow's {@code response_mode}), so waiting longer by default only delays the
 * failure; a self-hosted Dify may take longer when {@code TimeoutSeconds} says so. Like {@link HttpTask} the wait is
 * cut to what the invocation has left minus the margin ({@link TransientStepException} when nothing or too little is
 * left), and the state's own {@code TimeoutSeconds} running out is {@code States.Timeout}. Answers map to errors as
 * {@link DifyAnswer} says. A connection that does not exist is {@value #CONNECTION_NOT_FOUND}; one that is not an
 * {@code API_KEY} connection, is malformed, or has a {@code baseUrl} that is not an http(s) URL is
 * {@value #CONNECTION_INVALID}; an address the outbound guard refuses is {@code hookrun.OutboundRefused} and an open
 * circuit breaker {@code hookrun.CircuitOpen}, as for {@code http:invoke}; a store that cannot be reached is not a
 * state failure (the exception propagates, and the step is delivered again). No cause quotes the key or a value the
 * connection adds.
 */
final class DifyTask {

    static final String DEFAULT_BASE_URL = "https://api.dify.ai";
    /** Dify Cloud ends blocking requests after 100 seconds. */
    static final int DEFAULT_TIMEOUT_SECONDS = 100;
    static final String CONNECTION_NOT_FOUND = "hookrun.ConnectionNotFound";
    static final String CONNECTION_INVALID = "hookrun.ConnectionInvalid";

    private static final Set<String> RESPONSE_MODES = Set.of("blocking", "streaming");
    private static final Set<String> WORKFLOW_ARGUMENTS = Set.of(
            "Connection", "User", "Inputs", "Files", "WorkflowId", "ResponseMode");
    private static final Set<String> CHAT_ARGUMENTS = Set.of(
            "Connection", "User", "Inputs", "Files", "WorkflowId", "ResponseMode", "Query", "ConversationId",
            "AutoGenerateName");

    private final HttpInvoker http;
    private final ConnectionStore connections;
    private final Duration deadlineMargin;

    DifyTask(HttpInvoker http, ConnectionStore connections, Duration deadlineMargin) {
        this.http = http;
        this.connections = connections;
        this.deadlineMargin = deadlineMargin;
    }

    /** The Task integration of {@code integration} ({@link TaskResource#DIFY_WORKFLOW} or {@link TaskResource#DIFY_CHAT}). */
    TaskIntegration operation(String integration) {
        boolean chat = isChat(integration);
        return call -> invoke(chat, call);
    }

    private static boolean isChat(String integration) {
        return switch (integration) {
            case TaskResource.DIFY_CHAT -> true;
            case TaskResource.DIFY_WORKFLOW -> false;
            default -> throw new IllegalArgumentException("not a Dify integration: " + integration);
        };
    }

    /** Checks the literal parts of a Dify Task's Arguments; {@code {% %}} expressions are checked when evaluated. */
    static void validate(String integration, String where, Map<?, ?> arguments, List<String> problems) {
        check(integration, where, arguments, true, problems);
    }

    /**
     * @param literal whether {@code arguments} are the definition's (a {@code {% %}} value is then left for run time)
     *                or the evaluated ones (every value is checked: a string that looks like an expression is data)
     */
    private static void check(String integration, String where, Map<?, ?> arguments, boolean literal,
                              List<String> problems) {
        boolean chat = isChat(integration);
        String prefix = where + ".Arguments.";
        Set<String> known = chat ? CHAT_ARGUMENTS : WORKFLOW_ARGUMENTS;
        for (Object name : arguments.keySet()) {
            if (!known.contains(String.valueOf(name))) {
                problems.add(prefix + name + ": is not an argument of " + integration + " (they are "
                        + new TreeSet<>(known) + ")");
            }
        }
        for (String required : chat ? List.of("Connection", "User", "Query") : List.of("Connection", "User")) {
            if (!arguments.containsKey(required)) {
                problems.add(prefix + required + ": is required");
            }
        }
        for (Map.Entry<?, ?> e : arguments.entrySet()) {
            Object value = e.getValue();
            String name = String.valueOf(e.getKey());
            if (!known.contains(name) || literal && FieldValues.isExpression(value)) {
                continue;
            }
            String problem = literalProblem(name, value);
            if (problem != null) {
                problems.add(prefix + name + ": " + problem);
            }
        }
    }

    /** What is wrong with a literal (or evaluated) argument value, or null. */
    private static String literalProblem(String name, Object value) {
        return switch (name) {
            case "Connection" -> ConnectionAuthentication.connectionName(value).isPresent() ? null
                    : "must be a connection name ([.-_A-Za-z0-9], at most 64) or an EventBridge connection ARN"
                    + " (arn:aws:events:<region>:<account>:connection/<name>/<id>), or a {% %} expression";
            case "User", "WorkflowId" -> value instanceof String s && !s.isBlank() ? null
                    : "must be a non-empty string or a {% %} expression";
            case "Query", "ConversationId" -> value instanceof String ? null : "must be a string or a {% %} expression";
            case "Inputs" -> value instanceof Map ? null : "must be an object or a {% %} expression";
            case "Files" -> value instanceof List<?> list && list.stream().allMatch(f -> f instanceof Map) ? null
                    : "must be an array of Dify file objects or a {% %} expression";
            case "ResponseMode" -> value instanceof String s && RESPONSE_MODES.contains(s) ? null
                    : "must be one of " + new TreeSet<>(RESPONSE_MODES) + " or a {% %} expression";
            case "AutoGenerateName" -> value instanceof Boolean ? null : "must be a boolean or a {% %} expression";
            default -> null;
        };
    }

    private Object invoke(boolean chat, TaskIntegration.TaskCall call) throws StateFailure, TransientStepException {
        String stateName = call.stateName();
        Map<?, ?> args = arguments(chat, stateName, call.arguments());
        String connectionName = ConnectionAuthentication.connectionName(args.get("Connection")).orElseThrow();
        Connection.ApiKey connection = connection(stateName, connectionName);
        String key = withoutBearer(connection.value());
        Connection.InvocationParameters invocation = connection.invocation();
        URI uri = uri(stateName, connectionName, invocation, chat, (String) (chat ? null : args.get("WorkflowId")));

        Map<String, String> headers = new LinkedHashMap<>(invocation.headers());
        put(headers, "Content-Type", "application/json");
        put(headers, "Accept", "application/json, text/event-stream");
        put(headers, "Authorization", "Bearer " + key);
        put(headers, "Idempotency-Key", call.context().idempotencyKey());
        put(headers, HttpTask.ATTEMPT_HEADER, Integer.toString(call.context().attempt()));
        byte[] body = JsonValues.write(body(chat, args, invocation.body())).getBytes(StandardCharsets.UTF_8);

        SecretRedactor secrets = new SecretRedactor();
        invocation.headers().values().forEach(secrets::add);
        invocation.query().values().forEach(secrets::add);
        invocation.body().values().forEach(secrets::add);
        secrets.add(connection.value());
        secrets.add(key);
        DifyAnswer.Call described = new DifyAnswer.Call(stateName, "POST " + uri.getScheme() + "://" + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getRawPath(), connectionName, secrets);

        Duration requested = requested(call.timeoutSeconds());
        Duration timeout = capped(requested, call.deadline());
        if (timeout.toMillis() < 1) {
            throw new TransientStepException(described.cause("was not called: no time left in this invocation"), null);
        }
        HttpInvoker.HttpResult response;
        try {
            response = http.invoke(new HttpInvoker.HttpCall("POST", uri, headers, body, timeout));
        } catch (OutboundRefusedException e) {
            // docs/adr/0007 "Outbound safety": a refused address is not Dify being down, so not Dify.Unavailable
            throw new StateFailure("hookrun.OutboundRefused", described.cause("was not called: " + e.getMessage()));
        } catch (CircuitOpenException e) {
            throw new StateFailure("hookrun.CircuitOpen", described.cause("was not called: " + e.getMessage()));
        } catch (HttpConnectTimeoutException e) {
            throw new StateFailure(DifyAnswer.UNAVAILABLE, described.cause("failed: no connection within the connect timeout"));
        } catch (HttpTimeoutException e) {
            if (timeout.compareTo(requested) < 0) {
                throw new TransientStepException(described.cause("did not answer within the " + timeout.toMillis()
                        + " ms left in this invocation"), e);
            }
            throw call.timeoutSeconds() instanceof Number n && n.longValue() > 0
                    ? new StateFailure(ErrorMatching.TIMEOUT, described.cause("did not answer within the state's "
                    + "TimeoutSeconds (" + requested.toSeconds() + " s)"))
                    : new StateFailure(DifyAnswer.UNAVAILABLE, described.cause("did not answer within "
                    + requested.toSeconds() + " s (Dify Cloud ends blocking requests after 100 s; set TimeoutSeconds "
                    + "to wait longer for a self-hosted Dify)"));
        } catch (IOException e) {
            throw new StateFailure(DifyAnswer.UNAVAILABLE, described.cause("failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        } catch (IllegalArgumentException e) {
            // e.g. a restricted header among the connection's: the client's message may quote its value
            throw new StateFailure("States.Runtime", described.cause("cannot be sent: " + e.getMessage()));
        }
        return DifyAnswer.read(chat, response, described);
    }

    /** The evaluated Arguments, checked as literal ones are: the call is only made with what Dify accepts. */
    private static Map<?, ?> arguments(boolean chat, String stateName, Object arguments) throws StateFailure {
        if (!(arguments instanceof Map<?, ?> args)) {
            throw runtime("States." + stateName + ".Arguments: must evaluate to an object");
        }
        List<String> problems = new ArrayList<>();
        check(chat ? TaskResource.DIFY_CHAT : TaskResource.DIFY_WORKFLOW, "States." + stateName, withoutNulls(args),
                false, problems);
        if (!problems.isEmpty()) {
            throw runtime(String.join("; ", problems));
        }
        return args;
    }

    /** An argument that evaluated to null is an argument not given (JSONata's undefined becomes null here). */
    private static Map<Object, Object> withoutNulls(Map<?, ?> args) {
        Map<Object, Object> given = new LinkedHashMap<>();
        args.forEach((k, v) -> {
            if (v != null) {
                given.put(k, v);
            }
        });
        return given;
    }

    private Connection.ApiKey connection(String stateName, String name) throws StateFailure {
        Optional<Connection> found;
        try {
            found = connections.find(name);
        } catch (ConnectionUnreadableException e) {
            if (e.outage()) {
                throw e; // the store is down, not the workflow wrong: the step is delivered again
            }
            throw new StateFailure(CONNECTION_INVALID, "States." + stateName + ": " + e.getMessage());
        }
        if (found.isEmpty()) {
            throw new StateFailure(CONNECTION_NOT_FOUND, "States." + stateName + ": there is no connection '" + name
                    + "' (the Dify task's Connection)");
        }
        if (!(found.get() instanceof Connection.ApiKey apiKey)) {
            throw new StateFailure(CONNECTION_INVALID, "States." + stateName + ": connection '" + name
                    + "' must be an API_KEY connection holding the Dify app key");
        }
        if (withoutBearer(apiKey.value()).isBlank()) {
            throw new StateFailure(CONNECTION_INVALID, "States." + stateName + ": connection '" + name
                    + "' has an empty API key");
        }
        return apiKey;
    }

    private static String withoutBearer(String value) {
        String trimmed = value == null ? "" : value.trim();
        return trimmed.regionMatches(true, 0, "Bearer ", 0, 7) ? trimmed.substring(7).trim() : trimmed;
    }

    /**
     * {@code <baseUrl>/v1/workflows/run}, {@code <baseUrl>/v1/workflows/<id>/run} or {@code <baseUrl>/v1/chat-messages},
     * plus the connection's query parameters. A base that already ends in {@code /v1} (as Dify's console shows the API
     * base) is not given a second one.
     */
    private static URI uri(String stateName, String connection, Connection.InvocationParameters invocation,
                           boolean chat, String workflowId) throws StateFailure {
        String base = invocation.baseUrl() == null || invocation.baseUrl().isBlank()
                ? DEFAULT_BASE_URL : invocation.baseUrl().trim();
        if (!HttpUrls.isHttpUrl(base) || base.contains("?") || base.contains("#")) {
            throw new StateFailure(CONNECTION_INVALID, "States." + stateName + ": connection '" + connection
                    + "' has a baseUrl that is not an http(s) URL without query");
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        StringBuilder url = new StringBuilder(base.toLowerCase(Locale.ROOT).endsWith("/v1") ? base : base + "/v1");
        if (chat) {
            url.append("/chat-messages");
        } else if (workflowId != null) {
            url.append("/workflows/").append(encode(workflowId)).append("/run");
        } else {
            url.append("/workflows/run");
        }
        String separator = "?";
        for (Map.Entry<String, String> e : invocation.query().entrySet()) {
            url.append(separator).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            separator = "&";
        }
        try {
            return new URI(url.toString());
        } catch (URISyntaxException e) {
            throw new StateFailure(CONNECTION_INVALID, "States." + stateName + ": connection '" + connection
                    + "' has a baseUrl that is not a valid URL");
        }
    }

    /** Dify's request body, in the order its documentation lists the fields; the connection's body parameters last. */
    private static Map<String, Object> body(boolean chat, Map<?, ?> args, Map<String, String> connectionFields) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (chat) {
            body.put("query", args.get("Query"));
        }
        body.put("inputs", args.get("Inputs") == null ? Map.of() : args.get("Inputs"));
        body.put("response_mode", args.get("ResponseMode") == null ? "blocking" : args.get("ResponseMode"));
        body.put("user", args.get("User"));
        putIfGiven(body, "files", args.get("Files"));
        if (chat) {
            putIfGiven(body, "conversation_id", args.get("ConversationId"));
            putIfGiven(body, "workflow_id", args.get("WorkflowId"));
            putIfGiven(body, "auto_generate_name", args.get("AutoGenerateName"));
        }
        connectionFields.forEach(body::putIfAbsent);
        return body;
    }

    private static void putIfGiven(Map<String, Object> body, String field, Object value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    /** Sets header {@code name}, replacing any spelling of it the connection's headers had. */
    private static void put(Map<String, String> headers, String name, String value) {
        headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        headers.put(name, value);
    }

    /** {@code TimeoutSeconds}, else the default; compared as durations so that a huge value cannot overflow. */
    private static Duration requested(Object timeoutSeconds) {
        return timeoutSeconds instanceof Number n && n.longValue() > 0
                ? Duration.ofSeconds(n.longValue()) : Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
    }

    private Duration capped(Duration requested, Deadline deadline) {
        Duration left = deadline.remaining(deadlineMargin);
        return requested.compareTo(left) <= 0 ? requested : left;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static StateFailure runtime(String cause) {
        return new StateFailure("States.Runtime", cause);
    }
}
