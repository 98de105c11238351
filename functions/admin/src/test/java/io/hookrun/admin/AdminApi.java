package io.hookrun.admin;

import io.hookrun.lambda.TestLambdaContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.LambdaHandler;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.time.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real AdminHandler, built from Lambda's context builder with the in-memory twins as its stores
 * ({@link TwinStoreFactory}), called with API Gateway payload 2.0 events as the HTTP API sends them. Every answer
 * is kept, so that a test can check all of them at once.
 */
final class AdminApi implements AutoCloseable {

    static final String REQUEST_ID = "8f2c1d7e-admin-request";

    /**
     * What the Lambda context needs to start, all singletons being built eagerly: the names the stores and the queue
     * read at construction, and a database URL for the pool (which never connects at start:
     * initialization-fail-timeout -1; nothing here uses it, the run history is a twin).
     */
    private static final Map<String, Object> DEPLOYMENT = Map.of(
            "hookrun.table-name", "hookrun",
            "hookrun.steps-queue-url", "http://127.0.0.1:1/000000000000/steps",
            "datasources.default.url", "jdbc:postgresql://127.0.0.1:1/hookrun");

    private static final Path EVENTS = Path.of("../../events/admin");

    private final AdminHandler handler;
    private final List<Response> answers = Collections.synchronizedList(new ArrayList<>());

    /** The handler with every store a twin. */
    AdminApi() {
        this(Map.of());
    }

    /** The handler with these properties over the default deployment (endpoints of local stand-ins, for instance). */
    AdminApi(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(DEPLOYMENT);
        all.putAll(properties);
        handler = new AdminHandler(LambdaHandler.lambdaBuilder().properties(all));
    }

    /** An answer, with its body parsed when it is JSON. */
    record Response(int status, Map<String, String> headers, String body, Object json) {

        @SuppressWarnings("unchecked")
        Map<String, Object> object() {
            return (Map<String, Object>) json;
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> array() {
            return (List<Map<String, Object>>) json;
        }

        /** The {@code items} of a list's page ({@code {"items": [...], "nextToken": "..."}}). */
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items() {
            return (List<Map<String, Object>>) object().get("items");
        }

        /** The page's {@code nextToken}; null on the last page. */
        String nextToken() {
            return (String) object().get("nextToken");
        }

        @SuppressWarnings("unchecked")
        List<String> problems() {
            return (List<String>) object().get("problems");
        }
    }

    /** The routes the handler dispatches to (their table, for the OpenAPI test). */
    AdminRoutes handlerRoutes() {
        return handler.getApplicationContext().getBean(AdminRoutes.class);
    }

    TwinStores stores() {
        return handler.getApplicationContext().getBean(TwinStores.class);
    }

    Response get(String path) {
        return send("GET", path, Map.of(), null);
    }

    Response get(String path, Map<String, String> query) {
        return send("GET", path, query, null);
    }

    Response delete(String path) {
        return send("DELETE", path, Map.of(), null);
    }

    Response post(String path) {
        return send("POST", path, Map.of(), null);
    }

    Response put(String path, String body) {
        return send("PUT", path, Map.of(), body);
    }

    Response post(String path, Map<String, String> query, String body) {
        return send("POST", path, query, body);
    }

    /** A POST whose body is these bytes, which need not be UTF-8: sent base64-encoded, as API Gateway sends binary. */
    Response post(String path, Map<String, String> query, byte[] body) {
        APIGatewayV2HTTPEvent event = request("POST", path, query, Base64.getEncoder().encodeToString(body));
        event.setIsBase64Encoded(true);
        return send(event);
    }

    Response send(String method, String path, Map<String, String> query, String body) {
        return send(request(method, path, query, body));
    }

    private APIGatewayV2HTTPEvent request(String method, String path, Map<String, String> query, String body) {
        APIGatewayV2HTTPEvent event = event("get-unknown-workflow.json");
        event.getRequestContext().getHttp().setMethod(method);
        event.getRequestContext().getHttp().setPath(path);
        event.setRawPath(path);
        event.setQueryStringParameters(query);
        event.setBody(body);
        return event;
    }

    /** Sends an event as the HTTP API does, in an invocation whose request id is {@link #REQUEST_ID}. */
    Response send(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse answer = handler.handleRequest(event, new TestLambdaContext("AdminFunction", REQUEST_ID, Duration.ofSeconds(20)));
        String contentType = answer.getHeaders().getOrDefault("content-type", "");
        Response response = new Response(answer.getStatusCode(), answer.getHeaders(), answer.getBody(),
                contentType.contains("json") ? read(answer.getBody(), Argument.OBJECT_ARGUMENT) : null);
        answers.add(response);
        return response;
    }

    /** A sample event from {@code events/admin/}: the file {@code ./hookrun invoke} and {@code sam local invoke} use. */
    APIGatewayV2HTTPEvent event(String file) {
        try {
            return read(Files.readString(EVENTS.resolve(file)), Argument.of(APIGatewayV2HTTPEvent.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every answer this API gave, in order. */
    List<Response> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    @Override
    public void close() {
        handler.close();
    }

    private <T> T read(String json, Argument<T> type) {
        try {
            return handler.getApplicationContext().getBean(JsonMapper.class).readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
