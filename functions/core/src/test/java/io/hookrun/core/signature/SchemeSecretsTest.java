package io.hookrun.core.signature;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static io.hookrun.core.signature.SignatureBatteryTest.ED_PRIVATE;
import static io.hookrun.core.signature.SignatureBatteryTest.ED_PUBLIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each scheme accepts as a trigger secret, what it generates, and the settings it refuses. */
class SchemeSecretsTest {

    private final StandardWebhooksScheme standard = new StandardWebhooksScheme();
    private final GitHubScheme github = new GitHubScheme();
    private final StripeScheme stripe = new StripeScheme();
    private final HmacScheme hmac = new HmacScheme();
    private final NoneScheme none = new NoneScheme();
    private final SecureRandom random = new SecureRandom();

    @Test
    void newSecret_ofEverySigningScheme_isValidForIt_andDifferentEachTime() {
        for (SignatureScheme scheme : List.of(standard, github, stripe, hmac)) {
            String first = scheme.newSecret(random);
            assertThat(scheme.secretProblem(first)).as(scheme.name()).isNull();
            assertThat(scheme.newSecret(random)).as(scheme.name()).isNotEqualTo(first);
        }
        assertThat(standard.newSecret(random)).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(standard.newSecret(random).substring(6))).hasSize(32);
        assertThat(github.newSecret(random)).matches("[0-9a-f]{64}");
        assertThat(stripe.newSecret(random)).matches("whsec_[A-Za-z0-9]{32}");
    }

    @Test
    void standardWebhooks_publicKey_isAccepted_privateKey_isRefusedWithAPointerToThePublicOne() {
        assertThat(standard.secretProblem(ED_PUBLIC)).isNull();
        assertThat(standard.secretProblem(ED_PRIVATE))
                .isEqualTo("a 'whsk_' key is the sender's private signing key: give the trigger its 'whpk_' public key")
                .doesNotContain(ED_PRIVATE.substring(5));
        assertThat(standard.secretProblem("whpk_" + Base64.getEncoder().encodeToString(new byte[31])))
                .isEqualTo("a standard-webhooks public key is 'whpk_' followed by the base64 of a 32-byte Ed25519 public key");
        byte[] offTheCurve = new byte[32];
        java.util.Arrays.fill(offTheCurve, (byte) 0xff);
        assertThat(standard.secretProblem("whpk_" + Base64.getEncoder().encodeToString(offTheCurve)))
                .isEqualTo("a standard-webhooks public key is 'whpk_' followed by the base64 of a 32-byte Ed25519 public key");
        assertThat(standard.secretProblem("whpk_not base64"))
                .isEqualTo("a standard-webhooks public key is 'whpk_' followed by the base64 of a 32-byte Ed25519 public key");
    }

    @ParameterizedTest(name = "github secret [{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "It's a Secret to Everybody | NULL",
            "x | NULL",
            "'   ' | a github secret is a non-blank string",
            "NULL | a github secret is a non-blank string",
            "line\\nbreak | a github secret has no control characters (a pasted line break?)"})
    void githubSecretProblem(String secret, String problem) {
        assertThat(github.secretProblem(secret == null ? null : secret.replace("\\n", "\n"))).isEqualTo(problem);
    }

    @Test
    void githubAndHmacSecrets_longerThan1024Characters_areRefused() {
        assertThat(github.secretProblem("s".repeat(1024))).isNull();
        assertThat(github.secretProblem("s".repeat(1025))).isEqualTo("a github secret has at most 1024 characters");
        assertThat(hmac.secretProblem("s".repeat(1025))).isEqualTo("an hmac secret has at most 1024 characters");
        assertThat(hmac.secretProblem("")).isEqualTo("an hmac secret is a non-blank string");
    }

    @ParameterizedTest(name = "stripe secret [{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "whsec_test_secret_0123456789abcdef | NULL",
            "sk_test_0123456789abcdef0123 | a stripe endpoint secret starts with 'whsec_' (Stripe shows it as the endpoint's signing secret)",
            "NULL | a stripe endpoint secret starts with 'whsec_' (Stripe shows it as the endpoint's signing secret)",
            "whsec_short | a stripe endpoint secret has at least 16 characters after 'whsec_'",
            "'whsec_0123456789abcdef0123 ' | a stripe endpoint secret has no spaces or line breaks (stripe-node warns of the same)"})
    void stripeSecretProblem(String secret, String problem) {
        assertThat(stripe.secretProblem(secret)).isEqualTo(problem);
    }

    @Test
    void none_takesNoSecret_andCannotMakeOne() {
        assertThat(none.needsSecrets()).isFalse();
        assertThat(none.secretProblem("anything")).isEqualTo("scheme none takes no secret");
        assertThat(none.secretProblem(null)).isEqualTo("scheme none takes no secret");
        assertThatThrownBy(() -> none.newSecret(random)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("scheme none takes no secret; choose a signing scheme to add secrets");
        for (SignatureScheme scheme : List.of(standard, github, stripe, hmac)) {
            assertThat(scheme.needsSecrets()).as(scheme.name()).isTrue();
        }
    }

    @Test
    void cloudEventType_prefixesTheSendersConventions() {
        assertThat(github.cloudEventType("push")).isEqualTo("com.github.push");
        assertThat(stripe.cloudEventType("invoice.paid")).isEqualTo("com.stripe.invoice.paid");
        assertThat(hmac.cloudEventType("order.created")).isEqualTo("order.created");
        assertThat(standard.cloudEventType("user.created")).isEqualTo("user.created");
        assertThat(github.cloudEventType(null)).isNull();
    }

    @Test
    void hmacSettings_onAnotherScheme_isAProblem() {
        SignatureSettings misplaced = new SignatureSettings("github", null, SignatureBatteryTest.GITHUB_LIKE);
        for (SignatureScheme scheme : List.of(standard, github, stripe, none)) {
            assertThat(scheme.settingsProblems(misplaced)).as(scheme.name())
                    .containsExactly("signature.hmac is only for scheme hmac");
            assertThat(scheme.settingsProblems(SignatureSettings.of(scheme.name()))).as(scheme.name()).isEmpty();
        }
    }

    @Test
    void verifier_withEveryScheme_listsThemAll() {
        SignatureVerifier verifier = new SignatureVerifier(List.of(standard, github, stripe, hmac, none));

        assertThat(verifier.schemeNames()).containsExactly("github", "hmac", "none", "standard-webhooks", "stripe");
    }
}
