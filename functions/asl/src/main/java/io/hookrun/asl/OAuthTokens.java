package io.hookrun.asl;

import io.hookrun.core.connection.Connection;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OAuth access tokens of {@code OAUTH_CLIENT_CREDENTIALS} connections: fetched per RFC 6749 section 4.4 (the client
 * credentials grant) and cached per connection until {@value #REFRESH_BEFORE_SECONDS} s before {@code expires_in}
 * (docs/adr/0007); a token whose answer has no {@code expires_in} is kept until an API answers 401 with it, as
 * EventBridge does ("the token is refreshed ... when it receives a 401 or 407").
 *
 * <p>The token request goes through the same {@link HttpInvoker} as the Task's call, so the outbound guard applies
 * to the authorization endpoint as well. It carries the client id and secret as HTTP basic (RFC 6749 section 2.3.1:
 * each form-urlencoded first), {@code grant_type=client_credentials} (unless the connection's body parameters set a
 * grant type themselves) and the connection's {@code oAuthHttpParameters}: body parameters in a form body for POST
 * and PUT, in the query string for GET (which has no body), header and query parameters as such.
 *
 * <p>Failures are the Task's, named as for its own call, so the same Retry covers both: no answer
 * {@code States.Http.Socket}, an error status {@code States.Http.StatusCode.<code>}, an answer without an
 * {@code access_token} {@code States.Runtime}. Causes name the connection and the endpoint, never a credential.
 */
final class OAuthTokens {

    static final long REFRESH_BEFORE_SECONDS = 60;
    /** Connections whose tokens are kept at once; the least recently used goes first. */
    static final int MAX_CACHED = 100;

    /** A token, and when to stop using it (null: until an API refuses it). */
    record Token(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "Token[<redacted>, refreshAt=" + refreshAt + "]";
        }
    }

    /** A token and whether it came from the cache (only a cached token is worth refetching after a 401). */
    record Issued(Token token, boolean cached) { }

    private final HttpInvoker http;
    private final Clock clock;
    private final Map<Connection.OAuthClientCredentials, Token> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Connection.OAuthClientCredentials, Token> eldest) {
            return size() > MAX_CACHED;
        }
    };

    OAuthTokens(HttpInvoker http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** A usable token of {@code connection}: the cached one, or one fetched now within {@code timeout}. */
    Issued token(Connection.OAuthClientCredentials connection, Duration timeout, SecretRedactor secrets)
            throws StateFailure {
        Token cached;
        synchronized (cache) {
            cached = cache.get(connection);
        }
        if (cached != null && (cached.refreshAt() == null || clock.instant().isBefore(cached.refreshAt()))) {
            secrets.add(cached.value());
            return new Issued(cached, true);
        }
        return new Issued(fetch(connection, timeout, secrets), false);
    }

    /** Forgets {@code token} (an API answered 401 to it), unless another call has replaced it already. */
    void invalidate(Connection.OAuthClientCredentials connection, Token token) {
        synchronized (cache) {
            cache.remove(connection, token);
        }
    }

    /** Fetches a new token from the connection's authorization endpoint and caches it. */
    Token fetch(Connection.OAuthClientCredentials connection, Duration timeout, SecretRedactor secrets)
            throws StateFailure {
        String target = "the authorization endpoint of connection '" + connection.name() + "' ("
                + connection.httpMethod() + " " + withoutQuery(connection.tokenUrl()) + ")";
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        connection.bodyParameters().forEach((k, v) -> {
            form.put(k, v);
            secrets.add(v);
        });
        boolean inQuery = "GET".equals(connection.httpMethod());
        Map<String, String> query = new LinkedHashMap<>(connection.queryParameters());
        query.values().forEach(secrets::add);
        if (inQuery) {
            query.putAll(form);
        }
        Map<String, String> headers = new LinkedHashMap<>(connection.headerParameters());
        headers.values().forEach(secrets::add);
        String basic = Base64.getEncoder().encodeToString((UrlEncodedBody.encode(connection.clientId()) + ":"
                + UrlEncodedBody.encode(connection.clientSecret())).getBytes(StandardCharsets.UTF_8));
        secrets.add(connection.clientSecret());
        secrets.add(basic);
        headers.put("Authorization", "Basic " + basic);
        headers.put("Accept", "application/json");
        byte[] body = new byte[0];
        if (!inQuery) {
            headers.put("Content-Type", UrlEncodedBody.CONTENT_TYPE);
            body = UrlEncodedBody.encode(form, UrlEncodedBody.INDICES).getBytes(StandardCharsets.UTF_8);
        }
        HttpInvoker.HttpResult response;
        try {
            response = http.invoke(new HttpInvoker.HttpCall(connection.httpMethod(), uri(connection, query), headers,
                    body, timeout));
        } catch (IOException e) {
            throw new StateFailure(HttpTask.SOCKET_ERROR, target + " did not answer: "
                    + secrets.redact(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        } catch (IllegalArgumentException e) {
            throw new StateFailure("States.Runtime", target + " cannot be called: " + secrets.redact(e.getMessage()));
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new StateFailure("States.Http.StatusCode." + response.statusCode(), target + " answered "
                    + response.statusCode() + " to the client credentials grant");
        }
        Token token = token(response, target);
        secrets.add(token.value());
        synchronized (cache) {
            cache.put(connection, token);
        }
        return token;
    }

    private Token token(HttpInvoker.HttpResult response, String target) throws StateFailure {
        Object parsed;
        try {
            parsed = JsonValues.parse(new String(response.body(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            parsed = null;
        }
        if (!(parsed instanceof Map<?, ?> answer) || !(answer.get("access_token") instanceof String value)
                || value.isBlank()) {
            throw new StateFailure("States.Runtime", target + " answered without an access_token");
        }
        Instant refreshAt = null;
        Object expiresIn = answer.get("expires_in");
        Long seconds = expiresIn instanceof Number n ? Long.valueOf(n.longValue())
                : expiresIn instanceof String s && s.matches("\\d{1,12}") ? Long.valueOf(s) : null;
        if (seconds != null) {
            refreshAt = clock.instant().plusSeconds(Math.max(0, seconds - REFRESH_BEFORE_SECONDS));
        }
        return new Token(value, refreshAt);
    }

    private static URI uri(Connection.OAuthClientCredentials connection, Map<String, String> query) throws StateFailure {
        StringBuilder url = new StringBuilder(connection.tokenUrl());
        String separator = url.indexOf("?") < 0 ? "?" : "&";
        for (Map.Entry<String, String> e : query.entrySet()) {
            url.append(separator).append(UrlEncodedBody.encode(e.getKey())).append('=')
                    .append(UrlEncodedBody.encode(e.getValue()));
            separator = "&";
        }
        try {
            return new URI(url.toString());
        } catch (URISyntaxException e) {
            throw new StateFailure("States.Runtime", "the authorization endpoint of connection '" + connection.name()
                    + "' is not a valid URL");
        }
    }

    /** The URL without user info or query, either of which may carry a secret. */
    private static String withoutQuery(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (URISyntaxException e) {
            return "<not a URL>";
        }
    }
}
