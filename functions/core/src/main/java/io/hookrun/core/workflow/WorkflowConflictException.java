package io.hookrun.core.workflow;

/**
 * Another save of the same workflow won the race for the next version (after one retry): answered {@code 409}, the
 * caller may save again.
 */
public class WorkflowConflictException extends RuntimeException {

    public WorkflowConflictException(String workflowId) {
        super("workflow " + workflowId + " was saved concurrently; save again");
    }
}
