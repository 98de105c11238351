package io.hookrun.deploycheck;

import io.hookrun.core.time.Deadline;
import io.micronaut.json.JsonMapper;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The PreTraffic check: one signed webhook through the new webhook version, then its run followed to the end.
 *
 * <ol>
 *   <li>Through the admin version: save the one-state Pass workflow and the check's trigger (standard-webhooks) with a
 *       secret drawn now. Each check replaces the secret, so it lives only in this invocation and, sealed, in the
 *       table: no sender, and no later check, can sign with it. The admin API is the path every trigger takes (ASL
 *       validation, sealing under the KMS key), and the hook needs no table, key or database access of its own.</li>
 *   <li>Sign a delivery as a sender would ({@link StandardWebhooksSigner}) and invoke the new webhook version with
 *       it: 202 and a run id, or the deployment fails. The delivery id derives from the hook execution's id, so a retried
 *       invocation of this hook is a replay and follows the same run.</li>
 *   <li>Read the run through the admin version until it is SUCCEEDED (passed), FAILED or ABORTED (failed), or the
 *       bound passes (failed). Its steps run on SQS and the workflow-step alias.</li>
 * </ol>
 * Every way out is a {@link CheckOutcome}; before each call the Lambda time left is checked, so the handler always has
 * {@code reportMargin} left to tell CodeDeploy.
 */
public class DeployCheck {

    /** Waits between two reads of the run; tests advance a clock instead of sleeping. */
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final String WEBHOOK_ROUTE = "POST /hooks/{triggerId}";
    static final String ADMIN_ROUTE = "ANY /admin/{proxy+}";
    private static final Set<String> FAILED_RUN = Set.of("FAILED", "ABORTED");

    private final DeployCheckConfiguration config;
    private final HttpApiInvoker functions;
    private final JsonMapper json;
    private final Clock clock;
    private final Pause pause;
    private final SecureRandom random;

    /** As deployed: the functions invoked through {@code lambda}, real time, real sleeps, a strong random source. */
    public DeployCheck(DeployCheckConfiguration config, LambdaClient lambda, JsonMapper json, Clock clock) {
        this(config, new HttpApiInvoker(lambda, json, clock), json, clock, Thread::sleep, new SecureRandom());
    }

    DeployCheck(DeployCheckConfiguration config, HttpApiInvoker functions, JsonMapper json, Clock clock, Pause pause,
                SecureRandom random) {
        this.config = config;
        this.functions = functions;
        this.json = json;
        this.clock = clock;
        this.pause = pause;
        this.random = random;
    }

    /** The workflow the check's trigger runs: its input passes through, nothing is called. */
    static String workflowDefinition() {
        return """
                {"Comment": "hookrun deploy check: one Pass state, run by the CodeDeploy PreTraffic hook",
                 "QueryLanguage": "JSONata", "StartAt": "Passed",
                 "States": {"Passed": {"Type": "Pass", "End": true}}}""";
    }

    /**
     * @param deliveryId the webhook's delivery id, derived from the hook execution id
     * @param deadline   the hook invocation's own Lambda deadline
     */
    CheckOutcome run(String deliveryId, Deadline deadline) throws InterruptedException {
        String secret = StandardWebhooksSigner.newSecret(random);
        if (outOfTime(deadline)) {
            return timeLeftTooShort(deadline, "before saving the workflow");
        }
        HttpAnswer workflow = admin("PUT", "workflows/" + config.workflowId(), workflowDefinition());
        if (workflow.status() / 100 != 2) {
            return CheckOutcome.failed("the admin version refused the check's workflow: HTTP " + workflow.status()
                    + " " + problemType(workflow));
        }
        if (outOfTime(deadline)) {
            return timeLeftTooShort(deadline, "before saving the trigger");
        }
        HttpAnswer trigger = admin("PUT", "triggers/" + config.triggerId(), write(Map.of(
                "workflowId", config.workflowId(),
                "signature", Map.of("scheme", "standard-webhooks", "secrets", List.of(secret)))));
        if (trigger.status() / 100 != 2) {
            // Never the answer's body: a trigger's answer may name its secrets.
            return CheckOutcome.failed("the admin version refused the check's trigger: HTTP " + trigger.status());
        }

        Instant triggerSaved = clock.instant();
        if (outOfTime(deadline)) {
            return timeLeftTooShort(deadline, "before sending the webhook");
        }
        HttpAnswer accepted = send(secret, deliveryId);
        Instant cacheExpired = triggerSaved.plus(config.triggerCacheWait());
        if (accepted.status() == 401 && clock.instant().isBefore(cacheExpired)) {
            // A warm instance of this version (a retried hook, a second check) may still hold the trigger with the
            // secret of the check before: once its cache entry has expired, the same delivery is sent again.
            pause.sleep(Duration.between(clock.instant(), cacheExpired));
            if (outOfTime(deadline)) {
                return timeLeftTooShort(deadline, "before sending the webhook again");
            }
            accepted = send(secret, deliveryId);
        }
        if (accepted.status() != 202) {
            return CheckOutcome.failed("the new webhook version answered the signed delivery with HTTP "
                    + accepted.status() + " " + problemType(accepted) + ", not 202");
        }
        Object runId = read(accepted.body()).get("runId");
        if (!(runId instanceof String id) || id.isBlank()) {
            return CheckOutcome.failed("the new webhook version answered 202 without a run id (status "
                    + read(accepted.body()).get("status") + ")");
        }
        return followRun(id, deadline);
    }

