package io.hookrun.admin;

import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.core.workflow.InMemoryWorkflowStore;
import io.hookrun.core.workflow.WorkflowConflictException;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.core.workflow.StoredWorkflow;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** WorkflowAdmin's outcomes, with the in-memory store. */
class WorkflowAdminTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final InMemoryWorkflowStore store = new InMemoryWorkflowStore();
    private final InMemoryTriggerStore triggers = new InMemoryTriggerStore();
    private final WorkflowAdmin admin = new WorkflowAdmin(store, triggers, Clock.fixed(NOW, ZoneOffset.UTC));

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

    @Test
    void eachSave_isTheNextVersion_andOnlyTheFirstIsCreated() {
        WorkflowSave first = admin.put("order-flow", Definitions.VALID);
        WorkflowSave second = admin.put("order-flow", Definitions.VALID);

        assertThat(first).isInstanceOfSatisfying(WorkflowSave.Saved.class, saved -> {
            assertThat(saved.created()).isTrue();
            assertThat(saved.workflow().version()).isEqualTo(1);
        });
        assertThat(second).isInstanceOfSatisfying(WorkflowSave.Saved.class, saved -> {
            assertThat(saved.created()).isFalse();
            assertThat(saved.workflow().version()).isEqualTo(2);
        });
    }

    @Test
    void aSaveThatLostTheRaceForTheVersion_isAConflict() {
        WorkflowStore racing = (WorkflowStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WorkflowStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("save")) {
                        throw new WorkflowConflictException((String) args[0]);
                    }
                    return method.invoke(store, args);
                });

        assertThat(new WorkflowAdmin(racing, triggers, Clock.fixed(NOW, ZoneOffset.UTC)).put("order-flow", Definitions.VALID))
                .isEqualTo(new WorkflowSave.Conflict("order-flow"));
    }

    @Test
    void retiring_isRefusedWhileEnabledTriggersPointAtIt_andDisabledOnesDoNotCount() {
        admin.put("order-flow", Definitions.VALID);
        triggers.save("orders", "order-flow", "none", List.of(), NOW);
        triggers.save("refunds", "order-flow", "none", List.of(), NOW);
        triggers.setEnabled("refunds", false, NOW);
        triggers.save("elsewhere", "other-flow", "none", List.of(), NOW);

        assertThat(admin.retire("order-flow"))
                .isEqualTo(new WorkflowRetirement.StillTriggered("order-flow", List.of("orders")));
        assertThat(store.find("order-flow").orElseThrow().retired()).isFalse();

        triggers.setEnabled("orders", false, NOW);
        assertThat(admin.retire("order-flow")).isEqualTo(new WorkflowRetirement.Retired());
        assertThat(store.find("order-flow").orElseThrow().retiredAt()).isEqualTo(NOW);
        assertThat(admin.retire("order-flow")).as("again: still retired").isEqualTo(new WorkflowRetirement.Retired());
        assertThat(admin.retire("nope")).isEqualTo(new WorkflowRetirement.NotFound("nope"));
    }

    @Test
    void versions_areListedNewestFirst_andEachReadableWithItsDefinition() {
        admin.put("order-flow", Definitions.VALID);
        admin.put("order-flow", Definitions.VALID.replace("Done", "Finished"));

        assertThat(admin.versions("order-flow", Map.of())).isInstanceOfSatisfying(Listing.Found.class,
                found -> assertThat(found.page().items()).extracting("version").containsExactly(2, 1));
        assertThat(admin.version("order-flow", "1")).isInstanceOfSatisfying(VersionLookup.Found.class,
                found -> assertThat(found.version().definition()).isEqualTo(Definitions.VALID));
        assertThat(admin.version("order-flow", "3")).isEqualTo(new VersionLookup.UnknownVersion("order-flow", "3", 2));
        assertThat(admin.version("nope", "1")).isEqualTo(new VersionLookup.UnknownWorkflow("nope"));
        assertThat(admin.versions("nope", Map.of())).isEqualTo(new Listing.NotFound<>("nope"));
        for (String invalid : List.of("0", "-1", "01", "1.0", "x", "99999999999")) {
            assertThat(admin.version("order-flow", invalid)).as(invalid).isEqualTo(new VersionLookup.InvalidVersion(invalid));
        }
    }

    @Test
    void aPageTokenTheStoreDidNotMake_isAnInvalidQuery() {
        admin.put("order-flow", Definitions.VALID);

        assertThat(admin.list(Map.of("nextToken", "garbage"))).isInstanceOf(Listing.InvalidQuery.class);
        assertThat(admin.versions("order-flow", Map.of("nextToken", "garbage"))).isInstanceOf(Listing.InvalidQuery.class);
        assertThat(admin.list(Map.of("limit", "0"))).isInstanceOf(Listing.InvalidQuery.class);
    }
}
