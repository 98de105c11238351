package io.hookrun.asl;

import io.hookrun.core.connection.Connection;
import io.hookrun.core.connection.ConnectionStore;
import io.hookrun.core.connection.ConnectionUnreadableException;
import io.hookrun.core.time.Deadline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code "Authentication": {"ConnectionArn": ...}} of an {@code http:invoke} Task: the connection it names, and what
 * the connection adds to the request. {@code ConnectionArn} is an EventBridge connection ARN
 * ({@code arn:aws:events:<region>:<account>:connection/<name>/<uuid>}, whose name is used) or a bare connection name;
 * either way a name as EventBridge allows them ({@code [.-_A-Za-z0-9]}, at most 64), so a name can never reach
 * outside {@code hookrun/connections/} in Secrets Manager.
 *
 * <p>The connection's authorization becomes a header: {@code API_KEY} its {@code apiKeyName: apiKeyValue},
 * {@code BASIC} {@code Authorization: Basic base64(username:password)}, {@code OAUTH_CLIENT_CREDENTIALS}
 * {@code Authorization: Bearer <token>} ({@link OAuthTokens}). Its invocation parameters are merged into the Task's
 * as Step Functions documents ("Merging EventBridge connection and HTTP Task definition data"): headers, query
 * parameters and body fields are added, and where the Task sets the same key the connection's value wins; a string
 * {@code RequestBody} cannot take body parameters ({@code States.Runtime}). Every value the connection contributes
 * is registered with the call's {@link SecretRedactor}.
 *
 * <p>A connection that does not exist, or whose secret is malformed, fails the Task {@code States.Runtime}, naming
 * it. A store that cannot be reached (Secrets Manager down or throttling) is not the workflow's failure: the
 * {@link ConnectionUnreadableException} goes on up, nothing has been sent, and the worker treats it as it treats a
 * database outage (the step message comes back later, without using a delivery or a Retry attempt).
 */
final class ConnectionAuthentication {

    static final Pattern NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");
    static final Pattern ARN = Pattern.compile(
            "arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:connection/([.\\-_A-Za-z0-9]{1,64})/[0-9A-Za-z-]+");

    /** A resolved connection: what it adds to the call. {@code headers} hold its authorization once {@link #authorize}d. */
    record Applied(Connection connection, Map<String, String> headers, Map<String, String> query,
                   Map<String, String> body, OAuthTokens.Issued token) { }

    private final ConnectionStore store;
    private final OAuthTokens tokens;

