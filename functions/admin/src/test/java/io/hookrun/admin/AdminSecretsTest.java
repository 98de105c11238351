package io.hookrun.admin;

import io.hookrun.core.trigger.TriggerSecret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trigger secrets go in and never come out. Every test sends secrets in some form, and after each one every answer
 * the API gave is searched for them: whole, and without the {@code whsec_} prefix (the key itself).
 */
class AdminSecretsTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NEXT_SECRET = "whsec_C2FtcGxlLXNlY3JldC1mb3Itcm90YXRpb24=";
    private static final String SHORT_SECRET = "whsec_c2hvcnQta2V5";
    private static final List<String> SECRETS = List.of(SECRET, NEXT_SECRET, SHORT_SECRET);

    private final AdminApi api = new AdminApi();
    /** The rotation answers that show a value the test itself dictated: the one place a value may appear. */
    private final java.util.Map<AdminApi.Response, String> answersAllowedToCarry = new java.util.IdentityHashMap<>();

    @AfterEach
    void noAnswerCarriesASecret() {
        try {
            assertThat(api.answers()).as("a test that sends no request proves nothing").isNotEmpty();
            for (AdminApi.Response answer : api.answers()) {
                for (String secret : SECRETS) {
                    if (secret.equals(answersAllowedToCarry.get(answer))) {
                        continue;
                    }
                    assertThat(String.valueOf(answer.body())).doesNotContain(secret)
                            .doesNotContain(secret.substring("whsec_".length()));
                    assertThat(answer.headers().values()).noneMatch(value -> value.contains(secret.substring(6)));
                }
            }
        } finally {
            api.close();
        }
    }

    @Test
    void putAndGetTrigger_showHowManySecretsAreActive_notWhichOnes() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);

        AdminApi.Response put = api.put("/admin/triggers/orders", trigger("order-flow", SECRET, NEXT_SECRET));
        AdminApi.Response get = api.get("/admin/triggers/orders");

        assertThat(put.status()).isEqualTo(200);
        assertThat(get.status()).isEqualTo(200);
        List<TriggerSecret> stored = api.stores().triggers.find("orders").orElseThrow().secrets();
        assertThat(get.object()).containsEntry("id", "orders").containsEntry("workflowId", "order-flow")
                .containsEntry("webhookPath", "/hooks/orders").doesNotContainKeys("unsigned", "warning")
                .containsEntry("signature", Map.of("scheme", "standard-webhooks", "toleranceSeconds", 300,
                        "activeSecrets", 2, "secrets", List.of(
                                Map.of("id", stored.get(0).id(), "createdAt", "2026-12-01T10:00:00Z", "active", true),
                                Map.of("id", stored.get(1).id(), "createdAt", "2026-12-01T10:00:00Z", "active", true))));
        assertThat(stored.stream().map(TriggerSecret::value).toList())
                .as("stored, only not shown").containsExactly(SECRET, NEXT_SECRET);
    }

    @Test
    void invalidTrigger_listsEveryProblem_withoutQuotingAnySecret() {
        AdminApi.Response response = api.put("/admin/triggers/orders",
                trigger("no-such-workflow", SHORT_SECRET, SECRET, "not-a-whsec-" + SECRET.substring(6)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-trigger")
                .containsEntry("title", "Invalid trigger").containsEntry("detail", "3 problem(s) in the trigger");
        assertThat(response.problems()).containsExactly(
                "workflowId: no workflow has this id",
                "signature.secrets[0]: a standard-webhooks secret needs at least 24 bytes of key",
                "signature.secrets[2]: a standard-webhooks secret starts with 'whsec_'");
        assertThat(api.stores().triggers.find("orders")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {SECRET, NEXT_SECRET})
    void secretPastedIntoTheWrongField_isNotQuotedBack(String secret) {
        AdminApi.Response response = api.put("/admin/triggers/orders",
                "{\"workflowId\": \"" + secret + "\", \"signature\": {\"scheme\": \"" + secret + "\", \"secrets\": []}}");

        assertThat(response.status()).isEqualTo(400);
        // The workflow id (unknown or malformed) and the scheme: an unknown scheme says nothing of its secrets.
        assertThat(response.problems()).hasSize(2).anySatisfy(p -> assertThat(p)
                .startsWith("signature.scheme must be one of [").contains("standard-webhooks"));
    }

    /** Bodies a parser rejects; Jackson's own messages quote the offending token, here the secret. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"workflowId\": \"order-flow\", \"signature\": {\"scheme\": \"standard-webhooks\", \"secrets\": [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]}}",
            "{\"workflowId\": \"order-flow\", \"signature\": {\"scheme\": \"standard-webhooks\", \"secrets\": [\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"",
            "{\"workflowId\": \"order-flow\", \"signature\": {\"scheme\": \"standard-webhooks\", \"secrets\": \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}}",
            "{\"workflowId\": \"order-flow\", \"signature\": {\"secrets\": [{\"key\": \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}]}}",
            "{\"workflowId\": \"order-flow\", \"signature\": \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}",
            "[\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"]",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "{\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\" 1}"})
    void malformedTriggerBody_answers400_withoutEchoingTheBody(String body) {
        AdminApi.Response response = api.put("/admin/triggers/orders", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/invalid-trigger");
        assertThat(response.problems()).containsExactly(TriggerAdmin.NOT_A_TRIGGER_OBJECT);
    }

    @Test
    void malformedWorkflowBody_answers400_sayingWhereNotWhat() {
        AdminApi.Response response = api.put("/admin/workflows/order-flow",
                "{\"QueryLanguage\": \"JSONata\", \"States\": {\"Call\": {\"Arguments\": {\"Headers\": {\"Authorization\": "
                        + SECRET + "}}}}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problems()).singleElement().asString().startsWith("the definition is not valid JSON");
    }

    @Test
    void bodyMarkedBase64ThatIsNot_answers400_withoutEchoingIt() {
        var event = api.event("get-unknown-workflow.json");
        event.getRequestContext().getHttp().setMethod("PUT");
        event.setRawPath("/admin/triggers/orders");
        event.setBody(trigger("order-flow", SECRET) + "!*");
        event.setIsBase64Encoded(true);

        AdminApi.Response response = api.send(event);

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void triggerErrorsOfEveryKind_carryNoSecret() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);
        api.put("/admin/triggers/orders", trigger("order-flow", SECRET));

        assertThat(api.get("/admin/triggers/unknown").status()).isEqualTo(404);
        assertThat(api.put("/admin/triggers/bad:id", trigger("order-flow", SECRET)).status()).isEqualTo(400);
        assertThat(api.put("/admin/triggers/orders", "").status()).isEqualTo(400);
        assertThat(api.send("PATCH", "/admin/triggers/orders", Map.of(), trigger("order-flow", SECRET)).status())
                .isEqualTo(405);

        api.stores().failEveryCallWith(SdkClientException.create("Unable to execute HTTP request: " + SECRET));
        assertThat(api.put("/admin/triggers/orders", trigger("order-flow", SECRET)).status()).isEqualTo(503);
        assertThat(api.get("/admin/triggers/orders").status()).isEqualTo(503);
        api.stores().failEveryCallWith(new IllegalStateException("bug holding " + SECRET));
        assertThat(api.get("/admin/triggers/orders").status()).isEqualTo(500);
    }

    @Test
    void rotation_showsTheNewValueOnce_inA201ThatNoCacheKeeps_andNeverAgain() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);
        api.put("/admin/triggers/orders", trigger("order-flow", SECRET));

        AdminApi.Response rotated = api.post("/admin/triggers/orders/secrets", Map.of(), (String) null);
        String generated = (String) rotated.object().get("secret");
        api.get("/admin/triggers/orders");
        api.send("DELETE", "/admin/triggers/orders/secrets/" + firstSecretId(), Map.of(), null);
        api.get("/admin/triggers/orders");
        api.put("/admin/triggers/orders", "{\"workflowId\": \"order-flow\", \"signature\": {\"scheme\": \"standard-webhooks\"}}");
        api.post("/admin/triggers/orders/secrets", Map.of(), "{\"secret\": \"" + generated + "x\"}");

        assertThat(rotated.status()).isEqualTo(201);
        assertThat(rotated.headers()).containsEntry("Cache-Control", "no-store");
        assertThat(rotated.object()).containsKeys("id", "secret", "createdAt", "previousExpireAt");
        assertThat(api.stores().triggers.find("orders").orElseThrow().secretValues(TwinStoreFactory.NOW))
                .containsExactly(generated);
        List<AdminApi.Response> carrying = api.answers().stream().filter(a -> a.body() != null && a.body().contains(generated)).toList();
        assertThat(carrying).as("only the rotation's own answer carries the value").containsExactly(rotated);
    }

    @Test
    void dictatedSecret_isShownOnlyInItsRotation_andABadOneIsNotQuoted() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);
        api.put("/admin/triggers/orders", trigger("order-flow", SECRET));

        AdminApi.Response bad = api.post("/admin/triggers/orders/secrets", Map.of(), "{\"secret\": \"" + SHORT_SECRET + "\"}");
        AdminApi.Response good = api.post("/admin/triggers/orders/secrets", Map.of(),
                "{\"secret\": \"" + NEXT_SECRET + "\", \"overlapSeconds\": 3600}");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.problems()).containsExactly("secret: a standard-webhooks secret needs at least 24 bytes of key");
        assertThat(good.status()).isEqualTo(201);
        assertThat(good.object()).containsEntry("previousExpireAt", "2026-12-01T11:00:00Z");
        // The value the sender dictated is the answer's point; the @AfterEach check skips this one answer only.
        answersAllowedToCarry.put(good, NEXT_SECRET);
    }

    @Test
    void retiringTheLastActiveSecret_is409_andAnUnknownOne404() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);
        api.put("/admin/triggers/orders", trigger("order-flow", SECRET));

        AdminApi.Response last = api.send("DELETE", "/admin/triggers/orders/secrets/" + firstSecretId(), Map.of(), null);
        AdminApi.Response unknown = api.send("DELETE", "/admin/triggers/orders/secrets/sec_ffff", Map.of(), null);
        AdminApi.Response wrongMethod = api.get("/admin/triggers/orders/secrets");

        assertThat(last.status()).isEqualTo(409);
        assertThat(last.object()).containsEntry("type", "https://hookrun.dev/problems/last-active-secret");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.headers()).containsEntry("Allow", "POST");
    }

    @Test
    void unsignedTrigger_saysSoOnEveryRead() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);
        api.stores().triggers.save(new io.hookrun.core.trigger.Trigger("open", "order-flow",
                io.hookrun.core.signature.SignatureSettings.of("none"), List.of(),
                io.hookrun.core.trigger.EventSettings.DEFAULTS, TwinStoreFactory.NOW, TwinStoreFactory.NOW));

        for (int i = 0; i < 2; i++) {
            AdminApi.Response read = api.get("/admin/triggers/open");
            assertThat(read.object()).containsEntry("unsigned", true)
                    .hasEntrySatisfying("warning", w -> assertThat((String) w).contains("unsigned deliveries"));
        }
    }

    @Test
    void rotateSampleEvent_forATriggerThatDoesNotExist_answers404() {
        AdminApi.Response response = api.send(api.event("rotate-secret-unknown-trigger.json"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.object()).containsEntry("type", "https://hookrun.dev/problems/unknown-trigger");
    }

    @Test
    void unsignedTriggerPutThroughTheApi_isMarkedOnThePutAndEveryGet_andTakesNoSecret() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);

        AdminApi.Response put = api.put("/admin/triggers/open", "{\"workflowId\": \"order-flow\", \"signature\": {\"scheme\": \"none\"}}");
        AdminApi.Response withSecret = api.put("/admin/triggers/open",
                "{\"workflowId\": \"order-flow\", \"signature\": {\"scheme\": \"none\", \"secrets\": [\"" + SECRET + "\"]}}");

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.object()).containsEntry("unsigned", true).containsKey("warning");
        assertThat(api.get("/admin/triggers/open").object()).containsEntry("unsigned", true).containsKey("warning");
        assertThat(withSecret.status()).isEqualTo(400);
        assertThat(api.post("/admin/triggers/open/secrets", Map.of(), (String) null).status()).isEqualTo(409);
    }

    private String firstSecretId() {
        return api.stores().triggers.find("orders").orElseThrow().secrets().getFirst().id();
    }

    private static String trigger(String workflowId, String... secrets) {
        return "{\"workflowId\": \"" + workflowId + "\", \"signature\": {\"scheme\": \"standard-webhooks\", \"secrets\": ["
                + String.join(", ", Arrays.stream(secrets).map(s -> "\"" + s + "\"").toList()) + "]}}";
    }
}
