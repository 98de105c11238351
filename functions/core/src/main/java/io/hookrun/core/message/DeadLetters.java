package io.hookrun.core.message;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * The step queue's dead-letter queue, for the admin API: what is in it and moving it back (SQS
 * {@code StartMessageMoveTask} from the DLQ to its source queue, deployed and locally alike).
 */
public interface DeadLetters {

    /**
     * A message in the DLQ. {@code step} is null when the body is not a step message (then {@code body} is kept,
     * truncated).
     */
    record DeadLetter(String messageId, @Nullable StepMessage step, @Nullable String body, Instant sentAt,
                      int receiveCount) { }

    /** A move task: its handle (to cancel it), status as SQS reports it, and counts. */
    record MoveTask(String taskHandle, String status, long movedMessages, long messagesToMove) { }

    /** Up to {@code max} messages (1..100), peeked: they stay in the DLQ. */
    List<DeadLetter> peek(int max);

    /** How many messages SQS says the DLQ holds (approximate). */
    long depth();

    /** Starts moving every DLQ message back to the step queue. */
    MoveTask redrive();

    /** Move tasks of the DLQ, newest first. */
    List<MoveTask> moveTasks();
}
