package io.hookrun.admin;

/**
 * A workflow or trigger id hookrun does not accept (ids appear in URLs and DynamoDB keys: {@link ResourceIds}).
 *
 * @param problem what a valid id looks like
 */
public record InvalidId(String problem) implements WorkflowSave, TriggerSave, RunStart {
}
