package io.hookrun.core.connection;

import io.hookrun.core.json.JsonText;
import io.hookrun.core.outbound.HttpUrls;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a connection from its JSON: EventBridge's {@code AuthParameters} shape plus {@code authorizationType} and
 * hookrun's {@code baseUrl} (docs/adr/0007), e.g.
 * <pre>{"authorizationType": "API_KEY",
 *  "apiKeyAuthParameters": {"apiKeyName": "x-api-key", "apiKeyValue": "..."},
 *  "invocationHttpParameters": {"headerParameters": [{"key": "x-tenant", "value": "acme"}]}}</pre>
 * Field names are matched ignoring the case of their first letter, so the PascalCase of EventBridge's API and
 * CloudFormation ({@code ApiKeyAuthParameters}, {@code ClientParameters.ClientID}) reads too. Parameter lists are
 * {@code [{"key", "value", "isValueSecret"}]} as EventBridge has them; hookrun treats every value as secret.
 *
 * <p>Every error names the connection and the field and never quotes a value, not even the part of the text that
 * is not JSON: the text is a secret ({@link ConnectionUnreadableException} with {@code outage() == false}).
 */
public final class ConnectionJson {

    public static final String API_KEY = "API_KEY";
    public static final String BASIC = "BASIC";
    public static final String OAUTH_CLIENT_CREDENTIALS = "OAUTH_CLIENT_CREDENTIALS";
    /** EventBridge lets an OAuth token be fetched with these methods only (CreateConnection, OAuthParameters). */
    static final Set<String> OAUTH_METHODS = Set.of("GET", "POST", "PUT");

    private final JsonText json;

    public ConnectionJson(JsonText json) {
        this.json = json;
    }

    /** Parses {@code text}, the JSON of connection {@code name}. */
    public Connection read(String name, String text) {
        Object value;
        try {
            value = json.parse(text);
        } catch (RuntimeException e) {
            // The parser's message quotes the offending token: part of a secret. Only say where.
            throw malformed(name, "is not JSON" + location(e));
        }
        return of(name, value);
    }

    /** The connection {@code name} from its parsed JSON value (maps, lists, strings). */
    public static Connection of(String name, Object value) {
        Map<?, ?> root = object(name, "", value);
        String type = requiredText(name, root, "", "authorizationType");
        Connection.InvocationParameters invocation = invocation(name, root);
        return switch (type.toUpperCase(Locale.ROOT)) {
            case API_KEY -> {
                Map<?, ?> p = requiredObject(name, root, "", "apiKeyAuthParameters");
                yield new Connection.ApiKey(name, requiredText(name, p, "apiKeyAuthParameters.", "apiKeyName"),
                        requiredText(name, p, "apiKeyAuthParameters.", "apiKeyValue"), invocation);
            }
            case BASIC -> {
                Map<?, ?> p = requiredObject(name, root, "", "basicAuthParameters");
                yield new Connection.Basic(name, requiredText(name, p, "basicAuthParameters.", "username"),
                        requiredText(name, p, "basicAuthParameters.", "password"), invocation);
            }
            case OAUTH_CLIENT_CREDENTIALS -> oAuth(name, root, invocation);
            default -> throw malformed(name, "authorizationType must be " + API_KEY + ", " + BASIC + " or "
                    + OAUTH_CLIENT_CREDENTIALS);
        };
    }

    private static Connection oAuth(String name, Map<?, ?> root, Connection.InvocationParameters invocation) {
        String at = "oAuthParameters.";
        Map<?, ?> p = requiredObject(name, root, "", "oAuthParameters");
        String endpoint = requiredText(name, p, at, "authorizationEndpoint");
        if (!HttpUrls.isHttpUrl(endpoint)) {
            throw malformed(name, at + "authorizationEndpoint must be an http(s) URL");
        }
        Object method = field(p, "httpMethod");
        String httpMethod = method == null ? "POST" : text(name, at + "httpMethod", method).toUpperCase(Locale.ROOT);
        if (!OAUTH_METHODS.contains(httpMethod)) {
            throw malformed(name, at + "httpMethod must be GET, POST or PUT");
        }
        Map<?, ?> client = requiredObject(name, p, at, "clientParameters");
        String clientId = requiredText(name, client, at + "clientParameters.", "clientID");
        String clientSecret = requiredText(name, client, at + "clientParameters.", "clientSecret");
        Object http = field(p, "oAuthHttpParameters");
        Map<?, ?> params = http == null ? Map.of() : object(name, at + "oAuthHttpParameters", http);
        String in = at + "oAuthHttpParameters.";
        return new Connection.OAuthClientCredentials(name, endpoint, httpMethod, clientId, clientSecret,
                parameters(name, params, in, "bodyParameters"), parameters(name, params, in, "headerParameters"),
                invocation, parameters(name, params, in, "queryStringParameters"));
    }

