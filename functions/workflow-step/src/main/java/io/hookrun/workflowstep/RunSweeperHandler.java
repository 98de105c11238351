package io.hookrun.workflowstep;

import io.hookrun.lambda.LambdaHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * RunSweeperFunction: runs on a schedule (an EventBridge rule, e.g. {@code rate(5 minutes)}), from the
 * workflow-step jar, and resumes or ends RUNNING runs whose message is gone ({@link RunSweeper}).
 *
 * <p>The event is taken as a plain {@link Map}: its content is not used (its deadline is), and the typed
 * {@code ScheduledEvent} carries a Joda {@code DateTime} that Micronaut Serde cannot read, so {@code ./hookrun invoke}
 * and the local runtime could not pass it in. Raw, because the local runtime reads the event type from the class's
 * type argument and needs a class there. The answer is a plain map too, which every serialiser writes.
 */
@SuppressWarnings("rawtypes")
public class RunSweeperHandler extends LambdaHandler<Map, Map<String, Integer>> {

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
    protected Map<String, Integer> handle(Map scheduledEvent, Invocation invocation) {
        SweepReport report = sweeper.sweep(invocation.deadline());
        return Map.of("stalled", report.stalled(), "resumed", report.resumed(), "ended", report.ended(),
                "failed", report.failed());
    }
}
