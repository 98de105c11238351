package io.hookrun.admin;

import io.hookrun.core.workflow.InMemoryWorkflowStore;
import io.hookrun.core.workflow.StoredWorkflow;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** WorkflowAdmin's outcomes, with the in-memory store. */
class WorkflowAdminTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final InMemoryWorkflowStore store = new InMemoryWorkflowStore();
    private final WorkflowAdmin admin = new WorkflowAdmin(store, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void validDefinition_isSaved() {
        WorkflowSave outcome = admin.put("order-flow", Definitions.VALID);

        assertThat(outcome).isEqualTo(new WorkflowSave.Saved(new StoredWorkflow("order-flow", Definitions.VALID, NOW, NOW)));
        assertThat(admin.get("order-flow")).isEqualTo(new Lookup.Found<>(store.find("order-flow").orElseThrow()));
    }

    @Test
    void definitionWithSeveralProblems_isInvalidWithAllOfThem_andNotSaved() {
        WorkflowSave outcome = admin.put("broken", Definitions.SIX_PROBLEMS);

        assertThat(outcome).isInstanceOfSatisfying(WorkflowSave.Invalid.class,
                invalid -> assertThat(invalid.problems()).hasSize(6));
        assertThat(store.find("broken")).isEmpty();
    }

    @Test
    void definitionOverTheBudget_isTooLarge_beforeItIsParsed() {
        String oversized = "{" + " ".repeat(WorkflowAdmin.MAX_DEFINITION_BYTES) + "}";

        assertThat(admin.put("huge", oversized)).isEqualTo(new WorkflowSave.TooLarge(WorkflowAdmin.MAX_DEFINITION_BYTES));
    }

    @Test
    void noBody_isNoDefinition() {
        assertThat(admin.put("empty", null)).isEqualTo(new WorkflowSave.NoDefinition());
        assertThat(admin.put("empty", "  \n")).isEqualTo(new WorkflowSave.NoDefinition());
    }

    @Test
    void idOutsideTheSafeAlphabet_isInvalidId_whateverTheBody() {
        assertThat(admin.put("a/b", Definitions.VALID)).isInstanceOf(InvalidId.class);
        assertThat(admin.put("x".repeat(129), null)).isInstanceOf(InvalidId.class);
    }

    @Test
    void unknownWorkflow_isNotFound() {
        assertThat(admin.get("nope")).isEqualTo(new Lookup.NotFound<StoredWorkflow>("nope"));
    }
}
