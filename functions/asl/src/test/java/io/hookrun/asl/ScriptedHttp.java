package io.hookrun.asl;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link HttpInvoker} for unit tests: each path answers from its own script of status codes (the last one
 * repeats), {@code -1} meaning "connection refused"; every call is recorded. No network.
 */
final class ScriptedHttp implements HttpInvoker {

    static final int REFUSED = -1;

    private final Map<String, Deque<Integer>> scripts = new HashMap<>();
    private final List<HttpCall> calls = new ArrayList<>();

    /** {@code path} answers {@code statuses} in turn, then keeps answering the last one. */
    ScriptedHttp answer(String path, Integer... statuses) {
        scripts.put(path, new ArrayDeque<>(List.of(statuses)));
        return this;
    }

    List<HttpCall> calls() {
        return calls;
    }

    @Override
    public HttpResult invoke(HttpCall call) throws IOException {
        calls.add(call);
        Deque<Integer> script = scripts.get(call.uri().getPath());
        if (script == null) {
            throw new AssertionError("no script for " + call.uri().getPath());
        }
        int status = script.size() > 1 ? script.removeFirst() : script.getFirst();
        if (status == REFUSED) {
            throw new ConnectException("Connection refused");
        }
        byte[] body = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        return new HttpResult(status, Map.of("Content-Type", List.of("application/json")), body);
    }
}
