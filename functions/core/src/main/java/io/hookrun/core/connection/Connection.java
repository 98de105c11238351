package io.hookrun.core.connection;

import java.util.Map;

/**
 * A named set of credentials a Task authenticates with, shaped like an EventBridge connection (its
 * {@code AuthParameters}): an API key header, HTTP basic, or OAuth client credentials, plus parameters added to
 * every call. Workflows name a connection ({@code Authentication.ConnectionArn} on {@code http:invoke},
 * {@code Connection} on the Dify task); the values live in Secrets Manager when deployed and in
 * {@code .hookrun/connections.json} locally (docs/adr/0007). {@link #toString()} of every kind hides the secret
 * values: a connection can be logged by mistake without leaking.
 */
public sealed interface Connection {

    /** The connection's name, as workflows refer to it. */
    String name();

    /**
     * Extra headers, query parameters and body fields added to every call made with the connection (EventBridge's
     * {@code InvocationHttpParameters}); also where a Dify connection keeps its {@code baseUrl}.
     */
    InvocationParameters invocation();

    /** EventBridge {@code InvocationHttpParameters}: every map is never null. */
    record InvocationParameters(Map<String, String> headers, Map<String, String> query, Map<String, String> body,
                                @io.micronaut.core.annotation.Nullable String baseUrl) {
        public static final InvocationParameters NONE = new InvocationParameters(Map.of(), Map.of(), Map.of(), null);

        public InvocationParameters {
            headers = Map.copyOf(headers);
            query = Map.copyOf(query);
            body = Map.copyOf(body);
        }

        @Override
        public String toString() {
            return "InvocationParameters[headers=" + headers.keySet() + ", query=" + query.keySet() + ", body="
                    + body.keySet() + ", baseUrl=" + baseUrl + "]";
        }
    }

    /** {@code API_KEY}: header {@code headerName} carries {@code value} (Dify: {@code Authorization: Bearer app-...}). */
    record ApiKey(String name, String headerName, String value, InvocationParameters invocation) implements Connection {
        @Override
        public String toString() {
            return "ApiKey[" + name + ", header=" + headerName + ", value=<redacted>]";
        }
    }

    /** {@code BASIC}: {@code Authorization: Basic base64(username:password)}. */
    record Basic(String name, String username, String password, InvocationParameters invocation) implements Connection {
        @Override
        public String toString() {
            return "Basic[" + name + ", username=" + username + ", password=<redacted>]";
        }
    }

    /**
     * {@code OAUTH_CLIENT_CREDENTIALS}: a token is fetched from {@code tokenUrl} (RFC 6749 section 4.4, with
     * {@code httpMethod}, client id and secret as HTTP basic, plus {@code bodyParameters}), cached until shortly before
     * it expires, and sent as {@code Authorization: Bearer}.
     */
    record OAuthClientCredentials(String name, String tokenUrl, String httpMethod, String clientId, String clientSecret,
                                  Map<String, String> bodyParameters, Map<String, String> headerParameters,
                                  InvocationParameters invocation, Map<String, String> queryParameters)
            implements Connection {
        public OAuthClientCredentials {
            bodyParameters = Map.copyOf(bodyParameters);
            headerParameters = Map.copyOf(headerParameters);
            queryParameters = Map.copyOf(queryParameters);
        }

        /** Without {@code oAuthHttpParameters.queryStringParameters}. */
        public OAuthClientCredentials(String name, String tokenUrl, String httpMethod, String clientId,
                                      String clientSecret, Map<String, String> bodyParameters,
                                      Map<String, String> headerParameters, InvocationParameters invocation) {
            this(name, tokenUrl, httpMethod, clientId, clientSecret, bodyParameters, headerParameters, invocation,
                    Map.of());
        }

        @Override
        public String toString() {
            return "OAuthClientCredentials[" + name + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId
                    + ", clientSecret=<redacted>]";
        }
    }
}
