package io.hookrun.deploycheck;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of the PreTraffic check, bound from {@code hookrun.deploy-check.*}; template.yaml sets them as
 * {@code HOOKRUN_DEPLOY_CHECK_*} environment variables.
 *
 * @param webhookFunction the webhook version under test: a qualified function ARN ({@code ...:function:name:7}), the
 *                        {@code !Ref WebhookFunction.Version} of the deployment; never the alias, which still serves
 *                        the old version while the hook runs
 * @param adminFunction   the admin version that saves the check's trigger and workflow and reads its run
 * @param triggerId       the check's own trigger: created by the check, its secret replaced at every check
 * @param workflowId      the one-state Pass workflow that trigger runs
 * @param runTimeout      how long the run may take, from the webhook's 202 to SUCCEEDED (it crosses SQS and a
 *                        workflow-step cold start); bounded further by the hook's own Lambda timeout
 * @param pollInterval    between two reads of the run
 * @param invokeTimeout   one Lambda Invoke, the invoked function's run included (a SnapStart restore of a fresh
 *                        version, then its handler: the admin function's Timeout is 20 s)
 * @param reportMargin    kept free of the hook's Lambda time to report to CodeDeploy whatever happened
 * @param triggerCacheWait how long a warm webhook instance may still hold the check's trigger as an earlier check
 *                        left it (the webhook's HOOKRUN_TRIGGER_CACHE_TTL, 10 s, plus a margin): a 401 within this
 *                        time of saving the trigger is retried once after it
 */
@ConfigurationProperties("hookrun.deploy-check")
public record DeployCheckConfiguration(
        String webhookFunction,
        String adminFunction,
        @Bindable(defaultValue = "hookrun-deploy-check") String triggerId,
        @Bindable(defaultValue = "hookrun-deploy-check") String workflowId,
        @Bindable(defaultValue = "90s") Duration runTimeout,
        @Bindable(defaultValue = "1s") Duration pollInterval,
        @Bindable(defaultValue = "25s") Duration invokeTimeout,
        @Bindable(defaultValue = "5s") Duration reportMargin,
        @Bindable(defaultValue = "12s") Duration triggerCacheWait) {
}
