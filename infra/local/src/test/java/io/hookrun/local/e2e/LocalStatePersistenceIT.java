package io.hookrun.local.e2e;

import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import io.hookrun.local.e2e.HookrunClient.Delivery;
import io.hookrun.local.state.StackLockedException;
import io.hookrun.local.state.StateDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A local stack that remembers (ADR 0009), end to end, as {@code ./hookrun local} runs it but on a temporary
 * {@code .hookrun}: a workflow, a trigger, a signed webhook's run, a run waiting in a {@code Wait} state (its step
 * message delayed on the steps queue) and a dead letter, then a clean stop and a start on the same directory: all of
 * it is there, the trigger's secret still verifies, a redelivery is still recognised, and the waiting run finishes.
 * Then a second stack on the same directory is refused while the first runs, and {@code --fresh} starts empty.
 */
@SuppressWarnings("unchecked")
class LocalStatePersistenceIT {

    private static final String TOKEN = "state-it-token";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String WAITING_FLOW = """
            {"QueryLanguage": "JSONata", "StartAt": "Hold", "States": {
              "Hold": {"Type": "Wait", "Seconds": 6, "Next": "After"},
              "After": {"Type": "Pass", "Output": {"woke": true}, "End": true}}}""";

    /** No HTTP call: the demo workflow's names the first stack's port, which the next start does not reuse. */
    private static final String KEPT_FLOW = """
            {"QueryLanguage": "JSONata", "StartAt": "Check", "States": {
              "Check": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.data.amount > 100 %}", "Next": "Review"}],
                "Default": "Done"},
              "Review": {"Type": "Succeed", "Output": {"decision": "review", "orderId": "{% $states.input.data.orderId %}"}},
              "Done": {"Type": "Succeed", "Output": {"decision": "auto-approve", "orderId": "{% $states.input.data.orderId %}"}}}}""";

    private LocalCloud cloud;

