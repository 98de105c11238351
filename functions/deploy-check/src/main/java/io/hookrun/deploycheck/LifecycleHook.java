package io.hookrun.deploycheck;

import io.hookrun.core.time.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * One CodeDeploy lifecycle hook execution: {@code {"DeploymentId", "LifecycleEventHookExecutionId"}} in, the check
 * run, its outcome reported (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#appspec-hooks-lambda).
 *
 * <p>Whatever happens in the check (a refused webhook, a failed run, a timeout, an exception, a bug), the outcome is
 * reported: a hook that never reports leaves the deployment waiting an hour before CodeDeploy gives up. The reason is
 * logged on one line, never with a secret or a body. Only an event without the two ids, which names no deployment to
 * report to, and a report CodeDeploy refuses twice end as a function error.
 */
public class LifecycleHook {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleHook.class);

    private final DeployCheck check;
    private final HookStatusReporter reporter;

    public LifecycleHook(DeployCheck check, HookStatusReporter reporter) {
        this.check = check;
        this.reporter = reporter;
    }

    /** Runs the check and reports its outcome; returns it as {@code {"status", "reason"}}. */
    public Map<String, String> handle(Map<?, ?> event, Deadline deadline) {
        Object deploymentId = event == null ? null : event.get("DeploymentId");
        Object hookExecutionId = event == null ? null : event.get("LifecycleEventHookExecutionId");
        if (!(deploymentId instanceof String deployment) || deployment.isBlank()
                || !(hookExecutionId instanceof String execution) || execution.isBlank()) {
            throw new IllegalArgumentException("not a CodeDeploy lifecycle hook event: DeploymentId and "
                    + "LifecycleEventHookExecutionId are required");
        }
        CheckOutcome outcome = run(deliveryId(execution), deadline);
        if (outcome.passed()) {
            LOG.info("deploy check passed for deployment {}: {}", deployment, outcome.reason());
        } else {
            LOG.error("deploy check FAILED for deployment {}: {}", deployment, outcome.reason());
        }
        reporter.report(deployment, execution, outcome);
        return Map.of("status", outcome.status(), "reason", outcome.reason());
    }

    /**
     * The check's delivery id: the same for the same hook execution (a retried invocation replays its run), and always
     * within the webhook's limit (256 printable ASCII characters, ADR 0006). CodeDeploy's execution ids are opaque
     * tokens whose length the API does not bound, so they are hashed rather than sent as they are.
     */
    static String deliveryId(String hookExecutionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(hookExecutionId.getBytes(StandardCharsets.UTF_8));
            return "deploy-check-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private CheckOutcome run(String deliveryId, Deadline deadline) {
        try {
            return check.run(deliveryId, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckOutcome.failed("the check was interrupted");
        } catch (RuntimeException | Error e) {
            // The stack trace says where; no message of the check carries its secret.
            LOG.error("deploy check threw {}", e.getClass().getName(), e);
            return CheckOutcome.failed("the check could not run: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
