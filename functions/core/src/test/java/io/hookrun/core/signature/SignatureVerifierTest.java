package io.hookrun.core.signature;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

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
        public VerifiedDelivery verify(WebhookRequest request, List<String> secrets, Instant now) {
            return new VerifiedDelivery("from-accept-all", now);
        }

        @Override
        public String secretProblem(String secret) {
            return null;
        }
    };

    private final SignatureVerifier verifier = new SignatureVerifier(List.of(new StandardWebhooksScheme(), ALWAYS_ACCEPTS));

    @Test
    void verify_withUnknownSchemeName_isRejectedAsUnsupported() {
        SignedRequest valid = SignedRequest.valid();

        assertThatThrownBy(() -> verifier.verify("github", valid.toRequest(), valid.activeSecrets(), valid.now()))
                .isInstanceOf(SignatureVerificationException.class)
                .hasMessage("the trigger's signature scheme is not supported");
    }

    @Test
    void verify_withStandardWebhooksName_delegatesToThatScheme() throws Exception {
        SignedRequest valid = SignedRequest.valid();
        SignedRequest forged = SignedRequest.valid().withBodyTamperedAfterSigning("{}");

        assertThat(verifier.verify("standard-webhooks", valid.toRequest(), valid.activeSecrets(), valid.now()).deliveryId())
                .isEqualTo(SignedRequest.SPEC_ID);
        assertThatThrownBy(() -> verifier.verify("standard-webhooks", forged.toRequest(), forged.activeSecrets(), forged.now()))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void verify_withOtherSchemeName_usesThatSchemeNotStandardWebhooks() throws Exception {
        SignedRequest forged = SignedRequest.valid().withBodyTamperedAfterSigning("{}");

        assertThat(verifier.verify("accept-all", forged.toRequest(), List.of(), forged.now()).deliveryId())
                .isEqualTo("from-accept-all");
    }

    @Test
    void schemeLookup_findsByNameAndListsNamesSorted() {
        assertThat(verifier.scheme("standard-webhooks")).containsInstanceOf(StandardWebhooksScheme.class);
        assertThat(verifier.scheme("nope")).isEmpty();
        assertThat(verifier.schemeNames()).containsExactly("accept-all", "standard-webhooks");
    }
}
