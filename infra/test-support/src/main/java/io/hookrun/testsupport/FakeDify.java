package io.hookrun.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookrun.core.json.JsonText;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Dify's Service API as docs.dify.ai documents it ("Run Workflow", "Run Workflow by ID", "Send Chat
 * Message", "Consume Streaming Responses", "Handle Errors and Rate Limits"): {@code POST /v1/workflows/run},
 * {@code /v1/workflows/{workflow_id}/run} and {@code /v1/chat-messages}, authenticated by
 * {@code Authorization: Bearer <app key>}, answering in {@code blocking} mode with the documented JSON and in
 * {@code streaming} mode with {@code data:} events and {@code event: ping} keep-alives; errors are the documented
 * {@code {"status", "code", "message"}} envelope (401 {@code unauthorized}, 400 {@code invalid_param} for a missing
 * {@code user}, {@code inputs} or {@code query}, 400 {@code not_workflow_app} / {@code not_chat_app} for the wrong
 * route, 400 {@code bad_request} for a blocking request to an Agent app, which streams only, 404 {@code not_found}
 * for an unknown conversation).
 *
 * <p>Each app key belongs to one app ({@link #app}). Tests script what the next requests get instead of the
 * documented success ({@link #enqueue}: a 429 with {@code Retry-After}, an error, a run that ended {@code failed} or
 * {@code stopped}, an answer streamed although blocking was asked, an {@code error} event mid-stream, a stream that
 * ends without its final event, a slow answer), and read every request received ({@link #requests()}). It serves on
 * loopback ({@link #start()}, {@link #baseUrl()}) and answers in-process too ({@link #respond}), so that unit tests
 * need no network.
 */
public final class FakeDify implements AutoCloseable {

    /** What kind of Dify app a key belongs to: which route it takes and how it answers. */
    public enum App {
        /** A Workflow app: {@code /workflows/run}. */
        WORKFLOW,
        /** A Chatbot or Chatflow app: {@code /chat-messages}, blocking or streaming. */
        CHAT,
        /** An Agent app: {@code /chat-messages}, streaming only (a blocking request is a 400 {@code bad_request}). */
        AGENT
    }

    /**
     * A request received.
     *
     * @param headers by lower-case name
     */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {

        /** The first value of header {@code name} (any case), or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        /** The body as a JSON object, or null when it is not one. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            try {
                return JSON.parse(body) instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * An answer.
     *
     * @param delay how long the server waits before answering (a timeout test's slow Dify)
     */
    public record Response(int status, Map<String, String> headers, String body, Duration delay) {

        public boolean isEventStream() {
            return "text/event-stream".equals(headers.get("Content-Type"));
        }
    }

    /** A scripted answer to one request, made from the request and the documented success for it. */
    @FunctionalInterface
    public interface Next {
        Response answer(Request request, Response documented);
    }

    private static final JsonText JSON = new JsonText(JsonMapper.createDefault());
    private static final Set<String> RESPONSE_MODES = Set.of("blocking", "streaming");
    private static final long CREATED_AT = 1_705_407_629L;

    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Next> script = new ConcurrentLinkedDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<String> conversations = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sequence = new AtomicInteger();
    private HttpServer server;
    private ExecutorService executor;

    /** A fake with no app yet and no server: {@link #respond} answers in-process. */
    public FakeDify() {
    }

    /** A fake serving on a free loopback port. */
    public static FakeDify started() throws IOException {
        FakeDify dify = new FakeDify();
        dify.start();
        return dify;
    }

    /** Adds an app whose API key is {@code key}. */
    public FakeDify app(String key, App app) {
        apps.put(key, app);
        return this;
    }

    /** The next requests get these answers, one each, in order; after them the documented success again. */
    public FakeDify enqueue(Next... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Every request received so far, in order. */
    public List<Request> requests() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }

    /** The {@code workflow_run_id} the fake gives the run of its {@code n}-th request (1 for the first). */
    public static String workflowRunId(int n) {
        return "%08d-0000-4000-8000-000000000001".formatted(n);
    }

    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** Where the API is served, e.g. {@code http://127.0.0.1:41234} (the {@code /v1} prefix is the client's). */
    public URI baseUrl() {
        if (server == null) {
            throw new IllegalStateException("the fake Dify was not started");
        }
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.close();
        }
    }

    // ---- scripted answers

    /** 429 {@code too_many_requests} (the app's concurrency ceiling), with {@code Retry-After} when not null. */
    public static Next rateLimited(String retryAfter) {
        return (request, documented) -> {
            Response error = error(429, "too_many_requests", "Too many requests. Please try again later.")
                    .answer(request, documented);
            if (retryAfter == null) {
                return error;
            }
            Map<String, String> headers = new LinkedHashMap<>(error.headers());
            headers.put("Retry-After", retryAfter);
            return new Response(error.status(), headers, error.body(), Duration.ZERO);
        };
    }

    /** The documented error envelope {@code {"status", "code", "message"}} with that HTTP status. */
    public static Next error(int status, String code, String message) {
        return (request, documented) -> errorResponse(status, code, message);
    }

    /** An answer that is not Dify's own (a proxy's 502 page, say). */
    public static Next raw(int status, String contentType, String body) {
        return (request, documented) -> new Response(status, Map.of("Content-Type", contentType), body, Duration.ZERO);
    }

    /** The workflow run ends {@code failed} or {@code stopped} with {@code error} (blocking or streamed as asked). */
    public static Next runEnds(String status, String error) {
        return (request, documented) -> {
            String body = documented.body()
                    .replace("\"status\":\"succeeded\"", "\"status\":" + quote(status))
                    .replace("\"error\":null", "\"error\":" + quote(error));
            return new Response(documented.status(), documented.headers(), body, Duration.ZERO);
        };
    }

    /** The documented success, but as an event stream although {@code blocking} was asked. */
    public static Next streamed() {
        return (request, documented) -> documented.isEventStream() || documented.status() != 200 ? documented
                : new Response(200, Map.of("Content-Type", "text/event-stream"), eventStreamOf(documented),
                Duration.ZERO);
    }

    /**
     * An event stream that starts, then fails with an {@code error} event (the HTTP status stays 200, as Dify's
     * streams do).
     */
    public static Next streamedError(int status, String code, String message) {
        return (request, documented) -> {
            StringBuilder stream = new StringBuilder();
            boolean chat = request.path().endsWith("/chat-messages");
            stream.append(event(chat ? Map.of("event", "message", "task_id", "t-1", "message_id", "m-1",
                    "conversation_id", "c-1", "answer", "Part", "created_at", CREATED_AT)
                    : Map.of("event", "workflow_started", "task_id", "t-1", "workflow_run_id", "r-1",
                    "data", Map.of("id", "r-1", "created_at", CREATED_AT))));
            stream.append("event: ping\n\n");
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("event", "error");
            error.put("message_id", "m-1");
            error.put("status", status);
            error.put("code", code);
            error.put("message", message);
            stream.append(event(error));
            return new Response(200, Map.of("Content-Type", "text/event-stream"), stream.toString(), Duration.ZERO);
        };
    }

    /** An event stream cut before its final event (a connection that dropped mid-run). */
    public static Next streamCut() {
        return (request, documented) -> {
            if (documented.status() != 200) {
                return documented;
            }
            String whole = documented.isEventStream() ? documented.body() : eventStreamOf(documented);
            int last = whole.lastIndexOf("data: ");
            return new Response(200, Map.of("Content-Type", "text/event-stream"), whole.substring(0, last), Duration.ZERO);
        };
    }

    /** The documented success, after {@code delay}. */
    public static Next slow(Duration delay) {
        return (request, documented) -> new Response(documented.status(), documented.headers(), documented.body(), delay);
    }

    // ---- answering

    /** The answer to {@code request}: a scripted one if any is queued, else Dify's documented behaviour. */
    public Response respond(Request request) {
        requests.add(request);
        int n = sequence.incrementAndGet();
        Response documented = documented(request, n);
        Next next = documented.status() == 401 ? null : script.pollFirst(); // a refused key is refused first
        return next == null ? documented : next.answer(request, documented);
    }

    private Response documented(Request request, int n) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return errorResponse(401, "unauthorized", "Authorization header must be provided and start with 'Bearer'");
        }
        App app = apps.get(authorization.substring("Bearer ".length()));
        if (app == null) {
            return errorResponse(401, "unauthorized", "Access token is invalid");
        }
        String path = request.path();
        boolean chatRoute = path.equals("/v1/chat-messages");
        String workflowId = path.matches("/v1/workflows/[^/]+/run")
                ? path.substring("/v1/workflows/".length(), path.length() - "/run".length()) : null;
        boolean workflowRoute = path.equals("/v1/workflows/run") || workflowId != null;
        if (!chatRoute && !workflowRoute) {
            return errorResponse(404, "not_found", "The requested URL was not found on the server.");
        }
        if (!request.method().equals("POST")) {
            return errorResponse(405, "method_not_allowed", "The method is not allowed for the requested URL.");
        }
        if (workflowRoute && app != App.WORKFLOW) {
            return errorResponse(400, "not_workflow_app", "Please check if your app mode matches the right API route.");
        }
        if (chatRoute && app == App.WORKFLOW) {
            return errorResponse(400, "not_chat_app", "Please check if your app mode matches the right API route.");
        }
        Map<String, Object> body = request.json();
        if (body == null) {
            return errorResponse(400, "bad_request", "The browser (or proxy) sent a request that this server could not understand.");
        }
        String problem = problem(body, chatRoute);
        if (problem != null) {
            return errorResponse(400, "invalid_param", problem);
        }
        boolean streaming = "streaming".equals(body.get("response_mode"));
        if (app == App.AGENT && !streaming) {
            return errorResponse(400, "bad_request", "Agent App only supports streaming response mode.");
        }
        Object conversation = body.get("conversation_id");
        if (chatRoute && conversation instanceof String c && !c.isEmpty() && !conversations.contains(c)) {
            return errorResponse(404, "not_found", "Conversation Not Exists.");
        }
        Map<String, Object> answer = chatRoute ? chatAnswer(body, n, app) : workflowAnswer(body, n, workflowId);
        Response blocking = new Response(200, Map.of("Content-Type", "application/json"), write(answer), Duration.ZERO);
        return streaming ? new Response(200, Map.of("Content-Type", "text/event-stream"),
                eventStreamOf(blocking), Duration.ZERO) : blocking;
    }

    /** The documented 400 {@code invalid_param} cases: a missing {@code user}, {@code inputs} or {@code query}. */
    private static String problem(Map<String, Object> body, boolean chat) {
        if (!(body.get("user") instanceof String user) || user.isEmpty()) {
            return "Arg user must be provided.";
        }
        if (!(body.get("inputs") instanceof Map)) {
            return "inputs is required in input form";
        }
        if (chat && !(body.get("query") instanceof String)) {
            return "query is required";
        }
        Object mode = body.get("response_mode");
        if (mode != null && !RESPONSE_MODES.contains(mode)) {
            return "response_mode must be one of " + RESPONSE_MODES;
        }
        Object files = body.get("files");
        if (files != null && !(files instanceof List<?> list && list.stream().allMatch(
                f -> f instanceof Map<?, ?> file && file.get("type") != null && file.get("transfer_method") != null))) {
            return "files must be a list of file objects with type and transfer_method";
        }
        return null;
    }

    /** The documented blocking answer of a workflow run: its outputs echo the inputs. */
    private static Map<String, Object> workflowAnswer(Map<String, Object> body, int n, String workflowId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", workflowRunId(n));
        data.put("workflow_id", workflowId == null ? "7c3e33d4-2a8b-4e5f-9b1a-d3c6e8f12345" : workflowId);
        data.put("status", "succeeded");
        data.put("outputs", Map.of("echo", body.get("inputs")));
        data.put("error", null);
        data.put("elapsed_time", 1.23);
        data.put("total_tokens", 150);
        data.put("total_steps", 3);
        data.put("created_at", CREATED_AT);
        data.put("finished_at", CREATED_AT + 1);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("task_id", "%08d-0000-4000-8000-00000000000a".formatted(n));
        answer.put("workflow_run_id", workflowRunId(n));
        answer.put("data", data);
        return answer;
    }

    /** The documented blocking answer of a chat message: the answer repeats the query. */
    private Map<String, Object> chatAnswer(Map<String, Object> body, int n, App app) {
        String conversation = body.get("conversation_id") instanceof String c && !c.isEmpty() ? c
                : "%08d-0000-4000-8000-00000000000c".formatted(n);
        conversations.add(conversation);
        String message = "%08d-0000-4000-8000-00000000000b".formatted(n);
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("prompt_tokens", 1033);
        usage.put("prompt_unit_price", "0.001");
        usage.put("prompt_price_unit", "0.001");
        usage.put("prompt_price", "0.0010330");
        usage.put("completion_tokens", 128);
        usage.put("completion_unit_price", "0.002");
        usage.put("completion_price_unit", "0.001");
        usage.put("completion_price", "0.0002560");
        usage.put("total_tokens", 1161);
        usage.put("total_price", "0.0012890");
        usage.put("currency", "USD");
        usage.put("latency", 0.7682376249867957);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("event", "message");
        answer.put("task_id", "%08d-0000-4000-8000-00000000000a".formatted(n));
        answer.put("id", message);
        answer.put("message_id", message);
        answer.put("conversation_id", conversation);
        answer.put("mode", app == App.AGENT ? "agent-chat" : "chat");
        answer.put("answer", "You said: " + body.get("query"));
        answer.put("metadata", Map.of("usage", usage, "retriever_resources", List.of()));
        answer.put("created_at", CREATED_AT);
        return answer;
    }

    /**
     * The stream Dify sends for the same run in {@code streaming} mode: a workflow's {@code workflow_started},
     * {@code node_started}, {@code text_chunk}, a ping and {@code workflow_finished}; a chat's answer in two
     * {@code message} chunks (an Agent app's in {@code agent_message} chunks after an {@code agent_thought}) and
     * {@code message_end} with the usage.
     */
    @SuppressWarnings("unchecked")
    private static String eventStreamOf(Response blocking) {
        Map<String, Object> answer = (Map<String, Object>) JSON.parse(blocking.body());
        StringBuilder stream = new StringBuilder();
        if (answer.containsKey("workflow_run_id")) {
            Map<String, Object> data = (Map<String, Object>) answer.get("data");
            stream.append(event(Map.of("event", "workflow_started", "task_id", answer.get("task_id"),
                    "workflow_run_id", answer.get("workflow_run_id"),
                    "data", Map.of("id", data.get("id"), "workflow_id", data.get("workflow_id"), "created_at", CREATED_AT))));
            stream.append(event(Map.of("event", "node_started", "task_id", answer.get("task_id"),
                    "workflow_run_id", answer.get("workflow_run_id"),
                    "data", Map.of("id", "node-exec-1", "node_id", "llm", "node_type", "llm", "title", "LLM"))));
            stream.append("event: ping\n\n");
            stream.append(event(Map.of("event", "text_chunk", "task_id", answer.get("task_id"),
                    "workflow_run_id", answer.get("workflow_run_id"), "data", Map.of("text", "partial"))));
            Map<String, Object> finished = new LinkedHashMap<>();
            finished.put("event", "workflow_finished");
            finished.putAll(answer);
            stream.append(event(finished));
            return stream.toString();
        }
        String text = (String) answer.get("answer");
        int half = text.length() / 2;
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("task_id", answer.get("task_id"));
        common.put("message_id", answer.get("message_id"));
        common.put("conversation_id", answer.get("conversation_id"));
        common.put("created_at", CREATED_AT);
        boolean agent = "agent-chat".equals(answer.get("mode"));
        if (agent) {
            stream.append(event(with(common, "event", "agent_thought", "position", 1, "thought", "thinking", "tool", "")));
        }
        String chunkEvent = agent ? "agent_message" : "message";
        stream.append(event(with(common, "event", chunkEvent, "answer", text.substring(0, half))));
        stream.append("event: ping\n\n");
        stream.append(event(with(common, "event", chunkEvent, "answer", text.substring(half))));
        stream.append(event(with(common, "event", "message_end", "id", answer.get("message_id"),
                "metadata", answer.get("metadata"))));
        return stream.toString();
    }

    private static Map<String, Object> with(Map<String, Object> common, Object... fields) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put((String) fields[0], fields[1]);
        event.putAll(common);
        for (int i = 2; i < fields.length; i += 2) {
            event.put((String) fields[i], fields[i + 1]);
        }
        return event;
    }

    private static String event(Map<String, Object> data) {
        return "data: " + write(data) + "\n\n";
    }

    private static Response errorResponse(int status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        return new Response(status, Map.of("Content-Type", "application/json"), write(error), Duration.ZERO);
    }

    // ---- serving

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readAllBytes();
            }
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    Collections.unmodifiableMap(headers), new String(bytes, StandardCharsets.UTF_8));
            Response response = respond(request);
            if (!response.delay().isZero()) {
                try {
                    Thread.sleep(response.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // the client gave up (a timeout test): nothing to answer
        }
    }

    // ---- JSON text written here, so that nulls stay (Dify sends "error": null) and key order is kept

    private static String write(Object value) {
        StringBuilder text = new StringBuilder();
        write(value, text);
        return text.toString();
    }

    private static void write(Object value, StringBuilder text) {
        switch (value) {
            case null -> text.append("null");
            case String s -> text.append(quote(s));
            case Number n -> text.append(n);
            case Boolean b -> text.append(b);
            case Map<?, ?> map -> {
                text.append('{');
                String separator = "";
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    text.append(separator).append(quote(String.valueOf(e.getKey()))).append(':');
                    write(e.getValue(), text);
                    separator = ",";
                }
                text.append('}');
            }
            case List<?> list -> {
                text.append('[');
                String separator = "";
                for (Object item : list) {
                    text.append(separator);
                    write(item, text);
                    separator = ",";
                }
                text.append(']');
            }
            default -> text.append(quote(String.valueOf(value)));
        }
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append("\\u%04x".formatted((int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
