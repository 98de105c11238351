package io.hookrun.asl;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What executing (or joining) one state produced: a sealed set so that callers switch over it exhaustively and
 * cannot forget a case. Variables are always the whole visible scope after the state (outer scopes included).
 */
public sealed interface StepOutcome {

    /** Go on with {@code nextState}, whose input is {@code output}, not before {@code notBefore} (null: at once; Wait). */
    record Continue(String nextState, Object output, Map<String, Object> variables, Instant notBefore)
            implements StepOutcome { }

    /**
     * The frame (the run, or a branch) ends successfully with {@code output}: an End state, or a Succeed state; not
     * before {@code notBefore} (null: at once), which only a Wait state with {@code "End": true} sets, as the frame
     * ends when the wait is over.
     */
    record Succeeded(Object output, Instant notBefore) implements StepOutcome {

        /** Ends the frame at once. */
        public Succeeded(Object output) {
            this(output, null);
        }
    }

    /** The frame fails with a Step Functions error name and cause (no Retry/Catch rule applied, or a Fail state). */
    record Failed(String error, String cause) implements StepOutcome { }

    /**
     * A Retry rule matched: run the same state again, with the same input and variables, after {@code delay}.
     * {@code retries} replaces the per-rule retry counts the next attempt gets in {@link StepInput#retries()}.
     */
    record Retry(String error, String cause, List<Integer> retries, Duration delay) implements StepOutcome { }

    /** A Catch rule matched: the state failed with {@code error}; the frame goes on with {@code nextState}. */
    record Caught(String error, String cause, String nextState, Object output, Map<String, Object> variables)
            implements StepOutcome { }

    /**
     * A Map or Parallel state starts its branches: branch {@code i} starts at {@link #startAt(int)} with input
     * {@code inputs.get(i)}. {@code branchStartAt} holds one state name per Parallel branch, or the single start state
     * of a Map's ItemProcessor. At most {@code maxConcurrency} branches run at once. When they are done (see
     * {@link StateInterpreter#joinReady}), the state is finished by {@link StateInterpreter#join}. No inputs (a Map over
     * an empty array): join at once.
     */
    record Fork(List<String> branchStartAt, List<Object> inputs, int maxConcurrency) implements StepOutcome {

        public String startAt(int index) {
            return branchStartAt.size() == 1 ? branchStartAt.getFirst() : branchStartAt.get(index);
        }
    }

    /**
     * A {@code .waitForTaskToken} Task made its call and now waits for the callback of its task token: record the step
     * PAUSED until {@code timeoutAt} (null: no timeout) with a heartbeat due by {@code heartbeatAt} (null: none). When
     * the callback answers or a deadline passes, {@link StateInterpreter#resume} finishes the state.
     */
    record Paused(Instant timeoutAt, Instant heartbeatAt) implements StepOutcome { }

    /** How a paused Task ended: its callback's output or error, or a deadline ({@code States.Timeout} ...). */
    sealed interface Resumption {
        /** A success callback: {@code output} becomes {@code $states.result}. */
        record Answered(Object output) implements Resumption { }

        /** A failure callback or a deadline: the Task fails with {@code error}, seen by Retry and Catch. */
        record Failed(String error, String cause) implements Resumption { }
    }
}
