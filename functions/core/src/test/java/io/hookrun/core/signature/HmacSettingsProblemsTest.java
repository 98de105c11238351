package io.hookrun.core.signature;

import io.hookrun.core.signature.HmacSettings.Algorithm;
import io.hookrun.core.signature.HmacSettings.Encoding;
import io.hookrun.core.signature.HmacSettings.Signed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HmacScheme#settingsProblems}: every setting a trigger can get wrong, each named by its field. */
class HmacSettingsProblemsTest {

    private final HmacScheme scheme = new HmacScheme();

    private static SignatureSettings settings(HmacSettings hmac) {
        return new SignatureSettings("hmac", null, hmac);
    }

    private static HmacSettings valid() {
        return SignatureBatteryTest.GITHUB_LIKE;
    }

    @Test
    void validSettings_haveNoProblem() {
        assertThat(scheme.settingsProblems(settings(valid()))).isEmpty();
        assertThat(scheme.settingsProblems(settings(SignatureBatteryTest.TIMESTAMPED))).isEmpty();
    }

    @Test
    void missingSettings_sayWhatToSend() {
        assertThat(scheme.settingsProblems(SignatureSettings.of("hmac"))).singleElement().asString()
                .startsWith("signature.hmac is required for scheme hmac: {\"header\": \"X-Signature\"");
    }

    @Test
    void headerMissingOrNotAToken_isAProblem() {
        assertThat(scheme.settingsProblems(settings(new HmacSettings(null, null, Encoding.HEX, Algorithm.SHA256,
                Signed.BODY, null, null, null, null, null)))).containsExactly("signature.hmac.header is required");
        assertThat(scheme.settingsProblems(settings(new HmacSettings("X Signature", null, Encoding.HEX,
                Algorithm.SHA256, Signed.BODY, null, "X-Time:", "Délivery", null, "X-Type"))))
                .containsExactly(
                        "signature.hmac.header must be an HTTP header name (letters, digits, -, _ ...)",
                        "signature.hmac.timestampHeader must be an HTTP header name (letters, digits, -, _ ...)",
                        "signature.hmac.deliveryIdHeader must be an HTTP header name (letters, digits, -, _ ...)");
    }

    @Test
    void timestampBody_withoutATimestampHeader_isAProblem() {
        assertThat(scheme.settingsProblems(settings(new HmacSettings("X-Sig", null, Encoding.BASE64, Algorithm.SHA512,
                Signed.TIMESTAMP_BODY, ".", null, null, null, null))))
                .containsExactly("signature.hmac.timestampHeader is required when signed is timestamp-body");
    }

    @Test
    void bothDeliveryIdSources_orABadPointer_isAProblem() {
        assertThat(scheme.settingsProblems(settings(new HmacSettings("X-Sig", null, Encoding.HEX, Algorithm.SHA256,
                Signed.BODY, null, null, "X-Id", "/id", null))))
                .containsExactly("signature.hmac takes deliveryIdHeader or deliveryIdPointer, not both");
        for (String pointer : new String[] {"id", "", "/a~2b", "/a/~"}) {
            assertThat(scheme.settingsProblems(settings(new HmacSettings("X-Sig", null, Encoding.HEX,
                    Algorithm.SHA256, Signed.BODY, null, null, null, pointer, null)))).as(pointer)
                    .containsExactly("signature.hmac.deliveryIdPointer must be a JSON pointer such as /id (RFC 6901)");
        }
        assertThat(scheme.settingsProblems(settings(new HmacSettings("X-Sig", null, Encoding.HEX, Algorithm.SHA256,
                Signed.BODY, null, null, null, "/data/a~1b/0", null)))).isEmpty();
    }

    @Test
    void prefixWithSpacesCommasOrControls_andNullEnums_areProblems() {
        assertThat(scheme.settingsProblems(settings(new HmacSettings("X-Sig", "HMAC ", null, null, null, "\n",
                null, null, null, null))))
                .containsExactly(
                        "signature.hmac.prefix is at most 32 printable ASCII characters without spaces or commas",
                        "signature.hmac.encoding must be hex or base64",
                        "signature.hmac.algorithm must be sha256 or sha512",
                        "signature.hmac.signed must be body or timestamp-body",
                        "signature.hmac.separator is at most 32 characters, none a control");
    }
}
