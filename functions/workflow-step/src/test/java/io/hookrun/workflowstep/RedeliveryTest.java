package io.hookrun.workflowstep;

import io.hookrun.asl.HttpInvoker.HttpResult;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.BranchStatus;
import io.hookrun.core.run.RunHistory.BranchTally;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import io.hookrun.core.time.Deadline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.hookrun.workflowstep.StepFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * At-least-once delivery and crashes (ADR 0005): however often and in whatever order the messages arrive, every state
 * attempt executes once, every branch counts once, every Map/Parallel state joins once, and a crash between two
 * writes is repaired by the next delivery of the same message.
 */
class RedeliveryTest {

    /**
     * Variables, a Map of 5 with MaxConcurrency 2 whose iterations call a Task that fails once (503) then succeeds on
     * its Retry and end in a Wait, then a Parallel over the Map's results.
     */
    private static final String EVERYTHING = "'Init': {'Type': 'Pass', 'Assign': {'base': 100}, 'Next': 'Fan'}, "
            + "'Fan': {'Type': 'Map', 'Items': '{% $states.input.items %}', 'MaxConcurrency': 2, "
            + "  'ItemSelector': {'v': '{% $states.context.Map.Item.Value %}', 'i': '{% $states.context.Map.Item.Index %}'}, "
            + "  'ItemProcessor': {'StartAt': 'Call', 'States': {"
            + "    'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke', "
            + "      'Arguments': {'ApiEndpoint': 'https://api.example.test/items', 'Method': 'POST', "
            + "        'RequestBody': '{% $states.input %}'}, "
            + "      'Retry': [{'ErrorEquals': ['States.Http.StatusCode.503'], 'IntervalSeconds': 2, 'MaxAttempts': 2}], "
            + "      'Output': '{% $states.input.v + $base %}', 'Next': 'Pause'}, "
            + "    'Pause': {'Type': 'Wait', 'Seconds': 10, 'End': true}}}, "
            + "  'Next': 'Both'}, "
            + "'Both': {'Type': 'Parallel', 'Branches': ["
            + "  {'StartAt': 'Sum', 'States': {'Sum': {'Type': 'Pass', 'Output': '{% $sum($states.input) %}', 'End': true}}}, "
            + "  {'StartAt': 'Count', 'States': {'Count': {'Type': 'Pass', 'Output': '{% $count($states.input) %}', 'End': true}}}], "
            + "  'Next': 'Done'}, "
            + "'Done': {'Type': 'Pass', 'Output': {'sum': '{% $states.input[0] %}', 'count': '{% $states.input[1] %}', "
            + "  'base': '{% $base %}'}, 'End': true}";

    /** What a run did: its outcome, its steps (frame, sequence, state, status, attempts), and the calls per key. */
    private record Trace(RunStatus status, Object output, List<String> steps, Map<String, Integer> callsPerKey) { }

