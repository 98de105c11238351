package io.hookrun.admin;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/workflows} per ADR 0009 through the real AdminHandler: versions, the workflow list, retiring, and a
 * retired workflow refusing new runs.
 */
class WorkflowVersionsAdminTest {

    private static final String SECOND = Definitions.VALID.replace("\"Done\"", "\"Finished\"");

    private final AdminApi api = new AdminApi();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void put_answers201ForVersion1_then200WithTheNextVersion() {
        AdminApi.Response first = api.put("/admin/workflows/order-flow", Definitions.VALID);
        api.stores().clock.advance(Duration.ofMinutes(5));
        AdminApi.Response second = api.put("/admin/workflows/order-flow", SECOND);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.object()).containsEntry("version", 1).containsEntry("versions", 1)
                .containsEntry("retired", false).doesNotContainKey("retiredAt");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.headers()).doesNotContainKey("Location");
        assertThat(second.object()).containsEntry("version", 2).containsEntry("versions", 2)
                .containsEntry("createdAt", TwinStoreFactory.NOW.toString())
                .containsEntry("updatedAt", TwinStoreFactory.NOW.plus(Duration.ofMinutes(5)).toString());
        assertThat(api.get("/admin/workflows/order-flow").object()).containsEntry("version", 2);
    }

    @Test
    void versions_areListedNewestFirstWithoutDefinitions_andEachIsReadableWithItsOwn() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);
        api.stores().clock.advance(Duration.ofMinutes(5));
        api.put("/admin/workflows/order-flow", SECOND);

        AdminApi.Response versions = api.get("/admin/workflows/order-flow/versions");
        AdminApi.Response first = api.get("/admin/workflows/order-flow/versions/1");

        assertThat(versions.status()).isEqualTo(200);
        assertThat(versions.items()).containsExactly(
                Map.of("workflowId", "order-flow", "version", 2,
                        "createdAt", TwinStoreFactory.NOW.plus(Duration.ofMinutes(5)).toString()),
                Map.of("workflowId", "order-flow", "version", 1, "createdAt", TwinStoreFactory.NOW.toString()));
        assertThat(versions.object()).doesNotContainKey("nextToken");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.object()).containsEntry("version", 1).extractingByKey("definition")
                .isEqualTo(Map.of("QueryLanguage", "JSONata", "StartAt", "Done",
                        "States", Map.of("Done", Map.of("Type", "Succeed", "Output", "{% $states.input %}"))));
    }

    @Test
    void versionsOfAnUnknownWorkflowOrAnUnknownVersion_answer404_andAVersionThatIsNoNumber400() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);

        assertThat(api.get("/admin/workflows/nope/versions").object())
                .containsEntry("type", "https://hookrun.dev/problems/unknown-workflow");
        assertThat(api.get("/admin/workflows/nope/versions/1").status()).isEqualTo(404);
        AdminApi.Response unknown = api.get("/admin/workflows/order-flow/versions/7");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.object()).containsEntry("type", "https://hookrun.dev/problems/unknown-version")
                .containsEntry("detail", "workflow 'order-flow' has no version 7; its versions are 1 to 1");
        AdminApi.Response invalid = api.get("/admin/workflows/order-flow/versions/1%3Cscript%3E");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-version");
        assertThat(invalid.body()).doesNotContain("script");
    }

    @Test
    void theWorkflowList_pagesById_withoutDefinitions() {
        List<String> ids = List.of("a-flow", "b-flow", "c-flow", "d-flow", "e-flow");
        ids.reversed().forEach(id -> api.put("/admin/workflows/" + id, Definitions.VALID));

        List<Object> listed = new ArrayList<>();
        AdminApi.Response page = api.get("/admin/workflows", Map.of("limit", "2"));
        listed.addAll(page.items().stream().map(w -> w.get("id")).toList());
        assertThat(page.items()).allSatisfy(w -> assertThat(w).doesNotContainKey("definition")
                .containsEntry("version", 1).containsEntry("retired", false));
        while (page.nextToken() != null) {
            page = api.get("/admin/workflows", Map.of("limit", "2", "nextToken", page.nextToken()));
            assertThat(page.status()).isEqualTo(200);
            listed.addAll(page.items().stream().map(w -> w.get("id")).toList());
        }

        assertThat(listed).containsExactlyElementsOf(ids);
    }

    @Test
    void listsAnswer400ForATokenTheyDidNotMake_orALimitOutOfRange_withoutQuotingTheToken() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);

        for (String path : List.of("/admin/workflows", "/admin/workflows/order-flow/versions", "/admin/triggers",
                "/admin/runs")) {
            AdminApi.Response badToken = api.get(path, Map.of("nextToken", "forged<token>"));
            assertThat(badToken.status()).as(path).isEqualTo(400);
            assertThat(badToken.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-query")
                    .containsEntry("detail", ListParameters.INVALID_TOKEN);
            assertThat(badToken.body()).doesNotContain("forged");
            assertThat(api.get(path, Map.of("limit", "101")).object()).as(path)
                    .containsEntry("detail", "limit must be a number from 1 to 100");
        }
    }

    @Test
    void anEmptyList_answersAnEmptyItemsArray() {
        AdminApi.Response response = api.get("/admin/workflows");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.object()).containsEntry("items", List.of()).doesNotContainKey("nextToken");
    }

    @Test
    void delete_retiresTheWorkflow_whichStaysReadableAndListed_andRefusesNewRuns() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);
        api.stores().clock.advance(Duration.ofMinutes(1));

        AdminApi.Response delete = api.delete("/admin/workflows/order-flow");
        AdminApi.Response start = api.post("/admin/workflows/order-flow/runs", Map.of(), "{}");

        assertThat(delete.status()).isEqualTo(204);
        assertThat(delete.body()).isNullOrEmpty();
        String retiredAt = TwinStoreFactory.NOW.plus(Duration.ofMinutes(1)).toString();
        assertThat(api.get("/admin/workflows/order-flow").object()).containsEntry("retired", true)
                .containsEntry("retiredAt", retiredAt);
        assertThat(api.get("/admin/workflows").items()).singleElement()
                .satisfies(w -> assertThat(w).containsEntry("retired", true));
        assertThat(api.get("/admin/workflows/order-flow/versions/1").status()).isEqualTo(200);
        assertThat(start.status()).isEqualTo(409);
        assertThat(start.object()).containsEntry("type", "https://hookrun.dev/problems/workflow-retired");
        assertThat(api.stores().queue.starts()).as("nothing queued").isEmpty();
        assertThat(api.delete("/admin/workflows/order-flow").status()).as("retiring again").isEqualTo(204);
    }

    @Test
    void putAfterRetiring_bringsTheWorkflowBackAsANewVersion() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);
        api.delete("/admin/workflows/order-flow");

        AdminApi.Response put = api.put("/admin/workflows/order-flow", SECOND);

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.object()).containsEntry("version", 2).containsEntry("retired", false)
                .doesNotContainKey("retiredAt");
        assertThat(api.post("/admin/workflows/order-flow/runs", Map.of(), "{}").status()).isEqualTo(202);
    }

    @Test
    void delete_answers409NamingTheEnabledTriggers_andRetiresNothing() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);
        api.stores().triggers.save("orders", "order-flow", "none", List.of(), TwinStoreFactory.NOW);
        api.stores().triggers.save("paused", "order-flow", "none", List.of(), TwinStoreFactory.NOW);
        api.post("/admin/triggers/paused/disable");

        AdminApi.Response delete = api.delete("/admin/workflows/order-flow");

        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.object()).containsEntry("type", "https://hookrun.dev/problems/workflow-has-enabled-triggers")
                .containsEntry("errors", List.of(Map.of("triggerId", "orders", "disable", "/admin/triggers/orders/disable")));
        assertThat((String) delete.object().get("detail")).contains("orders").doesNotContain("paused");
        assertThat(api.stores().workflows.find("order-flow").orElseThrow().retired()).isFalse();

        api.post("/admin/triggers/orders/disable");
        assertThat(api.delete("/admin/workflows/order-flow").status()).isEqualTo(204);
    }

    @Test
    void deleteOfAnUnknownWorkflow_answers404() {
        AdminApi.Response delete = api.delete("/admin/workflows/nope");

        assertThat(delete.status()).isEqualTo(404);
        assertThat(delete.object()).containsEntry("type", "https://hookrun.dev/problems/unknown-workflow");
    }
}
