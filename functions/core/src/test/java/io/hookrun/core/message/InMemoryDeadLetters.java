package io.hookrun.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@link DeadLetters} in memory, for unit tests: the DLQ is a list a test fills ({@link #add}); a peek leaves it as it
 * is; a redrive moves every message into {@link #moved()} at once (SQS does it asynchronously) and records a COMPLETED
 * task, or answers the task still running when a test marked one so ({@link #holdNextTaskRunning}).
 */
public final class InMemoryDeadLetters implements DeadLetters {

    private final List<DeadLetter> queue = new ArrayList<>();
    private final List<DeadLetter> moved = new ArrayList<>();
    private final List<MoveTask> tasks = new ArrayList<>();
    private boolean holdRunning;

    public synchronized void add(DeadLetter letter) {
        queue.add(letter);
    }

    /** The next redrive's task stays RUNNING and moves nothing yet, as a slow move task would. */
    public synchronized void holdNextTaskRunning() {
        holdRunning = true;
    }

    /** What redrives moved back to the steps queue, in order. */
    public synchronized List<DeadLetter> moved() {
        return List.copyOf(moved);
    }

    @Override
    public synchronized List<DeadLetter> peek(int max) {
        return List.copyOf(queue.subList(0, Math.min(queue.size(), Math.clamp(max, 1, 100))));
    }

    @Override
    public synchronized long depth() {
        return queue.size();
    }

    @Override
    public synchronized MoveTask redrive() {
        for (MoveTask task : tasks) {
            if ("RUNNING".equals(task.status())) {
                return task;
            }
        }
        String handle = UUID.randomUUID().toString();
        MoveTask task;
        if (holdRunning) {
            holdRunning = false;
            task = new MoveTask(handle, "RUNNING", 0, queue.size());
        } else {
            task = new MoveTask(handle, "COMPLETED", queue.size(), 0);
            moved.addAll(queue);
            queue.clear();
        }
        tasks.addFirst(task);
        return task;
    }

    @Override
    public synchronized List<MoveTask> moveTasks() {
        return List.copyOf(tasks);
    }
}
