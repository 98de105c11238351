package io.hookrun.deploycheck;

import io.hookrun.lambda.LambdaHandler;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * DeployCheckFunction: the CodeDeploy PreTraffic ({@code BeforeAllowTraffic}) hook of WebhookFunction's deployments.
 * CodeDeploy invokes it after publishing the new version and before the alias sends that version any traffic;
 * {@link LifecycleHook} runs the {@link DeployCheck} and reports {@code Succeeded} or {@code Failed}.
 *
 * <p>The input is a raw {@code Map}: the event is two strings, and it keeps the handler's event type a class the
 * template tests can read.
 */
@SuppressWarnings("rawtypes")
public class PreTrafficHook extends LambdaHandler<Map, Map<String, String>> {

    @Inject
    BeanProvider<LifecycleHook> hook;

    /** Used by the Lambda runtime. */
    public PreTrafficHook() {
    }

    /** Used by tests. */
    public PreTrafficHook(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    protected Map<String, String> handle(Map event, Invocation invocation) {
        return hook.get().handle(event, invocation.deadline());
    }
}
