package io.hookrun.core.connection;

import io.hookrun.core.json.JsonText;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConnectionJsonTest {

    private static final String SECRET = "sk_live_TOPSECRET_42";
    private final ConnectionJson json = new ConnectionJson(new JsonText(JsonMapper.createDefault()));

    @Test
    void apiKey_withInvocationParameters_andBaseUrl() {
        Connection c = json.read("dify", """
                {"authorizationType": "API_KEY",
                 "apiKeyAuthParameters": {"apiKeyName": "Authorization", "apiKeyValue": "Bearer app-%s"},
                 "invocationHttpParameters": {
                   "headerParameters": [{"key": "x-tenant", "value": "acme", "isValueSecret": false}],
                   "queryStringParameters": [{"key": "region", "value": "eu"}],
                   "bodyParameters": [{"key": "source", "value": "hookrun"}]},
                 "baseUrl": "https://dify.example.com"}""".formatted(SECRET));

        assertThat(c).isEqualTo(new Connection.ApiKey("dify", "Authorization", "Bearer app-" + SECRET,
                new Connection.InvocationParameters(Map.of("x-tenant", "acme"), Map.of("region", "eu"),
                        Map.of("source", "hookrun"), "https://dify.example.com")));
        assertThat(c.toString()).doesNotContain(SECRET);
    }

    @Test
    void basic_withoutInvocationParameters() {
        Connection c = json.read("erp", """
                {"authorizationType": "BASIC", "basicAuthParameters": {"username": "bot", "password": "%s"}}"""
                .formatted(SECRET));

        assertThat(c).isEqualTo(new Connection.Basic("erp", "bot", SECRET, Connection.InvocationParameters.NONE));
        assertThat(c.toString()).doesNotContain(SECRET);
    }

    @Test
    void oAuthClientCredentials_withItsHttpParameters_andPostAsTheDefaultMethod() {
        Connection c = json.read("crm", """
                {"authorizationType": "OAUTH_CLIENT_CREDENTIALS",
                 "oAuthParameters": {
                   "authorizationEndpoint": "https://auth.example.com/oauth/token",
                   "clientParameters": {"clientID": "client-1", "clientSecret": "%s"},
                   "oAuthHttpParameters": {
                     "bodyParameters": [{"key": "scope", "value": "orders:write"}],
                     "headerParameters": [{"key": "x-audience", "value": "api"}],
                     "queryStringParameters": [{"key": "tenant", "value": "acme"}]}}}""".formatted(SECRET));

        assertThat(c).isEqualTo(new Connection.OAuthClientCredentials("crm", "https://auth.example.com/oauth/token",
                "POST", "client-1", SECRET, Map.of("scope", "orders:write"), Map.of("x-audience", "api"),
                Connection.InvocationParameters.NONE, Map.of("tenant", "acme")));
        assertThat(c.toString()).doesNotContain(SECRET);
    }

    @Test
    void eventBridgePascalCase_readsToo() {
        Connection c = json.read("crm", """
                {"AuthorizationType": "OAUTH_CLIENT_CREDENTIALS",
                 "OAuthParameters": {"AuthorizationEndpoint": "https://auth.example.com/token", "HttpMethod": "GET",
                   "ClientParameters": {"ClientID": "id", "ClientSecret": "s"}}}""");

        assertThat(c).isInstanceOfSatisfying(Connection.OAuthClientCredentials.class,
                o -> assertThat(o.httpMethod()).isEqualTo("GET"));
    }

    @Test
    void aMissingSecretField_isNamed_withTheConnection() {
        assertThat(problem("""
                {"authorizationType": "API_KEY", "apiKeyAuthParameters": {"apiKeyName": "x-api-key"}}"""))
                .isEqualTo("connection 'c': apiKeyAuthParameters.apiKeyValue is required");
    }

    @Test
    void anUnknownAuthorizationType_isNamed() {
        assertThat(problem("{\"authorizationType\": \"DIGEST\"}"))
                .isEqualTo("connection 'c': authorizationType must be API_KEY, BASIC or OAUTH_CLIENT_CREDENTIALS");
    }

    @Test
    void aWrongType_namesTheField_butNotTheValue() {
        String problem = problem("""
                {"authorizationType": "BASIC", "basicAuthParameters": {"username": "u", "password": ["%s"]}}"""
                .formatted(SECRET));

        assertThat(problem).isEqualTo("connection 'c': basicAuthParameters.password must be a string");
    }

    @Test
    void aBadParameterList_namesTheEntry() {
        assertThat(problem("""
                {"authorizationType": "BASIC", "basicAuthParameters": {"username": "u", "password": "p"},
                 "invocationHttpParameters": {"headerParameters": [{"key": "a", "value": "b"}, {"key": "c"}]}}"""))
                .isEqualTo("connection 'c': invocationHttpParameters.headerParameters[1].value is required");
    }

    @Test
    void anOAuthEndpointThatIsNoUrl_orAnUnsupportedMethod_isRefused() {
        assertThat(problem("""
                {"authorizationType": "OAUTH_CLIENT_CREDENTIALS", "oAuthParameters": {"authorizationEndpoint": "token",
                 "clientParameters": {"clientID": "i", "clientSecret": "s"}}}"""))
                .isEqualTo("connection 'c': oAuthParameters.authorizationEndpoint must be an http(s) URL");
        assertThat(problem("""
                {"authorizationType": "OAUTH_CLIENT_CREDENTIALS", "oAuthParameters": {"httpMethod": "DELETE",
                 "authorizationEndpoint": "https://a.example/t", "clientParameters": {"clientID": "i", "clientSecret": "s"}}}"""))
                .isEqualTo("connection 'c': oAuthParameters.httpMethod must be GET, POST or PUT");
    }

    @Test
    void textThatIsNotJson_saysWhere_butQuotesNothingOfIt() {
        ConnectionUnreadableException e = catchThrowableOfType(ConnectionUnreadableException.class,
                () -> json.read("c", "{\"authorizationType\": \"API_KEY\", " + SECRET + "}"));

        assertThat(e.getMessage()).startsWith("connection 'c': is not JSON").doesNotContain(SECRET).doesNotContain("sk_");
        assertThat(e.outage()).isFalse();
    }

    private String problem(String text) {
        ConnectionUnreadableException e = catchThrowableOfType(ConnectionUnreadableException.class,
                () -> json.read("c", text));
        assertThat(e.outage()).isFalse();
        assertThat(e.getMessage()).doesNotContain(SECRET);
        return e.getMessage();
    }
}
