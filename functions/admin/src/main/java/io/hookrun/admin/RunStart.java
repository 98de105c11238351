package io.hookrun.admin;

import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/** What became of {@code POST /admin/workflows/{id}/runs}. */
public sealed interface RunStart permits RunStart.Started, RunStart.Replayed, InvalidId, RunStart.InvalidName,
        RunStart.InvalidInput, RunStart.InputTooLarge, RunStart.UnknownWorkflow, RunStart.WorkflowRetired,
        RunStart.NameTaken, RunStart.StartInProgress, RunStart.NotQueued {

    /** The start message is on the steps queue: the run exists once the step function takes it (202). */
    record Started(StartAnswer run) implements RunStart {
    }

    /**
     * A start with this name and this input was accepted before and its run has not ended: nothing new is started,
     * the answer names that run (200), as StartExecution answers an identical call for an open execution.
     */
    record Replayed(StartAnswer run) implements RunStart {
    }

    /** The {@code name} breaks StartExecution's rules ({@link ExecutionNames}). */
    record InvalidName(String problem) implements RunStart {
    }

    /** The body is not one JSON value ({@link RunInput}). */
    record InvalidInput(String problem) implements RunStart {
    }

    /**
     * The input is over {@code maxBytes}: the input limit, or, for an input within it whose queued form is not, the
     * size the steps queue takes ({@code queued} true).
     */
    record InputTooLarge(int bytes, int maxBytes, boolean queued) implements RunStart {
        InputTooLarge(int bytes, int maxBytes) {
            this(bytes, maxBytes, false);
        }
    }

    /** No workflow has this id. */
    record UnknownWorkflow(String workflowId) implements RunStart {
    }

    /** The workflow was retired ({@code DELETE /admin/workflows/{id}}): it starts no new run until saved again. */
    record WorkflowRetired(String workflowId) implements RunStart {
    }

    /**
     * StartExecution's {@code ExecutionAlreadyExists}: the name was used before with another input, or its run has
     * ended (a name is not reused while the start is remembered, whatever the input).
     *
     * @param runId the run that has the name (null when the input differs: the stored answer is not read then)
     * @param ended true when the run ended, false when the input differs
     */
    record NameTaken(String workflowId, String name, @Nullable String runId, boolean ended) implements RunStart {
    }

    /** Another request is starting a run with this name right now: ask again after {@code retryAfter}. */
    record StartInProgress(String name, Duration retryAfter) implements RunStart {
    }

    /**
     * SQS did not confirm the start message (unreachable, slow, throttling): the run may or may not start. A named
     * start keeps its run id, so asking again with the same name and input starts it at most once; an unnamed start
     * asked again may start a second run.
     */
    record NotQueued(boolean named, Duration retryAfter) implements RunStart {
    }
}
