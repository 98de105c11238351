package io.hookrun.admin;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.secrets.SecretsUnreadableException;
import io.hookrun.core.signature.HmacSettings;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.core.trigger.EventSettings;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.core.trigger.RateLimit;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerSecret;
import io.hookrun.core.workflow.InMemoryWorkflowStore;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** TriggerAdmin's outcomes, with the in-memory stores and schemes that only say what secrets and settings they take. */
class TriggerAdminTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NEXT = "whsec_C2FtcGxlLXNlY3JldC1mb3Itcm90YXRpb24=";
    private static final int DEPLOYMENT_MAX_BODY = 983_040;

    private final InMemoryTriggerStore triggers = new InMemoryTriggerStore();
    private final InMemoryWorkflowStore workflows = new InMemoryWorkflowStore();
    private final JsonMapper json = JsonMapper.createDefault();
    private final SignatureVerifier verifier = new SignatureVerifier(List.of(new StandardWebhooksScheme(),
            FakeSchemes.none(), FakeSchemes.hmac(), FakeSchemes.github()));
    private SchemaCheck schemaCheck = new JsonObjectSchemaCheck();

    private TriggerAdmin admin() {
        HookrunConfiguration config = new HookrunConfiguration("hookrun", null, DEPLOYMENT_MAX_BODY,
                Duration.ofHours(72), Duration.ofSeconds(30), Duration.ofSeconds(10));
        return new TriggerAdmin(triggers, workflows, new TriggerBodyCheck(verifier, schemaCheck, json, config), json,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @BeforeEach
    void workflow() {
        workflows.save("order-flow", Definitions.VALID, NOW);
    }

    @Test
    void validTrigger_isSaved_withItsSecretsInTheStore() {
        TriggerSave outcome = admin().put("orders", body("\"order-flow\"", "\"standard-webhooks\"", List.of(SECRET)));

        Trigger saved = ((TriggerSave.Saved) outcome).trigger();
        assertThat(saved.workflowId()).isEqualTo("order-flow");
        assertThat(saved.signature()).isEqualTo(SignatureSettings.of("standard-webhooks"));
        assertThat(saved.secretValues(NOW)).containsExactly(SECRET);
        assertThat(saved.events()).isEqualTo(EventSettings.DEFAULTS);
        assertThat(saved.createdAt()).isEqualTo(NOW);
        assertThat(admin().get("orders")).isEqualTo(new Lookup.Found<>(saved));
    }

    @Test
    void everySettingOfTheAdrBody_isStored() {
        TriggerSave outcome = admin().put("orders", """
                {"workflowId": "order-flow",
                 "signature": {"scheme": "hmac", "secrets": ["a-long-enough-secret"], "toleranceSeconds": 120,
                               "hmac": {"header": "X-Signature", "prefix": "sha256=", "encoding": "hex", "algorithm": "sha512",
                                        "signed": "timestamp-body", "separator": ".", "timestampHeader": "X-Timestamp",
                                        "deliveryIdHeader": "X-Delivery-Id", "eventTypeHeader": "X-Event-Type"}},
                 "event": {"idempotencyKeyPointer": "/id", "types": ["order.created"], "schema": {"type": "object"},
                           "contentTypes": ["application/octet-stream"], "maxBodyBytes": 65536,
                           "rateLimit": {"perSecond": 10, "burst": 20}}}""");

        Trigger saved = ((TriggerSave.Saved) outcome).trigger();
        assertThat(saved.signature()).isEqualTo(new SignatureSettings("hmac", Duration.ofSeconds(120), new HmacSettings(
                "X-Signature", "sha256=", HmacSettings.Encoding.HEX, HmacSettings.Algorithm.SHA512,
                HmacSettings.Signed.TIMESTAMP_BODY, ".", "X-Timestamp", "X-Delivery-Id", null, "X-Event-Type")));
        assertThat(saved.events()).isEqualTo(new EventSettings("/id", List.of("order.created"), "{\"type\":\"object\"}",
                List.of("application/octet-stream"), 65536, new RateLimit(10, 20)));
        assertThat(saved.secretValues(NOW)).containsExactly("a-long-enough-secret");
    }

    @Test
    void triggerWithAProblemInEveryField_listsThemAll_quotingNoValue() {
        String pasted = SECRET;
        TriggerSave outcome = admin().put("orders", """
                {"workflowId": "%1$s",
                 "signature": {"scheme": "hmac", "secrets": ["short", "%1$s"], "toleranceSeconds": 3601,
                               "hmac": {"header": "%1$s:", "encoding": "%1$s", "algorithm": "md5", "signed": "body",
                                        "deliveryIdPointer": "id"}},
                 "event": {"idempotencyKeyPointer": "%1$s", "types": ["", "ok"], "schema": ["%1$s"],
                           "contentTypes": ["%1$s", "text"], "maxBodyBytes": 983041,
                           "rateLimit": {"perSecond": 0, "burst": 1}}}""".formatted(pasted));

        List<String> problems = ((TriggerSave.Invalid) outcome).problems();
        assertThat(problems).containsExactly(
                "workflowId: no workflow has this id",
                "signature.toleranceSeconds must be from 1 to 3600",
                "signature.hmac.header must be an HTTP header name",
                "signature.hmac.encoding must be one of [hex, base64]",
                "signature.hmac.algorithm must be one of [sha256, sha512]",
                "signature.hmac.deliveryIdPointer must be a JSON pointer (RFC 6901), such as /id",
                "event.idempotencyKeyPointer must be a JSON pointer (RFC 6901), such as /id",
                "event.types[0] must be a non-blank string of at most 256 characters",
                "event.contentTypes[0] must be a media type type/subtype, without parameters",
                "event.contentTypes[1] must be a media type type/subtype, without parameters",
                "event.maxBodyBytes must be from 1 to 983040 (the deployment's limit)",
                "event.rateLimit.perSecond must be a number above 0 and at most 100000",
                "event.schema must be a JSON object (a JSON Schema)",
                "signature.secrets[0]: a hmac secret has at least 8 characters");
        assertThat(String.join("\n", problems)).doesNotContain(pasted, pasted.substring(6));
        assertThat(triggers.find("orders")).isEmpty();
    }

    @Test
    void unknownScheme_andMissingSecrets_areListedTogether() {
        TriggerSave outcome = admin().put("orders", body("null", "\"hmac-sha1\"", List.of()));

        assertThat(outcome).isEqualTo(new TriggerSave.Invalid(List.of(
                "workflowId is required",
                "signature.scheme must be one of [github, hmac, none, standard-webhooks]")));
    }

    @Test
    void hmacScheme_withoutItsSettings_getsTheSchemesOwnProblem() {
        TriggerSave outcome = admin().put("orders", body("\"order-flow\"", "\"hmac\"", List.of("a-long-enough-secret")));

        assertThat(outcome).isEqualTo(new TriggerSave.Invalid(List.of("signature: scheme hmac needs signature.hmac")));
    }

    @Test
    void aSchemesOwnProblemNamingItsField_isListedAsItSaysIt() {
        TriggerSave outcome = admin().put("orders", """
                {"workflowId": "order-flow", "signature": {"scheme": "hmac", "secrets": ["a-long-enough-secret"],
                 "hmac": {"header": "X-Sig", "encoding": "hex", "algorithm": "sha256", "signed": "timestamp-body"}}}""");

        assertThat(outcome).isEqualTo(new TriggerSave.Invalid(List.of(
                "signature.hmac.timestampHeader is required when signed is timestamp-body")));
    }

    @Test
    void hmacSettings_onAnotherScheme_areRefused() {
        TriggerSave outcome = admin().put("orders", """
                {"workflowId": "order-flow", "signature": {"scheme": "github", "secrets": ["a-long-enough-secret"],
                 "hmac": {"header": "X-Sig", "encoding": "hex", "algorithm": "sha256", "signed": "body"}}}""");

        assertThat(outcome).isEqualTo(new TriggerSave.Invalid(List.of("signature.hmac is only for scheme hmac")));
    }

    @Test
    void schemeNone_takesNoSecret_andIsSavedWithoutOne() {
        assertThat(admin().put("open", body("\"order-flow\"", "\"none\"", List.of("a-long-enough-secret"))))
                .isEqualTo(new TriggerSave.Invalid(List.of("signature.secrets: scheme none takes no secret; leave secrets out")));

        Trigger saved = ((TriggerSave.Saved) admin().put("open",
                "{\"workflowId\": \"order-flow\", \"signature\": {\"scheme\": \"none\"}}")).trigger();

        assertThat(saved.secrets()).isEmpty();
        assertThat(saved.unsigned()).isTrue();
    }

    @Test
    void newTrigger_withoutSecrets_isInvalid() {
        assertThat(admin().put("orders", "{\"workflowId\": \"order-flow\", \"signature\": {\"scheme\": \"standard-webhooks\"}}"))
                .isEqualTo(new TriggerSave.Invalid(List.of("signature.secrets needs at least one secret")));
    }

    @Test
    void update_withoutSecrets_keepsTheStoredOnes_idsAndExpiryIncluded() {
        TriggerSecret previous = new TriggerSecret("sec_00000000000000e1", SECRET, NOW.minusSeconds(60), NOW.plusSeconds(3600));
        TriggerSecret current = new TriggerSecret("sec_00000000000000e2", NEXT, NOW.minusSeconds(30), null);
        triggers.save(new Trigger("orders", "order-flow", SignatureSettings.of("standard-webhooks"),
                List.of(previous, current), EventSettings.DEFAULTS, NOW.minusSeconds(600), NOW.minusSeconds(30)));

        Trigger saved = ((TriggerSave.Saved) admin().put("orders", """
                {"workflowId": "order-flow", "signature": {"scheme": "standard-webhooks", "toleranceSeconds": 60},
                 "event": {"types": ["order.created"]}}""")).trigger();

        assertThat(saved.secrets()).containsExactly(previous, current);
        assertThat(saved.events().types()).containsExactly("order.created");
        assertThat(saved.createdAt()).isEqualTo(NOW.minusSeconds(600));
    }

    @Test
    void update_withSecrets_replacesThemAll() {
        admin().put("orders", body("\"order-flow\"", "\"standard-webhooks\"", List.of(SECRET)));

        Trigger saved = ((TriggerSave.Saved) admin().put("orders",
                body("\"order-flow\"", "\"standard-webhooks\"", List.of(NEXT)))).trigger();

        assertThat(saved.secrets()).extracting(TriggerSecret::value).containsExactly(NEXT);
    }

    @Test
    void update_toASchemeTheStoredSecretsDoNotSuit_withoutNewSecrets_isInvalid_namingTheSecretById() {
        triggers.save(new Trigger("orders", "order-flow", SignatureSettings.of("github"),
                List.of(new TriggerSecret("sec_00000000000000f1", "plain-github-secret", NOW, null)),
                EventSettings.DEFAULTS, NOW, NOW));

        TriggerSave outcome = admin().put("orders",
                "{\"workflowId\": \"order-flow\", \"signature\": {\"scheme\": \"standard-webhooks\"}}");

        assertThat(outcome).isEqualTo(new TriggerSave.Invalid(List.of("signature.secrets: the stored secret"
                + " sec_00000000000000f1 does not suit scheme standard-webhooks; give new secrets")));
    }

    @Test
    void storedSecretsThatCannotBeOpened_areReplacedByAPutThatGivesSecrets_andNamedByOneThatDoesNot() {
        triggers.failFindsWith(new SecretsUnreadableException("trigger orders: sealed under another key"));

        TriggerSave keeping = admin().put("orders", "{\"workflowId\": \"order-flow\", \"signature\": {\"scheme\": \"standard-webhooks\"}}");
        TriggerSave replacing = admin().put("orders", body("\"order-flow\"", "\"standard-webhooks\"", List.of(NEXT)));

        assertThat(keeping).isEqualTo(new TriggerSave.Invalid(List.of("signature.secrets: the stored secrets cannot be read"
                + " (sealed under another key, or changed outside hookrun); give secrets to replace them")));
        assertThat(((TriggerSave.Saved) replacing).trigger().secretValues(NOW)).containsExactly(NEXT);
    }

    @Test
    void schemaCheck_isTheSeamForRealSchemaCompilation() {
        schemaCheck = schema -> List.of("event.schema: /properties/id/type: not a JSON Schema type");

        TriggerSave outcome = admin().put("orders", """
                {"workflowId": "order-flow", "signature": {"scheme": "standard-webhooks", "secrets": ["%s"]},
                 "event": {"schema": {"properties": {"id": {"type": "text"}}}}}""".formatted(SECRET));

        assertThat(outcome).isEqualTo(new TriggerSave.Invalid(List.of("event.schema: /properties/id/type: not a JSON Schema type")));
    }

    @Test
    void everyBadSecret_isListed_byPositionOnly() {
        TriggerSave outcome = admin().put("orders", body("\"unknown-flow\"", "\"standard-webhooks\"",
                List.of("whsec_c2hvcnQta2V5", SECRET, "whsec_not base64!", "plain")));

        assertThat(outcome).isEqualTo(new TriggerSave.Invalid(List.of(
                "workflowId: no workflow has this id",
                "signature.secrets[0]: a standard-webhooks secret needs at least 24 bytes of key",
                "signature.secrets[2]: a standard-webhooks secret is 'whsec_' followed by base64",
                "signature.secrets[3]: a standard-webhooks secret starts with 'whsec_'")));
    }

    @Test
    void moreThanTenSecrets_isInvalid() {
        TriggerSave outcome = admin().put("orders", body("\"order-flow\"", "\"standard-webhooks\"",
                Collections.nCopies(TriggerAdmin.MAX_SECRETS + 1, SECRET)));

        assertThat(outcome).isEqualTo(new TriggerSave.Invalid(List.of("signature.secrets may hold at most 10 active secrets")));
    }

    @Test
    void bodyThatIsNotATriggerObject_isInvalid_withTheExpectedShapeOnly() {
        assertThat(admin().put("orders", "{\"workflowId\": 12, \"signature\": [" + SECRET + "]}"))
                .isEqualTo(new TriggerSave.Invalid(List.of(TriggerAdmin.NOT_A_TRIGGER_OBJECT)));
        assertThat(admin().put("orders", "null"))
                .isEqualTo(new TriggerSave.Invalid(List.of("the body must be a JSON object with workflowId and signature")));
        assertThat(admin().put("orders", null))
                .isEqualTo(new TriggerSave.Invalid(List.of("the body must be a JSON object with workflowId and signature")));
    }

    @Test
    void requestRecords_neverPrintASecret() {
        assertThat(new TriggerBody.Signature("standard-webhooks", List.of(SECRET), null, null).toString())
                .doesNotContain(SECRET);
        assertThat(new TriggerBody.Rotation(SECRET, 60L).toString()).doesNotContain(SECRET);
    }

    @Test
    void idOutsideTheSafeAlphabet_isInvalidId() {
        assertThat(admin().put("orders?", body("\"order-flow\"", "\"standard-webhooks\"", List.of(SECRET))))
                .isInstanceOf(InvalidId.class);
        assertThat(triggers.find("orders?")).isEmpty();
    }

    @Test
    void unknownTrigger_isNotFound() {
        assertThat(admin().get("nope")).isEqualTo(new Lookup.NotFound<Trigger>("nope"));
    }

    private static String body(String workflowId, String scheme, List<String> secrets) {
        return "{\"workflowId\": " + workflowId + ", \"signature\": {\"scheme\": " + scheme + ", \"secrets\": ["
                + String.join(", ", secrets.stream().map(s -> "\"" + s + "\"").toList()) + "]}}";
    }
}
