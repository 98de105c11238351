package io.hookrun.workflowstep;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of the run sweeper ({@code hookrun.sweeper.*}; on Lambda from {@code HOOKRUN_SWEEPER_*} variables).
 *
 * @param staleAfter  a RUNNING run with no step started or finished for this long, and no step held by a live
 *                    lease, has lost its message. Longer than a message can legitimately wait between two attempts
 *                    (back-off at most 5 min, an outage re-send at most 15 min), so a run merely waiting is left alone
 * @param giveUpAfter a stalled run with no progress for this long is ended {@value StepExecutor#STEP_ABANDONED}
 *                    instead of being resumed once more
 * @param maxRuns     runs looked at per sweep (at most 100)
 */
@ConfigurationProperties("hookrun.sweeper")
public record SweeperConfiguration(
        @Bindable(defaultValue = "30m") Duration staleAfter,
        @Bindable(defaultValue = "24h") Duration giveUpAfter,
        @Bindable(defaultValue = "100") int maxRuns) {
}
