package io.hookrun.core.signature;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureVerifierTest {

    /** A second scheme, so the verifier has to pick by name. */
    private static final SignatureScheme ALWAYS_ACCEPTS = new SignatureScheme() {
        @Override
        public String name() {
            return "accept-all";
        }

        @Override
        public VerifiedDelivery verify(WebhookRequest request, SignatureSettings settings, List<String> secrets,
                                       Instant now) {
            return VerifiedDelivery.fromHeaders("from-accept-all", null, now);
        }

        @Override
        public String secretProblem(String secret) {
            return null;
        }

        @Override
        public String newSecret(SecureRandom random) {
            return "any";
        }

        @Override
        public Map<String, String> sign(SignatureSettings settings, String signingSecret, String deliveryId,
                                        String eventType, Instant timestamp, byte[] body) {
            return Map.of();
        }
    };

    private final SignatureVerifier verifier = new SignatureVerifier(List.of(new StandardWebhooksScheme(), ALWAYS_ACCEPTS));

    @Test
    void verify_withUnknownSchemeName_isRejectedAsUnsupported() {
        SignedRequest valid = SignedRequest.valid();

        assertThatThrownBy(() -> verifier.verify(SignatureSettings.of("github"), valid.toRequest(), valid.activeSecrets(), valid.now()))
                .isInstanceOf(SignatureVerificationException.class)
                .hasMessage("the trigger's signature scheme is not supported");
    }

    @Test
    void verify_withStandardWebhooksName_delegatesToThatScheme() throws Exception {
        SignedRequest valid = SignedRequest.valid();
        SignedRequest forged = SignedRequest.valid().withBodyTamperedAfterSigning("{}");

        assertThat(verifier.verify(SignatureSettings.of("standard-webhooks"), valid.toRequest(), valid.activeSecrets(), valid.now()).deliveryId())
                .isEqualTo(SignedRequest.SPEC_ID);
        assertThatThrownBy(() -> verifier.verify(SignatureSettings.of("standard-webhooks"), forged.toRequest(), forged.activeSecrets(), forged.now()))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void verify_withOtherSchemeName_usesThatSchemeNotStandardWebhooks() throws Exception {
        SignedRequest forged = SignedRequest.valid().withBodyTamperedAfterSigning("{}");

        assertThat(verifier.verify(SignatureSettings.of("accept-all"), forged.toRequest(), List.of(), forged.now()).deliveryId())
                .isEqualTo("from-accept-all");
    }

    @Test
    void schemeLookup_findsByNameAndListsNamesSorted() {
        assertThat(verifier.scheme("standard-webhooks")).containsInstanceOf(StandardWebhooksScheme.class);
        assertThat(verifier.scheme("nope")).isEmpty();
        assertThat(verifier.schemeNames()).containsExactly("accept-all", "standard-webhooks");
    }
}
