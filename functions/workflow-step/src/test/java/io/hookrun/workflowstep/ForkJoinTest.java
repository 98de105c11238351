package io.hookrun.workflowstep;

import io.hookrun.core.message.StepMessage;
import io.hookrun.core.run.Branch;
import io.hookrun.core.run.BranchStatus;
import io.hookrun.core.run.Frames;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateExecution;
import io.hookrun.core.run.StateStatus;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Map and Parallel states through the executor (ADR 0005): every branch its own frame and chain of messages, results
 * joined in index order from run history, Map iterations never more than MaxConcurrency open, a failed branch that
 * ends its state early aborting the others.
 */
class ForkJoinTest {

    private final StepFixture fixture = new StepFixture();

    private List<Branch> branches(UUID runId, String frame, int sequence) {
        return fixture.history.branches(runId, frame, sequence);
    }

    @Test
    void aParallel_runsEachBranchInItsOwnFrameSeeingTheOuterVariables_andJoinsTheResultsInBranchOrder() {
        fixture.workflow("wf-par", "Prepare", "'Prepare': {'Type': 'Pass', 'Assign': {'factor': 10}, 'Next': 'Both'}, "
                + "'Both': {'Type': 'Parallel', 'Branches': ["
                + "{'StartAt': 'One', 'States': {'One': {'Type': 'Pass', 'Output': '{% $states.input.n * $factor %}', 'End': true}}}, "
                + "{'StartAt': 'Two', 'States': {'Two': {'Type': 'Wait', 'Seconds': 30, 'Next': 'TwoDone'}, "
                + "  'TwoDone': {'Type': 'Pass', 'Output': 'two', 'End': true}}}, "
                + "{'StartAt': 'Three', 'States': {'Three': {'Type': 'Pass', 'Output': {'three': 3}, 'End': true}}}], "
                + "'Next': 'After'}, "
                + "'After': {'Type': 'Pass', 'Output': {'all': '{% $states.input %}', 'factor': '{% $factor %}'}, 'End': true}");
        UUID runId = fixture.startDirect("wf-par", "{'n': 1}");

        new QueueDriver(fixture, 1, 3).drain(50);

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isEqualTo(Map.of("all", List.of(10, "two", Map.of("three", 3)), "factor", 10));
        assertThat(fixture.frame(runId, "")).extracting(StateExecution::stateName).containsExactly("Prepare", "Both",
                "After");
        assertThat(fixture.frame(runId, "1.1")).extracting(StateExecution::stateName).containsExactly("Two", "TwoDone");
        assertThat(branches(runId, "", 1)).extracting(Branch::status).containsOnly(BranchStatus.SUCCEEDED);
    }

    private UUID mapOfTen(int maxConcurrency) {
        fixture.workflow("wf-map", "Each", "'Each': {'Type': 'Map', 'Items': '{% $states.input.items %}', "
                + "'MaxConcurrency': " + maxConcurrency + ", 'ItemProcessor': {'ProcessorConfig': {'Mode': 'INLINE'}, "
                + "'StartAt': 'Hold', 'States': {'Hold': {'Type': 'Wait', 'Seconds': '{% $states.input %}', 'Next': 'Double'}, "
                + "'Double': {'Type': 'Pass', 'Output': '{% $states.input * 2 %}', 'End': true}}}, 'End': true}");
        return fixture.startDirect("wf-map", "{'items': [5, 1, 4, 2, 3, 9, 1, 1, 7, 2]}");
    }

    @Test
    void aMapWithMaxConcurrency3_neverHasMoreThan3IterationsOpen_andKeepsItemOrder() {
        UUID runId = mapOfTen(3);
        Set<String> framesSent = new HashSet<>();
        AtomicInteger mostOpen = new AtomicInteger();

        new QueueDriver(fixture, 1, 5).afterEach(delivered -> {
            List<Branch> branches = branches(runId, "", 0);
            long running = branches.stream().filter(b -> b.status() == BranchStatus.RUNNING).count();
            long ended = branches.stream().filter(b -> b.status() == BranchStatus.SUCCEEDED).count();
            fixture.queue.steps().stream().map(StepMessage::frameName).filter(f -> !Frames.isRoot(f))
                    .forEach(framesSent::add);
            assertThat(running).as("RUNNING iterations").isLessThanOrEqualTo(3);
            assertThat(framesSent.size() - ended).as("iterations with messages sent, not ended").isLessThanOrEqualTo(3);
            mostOpen.accumulateAndGet((int) running, Math::max);
        }).drain(200);

        assertThat(mostOpen.get()).isEqualTo(3);
        assertThat(fixture.output(runId)).isEqualTo(List.of(10, 2, 8, 4, 6, 18, 2, 2, 14, 4));
        assertThat(framesSent).hasSize(10);
        StateExecution map = fixture.frame(runId, "").getFirst();
        assertThat(map.branches()).isEqualTo(10);
        assertThat(map.concurrency()).isEqualTo(3);
    }

