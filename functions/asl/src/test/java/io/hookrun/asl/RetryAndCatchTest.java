package io.hookrun.asl;

import io.hookrun.core.time.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retry and Catch on a Task, run end to end by {@link MachineRunner} on a fixed clock against a scripted HTTP target:
 * Step Functions' interval arithmetic ("Handling errors in Step Functions workflows": IntervalSeconds, BackoffRate,
 * MaxDelaySeconds, JitterStrategy, MaxAttempts), first-match rules, per-retrier counts, and what a Catcher hands on.
 */
class RetryAndCatchTest {

    private static final Instant START = Instant.parse("2025-05-01T10:00:00Z");

    private final ScriptedHttp http = new ScriptedHttp();
    private final SettableClock clock = new SettableClock(START);

    private MachineRunner.Run run(String retryAndCatch, Object input) throws Exception {
        return run(retryAndCatch, input, new SplittableRandom(1));
    }

    private MachineRunner.Run run(String retryAndCatch, Object input, SplittableRandom random) throws Exception {
        StateInterpreter interpreter = new StateInterpreter(http, Duration.ZERO, clock, random, 40);
        StateMachine machine = Definitions.machine("Call", """
                'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke',
                         'Arguments': {'ApiEndpoint': 'http://target.test/flaky', 'Method': 'POST',
                                       'Headers': {'X-Retry-Count': '{% $string($states.context.State.RetryCount) %}'}},
                         RETRY_AND_CATCH
                         'Output': '{% $states.result.StatusCode %}', 'Next': 'Done'},
                'Done': {'Type': 'Pass', 'End': true}""".replace("RETRY_AND_CATCH", retryAndCatch)
                + (retryAndCatch.contains("'Handle'") ? ", 'Handle': {'Type': 'Pass', 'End': true}" : ""));
        return new MachineRunner(interpreter, clock).run(machine, input);
    }

