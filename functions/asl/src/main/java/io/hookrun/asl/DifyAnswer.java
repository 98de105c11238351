package io.hookrun.asl;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Dify's answer to a run, as the Task's result or the error a Retry or Catch matches. Built to the documented Dify
 * Service API (docs.dify.ai, "Run Workflow", "Send Chat Message", "Handle Errors and Rate Limits"): errors are
 * {@code {"status", "code", "message"}} with the HTTP status mirrored; a failure after a stream opened is an
 * {@code error} event with the same fields while HTTP stays 200.
 *
 * <ul>
 *   <li>429 ({@code too_many_requests}, or {@code rate_limit_error} when a Dify Cloud quota ran out: the code is in
 *       the cause, with {@code Retry-After} when sent): {@value #RATE_LIMITED}</li>
 *   <li>401 (a missing or invalid app key): {@value #UNAUTHORIZED}, the cause names the connection</li>
 *   <li>404 (no such conversation or workflow version): {@value #NOT_FOUND}</li>
 *   <li>5xx, no answer, an answer that is not Dify's: {@value #UNAVAILABLE}</li>
 *   <li>any other 4xx: {@code Dify.<code>} from the body ({@code Dify.invalid_param}, {@code Dify.app_unavailable},
 *       {@code Dify.provider_quota_exceeded}...), {@value #BAD_REQUEST} when there is none</li>
 *   <li>a workflow run that ended {@code failed} or {@code stopped}: {@value #WORKFLOW_FAILED} with Dify's
 *       {@code error} as the cause</li>
 *   <li>a successful answer larger than the invoker's size cap: {@value #RESPONSE_TOO_LARGE}</li>
 * </ul>
 */
final class DifyAnswer {

    static final String RATE_LIMITED = "Dify.RateLimited";
    static final String UNAVAILABLE = "Dify.Unavailable";
    static final String UNAUTHORIZED = "Dify.Unauthorized";
    static final String NOT_FOUND = "Dify.NotFound";
    static final String BAD_REQUEST = "Dify.BadRequest";
    static final String WORKFLOW_FAILED = "Dify.WorkflowFailed";
    static final String RESPONSE_TOO_LARGE = "Dify.ResponseTooLarge";

    /** A code from Dify becomes part of an error name only when it looks like one of Dify's (snake_case words). */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** Dify's messages go into causes, which run history keeps: a misbehaving server cannot fill it. */
    private static final int MAX_MESSAGE_CHARS = 1000;

    /**
     * What a cause says about the call: the state, the request line without query, the connection; and the secret
     * values a cause must never quote (the key, the connection's parameter values), replaced by {@code <redacted>}.
     */
    record Call(String stateName, String target, String connection, SecretRedactor secrets) {

        String cause(String text) {
            return secrets.redact("States." + stateName + ": Dify " + target + " " + text);
        }
    }

    private DifyAnswer() {
    }

    /** The result of a run Dify answered with {@code response}, or the failure it reports. */
    static Map<String, Object> read(boolean chat, HttpInvoker.HttpResult response, Call call) throws StateFailure {
        int status = response.statusCode();
        String text = new String(response.body(), StandardCharsets.UTF_8);
        boolean stream = isEventStream(header(response, "Content-Type"), text);
        if (status < 200 || status > 299) {
            Map<String, Object> error = stream ? null : jsonObject(text);
            throw failure(call, status, error == null ? null : error.get("code"),
                    error == null ? null : error.get("message"), header(response, "Retry-After"));
        }
        if (response.truncated()) {
            // a cut JSON body or stream has no result to read; asking again would get the same size
            throw new StateFailure(RESPONSE_TOO_LARGE, call.cause("answered " + status + " with more than the response"
                    + " size cap (hookrun.http.max-response-bytes): the answer was not read whole"));
        }
        if (stream) {
            return chat ? chatFromStream(DifyEventStream.parse(text), call) : workflowFromStream(DifyEventStream.parse(text), call);
        }
        Map<String, Object> body = jsonObject(text);
        if (body == null) {
            throw new StateFailure(UNAVAILABLE, call.cause("answered " + status
                    + " with a body that is neither a JSON object nor an event stream"));
        }
        return chat ? chatResult(body, body.get("answer")) : workflowResult(body, call);
    }

    /** The error a Dify status and code map to (see the class comment). */
    static StateFailure failure(Call call, int status, Object code, Object message, String retryAfter) {
        String detail = (code instanceof String c && !c.isEmpty() ? " " + c : "")
                + (message instanceof String m && !m.isEmpty() ? ": " + shortened(m, MAX_MESSAGE_CHARS) : "");
        String answered = "answered " + status + detail;
        if (status == 429) {
            return new StateFailure(RATE_LIMITED, call.cause(answered
                    + (retryAfter == null || retryAfter.isBlank() ? "" : " (Retry-After: " + shortened(retryAfter.trim(), 64) + ")")));
        }
        if (status == 401) {
            return new StateFailure(UNAUTHORIZED, call.cause(answered + " (the app key of connection '"
                    + call.connection() + "' was refused)"));
        }
        if (status == 404) {
            return new StateFailure(NOT_FOUND, call.cause(answered));
        }
        if (status >= 500) {
            return new StateFailure(UNAVAILABLE, call.cause(answered));
        }
        if (status >= 400) {
            String name = code instanceof String c && CODE.matcher(c).matches() ? "Dify." + c : BAD_REQUEST;
            return new StateFailure(name, call.cause(answered + (status == 403 ? " (connection '"
                    + call.connection() + "')" : "")));
        }
        // 1xx and 3xx: redirects are never followed (an answer from elsewhere is not Dify's).
        return new StateFailure(BAD_REQUEST, call.cause(answered
                + " (redirects are not followed: check the connection's baseUrl)"));
    }

    private static Map<String, Object> workflowResult(Map<String, Object> body, Call call) throws StateFailure {
        if (!(body.get("data") instanceof Map<?, ?> data)) {
            throw new StateFailure(UNAVAILABLE, call.cause("answered without the run's data"));
        }
        Object status = data.get("status");
        Object runId = body.get("workflow_run_id") != null ? body.get("workflow_run_id") : data.get("id");
        if ("failed".equals(status) || "stopped".equals(status)) {
            // Dify's own error is the cause, as Step Functions' integrations pass the downstream's error message on
            throw new StateFailure(WORKFLOW_FAILED, data.get("error") instanceof String error && !error.isBlank()
                    ? call.secrets().redact(shortened(error, MAX_MESSAGE_CHARS))
                    : call.cause("ran workflow run " + runId + ", which ended " + status + " without an error message"));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("WorkflowRunId", runId);
        result.put("TaskId", body.get("task_id"));
        result.put("Status", status);
        result.put("Outputs", data.get("outputs"));
        result.put("Error", data.get("error"));
        result.put("ElapsedTime", data.get("elapsed_time"));
        result.put("TotalTokens", data.get("total_tokens"));
        result.put("TotalSteps", data.get("total_steps"));
        result.put("CreatedAt", data.get("created_at"));
        result.put("FinishedAt", data.get("finished_at"));
        return result;
    }

    private static Map<String, Object> chatResult(Map<String, Object> body, Object answer) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("MessageId", body.get("message_id") != null ? body.get("message_id") : body.get("id"));
        result.put("ConversationId", body.get("conversation_id"));
        result.put("Answer", answer);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("Usage", body.get("metadata") instanceof Map<?, ?> m ? m.get("usage") : null);
        result.put("Metadata", metadata);
        return result;
    }

    /**
     * A workflow's stream: {@code workflow_finished} (or {@code workflow_paused}, when a Human Input node waits) ends
     * the run, an {@code error} event fails it.
     */
    private static Map<String, Object> workflowFromStream(List<DifyEventStream.Event> events, Call call)
            throws StateFailure {
        for (DifyEventStream.Event event : events) {
            switch (event.name()) {
                case "workflow_finished", "workflow_paused" -> {
                    return workflowResult(event.data(), call);
                }
                case "error" -> throw streamFailure(event.data(), call);
                default -> { } // progress events
            }
        }
        throw new StateFailure(UNAVAILABLE, call.cause("answered with an event stream that ended without workflow_finished"));
    }

    /**
     * A chat app's stream: answer chunks come as {@code message} events (Chatbot, Chatflow) or {@code agent_message}
     * events (Agent apps), concatenated in order; a New Agent app ends with one {@code message} repeating the whole
     * answer after its {@code agent_message} chunks, so {@code message} text wins when there is any;
     * {@code message_replace} (output moderation) replaces the answer so far; {@code message_end} completes it. A
     * Chatflow that fails sends {@code workflow_finished} with status {@code failed}, then {@code error}.
     */
    private static Map<String, Object> chatFromStream(List<DifyEventStream.Event> events, Call call)
            throws StateFailure {
        StringBuilder message = new StringBuilder();
        StringBuilder agentMessage = new StringBuilder();
        boolean sawMessage = false;
        Map<String, Object> failedRun = null;
        for (DifyEventStream.Event event : events) {
            Object answer = event.data().get("answer");
            String chunk = answer instanceof String s ? s : "";
            switch (event.name()) {
                case "message" -> {
                    message.append(chunk);
                    sawMessage = true;
                }
                case "agent_message" -> agentMessage.append(chunk);
                case "message_replace" -> {
                    message.setLength(0);
                    message.append(chunk);
                    agentMessage.setLength(0);
                    agentMessage.append(chunk);
                    sawMessage = true;
                }
                case "message_end" -> {
                    return chatResult(event.data(), sawMessage ? message.toString() : agentMessage.toString());
                }
                case "workflow_finished" -> {
                    if (event.data().get("data") instanceof Map<?, ?> data
                            && ("failed".equals(data.get("status")) || "stopped".equals(data.get("status")))) {
                        failedRun = event.data();
                    }
                }
                case "error" -> {
                    if (failedRun != null) {
                        workflowResult(failedRun, call); // throws Dify.WorkflowFailed with the run's own error
                    }
                    throw streamFailure(event.data(), call);
                }
                default -> { } // agent_thought, node events, tts, ping...
            }
        }
        if (failedRun != null) {
            workflowResult(failedRun, call);
        }
        throw new StateFailure(UNAVAILABLE, call.cause("answered with an event stream that ended without message_end"));
    }

    /** An {@code error} event: mapped as its status and code would be on a plain answer (a 500 when it has neither). */
    private static StateFailure streamFailure(Map<String, Object> event, Call call) {
        Object code = event.get("code");
        int status = event.get("status") instanceof Number n ? n.intValue()
                : code instanceof String c && !c.isEmpty() ? 400 : 500;
        return failure(call, status, code, event.get("message"), null);
    }

    private static boolean isEventStream(String contentType, String text) {
        if (contentType != null) {
            String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (mediaType.equals("text/event-stream")) {
                return true;
            }
            if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
                return false;
            }
        }
        String start = text.stripLeading();
        return start.startsWith("data:") || start.startsWith("event:");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonObject(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return JsonValues.parse(text) instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String header(HttpInvoker.HttpResult response, String name) {
        for (Map.Entry<String, List<String>> e : response.headers().entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().getFirst();
            }
        }
        return null;
    }

    private static String shortened(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "... (shortened)";
    }
}
