package io.hookrun.step;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * WorkflowStepFunction: SQS event source on the steps queue with {@code ReportBatchItemFailures}.
 * Each record is an accepted event (start a run) or a step (execute one state); {@link StepBatchProcessor}
 * handles the batch record by record and reports exactly the records that did not succeed.
 */
public class WorkflowStepHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

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
    public SQSBatchResponse execute(SQSEvent event) {
        Context lambda = applicationContext.findBean(Context.class).orElse(null);
        return processor.process(event.getRecords() == null ? java.util.List.of() : event.getRecords(), lambda);
    }
}