    @Test
    void aMapWithoutMaxConcurrency_opensAtMostTheInlineCap() {
        StepFixture.Settings settings = new StepFixture.Settings();
        settings.inlineMapMaxConcurrency = 4;
        StepFixture capped = new StepFixture(settings);
        capped.workflow("wf-map", "Each", "'Each': {'Type': 'Map', 'ItemProcessor': {'StartAt': 'Id', "
                + "'States': {'Id': {'Type': 'Pass', 'End': true}}}, 'End': true}");

        UUID runId = capped.startDirect("wf-map", "[1, 2, 3, 4, 5, 6, 7]");

        assertThat(capped.queue.steps()).as("the first messages").extracting(StepMessage::frameName)
                .containsExactly("0.0", "0.1", "0.2", "0.3");
        new QueueDriver(capped, 1, 1).drain(50);
        assertThat(capped.output(runId)).isEqualTo(List.of(1, 2, 3, 4, 5, 6, 7));
    }

    @Test
    void aMapOverNothing_joinsAtOnceWithAnEmptyResult() {
        fixture.workflow("wf-empty", "Each", "'Each': {'Type': 'Map', 'ItemProcessor': {'StartAt': 'Id', "
                + "'States': {'Id': {'Type': 'Pass', 'End': true}}}, 'End': true}");

        UUID runId = fixture.startDirect("wf-empty", "[]");

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isEqualTo(List.of());
        assertThat(fixture.queue.steps()).isEmpty();
    }

    private static String evenFails(String tolerance) {
        return "'Each': {'Type': 'Map', 'MaxConcurrency': 1" + tolerance + ", 'ItemProcessor': {'ProcessorConfig': "
                + "{'Mode': 'INLINE'}, 'StartAt': 'Check', 'States': {"
                + "'Check': {'Type': 'Choice', 'Choices': [{'Condition': '{% $states.input % 2 = 0 %}', 'Next': 'Bad'}], "
                + "'Default': 'Good'}, "
                + "'Bad': {'Type': 'Fail', 'Error': 'Item.Even', 'Cause': 'even'}, "
                + "'Good': {'Type': 'Pass', 'End': true}}}, 'End': true}";
    }

    @Test
    void anInlineMapIterationThatFails_failsTheMapWithItsError_andAbortsTheOpenIterations() {
        fixture.workflow("wf-inline", "Each", evenFails(""));

        UUID runId = fixture.startDirect("wf-inline", "[1, 2, 3]");
        new QueueDriver(fixture, 1, 1).drain(50);

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(fixture.run(runId).error()).isEqualTo("Item.Even");
        assertThat(fixture.run(runId).cause()).isEqualTo("even");
        assertThat(branches(runId, "", 0)).extracting(Branch::status).containsExactly(BranchStatus.SUCCEEDED,
                BranchStatus.FAILED, BranchStatus.ABORTED);
        assertThat(fixture.frame(runId, "0.2")).as("never started").isEmpty();
    }

    /**
     * Tolerated failures are a Distributed Map feature; AWS accepts the fields on an inline Map and ignores them, and
     * hookrun runs every Map inline (the interpreter's MapFork). So the first failure fails the Map here too.
     */
    @Test
    void toleratedFailureFieldsOnAnInlineMap_areIgnoredAsOnAws_theFirstFailureFailsItAndTheRestNeverRun() {
        fixture.workflow("wf-tolerant", "Each", evenFails(", 'ToleratedFailureCount': 2"));

        UUID runId = fixture.startDirect("wf-tolerant", "[2, 4, 6, 1, 3]");
        new QueueDriver(fixture, 1, 1).drain(50);

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(fixture.run(runId).error()).isEqualTo("Item.Even");
        assertThat(branches(runId, "", 0)).extracting(Branch::status).containsExactly(BranchStatus.FAILED,
                BranchStatus.ABORTED, BranchStatus.ABORTED, BranchStatus.ABORTED, BranchStatus.ABORTED);
        for (int i = 1; i < 5; i++) {
            assertThat(fixture.frame(runId, "0." + i)).isEmpty();
        }
    }

