package io.hookrun.asl;

import io.hookrun.core.connection.ConnectionStore;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Dify tasks ({@code arn:hookrun:::dify:runWorkflow}, {@code arn:hookrun:::dify:chatMessage}): run a Dify
 * workflow or chat app in blocking mode with the API key of a connection (docs/adr/0007).
 */
final class DifyTask implements TaskIntegration {

    private final HttpInvoker http;
    private final ConnectionStore connections;
    private final Duration deadlineMargin;

    DifyTask(HttpInvoker http, ConnectionStore connections, Duration deadlineMargin) {
        this.http = http;
        this.connections = connections;
        this.deadlineMargin = deadlineMargin;
    }

    static void validate(String integration, String where, Map<?, ?> arguments, List<String> problems) {
        // contract of issue 9: built by h-dify
    }

    @Override
    public Object invoke(TaskCall call) throws StateFailure {
        throw new StateFailure("States.Runtime", "contract of issue 9: built by h-dify");
    }
}
