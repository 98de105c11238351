package io.hookrun.deploycheck;

import io.hookrun.lambda.LambdaHandler;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * DeployCheckFunction: the CodeDeploy PreTraffic ({@code BeforeAllowTraffic}) hook of WebhookFunction's deployments.
 * CodeDeploy invokes it with {@code {"DeploymentId", "LifecycleEventHookExecutionId"}} after publishing the new
 * version and before the alias sends it any traffic; the hook runs {@link DeployCheck} and reports
 * {@code Succeeded} or {@code Failed} (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#appspec-hooks-lambda).
 *
 * <p>Whatever happens in the check (a refused webhook, a failed run, a timeout, an exception, a bug), the hook
 * reports: a hook that never reports leaves the deployment waiting an hour before CodeDeploy gives up. The reason is
 * logged on one line, never with a secret or a body. Only an event without the two ids, which names no deployment to
 * report to, and a report CodeDeploy refuses twice end as a function error.
 *
 * <p>The input is a raw {@code Map}: the event is two strings, and it keeps the handler's event type a class the
 * template tests can read.
 */
@SuppressWarnings("rawtypes")
public class PreTrafficHook extends LambdaHandler<Map, Map<String, String>> {

    private static final Logger LOG = LoggerFactory.getLogger(PreTrafficHook.class);

    @Inject
    BeanProvider<DeployCheck> check;

    @Inject
    BeanProvider<HookStatusReporter> reporter;

    /** Used by the Lambda runtime. */
    public PreTrafficHook() {
    }

    /** Used by tests. */
    public PreTrafficHook(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    protected Map<String, String> handle(Map event, Invocation invocation) {
        Object deploymentId = event == null ? null : event.get("DeploymentId");
        Object hookExecutionId = event == null ? null : event.get("LifecycleEventHookExecutionId");
        if (!(deploymentId instanceof String deployment) || !(hookExecutionId instanceof String execution)) {
            throw new IllegalArgumentException("not a CodeDeploy lifecycle hook event: DeploymentId and "
                    + "LifecycleEventHookExecutionId are required");
        }
        CheckOutcome outcome = check(execution, invocation);
        if (outcome.passed()) {
            LOG.info("deploy check passed for deployment {}: {}", deployment, outcome.reason());
        } else {
            LOG.error("deploy check FAILED for deployment {}: {}", deployment, outcome.reason());
        }
        reporter.get().report(deployment, execution, outcome);
        return Map.of("status", outcome.status(), "reason", outcome.reason());
    }

    private CheckOutcome check(String hookExecutionId, Invocation invocation) {
        try {
            return check.get().run(hookExecutionId, invocation.deadline());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckOutcome.failed("the check was interrupted");
        } catch (RuntimeException | Error e) {
            // The stack trace says where; it carries no secret (the check's secret is never in a message).
            LOG.error("deploy check threw {}", e.getClass().getName(), e);
            return CheckOutcome.failed("the check could not run: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