    private void parallelWithAFailingBranch(String catcher) {
        fixture.workflow("wf-par-fail", "Both", "'Both': {'Type': 'Parallel', 'Branches': ["
                + "{'StartAt': 'Slow', 'States': {'Slow': {'Type': 'Wait', 'Seconds': 60, 'Next': 'SlowDone'}, "
                + "  'SlowDone': {'Type': 'Pass', 'End': true}}}, "
                + "{'StartAt': 'Boom', 'States': {'Boom': {'Type': 'Fail', 'Error': 'Branch.Boom', 'Cause': 'it broke'}}}]"
                + catcher + ", 'End': true}, "
                + "'Recovered': {'Type': 'Pass', 'End': true}");
    }

    @Test
    void aFailedParallelBranch_abortsTheOthersWhoseNextStepsNeverRun_andFailsTheRun() {
        parallelWithAFailingBranch(", 'Catch': [{'ErrorEquals': ['Other.Error'], 'Next': 'Recovered'}]");

        UUID runId = fixture.startDirect("wf-par-fail", "{}");
        new QueueDriver(fixture, 1, 1).drain(50);

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(fixture.run(runId).error()).isEqualTo("Branch.Boom");
        assertThat(fixture.run(runId).cause()).isEqualTo("it broke");
        assertThat(branches(runId, "", 0)).extracting(Branch::status).containsExactly(BranchStatus.ABORTED,
                BranchStatus.FAILED);
        assertThat(fixture.frame(runId, "0.0")).extracting(StateExecution::stateName).containsExactly("Slow");
        assertThat(fixture.frame(runId, "")).extracting(StateExecution::status).containsExactly(StateStatus.FAILED);
    }

    @Test
    void aFailedParallelBranch_isCaughtByTheParallelsCatcher() {
        parallelWithAFailingBranch(", 'Catch': [{'ErrorEquals': ['Branch.Boom'], 'Next': 'Recovered'}]");

        UUID runId = fixture.startDirect("wf-par-fail", "{}");
        new QueueDriver(fixture, 1, 1).drain(50);

        assertThat(fixture.run(runId).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fixture.output(runId)).isEqualTo(Map.of("Error", "Branch.Boom", "Cause", "it broke"));
        assertThat(fixture.frame(runId, "")).extracting(StateExecution::status).containsExactly(StateStatus.CAUGHT,
                StateStatus.SUCCEEDED);
    }

    @Test
    void aMapNestedInAParallelBranch_runsInItsNestedFrames() {
        fixture.workflow("wf-nested", "Both", "'Both': {'Type': 'Parallel', 'Branches': ["
                + "{'StartAt': 'Plain', 'States': {'Plain': {'Type': 'Pass', 'Output': 'plain', 'End': true}}}, "
                + "{'StartAt': 'Prep', 'States': {'Prep': {'Type': 'Pass', 'Next': 'Each'}, "
                + "  'Each': {'Type': 'Map', 'Items': '{% $states.input.xs %}', 'MaxConcurrency': 2, "
                + "    'ItemProcessor': {'StartAt': 'Inc', 'States': {'Inc': {'Type': 'Pass', "
                + "      'Output': '{% $states.input + 1 %}', 'End': true}}}, 'End': true}}}], 'End': true}");

        UUID runId = fixture.startDirect("wf-nested", "{'xs': [1, 2, 3]}");
        new QueueDriver(fixture, 1, 9).drain(50);

        assertThat(fixture.output(runId)).isEqualTo(List.of("plain", List.of(2, 3, 4)));
        assertThat(fixture.frame(runId, "0.1/1.2")).extracting(StateExecution::stateName).containsExactly("Inc");
    }

    @Test
    void aStateAfterTheStateCapInABranch_failsTheBranchStateLimitExceeded() {
        StepFixture.Settings settings = new StepFixture.Settings();
        settings.maxStates = 3;
        StepFixture capped = new StepFixture(settings);
        capped.workflow("wf-loop", "Each", "'Each': {'Type': 'Map', 'ItemProcessor': {'StartAt': 'Spin', 'States': {"
                + "'Spin': {'Type': 'Pass', 'Next': 'Loop'}, "
                + "'Loop': {'Type': 'Choice', 'Choices': [{'Condition': '{% false %}', 'Next': 'Out'}], 'Default': 'Spin'}, "
                + "'Out': {'Type': 'Succeed'}}}, 'End': true}");

        UUID runId = capped.startDirect("wf-loop", "[1]");
        new QueueDriver(capped, 1, 1).drain(50);

        assertThat(capped.run(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(capped.run(runId).error()).isEqualTo(StepExecutor.STATE_LIMIT_EXCEEDED);
        assertThat(capped.frame(runId, "0.0")).hasSize(4).last()
                .satisfies(step -> assertThat(step.cause()).isEqualTo("branch '0.0' executed 3 states without ending"));
    }
}
