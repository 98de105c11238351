package io.hookrun.local.e2e;

import io.hookrun.aws.dynamodb.DynamoDbWorkflowStore;
import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import io.hookrun.local.function.FunctionHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sample event in {@code events/} goes through the same machinery as {@code ./hookrun invoke} (template,
 * function context, event deserialisation) and gets the answer its name promises. The folder is the function.
 * {@code events/webhook/bodies/} holds webhook bodies for {@code ./hookrun send}, not Lambda events: they are sent,
 * signed, through the local stack by {@code HookrunSendIT}.
 */
class EventFilesIT {

    /** Expected HTTP status per HTTP event; SQS events are checked by their batch response instead. */
    private static final Map<String, Integer> EXPECTED_STATUS = Map.of(
            "webhook/standard-webhooks-unknown-trigger.json", 404,
            "health/liveness.json", 200,
            "health/readiness.json", 200,
            "health/health.json", 200,
            "admin/get-runs-by-trigger.json", 200,
            "admin/get-unknown-workflow.json", 404,
            "admin/start-named-run.json", 202,
            "admin/rotate-secret-unknown-trigger.json", 404,
            "admin/list-dead-letters.json", 200,
            "admin/callback-forged-token.json", 404);
    /** Expected failed record ids per SQS event. */
    private static final Map<String, List<String>> EXPECTED_FAILURES = Map.of(
            "workflow-step/sqs-event-for-missing-workflow.json", List.of(),
            "workflow-step/sqs-batch-with-poison-record.json", List.of("3f1c8a4e-0003-4b7e-9c55-1d2e3f4a5b6c"));
    /** Scheduled events: the sweep's counts, all zero on an empty database. */
    private static final Map<String, Map<String, Object>> EXPECTED_SWEEPS = Map.of(
            "run-sweeper/scheduled-event.json", Map.of("stalled", 0, "resumed", 0, "ended", 0));
    /** Readiness reports of the scheduled health metrics event: all UP on a fresh local stack. */
    private static final Map<String, String> EXPECTED_READINESS = Map.of("health/scheduled.json", "UP");
    /** Files whose function is not the one their folder names. */
    private static final Map<String, String> FUNCTION_OF_FILE = Map.of("health/scheduled.json", "HealthMetricsFunction");
    private static final Map<String, String> FUNCTIONS = Map.of(
            "webhook", "WebhookFunction", "workflow-step", "WorkflowStepFunction", "run-sweeper", "RunSweeperFunction",
            "health", "HealthFunction", "admin", "AdminFunction");

    private static LocalCloud cloud;

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withoutHttp().withoutQueuePolling());
        // The workflow the start sample names (admin/start-named-run.json), as a user would have stored it first.
        new DynamoDbWorkflowStore(cloud.dynamoDb(), new HookrunConfiguration(cloud.tableName("HookrunTable"), null,
                262144, Duration.ofHours(72), Duration.ofSeconds(30), Duration.ofSeconds(10)))
                .save("order-flow", """
                        {"QueryLanguage": "JSONata", "StartAt": "Done",
                         "States": {"Done": {"Type": "Succeed", "Output": "{% $states.input %}"}}}""", Instant.now());
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    static Stream<String> eventFiles() throws IOException {
        try (Stream<Path> files = Files.walk(EventFiles.DIRECTORY)) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> EventFiles.DIRECTORY.relativize(p).toString().replace('\\', '/'))
                    .filter(file -> !file.startsWith(EventFiles.WEBHOOK_BODIES) && !file.startsWith(EventFiles.CONFIG))
                    .sorted().toList().stream();
        }
    }

    @Test
    void everyFunction_runsFromItsOwnDeployableJar() {
        // The reactor packages the function jars before this module's tests: the events below prove those jars.
        assertThat(cloud.functions().values()).allMatch(FunctionHost::fromJar);
    }

    @Test
    void everyEventFile_hasAnExpectation() throws IOException {
        assertThat(eventFiles().toList()).containsExactlyInAnyOrderElementsOf(
                Stream.of(EXPECTED_STATUS, EXPECTED_FAILURES, EXPECTED_SWEEPS, EXPECTED_READINESS).flatMap(m -> m.keySet().stream()).toList());
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    @SuppressWarnings("unchecked")
    void eventFile_invokedLikeSamLocalInvoke_getsTheAnswerItsNamePromises(String file) throws IOException {
        String function = FUNCTION_OF_FILE.getOrDefault(file, FUNCTIONS.get(file.substring(0, file.indexOf('/'))));
        String event = Files.readString(EventFiles.DIRECTORY.resolve(file));

        Map<String, Object> response = HookrunClient.json(cloud.invoke(function, event));

        if (EXPECTED_READINESS.containsKey(file)) {
            assertThat(response).as(String.valueOf(response)).containsEntry("status", EXPECTED_READINESS.get(file));
        } else if (EXPECTED_SWEEPS.containsKey(file)) {
            assertThat(response).containsAllEntriesOf(EXPECTED_SWEEPS.get(file));
        } else if (EXPECTED_STATUS.containsKey(file)) {
            assertThat(response.get("statusCode")).as(String.valueOf(response)).isEqualTo(EXPECTED_STATUS.get(file));
        } else {
            // An empty list may be left out of the JSON; Lambda reads absent and empty alike: all succeeded.
            List<Map<String, Object>> failures = (List<Map<String, Object>>) response.getOrDefault("batchItemFailures", List.of());
            assertThat(failures).extracting(f -> (String) f.get("itemIdentifier"))
                    .containsExactlyElementsOf(EXPECTED_FAILURES.get(file));
        }
    }
}