    private static List<Duration> seconds(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Duration::ofSeconds).toList();
    }

    @Test
    void intervals_growByBackoffRate_fromIntervalSeconds() throws Exception {
        http.answer("/flaky", 500, 500, 500, 200);

        MachineRunner.Run run = run("'Retry': [{'ErrorEquals': ['States.ALL'], 'IntervalSeconds': 2, 'BackoffRate': 3, "
                + "'MaxAttempts': 3}],", Map.of());

        assertThat(run.retryDelays()).isEqualTo(seconds(2, 6, 18));
        assertThat(run.output()).isEqualTo(200);
        assertThat(run.endedAt()).isEqualTo(START.plusSeconds(26));
    }

    @Test
    void defaults_areOneSecondDoubledThreeTimes_thenTheStateFails() throws Exception {
        http.answer("/flaky", 500);

        MachineRunner.Run run = run("'Retry': [{'ErrorEquals': ['States.Http.StatusCode.500']}],", Map.of());

        assertThat(run.retryDelays()).isEqualTo(seconds(1, 2, 4));
        assertThat(http.calls()).hasSize(4);
        assertThat(run.end().error()).isEqualTo("States.Http.StatusCode.500");
    }

    @Test
    void maxDelaySeconds_capsTheGrowingInterval() throws Exception {
        http.answer("/flaky", 503);

        MachineRunner.Run run = run("'Retry': [{'ErrorEquals': ['States.ALL'], 'IntervalSeconds': 10, 'BackoffRate': 3, "
                + "'MaxDelaySeconds': 40, 'MaxAttempts': 4}],", Map.of());

        assertThat(run.retryDelays()).isEqualTo(seconds(10, 30, 40, 40));
    }

    @Test
    void fullJitter_drawsEachDelayBetweenZeroAndTheInterval_fromTheInjectedRandomSource() throws Exception {
        http.answer("/flaky", 500, 500, 500, 200);

        MachineRunner.Run run = run("'Retry': [{'ErrorEquals': ['States.ALL'], 'IntervalSeconds': 4, "
                + "'JitterStrategy': 'FULL'}],", Map.of(), new SplittableRandom(42));

        SplittableRandom same = new SplittableRandom(42);
        List<Duration> expected = List.of(4_000.0, 8_000.0, 16_000.0).stream()
                .map(ms -> Duration.ofMillis(Math.round(same.nextDouble() * ms))).toList();
        assertThat(run.retryDelays()).isEqualTo(expected);
        assertThat(run.retryDelays()).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(16)));
    }

    @Test
    void jitterNone_isTheExactInterval() throws Exception {
        http.answer("/flaky", 500, 200);

        MachineRunner.Run run = run("'Retry': [{'ErrorEquals': ['States.ALL'], 'IntervalSeconds': 3, "
                + "'JitterStrategy': 'NONE'}],", Map.of());

        assertThat(run.retryDelays()).isEqualTo(seconds(3));
    }

    @Test
    void maxAttemptsZero_neverRetries_andTheCatcherTakesTheError() throws Exception {
        http.answer("/flaky", 500);

        MachineRunner.Run run = run("'Retry': [{'ErrorEquals': ['States.ALL'], 'MaxAttempts': 0}], "
                + "'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Handle'}],", Map.of());

        assertThat(http.calls()).hasSize(1);
        assertThat(run.visited()).containsExactly("Call", "Handle");
    }

    @Test
    void anExhaustedRetrier_goesToCatch_withoutTryingLaterRetriersThatMatch() throws Exception {
        http.answer("/flaky", 500);

        MachineRunner.Run run = run("'Retry': [{'ErrorEquals': ['States.Http.StatusCode.500'], 'MaxAttempts': 1}, "
                + "{'ErrorEquals': ['States.ALL'], 'MaxAttempts': 5}], "
                + "'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Handle'}],", Map.of());

        assertThat(http.calls()).hasSize(2);
        assertThat(run.visited()).containsExactly("Call", "Call", "Handle");
    }

    @Test
    void eachRetrier_countsItsOwnRetries() throws Exception {
        http.answer("/flaky", 500, 503, 500, 200);

        MachineRunner.Run run = run("'Retry': [{'ErrorEquals': ['States.Http.StatusCode.500'], 'MaxAttempts': 2}, "
                + "{'ErrorEquals': ['States.Http.StatusCode.503'], 'MaxAttempts': 1, 'IntervalSeconds': 5}],", Map.of());

        assertThat(run.output()).isEqualTo(200);
        List<StepOutcome.Retry> retries = run.stepsOf("Call").stream().map(MachineRunner.Step::outcome)
                .filter(StepOutcome.Retry.class::isInstance).map(StepOutcome.Retry.class::cast).toList();
        assertThat(retries).extracting(StepOutcome.Retry::retries)
                .containsExactly(List.of(1, 0), List.of(1, 1), List.of(2, 1));
        // retrier 0 waits 1 s then 2 s (its own second retry); retrier 1 waits its first interval, 5 s
        assertThat(run.retryDelays()).isEqualTo(seconds(1, 5, 2));
    }

    @Test
    void retries_keepTheInputTheIdempotencyKey_andCountInTheContext() throws Exception {
        http.answer("/flaky", 500, 500, 200);

        run("'Retry': [{'ErrorEquals': ['States.ALL']}],", Map.of("order", 1));

        assertThat(http.calls()).extracting(c -> c.headers().get("X-Retry-Count")).containsExactly("0", "1", "2");
        assertThat(http.calls()).extracting(c -> c.headers().get("Idempotency-Key")).containsOnly("run-1::0");
    }

    @Test
    void catcherWithoutOutput_handsOnErrorOutput() throws Exception {
        http.answer("/flaky", 404);

        MachineRunner.Run run = run("'Catch': [{'ErrorEquals': ['States.Http.StatusCode.404'], 'Next': 'Handle'}],",
                Map.of());

        @SuppressWarnings("unchecked")
        Map<String, Object> output = (Map<String, Object>) run.output();
        assertThat(output).containsOnlyKeys("Error", "Cause");
        assertThat(output.get("Error")).isEqualTo("States.Http.StatusCode.404");
        assertThat((String) output.get("Cause")).contains("404");
    }

    @Test
    void catcherOutputAndAssign_seeTheStateInputErrorOutputAndRetriesMade() throws Exception {
        http.answer("/flaky", 500);
        StateInterpreter interpreter = new StateInterpreter(http, Duration.ZERO, clock, new SplittableRandom(1), 40);
        StateMachine machine = Definitions.machine("Call", """
                'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke',
                         'Arguments': {'ApiEndpoint': 'http://target.test/flaky', 'Method': 'GET'},
                         'Retry': [{'ErrorEquals': ['States.ALL'], 'MaxAttempts': 2}],
                         'Catch': [{'ErrorEquals': ['States.TaskFailed'], 'Next': 'Handle',
                                    'Assign': {'failedWith': '{% $states.errorOutput.Error %}',
                                               'retriesMade': '{% $states.context.State.RetryCount %}'},
                                    'Output': {'order': '{% $states.input.order %}', 'error': '{% $states.errorOutput.Error %}'}}],
                         'Next': 'Done'},
                'Done': {'Type': 'Succeed'},
                'Handle': {'Type': 'Pass', 'Output': {'in': '{% $states.input %}', 'failedWith': '{% $failedWith %}',
                                                      'retriesMade': '{% $retriesMade %}'}, 'End': true}""");

        MachineRunner.Run run = new MachineRunner(interpreter, clock).run(machine, Map.of("order", "o-1"));

        assertThat(run.output()).isEqualTo(Definitions.json("""
                {'in': {'order': 'o-1', 'error': 'States.Http.StatusCode.500'},
                 'failedWith': 'States.Http.StatusCode.500', 'retriesMade': 2}"""));
    }

    @Test
    void statesTaskFailed_matchesAnHttpError_butNotStatesTimeoutNorAQueryEvaluationError() {
        assertThat(ErrorMatching.matches(List.of("States.TaskFailed"), "States.Http.StatusCode.500")).isTrue();
        assertThat(ErrorMatching.matches(List.of("States.TaskFailed"), "States.Http.Socket")).isTrue();
        assertThat(ErrorMatching.matches(List.of("States.TaskFailed"), "States.Timeout")).isFalse();
        assertThat(ErrorMatching.matches(List.of("States.TaskFailed"), "States.QueryEvaluationError")).isFalse();
        assertThat(ErrorMatching.matches(List.of("States.ALL"), "States.QueryEvaluationError")).isTrue();
        assertThat(ErrorMatching.matches(List.of("States.ALL"), null)).isTrue();
        assertThat(ErrorMatching.matches(List.of("Custom.Error"), "custom.error")).isFalse();
    }

    @Test
    void statesRuntime_isNeitherRetriedNorCaught_evenWhenNamed() throws Exception {
        StateInterpreter interpreter = new StateInterpreter(http, Duration.ZERO, clock, new SplittableRandom(1), 40);
        StateMachine machine = Definitions.machine("Call", """
                'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke',
                         'Arguments': {'ApiEndpoint': 'http://target.test/flaky', 'Method': '{% \\'FETCH\\' %}'},
                         'Retry': [{'ErrorEquals': ['States.Runtime']}, {'ErrorEquals': ['States.ALL']}],
                         'Catch': [{'ErrorEquals': ['States.Runtime'], 'Next': 'Done'}, {'ErrorEquals': ['States.ALL'], 'Next': 'Done'}],
                         'End': true},
                'Done': {'Type': 'Succeed'}""");

        MachineRunner.Run run = new MachineRunner(interpreter, clock).run(machine, Map.of());

        assertThat(run.end().error()).isEqualTo("States.Runtime");
        assertThat(run.visited()).containsExactly("Call");
    }

    /** An Output that fails to evaluate is the Task's failure: retried, then caught (sfnx, TestState on AWS). */
    @Test
    void aQueryEvaluationErrorInTheOutput_isRetriedAndCaughtLikeTheTasksOwnError() throws Exception {
        http.answer("/flaky", 200);
        StateInterpreter interpreter = new StateInterpreter(http, Duration.ZERO, clock, new SplittableRandom(1), 40);
        StateMachine machine = Definitions.machine("Call", """
                'Call': {'Type': 'Task', 'Resource': 'arn:aws:states:::http:invoke',
                         'Arguments': {'ApiEndpoint': 'http://target.test/flaky', 'Method': 'GET'},
                         'Output': '{% $number(\\'not a number\\') %}',
                         'Retry': [{'ErrorEquals': ['States.QueryEvaluationError'], 'MaxAttempts': 1}],
                         'Catch': [{'ErrorEquals': ['States.QueryEvaluationError'], 'Next': 'Handle'}],
                         'End': true},
                'Handle': {'Type': 'Pass', 'Output': '{% $states.input.Error %}', 'End': true}""");

        MachineRunner.Run run = new MachineRunner(interpreter, clock).run(machine, Map.of());

        assertThat(http.calls()).hasSize(2);
        assertThat(run.output()).isEqualTo("States.QueryEvaluationError");
    }

    @Test
    void retryOnAStateThatCannotRetry_doesNotApply_toPassOrChoiceErrors() throws Exception {
        StateInterpreter interpreter = new StateInterpreter(http, Duration.ZERO, clock, new SplittableRandom(1), 40);
        StateMachine machine = Definitions.machine("Decide", """
                'Decide': {'Type': 'Choice', 'Choices': [{'Condition': '{% $states.input.x = 1 %}', 'Next': 'Done'}]},
                'Done': {'Type': 'Succeed'}""");

        MachineRunner.Run run = new MachineRunner(interpreter, clock).run(machine, Map.of("x", 2));

        assertThat(run.end().error()).isEqualTo("States.NoChoiceMatched");
    }
}
