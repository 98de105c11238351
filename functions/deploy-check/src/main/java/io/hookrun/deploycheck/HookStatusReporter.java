package io.hookrun.deploycheck;

/**
 * Tells CodeDeploy how the hook ended. Until it is told, the deployment waits (up to an hour) with the new version
 * holding no traffic; {@code Failed} stops it, and CodeDeploy leaves the alias on the old version.
 */
public interface HookStatusReporter {

    void report(String deploymentId, String hookExecutionId, CheckOutcome outcome);
}
