package io.hookrun.admin;

import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.workflow.InMemoryWorkflowStore;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** TriggerAdmin's outcomes, with the in-memory stores. */
class TriggerAdminTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final InMemoryTriggerStore triggers = new InMemoryTriggerStore();
    private final InMemoryWorkflowStore workflows = new InMemoryWorkflowStore();
    private final TriggerAdmin admin = new TriggerAdmin(triggers, workflows,
            new SignatureVerifier(List.of(new StandardWebhooksScheme())), JsonMapper.createDefault(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void validTrigger_isSaved_withItsSecretsInTheStore() {
        workflows.save("order-flow", Definitions.VALID, NOW);

        TriggerSave outcome = admin.put("orders", body("\"order-flow\"", "\"standard-webhooks\"", List.of(SECRET)));

        Trigger saved = ((TriggerSave.Saved) outcome).trigger();
        assertThat(saved.workflowId()).isEqualTo("order-flow");
        assertThat(saved.signature().scheme()).isEqualTo("standard-webhooks");
        assertThat(saved.secretValues(NOW)).containsExactly(SECRET);
        assertThat(saved.createdAt()).isEqualTo(NOW);
        assertThat(admin.get("orders")).isEqualTo(new Lookup.Found<>(saved));
    }

    @Test
    void triggerWithAProblemInEveryField_isInvalidWithAllOfThem() {
        TriggerSave outcome = admin.put("orders", body("null", "\"hmac-sha1\"", List.of()));

        assertThat(outcome).isEqualTo(new TriggerSave.Invalid(List.of(
                "workflowId is required",
                "signature.scheme must be one of [standard-webhooks]",
                "signature.secrets needs at least one secret")));
    }

    @Test
    void everyBadSecret_isListed_byPositionOnly() {
        TriggerSave outcome = admin.put("orders", body("\"unknown-flow\"", "\"standard-webhooks\"",
                List.of("whsec_c2hvcnQta2V5", SECRET, "whsec_not base64!", "plain")));

        assertThat(outcome).isEqualTo(new TriggerSave.Invalid(List.of(
                "workflowId: no workflow has this id",
                "signature.secrets[0]: a standard-webhooks secret needs at least 16 bytes of key",
                "signature.secrets[2]: a standard-webhooks secret is 'whsec_' followed by base64",
                "signature.secrets[3]: a standard-webhooks secret starts with 'whsec_'")));
    }

    @Test
    void moreThanTenSecrets_isInvalid() {
        workflows.save("order-flow", Definitions.VALID, NOW);

        TriggerSave outcome = admin.put("orders", body("\"order-flow\"", "\"standard-webhooks\"",
                Collections.nCopies(TriggerAdmin.MAX_SECRETS + 1, SECRET)));

        assertThat(outcome).isEqualTo(new TriggerSave.Invalid(List.of("signature.secrets may hold at most 10 active secrets")));
    }

    @Test
    void bodyThatIsNotATriggerObject_isInvalid_withTheExpectedShapeOnly() {
        assertThat(admin.put("orders", "{\"workflowId\": 12, \"signature\": [" + SECRET + "]}"))
                .isEqualTo(new TriggerSave.Invalid(List.of(TriggerAdmin.NOT_A_TRIGGER_OBJECT)));
        assertThat(admin.put("orders", "null"))
                .isEqualTo(new TriggerSave.Invalid(List.of("the body must be a JSON object with workflowId and signature")));
        assertThat(admin.put("orders", null))
                .isEqualTo(new TriggerSave.Invalid(List.of("the body must be a JSON object with workflowId and signature")));
    }

    @Test
    void idOutsideTheSafeAlphabet_isInvalidId() {
        assertThat(admin.put("orders?", body("\"order-flow\"", "\"standard-webhooks\"", List.of(SECRET))))
                .isInstanceOf(InvalidId.class);
        assertThat(triggers.find("orders?")).isEmpty();
    }

    @Test
    void unknownTrigger_isNotFound() {
        assertThat(admin.get("nope")).isEqualTo(new Lookup.NotFound<Trigger>("nope"));
    }

    private static String body(String workflowId, String scheme, List<String> secrets) {
        return "{\"workflowId\": " + workflowId + ", \"signature\": {\"scheme\": " + scheme + ", \"secrets\": ["
                + String.join(", ", secrets.stream().map(s -> "\"" + s + "\"").toList()) + "]}}";
    }
}