    private static Trace runEverything(int copies, long seed) {
        StepFixture fixture = new StepFixture();
        Map<String, Integer> callsPerKey = new ConcurrentHashMap<>();
        fixture.http.answer = call -> {
            String key = call.headers().get("Idempotency-Key");
            int n = callsPerKey.merge(key.substring(key.indexOf(':') + 1), 1, Integer::sum); // without the run id
            return new HttpResult(n == 1 ? 503 : 200, Map.of(), new byte[0]);
        };
        fixture.workflow("wf-all", "Init", EVERYTHING);
        UUID runId = fixture.startDirect("wf-all", "{'items': [1, 2, 3, 4, 5]}");
        QueueDriver driver = new QueueDriver(fixture, copies, seed);

        driver.drain(2_000);

        assertThat(driver.deliveries()).isEqualTo(copies * fixture.queue.steps().size());
        List<String> steps = fixture.history.stateExecutions(runId).stream()
                .map(s -> s.frame() + "#" + s.sequence() + " " + s.stateName() + " " + s.status() + " x" + s.attempts())
                .sorted().toList();
        return new Trace(fixture.run(runId).status(), fixture.output(runId), steps, Map.copyOf(callsPerKey));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void deliveringEveryMessageThreeTimesInShuffledOrder_changesNothing(long seed) {
        Trace once = runEverything(1, seed);
        Trace thrice = runEverything(3, seed);

        assertThat(once.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(once.output()).isEqualTo(Map.of("sum", 515, "count", 5, "base", 100));
        assertThat(once.callsPerKey()).as("a 503, then the retry's 200, for each iteration")
                .isEqualTo(Map.of("1.0/0", 2, "1.1/0", 2, "1.2/0", 2, "1.3/0", 2, "1.4/0", 2));
        assertThat(thrice).isEqualTo(once);
    }

    // ---- joins ----

    private static final String PARALLEL = "'Both': {'Type': 'Parallel', 'Branches': ["
            + "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Output': 'a', 'End': true}}}, "
            + "{'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'Output': 'b', 'End': true}}}], 'Next': 'After'}, "
            + "'After': {'Type': 'Pass', 'End': true}";

    /** Starts the Parallel and delivers both branch messages; returns the run id (the join request is then queued). */
    private static UUID parallelAwaitingItsJoin(StepFixture fixture) {
        fixture.workflow("wf-par", "Both", PARALLEL);
        UUID runId = fixture.startDirect("wf-par", "{}");
        for (StepMessage branch : fixture.queue.steps()) {
            fixture.executor.execute(branch, 1, Deadline.none());
        }
        return runId;
    }

    @Test
    void aJoinRacedByTwoConcurrentDeliveries_happensOnce() throws Exception {
        StepFixture fixture = new StepFixture();
        UUID runId = parallelAwaitingItsJoin(fixture);
        StepMessage join = fixture.queue.steps().getLast();
        assertThat(join).isEqualTo(new StepMessage(runId.toString(), "", 0, "Both", null));
        CyclicBarrier bothSawTheTally = new CyclicBarrier(2);
        fixture.store.before("claimJoin", () -> {
            try {
                bothSawTheTally.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        AtomicInteger joins = new AtomicInteger();
        fixture.store.before("branches", joins::incrementAndGet);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> deliveries = List.of(
                    threads.submit(() -> fixture.executor.execute(join, 1, Deadline.none())),
                    threads.submit(() -> fixture.executor.execute(join, 1, Deadline.none())));
            for (Future<?> delivery : deliveries) {
                delivery.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(joins.get()).as("results read by one join").isEqualTo(1);
        assertThat(fixture.queue.steps()).filteredOn(step -> step.stateName().equals("After")).hasSize(1);
        StateExecution parallel = fixture.frame(runId, "").getFirst();
        assertThat(parallel.status()).isEqualTo(StateStatus.SUCCEEDED);
        assertThat(parallel.output()).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void aCrashBetweenRecordingTheBranchAndTellingTheParent_isRepairedByTheRedelivery() {
        StepFixture fixture = new StepFixture();
        fixture.workflow("wf-par", "Both", PARALLEL);
        UUID runId = fixture.startDirect("wf-par", "{}");
        List<StepMessage> branches = fixture.queue.steps();
        fixture.executor.execute(branches.get(0), 1, Deadline.none());
        fixture.store.crashOnceAfter("finishBranch");

        assertThatThrownBy(() -> fixture.executor.execute(branches.get(1), 1, Deadline.none()))
                .isInstanceOf(OutageRunHistory.Crash.class);
        assertThat(fixture.history.branch(runId, "", 0, 1).orElseThrow().status()).isEqualTo(BranchStatus.SUCCEEDED);
        assertThat(fixture.queue.steps()).as("no join request yet").hasSize(2);
        assertThat(fixture.frame(runId, "0.1").getFirst().nextEnqueued()).isFalse();

        fixture.executor.execute(branches.get(1), 2, Deadline.none());

        assertThat(fixture.queue.steps()).last().isEqualTo(new StepMessage(runId.toString(), "", 0, "Both", null));
        assertThat(fixture.history.branchTally(runId, "", 0)).isEqualTo(new BranchTally(false, 2, 0, 2, 0));
        new QueueDriver(fixture, 1, 1).drain(10);
        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isEqualTo(List.of("a", "b"));
    }

    @Test
    void aCrashAfterForkingBeforeStartingTheBranches_isRepairedByTheRedeliveryOfTheForkingMessage() {
        StepFixture fixture = new StepFixture();
        fixture.workflow("wf-par", "Both", PARALLEL);
        fixture.store.crashOnceAfter("forkState");
        var start = fixture.startMessage("wf-par", "{}");
        UUID runId = UUID.fromString(start.runId());

        assertThatThrownBy(() -> fixture.starter.start(start, 1, Deadline.none()))
                .isInstanceOf(OutageRunHistory.Crash.class);
        assertThat(fixture.frame(runId, "").getFirst().status()).isEqualTo(StateStatus.WAITING);
        assertThat(fixture.queue.steps()).isEmpty();

        fixture.starter.start(start, 2, Deadline.none());

        assertThat(fixture.queue.steps()).extracting(StepMessage::frameName).containsExactly("0.0", "0.1");
        new QueueDriver(fixture, 1, 1).drain(10);
        assertThat(fixture.output(runId)).isEqualTo(List.of("a", "b"));
    }

    @Test
    void aJoinWhoseAttemptDied_isJoinedAgainByTheNextDeliveryOnceItsLeaseIsOver() {
        StepFixture fixture = new StepFixture();
        UUID runId = parallelAwaitingItsJoin(fixture);
        StepMessage join = fixture.queue.steps().getLast();
        fixture.store.crashOnceAfter("claimJoin");
        assertThatThrownBy(() -> fixture.executor.execute(join, 1, Deadline.none()))
                .isInstanceOf(OutageRunHistory.Crash.class);

        assertThatThrownBy(() -> fixture.executor.execute(join, 2, Deadline.none()))
                .as("held by the dead attempt's lease").isInstanceOf(StateBusyException.class);
        fixture.clock.advance(fixture.config.stateLease().plusSeconds(1));
        fixture.executor.execute(join, 3, Deadline.none());

        StateExecution parallel = fixture.frame(runId, "").getFirst();
        assertThat(parallel.status()).isEqualTo(StateStatus.SUCCEEDED);
        assertThat(parallel.attempts()).isEqualTo(2);
        assertThat(fixture.queue.steps()).filteredOn(step -> step.stateName().equals("After")).hasSize(1);
    }

    @Test
    void aCrashAfterTheJoinRecordedItsOutcome_isRepairedByTheRedeliveryOfTheJoinRequest() {
        StepFixture fixture = new StepFixture();
        UUID runId = parallelAwaitingItsJoin(fixture);
        StepMessage join = fixture.queue.steps().getLast();
        fixture.store.crashOnceAfter("finishState");

        assertThatThrownBy(() -> fixture.executor.execute(join, 1, Deadline.none()))
                .isInstanceOf(OutageRunHistory.Crash.class);
        assertThat(fixture.frame(runId, "").getFirst().status()).isEqualTo(StateStatus.SUCCEEDED);
        assertThat(fixture.queue.steps()).noneMatch(step -> step.stateName().equals("After"));
        fixture.executor.execute(join, 2, Deadline.none());

        assertThat(fixture.queue.steps()).filteredOn(step -> step.stateName().equals("After")).hasSize(1);
    }

    @Test
    void aCrashBeforeTheNextStepWasSent_isRepairedByTheRedelivery_andALaterCopyAddsNothing() {
        StepFixture fixture = new StepFixture();
        fixture.workflow("wf-two", "First", "'First': {'Type': 'Pass', 'Next': 'Second'}, "
                + "'Second': {'Type': 'Succeed'}");
        fixture.store.crashOnceAfter("finishState");
        var start = fixture.startMessage("wf-two", "{}");

        assertThatThrownBy(() -> fixture.starter.start(start, 1, Deadline.none()))
                .isInstanceOf(OutageRunHistory.Crash.class);
        assertThat(fixture.queue.steps()).isEmpty();
        fixture.starter.start(start, 2, Deadline.none());
        fixture.starter.start(start, 3, Deadline.none());

        assertThat(fixture.queue.steps()).containsExactly(new StepMessage(start.runId(), 1, "Second"));
    }

    @Test
    void aStepOfAnAbortedBranch_stopsWithoutWriting() {
        StepFixture fixture = new StepFixture();
        fixture.workflow("wf-abort", "Both", "'Both': {'Type': 'Parallel', 'Branches': ["
                + "{'StartAt': 'Slow', 'States': {'Slow': {'Type': 'Pass', 'Next': 'Slower'}, "
                + "  'Slower': {'Type': 'Pass', 'End': true}}}, "
                + "{'StartAt': 'Boom', 'States': {'Boom': {'Type': 'Fail', 'Error': 'E'}}}], 'End': true}");
        UUID runId = fixture.startDirect("wf-abort", "{}");
        List<StepMessage> branches = fixture.queue.steps();
        fixture.executor.execute(branches.get(0), 1, Deadline.none()); // Slow done, Slower queued
        fixture.executor.execute(branches.get(1), 1, Deadline.none()); // Boom: the join request
        fixture.executor.execute(fixture.queue.steps().getLast(), 1, Deadline.none()); // the join aborts branch 0
        StepMessage slower = fixture.queue.steps().get(2);
        assertThat(slower.stateName()).isEqualTo("Slower");
        fixture.clock.advance(Duration.ofSeconds(1));

        fixture.executor.execute(slower, 1, Deadline.none());

        assertThat(fixture.history.branch(runId, "", 0, 0).orElseThrow().status()).isEqualTo(BranchStatus.ABORTED);
        assertThat(fixture.frame(runId, "0.0")).extracting(StateExecution::stateName).containsExactly("Slow");
        assertThat(fixture.run(runId).finishedAt()).isEqualTo(T0);
    }
}
