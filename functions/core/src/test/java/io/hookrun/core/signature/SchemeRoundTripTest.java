package io.hookrun.core.signature;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.hookrun.core.signature.SignatureBatteryTest.ED_PRIVATE;
import static io.hookrun.core.signature.SignatureBatteryTest.ED_PUBLIC;
import static io.hookrun.core.signature.SignatureBatteryTest.GITHUB_LIKE;
import static io.hookrun.core.signature.SignatureBatteryTest.TIMESTAMPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@code sign} produces, {@code verify} accepts: for every scheme and secret kind, with a freshly generated
 * secret ({@code newSecret}) and with a fixed one, so {@code hookrun send} and the schemes can never drift apart.
 */
class SchemeRoundTripTest {

    private static final Instant SIGNED_AT = Instant.ofEpochSecond(1_750_000_000L);
    private static final byte[] BODY = "{\"id\":\"evt_42\",\"type\":\"order.created\",\"name\":\"Zoë\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** scheme, settings, signing secret, the trigger's secret, the delivery expected. */
    static Stream<Arguments> roundTrips() {
        String whsec = new StandardWebhooksScheme().newSecret(RANDOM);
        String whsk = StandardWebhooksScheme.newPrivateKey(RANDOM);
        String github = new GitHubScheme().newSecret(RANDOM);
        String stripe = new StripeScheme().newSecret(RANDOM);
        String hmac = new HmacScheme().newSecret(RANDOM);
        VerifiedDelivery standard = VerifiedDelivery.fromHeaders("msg_42", null, SIGNED_AT);
        return Stream.of(
                Arguments.of(Named.of("standard-webhooks v1, generated whsec_",
                        new StandardWebhooksScheme()), SignatureSettings.of("standard-webhooks"), whsec, whsec, standard),
                Arguments.of(Named.of("standard-webhooks v1a, generated whsk_/whpk_",
                        new StandardWebhooksScheme()), SignatureSettings.of("standard-webhooks"), whsk,
                        StandardWebhooksScheme.publicKeyOf(whsk), standard),
                Arguments.of(Named.of("standard-webhooks v1a, Svix's test key",
                        new StandardWebhooksScheme()), SignatureSettings.of("standard-webhooks"), ED_PRIVATE, ED_PUBLIC,
                        standard),
                Arguments.of(Named.of("github, generated secret", new GitHubScheme()), SignatureSettings.of("github"),
                        github, github, VerifiedDelivery.fromHeaders("msg_42", "order.created", null)),
                Arguments.of(Named.of("stripe, generated secret", new StripeScheme()), SignatureSettings.of("stripe"),
                        stripe, stripe, new VerifiedDelivery(null, "/id", null, "/type", SIGNED_AT)),
                Arguments.of(Named.of("hmac, sha256 hex with prefix and headers", new HmacScheme()),
                        new SignatureSettings("hmac", null, GITHUB_LIKE), hmac, hmac,
                        VerifiedDelivery.fromHeaders("msg_42", "order.created", null)),
                Arguments.of(Named.of("hmac, sha512 base64 over timestamp:body", new HmacScheme()),
                        new SignatureSettings("hmac", null, TIMESTAMPED), hmac, hmac,
                        new VerifiedDelivery(null, "/order", null, null, SIGNED_AT)),
                Arguments.of(Named.of("none", new NoneScheme()), SignatureSettings.of("none"), "", "",
                        new VerifiedDelivery(null, null, null, null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roundTrips")
    void signThenVerify_isAccepted(SignatureScheme scheme, SignatureSettings settings, String signingSecret,
                                   String triggerSecret, VerifiedDelivery expected) throws Exception {
        Map<String, String> headers = scheme.sign(settings, signingSecret, "msg_42", "order.created", SIGNED_AT, BODY);

        VerifiedDelivery delivery = scheme.verify(new WebhookRequest(headers, BODY), settings,
                scheme.needsSecrets() ? List.of(triggerSecret) : List.of(), SIGNED_AT.plusSeconds(2));

        assertThat(delivery).isEqualTo(expected);
        if (scheme.needsSecrets()) {
            assertThat(scheme.secretProblem(triggerSecret)).as("the trigger's secret is valid").isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roundTrips")
    void signThenTamper_isRefused(SignatureScheme scheme, SignatureSettings settings, String signingSecret,
                                  String triggerSecret, VerifiedDelivery ignored) {
        if (!scheme.needsSecrets()) {
            return; // none verifies nothing, by definition
        }
        Map<String, String> headers = scheme.sign(settings, signingSecret, "msg_42", "order.created", SIGNED_AT, BODY);
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 2] ^= 1;

        assertThatThrownBy(() -> scheme.verify(new WebhookRequest(headers, tampered), settings,
                List.of(triggerSecret), SIGNED_AT.plusSeconds(2)))
                .isInstanceOf(SignatureVerificationException.class)
                .hasMessageContaining("match");
    }

    @Test
    void standardWebhooksSign_withTheSpecVector_producesTheSpecSignatures() {
        byte[] body = SignedRequest.SPEC_BODY.getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(SignedRequest.SPEC_TIMESTAMP);

        assertThat(StandardWebhooksScheme.sign(SignedRequest.SPEC_SECRET, SignedRequest.SPEC_ID, timestamp, body))
                .isEqualTo(SignedRequest.SPEC_SIGNATURE);
        assertThat(StandardWebhooksScheme.sign(ED_PRIVATE, SignedRequest.SPEC_ID, timestamp, body))
                .isEqualTo(SignatureBatteryTest.ED_SIGNATURE);
    }

    @Test
    void githubSignature_withTheDocumentedVector_isTheDocumentedSignature() {
        assertThat(GitHubScheme.signature("It's a Secret to Everybody", "Hello, World!".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(SignatureBatteryTest.GITHUB_SIGNATURE);
    }

    @Test
    void stripeHeader_isWhatStripeNodeGeneratesForTheSamePayload() {
        assertThat(StripeScheme.header(SignatureBatteryTest.STRIPE_SECRET, SignatureBatteryTest.STRIPE_T,
                SignatureBatteryTest.STRIPE_BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("t=1700000000,v1=" + SignatureBatteryTest.STRIPE_V1);
    }

    @Test
    void publicKeyOf_svixTestKey_isItsPublishedPublicKey_inBothPrivateKeyForms() {
        byte[] full = java.util.Base64.getDecoder().decode(ED_PRIVATE.substring("whsk_".length()));
        String seedOnly = "whsk_" + java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(full, 32));

        assertThat(StandardWebhooksScheme.publicKeyOf(ED_PRIVATE)).isEqualTo(ED_PUBLIC);
        assertThat(StandardWebhooksScheme.publicKeyOf(seedOnly)).isEqualTo(ED_PUBLIC);
    }

    @Test
    void sign_withAPrivateKeyWhosePublicHalfIsNotItsOwn_isRefused() {
        byte[] full = java.util.Base64.getDecoder().decode(ED_PRIVATE.substring("whsk_".length()));
        full[40] ^= 1;
        String corrupted = "whsk_" + java.util.Base64.getEncoder().encodeToString(full);

        assertThatThrownBy(() -> StandardWebhooksScheme.sign(corrupted, "msg_1", "1", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the private key's public half does not belong to its seed");
    }

    @Test
    void noneSign_sendsNoHeaders() {
        assertThat(new NoneScheme().sign(SignatureSettings.of("none"), "", "msg_1", "t", SIGNED_AT, BODY)).isEmpty();
    }
}
