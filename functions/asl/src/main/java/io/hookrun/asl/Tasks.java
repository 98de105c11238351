package io.hookrun.asl;

import io.hookrun.core.connection.ConnectionStore;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Task integrations an interpreter runs, by resource. Validation of a Task's literal Arguments is static
 * ({@link #validate}), so that definitions are checked without any I/O.
 */
public final class Tasks {

    private final HttpTask http;
    private final DifyTask dify;

    /**
     * @param http           the transport of every call (guarded against internal addresses when deployed)
     * @param connections    where {@code Authentication} and Dify connections are looked up
     * @param deadlineMargin what each call leaves of the invocation's remaining time, to record its result
     */
    public Tasks(HttpInvoker http, ConnectionStore connections, Duration deadlineMargin, Clock clock) {
        this.http = new HttpTask(http, connections, deadlineMargin, clock);
        this.dify = new DifyTask(http, connections, deadlineMargin);
    }

    /** Tasks with no connections (Authentication and Dify tasks then fail naming the missing connection). */
    public static Tasks withoutConnections(HttpInvoker http, Duration deadlineMargin) {
        return new Tasks(http, ConnectionStore.NONE, deadlineMargin, Clock.systemUTC());
    }

    TaskIntegration integration(TaskResource resource) {
        return switch (resource.integration()) {
            case TaskResource.HTTP_INVOKE -> http;
            case TaskResource.DIFY_WORKFLOW, TaskResource.DIFY_CHAT -> dify.operation(resource.integration());
            default -> throw new IllegalArgumentException("no integration " + resource.integration());
        };
    }

    /** Checks the literal parts of a Task's {@code Arguments} object for {@code resource}. */
    static void validate(TaskResource resource, String where, Map<?, ?> arguments, List<String> problems) {
        switch (resource.integration()) {
            case TaskResource.HTTP_INVOKE -> HttpTask.validate(where, arguments, problems);
            case TaskResource.DIFY_WORKFLOW, TaskResource.DIFY_CHAT ->
                    DifyTask.validate(resource.integration(), where, arguments, problems);
            default -> throw new IllegalArgumentException("no integration " + resource.integration());
        }
    }
}