    @AfterEach
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private LocalCloud start(Path state, boolean fresh) throws IOException {
        long began = System.nanoTime();
        LocalCloud started = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken(TOKEN)
                .withStateDirectory(state, fresh));
        System.err.printf("LocalStatePersistenceIT: %s start in %d ms%n", fresh ? "fresh" : "a",
                Duration.ofNanos(System.nanoTime() - began).toMillis());
        return started;
    }

    @Test
    void aRestartFindsEverything_andAWaitingRunFinishes_aSecondStackIsRefused_andFreshStartsEmpty(@TempDir Path dir)
            throws Exception {
        Path stateDir = dir.resolve(".hookrun");
        StateDirectory state = new StateDirectory(stateDir);

        // --- First life: a run that finishes, a run left waiting, a dead letter. ---
        cloud = start(stateDir, false);
        HookrunClient client = new HookrunClient(cloud.httpApi(), TOKEN);
        client.createWorkflowAndTrigger("kept-flow", "kept-trigger", KEPT_FLOW);
        Delivery first = Delivery.signed("kept-trigger", "msg-before-restart", "{\"orderId\":\"o-1\",\"amount\":250}");
        String finishedRun = accepted(client.send(first));
        assertThat(client.awaitFinished(finishedRun, TIMEOUT).get("status")).isEqualTo("SUCCEEDED");

        client.createWorkflowAndTrigger("waiting-flow", "waiting-trigger", WAITING_FLOW);
        String waitingRun = accepted(client.send(Delivery.signed("waiting-trigger", "msg-wait", "{}")));
        Map<String, Object> waiting = await(() -> client.run(waitingRun), r -> states(r).size() == 1
                && "SUCCEEDED".equals(states(r).getFirst().get("status")));
        assertThat(waiting.get("status")).as("its Wait's message is delayed on the steps queue").isEqualTo("RUNNING");

        String dlq = cloud.queueUrl("StepsDeadLetterQueue");
        cloud.sqs().sendMessage(r -> r.queueUrl(dlq).messageBody("{\"runId\":\"" + finishedRun + "\",\"note\":\"dead\"}"));
        assertThat(state.holdsData()).isTrue();

        // --- A second stack on the same state is refused while this one runs, and changes nothing. ---
        assertThatThrownBy(() -> start(stateDir, true)).isInstanceOf(StackLockedException.class)
                .hasMessageContaining("(pid " + ProcessHandle.current().pid() + ")");
        assertThat(HookrunClient.expect(client.admin("GET", "/admin/workflows/kept-flow", null), 200)).isNotNull();
        assertThat(state.holdsData()).isTrue();

        cloud.close();
        cloud = null;
        // A local.json left behind (as by a stack killed with SIGKILL) is removed at the next start.
        Files.writeString(state.stackFile(), "{\"api\":\"http://127.0.0.1:1\",\"adminToken\":\"x\",\"pid\":999999999}");

        // --- Second life, same directory. ---
        cloud = start(stateDir, false);
        HookrunClient again = new HookrunClient(cloud.httpApi(), TOKEN);
        assertThat(state.stackFile()).doesNotExist();

        Map<String, Object> resumed = again.awaitFinished(waitingRun, TIMEOUT);
        assertThat(resumed.get("status")).as(String.valueOf(resumed)).isEqualTo("SUCCEEDED");
        assertThat(resumed.get("output")).isEqualTo(Map.of("woke", true));
        assertThat(states(resumed)).extracting(s -> s.get("name")).containsExactly("Hold", "After");

        Map<String, Object> finished = again.run(finishedRun);
        assertThat(finished.get("status")).isEqualTo("SUCCEEDED");
        assertThat(finished.get("output")).isEqualTo(Map.of("decision", "review", "orderId", "o-1"));
        assertThat(states(finished)).extracting(s -> s.get("name")).containsExactly("Check", "Review");
        HookrunClient.expect(again.admin("GET", "/admin/workflows/kept-flow", null), 200);
        HookrunClient.expect(again.admin("GET", "/admin/triggers/kept-trigger", null), 200);

        HttpResponse<String> redelivered = again.send(first);
        assertThat(redelivered.statusCode()).isEqualTo(202);
        assertThat(redelivered.headers().firstValue("idempotent-replayed")).as("the delivery claim was kept").contains("true");
        String afterRestart = accepted(again.send(Delivery.signed("kept-trigger", "msg-after-restart",
                "{\"orderId\":\"o-2\",\"amount\":5}")));
        Map<String, Object> newRun = again.awaitFinished(afterRestart, TIMEOUT);
        assertThat(newRun.get("status")).as("the trigger's secret still verifies: " + newRun).isEqualTo("SUCCEEDED");
        assertThat(newRun.get("output")).isEqualTo(Map.of("decision", "auto-approve", "orderId", "o-2"));

        Map<String, Object> deadLetters = HookrunClient.json(HookrunClient.expect(
                again.admin("GET", "/admin/dead-letters?limit=10", null), 200).body());
        assertThat((List<Map<String, Object>>) deadLetters.get("items")).singleElement()
                .satisfies(letter -> assertThat(letter).containsEntry("runId", finishedRun).containsEntry("runStatus", "SUCCEEDED"));
        assertThat(cloud.sqs().getQueueAttributes(r -> r.queueUrl(cloud.queueUrl("StepsQueue"))
                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes())
                .as("the template's attributes, set again on the kept queue").containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "720");
        System.err.printf("LocalStatePersistenceIT: %s holds %d KiB after the walkthrough%n", stateDir, size(stateDir) / 1024);

        cloud.close();
        cloud = null;

        // --- --fresh: an empty stack, the keys kept. ---
        byte[] key = Files.readAllBytes(stateDir.resolve(StateDirectory.SECRETS_KEY));
        cloud = start(stateDir, true);
        HookrunClient empty = new HookrunClient(cloud.httpApi(), TOKEN);
        assertThat(empty.admin("GET", "/admin/workflows/kept-flow", null).statusCode()).isEqualTo(404);
        assertThat(empty.admin("GET", "/admin/triggers/kept-trigger", null).statusCode()).isEqualTo(404);
        assertThat(empty.run(finishedRun)).containsEntry("status", "HTTP 404");
        assertThat((List<Object>) HookrunClient.json(HookrunClient.expect(
                empty.admin("GET", "/admin/dead-letters?limit=10", null), 200).body()).get("items")).isEmpty();
        assertThat(Files.readAllBytes(stateDir.resolve(StateDirectory.SECRETS_KEY))).isEqualTo(key);
    }

    private static String accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return (String) HookrunClient.json(response.body()).get("runId");
    }

    private static List<Map<String, Object>> states(Map<String, Object> run) {
        return (List<Map<String, Object>>) run.getOrDefault("states", List.of());
    }

    private static Map<String, Object> await(java.util.function.Supplier<Map<String, Object>> read,
                                             java.util.function.Predicate<Map<String, Object>> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        Map<String, Object> last = read.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            last = read.get();
        }
        return last;
    }

    private static long size(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // PostgreSQL removed it meanwhile
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
