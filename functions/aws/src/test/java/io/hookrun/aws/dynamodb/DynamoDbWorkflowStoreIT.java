package io.hookrun.aws.dynamodb;

import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.testsupport.emulator.DynamoDbLocalExtension;
import io.hookrun.core.trigger.TriggerStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DynamoDbWorkflowStoreIT {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

    private static final Instant CREATED = Instant.parse("2025-06-01T12:00:00.123Z");
    private static final Instant UPDATED = Instant.parse("2025-06-03T00:00:00Z");
    private static final String DEFINITION = """
            {"QueryLanguage": "JSONata", "StartAt": "Done",
             "States": {"Done": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}}}""";

    private final WorkflowStore store = new DynamoDbWorkflowStore(DYNAMO.client(), DynamoDbLocalExtension.configuration());
    private final String id = "wf_" + UUID.randomUUID();

    @Test
    void save_thenFind_roundTripsTheDefinitionByteForByte() {
        StoredWorkflow saved = store.save(id, DEFINITION, CREATED);

        StoredWorkflow found = store.find(id).orElseThrow();

        assertThat(found).isEqualTo(new StoredWorkflow(id, DEFINITION, CREATED, CREATED));
        assertThat(saved).isEqualTo(found);
    }

    @Test
    void save_existingWorkflow_keepsCreatedAtAndReplacesTheDefinition() {
        store.save(id, DEFINITION, CREATED);
        String changed = DEFINITION.replace("\"Done\"", "\"Finished\"");

        StoredWorkflow updated = store.save(id, changed, UPDATED);

        assertThat(updated).isEqualTo(new StoredWorkflow(id, changed, CREATED, UPDATED));
        assertThat(store.find(id)).contains(new StoredWorkflow(id, changed, CREATED, UPDATED));
    }

    @Test
    void find_unknownId_isEmpty() {
        assertThat(store.find("wf_never_saved_" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void workflowAndTriggerWithTheSameId_doNotOverwriteEachOther() {
        TriggerStore triggers = new DynamoDbTriggerStore(DYNAMO.client(), DynamoDbLocalExtension.configuration(),
                io.hookrun.core.secrets.TestCiphers.local());
        store.save(id, DEFINITION, CREATED);
        triggers.save(id, id, "standard-webhooks", List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), UPDATED);

        assertThat(store.find(id)).contains(new StoredWorkflow(id, DEFINITION, CREATED, CREATED));
        assertThat(triggers.find(id)).hasValueSatisfying(t -> assertThat(t.createdAt()).isEqualTo(UPDATED));
    }
}