    /** One delivery, signed now: the same id (and body) every time, a fresh timestamp and signature. */
    private HttpAnswer send(String secret, String deliveryId) {
        byte[] body = write(Map.of("check", "pre-traffic", "deliveryId", deliveryId)).getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        return functions.call(config.webhookFunction(), "POST", WEBHOOK_ROUTE, "/hooks/" + config.triggerId(),
                Map.of("triggerId", config.triggerId()),
                Map.of("content-type", "application/json",
                        "webhook-id", deliveryId,
                        "webhook-timestamp", Long.toString(timestamp),
                        "webhook-signature", StandardWebhooksSigner.sign(secret, deliveryId, timestamp, body)),
                new String(body, StandardCharsets.UTF_8));
    }

    private CheckOutcome followRun(String runId, Deadline deadline) throws InterruptedException {
        Instant started = clock.instant();
        Instant until = started.plus(config.runTimeout());
        String last = "not recorded yet";
        while (true) {
            if (outOfTime(deadline)) {
                return timeLeftTooShort(deadline, "while run " + runId + " was " + last);
            }
            HttpAnswer answer = admin("GET", "runs/" + runId, null);
            if (answer.status() == 200) {
                String status = String.valueOf(read(answer.body()).get("status"));
                long seconds = Duration.between(started, clock.instant()).toSeconds();
                if ("SUCCEEDED".equals(status)) {
                    return CheckOutcome.passed("run " + runId + " SUCCEEDED " + seconds + " s after the webhook's 202");
                }
                if (FAILED_RUN.contains(status)) {
                    return CheckOutcome.failed("run " + runId + " ended " + status + errorOf(answer));
                }
                last = status;
            } else if (answer.status() != 404) {
                last = "unreadable (admin answered HTTP " + answer.status() + ")";
            }
            if (!clock.instant().plus(config.pollInterval()).isBefore(until)) {
                return CheckOutcome.failed("run " + runId + " did not finish within " + config.runTimeout().toSeconds()
                        + " s (last seen: " + last + ")");
            }
            pause.sleep(config.pollInterval());
        }
    }

    private HttpAnswer admin(String method, String proxy, String body) {
        return functions.call(config.adminFunction(), method, ADMIN_ROUTE, "/admin/" + proxy, Map.of("proxy", proxy),
                body == null ? Map.of() : Map.of("content-type", "application/json"), body);
    }

    /** Too little Lambda time left for one more call and the report to CodeDeploy. */
    private boolean outOfTime(Deadline deadline) {
        return deadline.remaining(config.reportMargin()).compareTo(config.invokeTimeout()) < 0;
    }

    private CheckOutcome timeLeftTooShort(Deadline deadline, String when) {
        return CheckOutcome.failed("the hook's Lambda time ran out " + when + " (" + deadline.remaining().toMillis()
                + " ms left): raise DeployCheckFunction's Timeout or lower HOOKRUN_DEPLOY_CHECK_RUN_TIMEOUT");
    }

    /** The RFC 9457 problem type of an error answer: says what went wrong, never quotes the request. */
    private String problemType(HttpAnswer answer) {
        Object type = safeRead(answer.body()).get("type");
        return type == null ? "" : "(" + type + ")";
    }

    private String errorOf(HttpAnswer answer) {
        Object error = safeRead(answer.body()).get("error");
        return error instanceof Map<?, ?> e && e.get("error") != null ? ": " + e.get("error") : "";
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String body) {
        try {
            Object value = json.readValue(body, Map.class);
            return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("an answer that is not JSON", e);
        }
    }

    private Map<String, Object> safeRead(String body) {
        try {
            return body == null || body.isBlank() ? Map.of() : read(body);
        } catch (UncheckedIOException e) {
            return Map.of();
        }
    }
}
