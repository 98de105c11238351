package io.hookrun.admin;

import io.hookrun.core.callback.CallbackToken;
import io.hookrun.core.callback.CallbackTokens;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunHistory.CallbackAnswer;
import io.hookrun.core.run.StateExecution;
import io.hookrun.lambda.DependencyFailures;
import io.micronaut.context.BeanProvider;
import io.micronaut.json.JsonMapper;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /callbacks/{token}/success|failure|heartbeat} (ADR 0007, "Callbacks"): what Step Functions'
 * SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat do for a {@code .waitForTaskToken} Task, with the task token
 * in the path. The token is the credential (HMAC under the callback key), so the route has no other authorization.
 *
 * <ul>
 *   <li>{@code success}: the body, any JSON of at most 256 KiB, is the Task's result;</li>
 *   <li>{@code failure}: {@code {"error": "...", "cause": "..."}}, both optional (at most 256 and 32768 characters, as
 *       SendTaskFailure takes them);</li>
 *   <li>{@code heartbeat}: the body is ignored; the heartbeat deadline moves on by the Task's HeartbeatSeconds.</li>
 * </ul>
 * A recorded success or failure sends the step's message, which resumes the run; if that send fails, the answer
 * stays recorded and the sweeper re-sends the message. The token never appears in a log line or an answer.
 */
@Singleton
public class CallbackAdmin {

    /** SendTaskSuccess's output limit: 256 KiB of UTF-8. */
    static final int MAX_OUTPUT_BYTES = 256 * 1024;
    /** SendTaskFailure's limits (https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskFailure.html). */
    static final int MAX_ERROR_CHARS = 256;
    static final int MAX_CAUSE_CHARS = 32_768;
    /** A failure body holds two strings of at most 32 KiB of characters (4 bytes each at most) and little else. */
    static final int MAX_FAILURE_BYTES = 4 * (MAX_ERROR_CHARS + MAX_CAUSE_CHARS) + 1024;

    private static final Logger LOG = LoggerFactory.getLogger(CallbackAdmin.class);

    private final BeanProvider<CallbackTokens> tokens;
    private final RunHistory history;
    private final StepQueue queue;
    private final JsonMapper mapper;
    private final Clock clock;

