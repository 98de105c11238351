package io.hookrun.admin;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/triggers} per ADR 0009 through the real AdminHandler: the list (never a secret value), disabling and
 * enabling, {@code enabled} kept by a PUT that does not set it and by secret rotation, and deleting.
 */
class TriggerEnablingAdminTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final AdminApi api = new AdminApi();

    @BeforeEach
    void workflow() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);
    }

    @AfterEach
    void close() {
        try {
            for (AdminApi.Response answer : api.answers()) {
                assertThat(String.valueOf(answer.body())).as("no answer shows a secret value")
                        .doesNotContain(SECRET.substring("whsec_".length()));
            }
        } finally {
            api.close();
        }
    }

    @Test
    void theTriggerList_pagesById_showsEnabled_andNoSecretValue() {
        List<String> ids = List.of("a-hook", "b-hook", "c-hook");
        ids.reversed().forEach(id -> assertThat(api.put("/admin/triggers/" + id, trigger("")).status()).isEqualTo(200));

        AdminApi.Response first = api.get("/admin/triggers", Map.of("limit", "2"));
        AdminApi.Response second = api.get("/admin/triggers", Map.of("limit", "2", "nextToken", first.nextToken()));

        assertThat(first.status()).isEqualTo(200);
        List<Object> listed = new ArrayList<>(first.items().stream().map(t -> t.get("id")).toList());
        listed.addAll(second.items().stream().map(t -> t.get("id")).toList());
        assertThat(listed).containsExactlyElementsOf(ids);
        assertThat(second.nextToken()).isNull();
        assertThat(first.items()).allSatisfy(t -> assertThat(t).containsEntry("enabled", true)
                .containsEntry("workflowId", "order-flow").containsKey("signature"));
    }

    @Test
    void disable_answersTheTriggerDisabled_andEnableBringsItBack() {
        api.put("/admin/triggers/orders", trigger(""));
        api.stores().clock.advance(Duration.ofMinutes(1));

        AdminApi.Response disabled = api.post("/admin/triggers/orders/disable");

        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.object()).containsEntry("id", "orders").containsEntry("enabled", false)
                .containsEntry("updatedAt", TwinStoreFactory.NOW.plus(Duration.ofMinutes(1)).toString());
        assertThat(api.stores().triggers.find("orders").orElseThrow().enabled()).isFalse();
        assertThat(api.get("/admin/triggers/orders").object()).containsEntry("enabled", false);
        assertThat(api.post("/admin/triggers/orders/disable").object()).as("twice").containsEntry("enabled", false);

        AdminApi.Response enabled = api.post("/admin/triggers/orders/enable");

        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.object()).containsEntry("enabled", true);
        assertThat(api.stores().triggers.find("orders").orElseThrow().enabled()).isTrue();
    }

    @Test
    void aPutWithoutEnabled_keepsTheStoredFlag_andOneWithEnabledSetsIt() {
        api.put("/admin/triggers/orders", trigger(""));
        api.post("/admin/triggers/orders/disable");

        AdminApi.Response kept = api.put("/admin/triggers/orders", trigger(""));
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.object()).containsEntry("enabled", false);

        assertThat(api.put("/admin/triggers/orders", trigger(", \"enabled\": true")).object())
                .containsEntry("enabled", true);
        assertThat(api.put("/admin/triggers/orders", trigger(", \"enabled\": false")).object())
                .containsEntry("enabled", false);
        assertThat(api.put("/admin/triggers/new-one", trigger("")).object()).as("a new trigger")
                .containsEntry("enabled", true);
        assertThat(api.put("/admin/triggers/new-off", trigger(", \"enabled\": false")).object())
                .containsEntry("enabled", false);
    }

    @Test
    void rotatingOrRetiringASecret_keepsADisabledTriggerDisabled() {
        api.put("/admin/triggers/orders", trigger(""));
        api.post("/admin/triggers/orders/disable");

        AdminApi.Response rotated = api.post("/admin/triggers/orders/secrets", Map.of(), "{\"overlapSeconds\": 3600}");
        assertThat(rotated.status()).isEqualTo(201);
        String oldId = api.stores().triggers.find("orders").orElseThrow().secrets().getFirst().id();
        api.send("DELETE", "/admin/triggers/orders/secrets/" + oldId, Map.of(), null);

        assertThat(api.stores().triggers.find("orders").orElseThrow().enabled()).isFalse();
    }

    @Test
    void enablingDisablingOrDeletingAnUnknownTrigger_answers404() {
        for (AdminApi.Response response : List.of(api.post("/admin/triggers/nope/disable"),
                api.post("/admin/triggers/nope/enable"), api.delete("/admin/triggers/nope"))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/unknown-trigger");
        }
    }

    @Test
    void delete_removesTheTriggerAndItsSecrets_andKeepsItsRuns() {
        api.put("/admin/triggers/orders", trigger(""));
        api.stores().runs.createRun(AdminHandlerTest.run("orders", io.hookrun.core.run.RunStatus.SUCCEEDED,
                TwinStoreFactory.NOW));

        AdminApi.Response delete = api.delete("/admin/triggers/orders");

        assertThat(delete.status()).isEqualTo(204);
        assertThat(api.stores().triggers.find("orders")).isEmpty();
        assertThat(api.get("/admin/triggers/orders").status()).isEqualTo(404);
        assertThat(api.delete("/admin/triggers/orders").status()).as("again").isEqualTo(404);
        assertThat(api.get("/admin/runs", Map.of("triggerId", "orders")).items()).hasSize(1);
    }

    private static String trigger(String extra) {
        return "{\"workflowId\": \"order-flow\", \"signature\": {\"scheme\": \"standard-webhooks\", \"secrets\": [\""
                + SECRET + "\"]}" + extra + "}";
    }
}