    private static Connection.InvocationParameters invocation(String name, Map<?, ?> root) {
        Object given = field(root, "invocationHttpParameters");
        Map<?, ?> p = given == null ? Map.of() : object(name, "invocationHttpParameters", given);
        String at = "invocationHttpParameters.";
        Object baseUrl = field(root, "baseUrl");
        if (baseUrl != null && !HttpUrls.isHttpUrl(baseUrl)) {
            throw malformed(name, "baseUrl must be an http(s) URL");
        }
        return new Connection.InvocationParameters(parameters(name, p, at, "headerParameters"),
                parameters(name, p, at, "queryStringParameters"), parameters(name, p, at, "bodyParameters"),
                (String) baseUrl);
    }

    /** EventBridge's {@code [{key, value, isValueSecret}]} list (or, for convenience, a plain object of strings). */
    private static Map<String, String> parameters(String name, Map<?, ?> parent, String at, String field) {
        Object value = field(parent, field);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (value == null) {
            return parameters;
        }
        String where = at + field;
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> parameters.put(String.valueOf(k), text(name, where + "." + k, v)));
            return parameters;
        }
        if (!(value instanceof List<?> list)) {
            throw malformed(name, where + " must be a list of {\"key\", \"value\"} objects");
        }
        for (int i = 0; i < list.size(); i++) {
            Map<?, ?> entry = object(name, where + "[" + i + "]", list.get(i));
            String key = requiredText(name, entry, where + "[" + i + "].", "key");
            if (key.isBlank()) {
                throw malformed(name, where + "[" + i + "].key must not be blank");
            }
            parameters.put(key, requiredText(name, entry, where + "[" + i + "].", "value"));
        }
        return parameters;
    }

    private static Map<?, ?> requiredObject(String name, Map<?, ?> parent, String at, String field) {
        Object value = field(parent, field);
        if (value == null) {
            throw malformed(name, at + field + " is required");
        }
        return object(name, at + field, value);
    }

    private static Map<?, ?> object(String name, String where, Object value) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw malformed(name, (where.isEmpty() ? "the connection" : where) + " must be a JSON object");
    }

    private static String requiredText(String name, Map<?, ?> parent, String at, String field) {
        Object value = field(parent, field);
        if (value == null) {
            throw malformed(name, at + field + " is required");
        }
        String text = text(name, at + field, value);
        if (text.isEmpty()) {
            throw malformed(name, at + field + " must not be empty");
        }
        return text;
    }

    private static String text(String name, String where, Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw malformed(name, where + " must be a string");
    }

    /** {@code parent[field]}, or the same name with its first letter in the other case (EventBridge's PascalCase). */
    private static Object field(Map<?, ?> parent, String field) {
        Object value = parent.get(field);
        if (value != null) {
            return value;
        }
        String first = field.substring(0, 1);
        String flipped = (first.equals(first.toUpperCase(Locale.ROOT)) ? first.toLowerCase(Locale.ROOT)
                : first.toUpperCase(Locale.ROOT)) + field.substring(1);
        value = parent.get(flipped);
        if (value == null && field.equals("clientID")) {
            value = parent.get("clientId"); // a common misspelling of EventBridge's ClientID
        }
        return value;
    }


    /** " (line L, column C)" from a Jackson parse failure in {@code e}'s causes, or nothing. */
    private static String location(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
                return " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
            }
        }
        return "";
    }

    static ConnectionUnreadableException malformed(String name, String problem) {
        return new ConnectionUnreadableException("connection '" + name + "': " + problem, false, null);
    }
}
