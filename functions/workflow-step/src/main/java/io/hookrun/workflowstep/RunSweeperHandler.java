package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.hookrun.lambda.LambdaHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

/**
 * RunSweeperFunction: runs on a schedule (an EventBridge rule, e.g. {@code rate(5 minutes)}), from the
 * workflow-step jar, and resumes or ends RUNNING runs whose message is gone ({@link RunSweeper}). The event's
 * content is not used; its deadline is.
 */
public class RunSweeperHandler extends LambdaHandler<ScheduledEvent, SweepReport> {

    @Inject
    RunSweeper sweeper;

    /** Used by the Lambda runtime. */
    public RunSweeperHandler() {
    }

    /** Used by {@code ./hookrun local} and tests. */
    public RunSweeperHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    protected SweepReport handle(ScheduledEvent event, Invocation invocation) {
        return sweeper.sweep(invocation.deadline());
    }
}
