package io.hookrun.deploycheck;

import io.hookrun.lambda.LambdaHandler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The handler's context as Lambda builds it: the template's environment variables bind, the hook's beans resolve. */
class PreTrafficHookTest {

    @Test
    void templateEnvironment_bindsTheVersionsUnderTest_andTheDefaults() {
        try (PreTrafficHook handler = new PreTrafficHook(LambdaHandler.lambdaBuilder().properties(Map.of(
                "hookrun.deploy-check.webhook-function", FakeHookrun.WEBHOOK,
                "hookrun.deploy-check.admin-function", FakeHookrun.ADMIN)))) {
            DeployCheckConfiguration config = handler.getApplicationContext().getBean(DeployCheckConfiguration.class);

            assertThat(config.webhookFunction()).isEqualTo(FakeHookrun.WEBHOOK);
            assertThat(config.adminFunction()).isEqualTo(FakeHookrun.ADMIN);
            assertThat(config.triggerId()).isEqualTo("hookrun-deploy-check");
            assertThat(config.runTimeout()).isEqualTo(Duration.ofSeconds(90));
            assertThat(handler.getApplicationContext().getBean(LifecycleHook.class)).isNotNull();
        }
    }

    @Test
    void anEventThatIsNoLifecycleHook_failsTheInvocation() {
        try (PreTrafficHook handler = new PreTrafficHook(LambdaHandler.lambdaBuilder().properties(Map.of(
                "hookrun.deploy-check.webhook-function", FakeHookrun.WEBHOOK,
                "hookrun.deploy-check.admin-function", FakeHookrun.ADMIN)))) {
            assertThatThrownBy(() -> handler.handleRequest(Map.of("source", "aws.events"), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DeploymentId");
        }
    }
}
