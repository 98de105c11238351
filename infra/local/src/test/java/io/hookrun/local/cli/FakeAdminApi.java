package io.hookrun.local.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small admin API on 127.0.0.1 answering the shapes ADR 0009 defines (lists with {@code items} and
 * {@code nextToken}, versioned workflows, trigger views without secret values, problem documents), so the commands
 * are tested through HTTP without a whole local stack. It records every request, and keeps what the real API would
 * never show (the secret values it was sent) so tests can check they arrived.
 */
final class FakeAdminApi implements AutoCloseable {

    static final String TOKEN = "fake-admin-token";
    static final String NOW = "2026-12-01T08:00:00Z";

    /** One request as received. */
    record Request(String method, String path, Map<String, String> query, String body) {
        String line() {
            return method + " " + path;
        }
    }

    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    /** id to {definition, version, retired}. */
    final Map<String, Map<String, Object>> workflows = new TreeMap<>();
    /** id to the stored trigger body (settings only). */
    final Map<String, Map<String, Object>> triggers = new TreeMap<>();
    /** id to the secret values it holds, oldest first. */
    final Map<String, List<String>> secrets = new TreeMap<>();
    /** Newest first, as the API lists them. */
    final List<Map<String, Object>> runs = new ArrayList<>();
    final Map<String, String> runViews = new LinkedHashMap<>();
    /** The largest page the lists answer, whatever limit is asked (the real one: 100). */
    int maxPage = 100;
    /** Method and path that answer 400 with a problem, for failure tests. */
    String failing;

    private final HttpServer server;

    FakeAdminApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The requests that write (PUT, POST, DELETE), as {@code METHOD path}. */
    List<String> writes() {
        synchronized (requests) {
            return requests.stream().filter(r -> !r.method().equals("GET")).map(Request::line).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String method = exchange.getRequestMethod();
            requests.add(new Request(method, path, query, body));
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("authorization"))) {
                problem(exchange, 403, "Forbidden", "bad token");
                return;
            }
            if ((method + " " + path).equals(failing)) {
                Map<String, Object> problem = problemBody(400, "Invalid trigger", "the body has problems");
                problem.put("problems", List.of("signature.scheme must be one of [github, none, standard-webhooks]"));
                send(exchange, 400, problem);
                return;
            }
            String[] parts = path.substring(1).split("/");
            route(exchange, method, parts, query, body);
        }
    }

    private void route(HttpExchange exchange, String method, String[] p, Map<String, String> query, String body)
            throws IOException {
        if (p.length == 2 && p[1].equals("runs") && method.equals("GET")) {
            send(exchange, 200, page(runs, query));
        } else if (p.length == 3 && p[1].equals("runs") && method.equals("GET")) {
            String view = runViews.get(p[2]);
            if (view == null) {
                problem(exchange, 404, "Unknown run", "no run has the id '" + p[2] + "'");
            } else {
                sendRaw(exchange, 200, view);
            }
        } else if (p.length == 2 && p[1].equals("workflows") && method.equals("GET")) {
            List<Map<String, Object>> items = new ArrayList<>();
            workflows.keySet().forEach(id -> items.add(workflowView(id)));
            send(exchange, 200, page(items, query));
        } else if (p.length == 3 && p[1].equals("workflows") && method.equals("GET")) {
            if (!workflows.containsKey(p[2])) {
                problem(exchange, 404, "Unknown workflow", "no workflow has the id '" + p[2] + "'");
            } else {
                send(exchange, 200, workflowView(p[2]));
            }
        } else if (p.length == 3 && p[1].equals("workflows") && method.equals("PUT")) {
            Map<String, Object> stored = workflows.computeIfAbsent(p[2], id -> new LinkedHashMap<>(Map.of("version", 0)));
            stored.put("definition", JsonOutput.parse(body.getBytes(StandardCharsets.UTF_8)));
            stored.put("version", (Integer) stored.get("version") + 1);
            stored.remove("retired");
            send(exchange, (Integer) stored.get("version") == 1 ? 201 : 200, workflowView(p[2]));
        } else if (p.length == 2 && p[1].equals("triggers") && method.equals("GET")) {
            List<Map<String, Object>> items = new ArrayList<>();
            triggers.keySet().forEach(id -> items.add(triggerView(id)));
            send(exchange, 200, page(items, query));
        } else if (p.length == 3 && p[1].equals("triggers") && method.equals("GET")) {
            if (!triggers.containsKey(p[2])) {
                problem(exchange, 404, "Unknown trigger", "no trigger has the id '" + p[2] + "'");
            } else {
                send(exchange, 200, triggerView(p[2]));
            }
        } else if (p.length == 3 && p[1].equals("triggers") && method.equals("PUT")) {
            putTrigger(exchange, p[2], JsonOutput.objectOrEmpty(body.getBytes(StandardCharsets.UTF_8)));
        } else if (p.length == 4 && p[1].equals("triggers") && p[3].equals("secrets") && method.equals("POST")) {
            String secret = (String) JsonOutput.objectOrEmpty(body.getBytes(StandardCharsets.UTF_8)).get("secret");
            secrets.computeIfAbsent(p[2], id -> new ArrayList<>()).add(secret);
            send(exchange, 201, Map.of("id", "sec_" + secrets.get(p[2]).size(), "secret", secret, "createdAt", NOW));
        } else {
            problem(exchange, 404, "Not found", method + " " + String.join("/", p));
        }
    }

    private void putTrigger(HttpExchange exchange, String id, Map<String, Object> body) throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>(body);
        Map<String, Object> signature = new LinkedHashMap<>(TriggerSettings.map(body.get("signature")));
        Object given = signature.remove("secrets");
        settings.put("signature", signature);
        boolean created = !triggers.containsKey(id);
        if (created && given == null && !"none".equals(signature.get("scheme"))) {
            problem(exchange, 400, "Invalid trigger", "signature.secrets needs at least one secret");
            return;
        }
        Object enabled = triggers.containsKey(id) ? triggers.get(id).get("enabled") : Boolean.TRUE;
        settings.putIfAbsent("enabled", enabled);
        triggers.put(id, settings);
        if (given instanceof List<?> values) {
            secrets.put(id, new ArrayList<>(values.stream().map(Object::toString).toList()));
        }
        send(exchange, created ? 201 : 200, triggerView(id));
    }

    private Map<String, Object> workflowView(String id) {
        Map<String, Object> stored = workflows.get(id);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("version", stored.get("version"));
        view.put("versions", stored.get("version"));
        view.put("definition", stored.get("definition"));
        view.put("createdAt", NOW);
        view.put("updatedAt", NOW);
        if (Boolean.TRUE.equals(stored.get("retired"))) {
            view.put("retired", true);
            view.put("retiredAt", NOW);
        }
        return view;
    }

    /** As {@code AdminViews.TriggerView}: defaults shown, secrets by id only. */
    private Map<String, Object> triggerView(String id) {
        Map<String, Object> stored = triggers.get(id);
        Map<String, Object> signature = new LinkedHashMap<>(TriggerSettings.map(stored.get("signature")));
        signature.putIfAbsent("toleranceSeconds", 300);
        List<Map<String, Object>> secretViews = new ArrayList<>();
        for (int i = 0; i < secrets.getOrDefault(id, List.of()).size(); i++) {
            secretViews.add(Map.of("id", "sec_" + (i + 1), "createdAt", NOW, "active", true));
        }
        signature.put("activeSecrets", secretViews.size());
        signature.put("secrets", secretViews);
        Map<String, Object> event = new LinkedHashMap<>(TriggerSettings.map(stored.get("event")));
        event.putIfAbsent("types", List.of());
        event.putIfAbsent("contentTypes", List.of());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("workflowId", stored.get("workflowId"));
        view.put("enabled", stored.get("enabled"));
        view.put("signature", signature);
        view.put("event", event);
        view.put("webhookPath", "/hooks/" + id);
        view.put("createdAt", NOW);
        view.put("updatedAt", NOW);
        return view;
    }

    private Map<String, Object> page(List<Map<String, Object>> items, Map<String, String> query) {
        int from = query.containsKey("nextToken")
                ? Integer.parseInt(new String(Base64.getUrlDecoder().decode(query.get("nextToken")), StandardCharsets.UTF_8)) : 0;
        int limit = Math.min(maxPage, Integer.parseInt(query.getOrDefault("limit", "20")));
        List<Map<String, Object>> matching = items.stream().filter(i -> matches(i, query)).toList();
        int to = Math.min(matching.size(), from + limit);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", matching.subList(Math.min(from, to), to));
        if (to < matching.size()) {
            page.put("nextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
        }
        return page;
    }

    private static boolean matches(Map<String, Object> item, Map<String, String> query) {
        return (!query.containsKey("triggerId") || query.get("triggerId").equals(item.get("triggerId")))
                && (!query.containsKey("workflowId") || query.get("workflowId").equals(item.get("workflowId")))
                && (!query.containsKey("status") || query.get("status").equals(item.get("status")));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static Map<String, Object> problemBody(int status, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://hookrun.dev/problems/test");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        return problem;
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        send(exchange, status, problemBody(status, title, detail));
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        sendRaw(exchange, status, JsonOutput.compact(body));
    }

    private static void sendRaw(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