    public CallbackAdmin(BeanProvider<CallbackTokens> tokens, RunHistory history, StepQueue queue, JsonMapper mapper,
                         Clock clock) {
        this.tokens = tokens;
        this.history = history;
        this.queue = queue;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Answers one callback; never throws (a failure here must not be logged with the path, which holds the token). */
    public CallbackOutcome answer(String method, String token, String action, byte[] body) {
        if (!"POST".equals(method)) {
            return new CallbackOutcome.MethodNotAllowed(method);
        }
        if (!action.equals("success") && !action.equals("failure") && !action.equals("heartbeat")) {
            return new CallbackOutcome.UnknownAction();
        }
        try {
            return record(token, action, body);
        } catch (RuntimeException e) {
            if (DependencyFailures.isDependencyFailure(e)) {
                LOG.warn("callback {}: a dependency is unavailable: {}", action, e.toString());
                return new CallbackOutcome.Unavailable();
            }
            LOG.error("callback {} failed with an unexpected error", action, e);
            return new CallbackOutcome.Failed();
        }
    }

    private CallbackOutcome record(String token, String action, byte[] body) {
        Optional<CallbackToken> verified = tokens.get().verify(token);
        if (verified.isEmpty()) {
            return new CallbackOutcome.UnknownToken();
        }
        CallbackToken step = verified.get();
        Instant now = clock.instant();
        CallbackAnswer answer;
        switch (action) {
            case "success" -> {
                String problem = outputProblem(body);
                if (problem != null) {
                    return new CallbackOutcome.InvalidBody(problem);
                }
                answer = history.answerCallback(step.runId(), step.frame(), step.sequence(),
                        new String(body, StandardCharsets.UTF_8).strip(), null, null, now);
            }
            case "failure" -> {
                Failure failure;
                try {
                    failure = failure(body);
                } catch (IllegalArgumentException e) {
                    return new CallbackOutcome.InvalidBody(e.getMessage());
                }
                answer = history.answerCallback(step.runId(), step.frame(), step.sequence(), null, failure.error(),
                        failure.cause(), now);
            }
            default -> {
                Optional<StateExecution> row = history.stateExecution(step.runId(), step.frame(), step.sequence());
                if (row.isEmpty()) {
                    return new CallbackOutcome.UnknownToken();
                }
                Duration interval = row.get().taskWait() == null || row.get().taskWait().heartbeat() == null
                        ? Duration.ZERO : row.get().taskWait().heartbeat();
                answer = history.heartbeat(step.runId(), step.frame(), step.sequence(), interval, now);
            }
        }
        LOG.info("callback {} for step {} of frame '{}' of run {}: {}", action, step.sequence(), step.frame(),
                step.runId(), answer);
        return switch (answer) {
            case RECORDED -> {
                if (!action.equals("heartbeat")) {
                    resume(step);
                }
                yield new CallbackOutcome.Recorded(action);
            }
            case ALREADY_ANSWERED -> new CallbackOutcome.AlreadyAnswered();
            case NOT_WAITING -> new CallbackOutcome.NotWaiting();
            case UNKNOWN -> new CallbackOutcome.UnknownToken();
        };
    }

    /** Sends the message that resumes the answered step; the answer is durable, so a failed send is the sweeper's. */
    private void resume(CallbackToken step) {
        try {
            String stateName = history.stateExecution(step.runId(), step.frame(), step.sequence())
                    .map(StateExecution::stateName).orElseThrow();
            queue.sendStep(new StepMessage(step.runId().toString(), step.frame(), step.sequence(), stateName, null));
        } catch (RuntimeException e) {
            LOG.warn("the answer for step {} of frame '{}' of run {} is recorded, but its message was not sent ({}); the"
                    + " sweeper sends it", step.sequence(), step.frame(), step.runId(), e.toString());
        }
    }

    /** Null when {@code body} is one JSON value of at most 256 KiB of UTF-8, else why not (never quoting it). */
    private static String outputProblem(byte[] body) {
        if (body.length > MAX_OUTPUT_BYTES) {
            return "the output has " + body.length + " bytes; a Task's output may have at most " + MAX_OUTPUT_BYTES;
        }
        String text = utf8(body);
        if (text == null) {
            return "the body is not UTF-8 text";
        }
        if (text.isBlank()) {
            return "the body must be the Task's output: one JSON value";
        }
        return RunInput.JsonCheck.problem(text);
    }

    private record Failure(String error, String cause) { }

    /** The error and cause of a failure body (none: both null); IllegalArgumentException says what is wrong. */
    private Failure failure(byte[] body) {
        if (body.length > MAX_FAILURE_BYTES) {
            throw new IllegalArgumentException("the body has " + body.length + " bytes; a failure is an error of at most "
                    + MAX_ERROR_CHARS + " and a cause of at most " + MAX_CAUSE_CHARS + " characters");
        }
        String text = utf8(body);
        if (text == null) {
            throw new IllegalArgumentException("the body is not UTF-8 text");
        }
        if (text.isBlank()) {
            return new Failure(null, null);
        }
        String problem = RunInput.JsonCheck.problem(text);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Object value;
        try {
            value = mapper.readValue(text.getBytes(StandardCharsets.UTF_8), Argument.OBJECT_ARGUMENT);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
        if (!(value instanceof Map<?, ?> members)) {
            throw new IllegalArgumentException("the body must be a JSON object: {\"error\": \"...\", \"cause\": \"...\"}");
        }
        return new Failure(text(members.get("error"), "error", MAX_ERROR_CHARS),
                text(members.get("cause"), "cause", MAX_CAUSE_CHARS));
    }

    private static String text(Object value, String name, int max) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("\"" + name + "\" must be a string");
        }
        if (s.length() > max) {
            throw new IllegalArgumentException("\"" + name + "\" has " + s.length() + " characters; at most " + max);
        }
        if (s.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("\"" + name + "\" must not contain U+0000");
        }
        return s;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
