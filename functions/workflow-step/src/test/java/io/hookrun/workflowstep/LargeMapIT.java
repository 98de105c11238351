package io.hookrun.workflowstep;

import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.Branch;
import io.hookrun.core.run.BranchStatus;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.workflow.WorkflowStore;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Map of 1,000 items with MaxConcurrency 10, started from the admin API's start message, run by the real
 * {@link WorkflowStepHandler} against ElasticMQ and PostgreSQL ({@code JdbcRunHistory}) and driven by
 * {@link LocalEventSource} as Lambda's event source would drive it: the results come back in item order, never more
 * than 10 iterations are open at once (read from the branches' start and end times), and the messages sent are one per
 * iteration step plus the start and the join.
 */
class LargeMapIT {

    private static final int ITEMS = 1_000;
    private static final int MAX_CONCURRENCY = 10;
    private static final Duration GUARD = Duration.ofMinutes(10);

    private static StandIns standIns;

    @BeforeAll
    static void start() {
        standIns = StandIns.start();
    }

    @AfterAll
    static void stop() {
        if (standIns != null) {
            standIns.close();
        }
    }

    @Test
    void aMapOf1000ItemsWithMaxConcurrency10_finishesWithResultsInOrderAndNeverMoreThan10Open() {
        StandIns.Queues queues = standIns.queueWithDlq("steps-large-map", 5);
        try (WorkflowStepHandler handler = new WorkflowStepHandler(standIns.functionContext(queues.queueUrl(),
                standIns.postgres.jdbcUrl(), Map.of()))) {
            ApplicationContext context = handler.getApplicationContext();
            context.getBean(WorkflowStore.class).save("wf-large-map", StepFixture.json("{'QueryLanguage': 'JSONata', "
                    + "'StartAt': 'Each', 'States': {'Each': {'Type': 'Map', 'Items': '{% $states.input.items %}', "
                    + "'MaxConcurrency': " + MAX_CONCURRENCY + ", 'ItemProcessor': {'StartAt': 'Double', 'States': {"
                    + "'Double': {'Type': 'Pass', 'Output': '{% $states.input * 2 %}', 'End': true}}}, 'End': true}}}"),
                    Instant.now());
            String input = context.getBean(JsonText.class).write(Map.of("items", IntStream.range(0, ITEMS).boxed().toList()));
            UUID runId = UUID.randomUUID();
            RunHistory history = context.getBean(RunHistory.class);
            LocalEventSource eventSource = new LocalEventSource(standIns.sqs, queues.queueUrl(), handler);
            long startedAt = System.nanoTime();

            context.getBean(StepQueue.class).sendStart(new StartRunMessage(runId.toString(), "wf-large-map", null, input,
                    Instant.now().toString()));
            eventSource.runUntil(() -> history.findRun(runId).map(run -> run.status() != RunStatus.RUNNING
                    && run.status() != RunStatus.QUEUED).orElse(false), GUARD);

            Duration took = Duration.ofNanos(System.nanoTime() - startedAt);
            Run run = history.findRun(runId).orElseThrow();
            assertThat(run.status()).as(run.error() + ": " + run.cause()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(context.getBean(JsonText.class).parse(run.output()))
                    .isEqualTo(IntStream.range(0, ITEMS).map(i -> i * 2).boxed().toList());
            List<Branch> branches = history.branches(runId, "", 0);
            assertThat(branches).hasSize(ITEMS).extracting(Branch::status).containsOnly(BranchStatus.SUCCEEDED);
            int mostOpen = mostOpenAtOnce(branches);
            assertThat(mostOpen).isLessThanOrEqualTo(MAX_CONCURRENCY).isGreaterThan(1);
            assertThat(eventSource.records()).as("the start, one step per iteration, the join")
                    .isEqualTo(1 + ITEMS + 1);
            assertThat(standIns.count(queues.dlqUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isZero();
            System.out.printf("LargeMapIT: %d items, MaxConcurrency %d: %d messages in %d invocations, %d ms, at most "
                    + "%d iterations open%n", ITEMS, MAX_CONCURRENCY, eventSource.records(), eventSource.invocations(),
                    took.toMillis(), mostOpen);
        }
    }

    /**
     * The most iterations open at one instant, from their start and end times: an iteration that ends at the instant
     * another starts is not counted with it (slot scheduling starts iteration {@code i + c} after {@code i} ended).
     */
    private static int mostOpenAtOnce(List<Branch> branches) {
        record Edge(Instant at, int change) { }
        List<Edge> edges = new ArrayList<>();
        for (Branch branch : branches) {
            edges.add(new Edge(branch.startedAt(), +1));
            edges.add(new Edge(branch.finishedAt(), -1));
        }
        edges.sort(Comparator.comparing(Edge::at).thenComparingInt(Edge::change));
        int open = 0;
        int most = 0;
        for (Edge edge : edges) {
            open += edge.change();
            most = Math.max(most, open);
        }
        return most;
    }
}