    ConnectionAuthentication(ConnectionStore store, OAuthTokens tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    /** The connection name {@code connectionArn} refers to, or empty when it is neither an ARN nor a name. */
    static Optional<String> connectionName(Object connectionArn) {
        if (!(connectionArn instanceof String text)) {
            return Optional.empty();
        }
        Matcher arn = ARN.matcher(text);
        if (arn.matches()) {
            return Optional.of(arn.group(1));
        }
        return NAME.matcher(text).matches() ? Optional.of(text) : Optional.empty();
    }

    /** Checks a literal {@code Authentication}. */
    static void validate(String where, Object authentication, List<String> problems) {
        if (authentication == null || FieldValues.isExpression(authentication)) {
            return;
        }
        if (!(authentication instanceof Map<?, ?> auth)) {
            problems.add(where + ": must be an object with ConnectionArn, or a {% %} expression");
            return;
        }
        for (Object key : auth.keySet()) {
            if (!"ConnectionArn".equals(key)) {
                problems.add(where + "." + key + ": is not a field of Authentication (only ConnectionArn is)");
            }
        }
        Object arn = auth.get("ConnectionArn");
        if (arn == null) {
            problems.add(where + ".ConnectionArn: is required");
        } else if (!FieldValues.isExpression(arn) && connectionName(arn).isEmpty()) {
            problems.add(where + ".ConnectionArn: must be an EventBridge connection ARN"
                    + " (arn:aws:events:<region>:<account>:connection/<name>/<id>) or a connection name"
                    + " ([.-_A-Za-z0-9], at most 64), or a {% %} expression");
        }
    }

    /**
     * The connection {@code authentication} names, with its parameters (its authorization header is added by
     * {@link #authorize}); null when the Task has no {@code Authentication}.
     */
    Applied resolve(String where, Object authentication, SecretRedactor secrets) throws StateFailure {
        if (authentication == null) {
            return null;
        }
        if (!(authentication instanceof Map<?, ?> auth)) {
            throw new StateFailure("States.Runtime", where + ".Authentication: must be an object with ConnectionArn");
        }
        String name = connectionName(auth.get("ConnectionArn")).orElseThrow(() -> new StateFailure("States.Runtime",
                where + ".Authentication.ConnectionArn: must be an EventBridge connection ARN or a connection name"));
        Connection connection;
        try {
            connection = store.find(name).orElseThrow(() -> new StateFailure("States.Runtime", where
                    + ".Authentication: connection '" + name + "' does not exist"));
        } catch (ConnectionUnreadableException e) {
            if (e.outage()) {
                throw e; // not the workflow's failure: the step comes back after the outage (see the class comment)
            }
            throw new StateFailure("States.Runtime", where + ".Authentication: " + e.getMessage());
        }
        Connection.InvocationParameters invocation = connection.invocation();
        invocation.headers().values().forEach(secrets::add);
        invocation.query().values().forEach(secrets::add);
        invocation.body().values().forEach(secrets::add);
        return new Applied(connection, new LinkedHashMap<>(invocation.headers()), invocation.query(),
                invocation.body(), null);
    }

    /**
     * {@code applied} with its authorization header; for OAuth, the token is fetched (within {@code timeout}) when no
     * cached one is good.
     */
    Applied authorize(Applied applied, Duration timeout, SecretRedactor secrets) throws StateFailure {
        Map<String, String> headers = new LinkedHashMap<>(applied.headers());
        OAuthTokens.Issued issued = null;
        switch (applied.connection()) {
            case Connection.ApiKey key -> {
                secrets.add(key.value());
                putReplacing(headers, key.headerName(), key.value());
            }
            case Connection.Basic basic -> {
                secrets.add(basic.password());
                String credentials = Base64.getEncoder().encodeToString((basic.username() + ":" + basic.password())
                        .getBytes(StandardCharsets.UTF_8));
                secrets.add(credentials);
                putReplacing(headers, "Authorization", "Basic " + credentials);
            }
            case Connection.OAuthClientCredentials oauth -> {
                secrets.add(oauth.clientSecret());
                issued = tokens.token(oauth, timeout, secrets);
                putReplacing(headers, "Authorization", "Bearer " + issued.token().value());
            }
        }
        return new Applied(applied.connection(), headers, applied.query(), applied.body(), issued);
    }

    /**
     * {@code http} for a call made with {@code applied}: when an OAuth token that came from the cache is answered
     * 401, the token is dropped, a new one fetched and the call sent once more with it (the token may have been
     * revoked before it expired). If no new token can be had, the first 401 stands.
     */
    HttpInvoker refreshingOn401(HttpInvoker http, Applied applied, Deadline deadline, Duration margin,
                                SecretRedactor secrets) {
        if (!(applied.connection() instanceof Connection.OAuthClientCredentials oauth) || applied.token() == null
                || !applied.token().cached()) {
            return http;
        }
        return call -> {
            HttpInvoker.HttpResult first = http.invoke(call);
            if (first.statusCode() != 401) {
                return first;
            }
            tokens.invalidate(oauth, applied.token().token());
            Duration left = within(call.timeout(), deadline, margin);
            if (left.toMillis() < 1) {
                return first;
            }
            OAuthTokens.Token fresh;
            try {
                fresh = tokens.fetch(oauth, left, secrets);
            } catch (StateFailure e) {
                return first;
            }
            Map<String, String> headers = new LinkedHashMap<>(call.headers());
            putReplacing(headers, "Authorization", "Bearer " + fresh.value());
            Duration again = within(call.timeout(), deadline, margin);
            if (again.toMillis() < 1) {
                return first;
            }
            return http.invoke(new HttpInvoker.HttpCall(call.method(), call.uri(), headers, call.body(), again));
        };
    }

    private static Duration within(Duration timeout, Deadline deadline, Duration margin) {
        Duration left = deadline.remaining(margin);
        return timeout.compareTo(left) <= 0 ? timeout : left;
    }

    /** Sets header {@code name}, replacing any header of that name in another case (HTTP names ignore case). */
    static void putReplacing(Map<String, String> headers, String name, String value) {
        headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        headers.put(name, value);
    }
}
