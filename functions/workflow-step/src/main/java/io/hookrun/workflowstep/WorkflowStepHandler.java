package io.hookrun.workflowstep;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.hookrun.lambda.LambdaHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

import java.util.List;

/**
 * WorkflowStepFunction: SQS event source on the steps queue with {@code ReportBatchItemFailures}.
 * Each record is an accepted event (start a run) or a step (execute one state); {@link StepBatchProcessor}
 * handles the batch record by record and reports exactly the records that did not succeed.
 */
public class WorkflowStepHandler extends LambdaHandler<SQSEvent, SQSBatchResponse> {

    @Inject
    StepBatchProcessor processor;

    /** Used by the Lambda runtime. */
    public WorkflowStepHandler() {
    }

    /** Used by {@code ./hookrun local} and tests. */
    public WorkflowStepHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    protected SQSBatchResponse handle(SQSEvent event, Invocation invocation) {
        return processor.process(event.getRecords() == null ? List.of() : event.getRecords(), invocation.deadline());
    }
}
