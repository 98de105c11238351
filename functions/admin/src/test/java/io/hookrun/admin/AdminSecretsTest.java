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

    @AfterEach
    void noAnswerCarriesASecret() {
        try {
            assertThat(api.answers()).as("a test that sends no request proves nothing").isNotEmpty();
            for (AdminApi.Response answer : api.answers()) {
                for (String secret : SECRETS) {
                    assertThat(answer.body()).doesNotContain(secret).doesNotContain(secret.substring("whsec_".length()));
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
        assertThat(get.object()).containsEntry("id", "orders").containsEntry("workflowId", "order-flow")
                .containsEntry("webhookPath", "/hooks/orders")
                .containsEntry("signature", Map.of("scheme", "standard-webhooks", "activeSecrets", 2));
        assertThat(api.stores().triggers.find("orders").orElseThrow().secrets().stream().map(TriggerSecret::value).toList())
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
                "signature.secrets[0]: a standard-webhooks secret needs at least 16 bytes of key",
                "signature.secrets[2]: a standard-webhooks secret starts with 'whsec_'");
        assertThat(api.stores().triggers.find("orders")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {SECRET, NEXT_SECRET})
    void secretPastedIntoTheWrongField_isNotQuotedBack(String secret) {
        AdminApi.Response response = api.put("/admin/triggers/orders",
                "{\"workflowId\": \"" + secret + "\", \"signature\": {\"scheme\": \"" + secret + "\", \"secrets\": []}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problems()).hasSize(3);
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
        assertThat(api.send("DELETE", "/admin/triggers/orders", Map.of(), trigger("order-flow", SECRET)).status())
                .isEqualTo(405);

        api.stores().failEveryCallWith(SdkClientException.create("Unable to execute HTTP request: " + SECRET));
        assertThat(api.put("/admin/triggers/orders", trigger("order-flow", SECRET)).status()).isEqualTo(503);
        assertThat(api.get("/admin/triggers/orders").status()).isEqualTo(503);
        api.stores().failEveryCallWith(new IllegalStateException("bug holding " + SECRET));
        assertThat(api.get("/admin/triggers/orders").status()).isEqualTo(500);
    }

    private static String trigger(String workflowId, String... secrets) {
        return "{\"workflowId\": \"" + workflowId + "\", \"signature\": {\"scheme\": \"standard-webhooks\", \"secrets\": ["
                + String.join(", ", Arrays.stream(secrets).map(s -> "\"" + s + "\"").toList()) + "]}}";
    }
}
