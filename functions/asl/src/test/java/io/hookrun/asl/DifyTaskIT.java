package io.hookrun.asl;

import io.hookrun.core.connection.Connection;
import io.hookrun.core.time.Deadline;
import io.hookrun.core.time.SettableClock;
import io.hookrun.testsupport.FakeDify;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dify tasks through {@link JdkHttpInvoker} against {@link FakeDify} served on loopback: the same answers as in
 * {@link DifyTaskTest}, over real HTTP (a blocking answer, an event stream, an answer slower than TimeoutSeconds).
 */
@SuppressWarnings("unchecked")
class DifyTaskIT {

    private static final String KEY = "app-ItKey0123456789";

    private final FakeDify dify;
    private final StateInterpreter interpreter;

    DifyTaskIT() throws Exception {
        dify = FakeDify.started().app(KEY, FakeDify.App.WORKFLOW).app("app-ItChatKey", FakeDify.App.CHAT);
        Map<String, Connection> connections = Map.of(
                "dify", new Connection.ApiKey("dify", "Authorization", "Bearer " + KEY,
                        new Connection.InvocationParameters(Map.of(), Map.of(), Map.of(), dify.baseUrl().toString())),
                "chat", new Connection.ApiKey("chat", "Authorization", "app-ItChatKey",
                        new Connection.InvocationParameters(Map.of(), Map.of(), Map.of(), dify.baseUrl() + "/v1")));
        SettableClock clock = new SettableClock(Instant.parse("2026-01-02T03:04:05Z"));
        interpreter = new StateInterpreter(new Tasks(new JdkHttpInvoker(), name -> Optional.ofNullable(connections.get(name)),
                Duration.ofSeconds(1), clock), clock, new Random(1), StateInterpreter.INLINE_MAP_CONCURRENCY);
    }

    @AfterEach
    void stop() {
        dify.close();
    }

    private StepOutcome execute(String resource, String arguments, String extraFields) throws Exception {
        StateMachine machine = Definitions.machine("A", "'A': {'Type': 'Task', 'Resource': '" + resource + "', "
                + "'Arguments': " + arguments + ", " + extraFields + " 'End': true}");
        return interpreter.execute(machine, "A", Definitions.in(Map.of()), Deadline.in(Duration.ofMinutes(1)));
    }

    @Test
    void aBlockingRun_overHttp_returnsTheRun() throws Exception {
        StepOutcome outcome = execute(TaskResource.DIFY_WORKFLOW, "{'Connection': 'dify', 'User': 'u', 'Inputs': {'x': 1}}", "");

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Succeeded.class, s -> assertThat((Map<String, Object>) s.output())
                .containsEntry("WorkflowRunId", FakeDify.workflowRunId(1))
                .containsEntry("Outputs", Map.of("echo", Map.of("x", 1))));
        assertThat(dify.requests().getFirst().header("Idempotency-Key")).isEqualTo(Definitions.CONTEXT.idempotencyKey());
    }

    @Test
    void aStreamedChatAnswer_overHttp_isReadToItsEnd() throws Exception {
        StepOutcome outcome = execute(TaskResource.DIFY_CHAT,
                "{'Connection': 'chat', 'User': 'u', 'Query': 'over http', 'ResponseMode': 'streaming'}", "");

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Succeeded.class, s -> assertThat((Map<String, Object>) s.output())
                .containsEntry("Answer", "You said: over http"));
    }

    @Test
    void anAnswerSlowerThanTimeoutSeconds_isStatesTimeout() throws Exception {
        dify.enqueue(FakeDify.slow(Duration.ofSeconds(5)));

        StepOutcome outcome = execute(TaskResource.DIFY_WORKFLOW, "{'Connection': 'dify', 'User': 'u'}", "'TimeoutSeconds': 1,");

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.error()).isEqualTo("States.Timeout"));
    }
}
