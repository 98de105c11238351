package io.hookrun.core.signature;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.hookrun.core.signature.SignedRequest.OTHER_SECRET;
import static io.hookrun.core.signature.SignedRequest.SPEC_BODY;
import static io.hookrun.core.signature.SignedRequest.SPEC_ID;
import static io.hookrun.core.signature.SignedRequest.SPEC_KEY;
import static io.hookrun.core.signature.SignedRequest.SPEC_SECRET;
import static io.hookrun.core.signature.SignedRequest.SPEC_SIGNATURE;
import static io.hookrun.core.signature.SignedRequest.SPEC_TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

class StandardWebhooksSchemeTest {

    private final StandardWebhooksScheme scheme = new StandardWebhooksScheme();

    // --- the spec's test vector -------------------------------------------------------------------------

    @Test
    void sign_specTestVector_producesTheSpecSignature() {
        assertThat(StandardWebhooksScheme.sign(SPEC_SECRET, SPEC_ID, Long.toString(SPEC_TIMESTAMP),
                SPEC_BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void verify_specTestVectorWithItsOwnSignatureHeader_isAcceptedWithIdAndSigningTime() throws Exception {
        WebhookRequest request = new WebhookRequest(Map.of(
                "webhook-id", SPEC_ID,
                "webhook-timestamp", Long.toString(SPEC_TIMESTAMP),
                "webhook-signature", SPEC_SIGNATURE), SPEC_BODY.getBytes(StandardCharsets.UTF_8));

        VerifiedDelivery delivery = scheme.verify(request, SignatureSettings.of(StandardWebhooksScheme.NAME),
                List.of(SPEC_SECRET), Instant.ofEpochSecond(SPEC_TIMESTAMP + 5));

        assertThat(delivery.deliveryId()).isEqualTo(SPEC_ID);
        assertThat(delivery.signedAt()).isEqualTo(Instant.ofEpochSecond(SPEC_TIMESTAMP));
    }

    @Test
    void verify_validFixture_isAccepted() throws Exception {
        assertThat(SignedRequest.valid().verify().deliveryId()).isEqualTo(SPEC_ID);
    }

    @Test
    void name_isStandardWebhooks() {
        assertThat(scheme.name()).isEqualTo("standard-webhooks").isEqualTo(StandardWebhooksScheme.NAME);
    }

    // --- headers ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
    void verify_withoutRequiredHeader_isRejectedNamingThatHeader(String header) {
        assertThat(SignedRequest.valid().withoutHeader(header).rejection())
                .hasMessage("missing " + header + " header");
    }

    @Test
    void verify_withBlankSignatureHeader_isRejectedAsMissing() {
        assertThat(SignedRequest.valid().withSignatureHeader("   ").rejection())
                .hasMessage("missing webhook-signature header");
    }

    @Test
    void verify_withUpperCaseHeaderNames_isAccepted() throws Exception {
        assertThat(SignedRequest.valid().withUpperCaseHeaderNames().verify().deliveryId()).isEqualTo(SPEC_ID);
    }

    @Test
    void verify_withMixedCaseHeaderNames_isAccepted() throws Exception {
        SignedRequest request = SignedRequest.valid().withHeaderNames(name -> switch (name) {
            case "webhook-id" -> "Webhook-Id";
            case "webhook-timestamp" -> "WEBHOOK-Timestamp";
            case "webhook-signature" -> "webhook-SIGNATURE";
            default -> name;
        });
        assertThat(request.verify().deliveryId()).isEqualTo(SPEC_ID);
    }

    // --- replay window ----------------------------------------------------------------------------------

    @Test
    void verify_withTimestampOlderThan300s_isRejected() {
        assertThat(SignedRequest.valid().withOldTimestamp().rejection())
                .hasMessage("webhook-timestamp is more than 300 seconds in the past");
    }

    @Test
    void verify_withTimestampMoreThan300sInTheFuture_isRejected() {
        assertThat(SignedRequest.valid().withFutureTimestamp().rejection())
                .hasMessage("webhook-timestamp is more than 300 seconds in the future");
    }

    @Test
    void verify_withTimestamp299sOld_isAccepted() throws Exception {
        SignedRequest request = SignedRequest.valid().withTimestampSecondsFromNow(-299);
        assertThat(request.verify().signedAt()).isEqualTo(request.now().minusSeconds(299));
    }

    @Test
    void verify_withTimestamp299sInTheFuture_isAccepted() throws Exception {
        SignedRequest request = SignedRequest.valid().withTimestampSecondsFromNow(299);
        assertThat(request.verify().signedAt()).isEqualTo(request.now().plusSeconds(299));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "1614265330.5", "0x60375ef2", "99999999999999999999",
            // Fit in a long, but not in an Instant: Instant.ofEpochSecond throws DateTimeException.
            "9223372036854775807", "-9223372036854775808"})
    void verify_withNonNumericTimestamp_isRejected(String timestamp) {
        assertThat(SignedRequest.valid().withTimestampHeader(timestamp).rejection())
                .hasMessage("webhook-timestamp is not a Unix time in seconds");
    }

    // --- signatures and secrets -------------------------------------------------------------------------

    @Test
    void verify_withSeveralSignaturesWhereOnlyTheSecondMatches_isAccepted() throws Exception {
        SignedRequest request = SignedRequest.valid();
        String foreign = request.signatureWith(OTHER_SECRET);

        assertThat(request.withSignaturesBefore(foreign).verify().deliveryId()).isEqualTo(SPEC_ID);
    }

    @Test
    void verify_withSeveralSignaturesWhereOnlyTheFirstMatches_isAccepted() throws Exception {
        SignedRequest request = SignedRequest.valid();
        String foreign = request.signatureWith(OTHER_SECRET);

        assertThat(request.withSignaturesAfter(foreign, "v1,AAAA").verify().deliveryId()).isEqualTo(SPEC_ID);
    }

    @Test
    void verify_withSeveralSignaturesNoneMatching_isRejected() {
        SignedRequest request = SignedRequest.valid().signedWith(OTHER_SECRET);
        String alsoForeign = request.signatureWith("whsec_" + Base64.getEncoder()
                .encodeToString("yet-another-signing-key-32-bytes".getBytes(StandardCharsets.US_ASCII)));

        assertThat(request.withSignaturesBefore(alsoForeign).rejection())
                .hasMessage("no signature in webhook-signature matches an active secret");
    }

    @Test
    void verify_duringRotationWhereOnlyTheSecondSecretMatches_isAccepted() throws Exception {
        SignedRequest request = SignedRequest.valid().signedWith(SPEC_SECRET).verifiedWith(OTHER_SECRET, SPEC_SECRET);

        assertThat(request.verify().deliveryId()).isEqualTo(SPEC_ID);
    }

    @Test
    void verify_duringRotationWhereOnlyTheFirstSecretMatches_isAccepted() throws Exception {
        SignedRequest request = SignedRequest.valid().signedWith(SPEC_SECRET).verifiedWith(SPEC_SECRET, OTHER_SECRET);

        assertThat(request.verify().deliveryId()).isEqualTo(SPEC_ID);
    }

    @Test
    void verify_withAnUndecodableSecretBeforeTheGoodOne_skipsItAndIsAccepted() throws Exception {
        // Bad base64, and an empty key (which Mac refuses): neither may keep the good secret from matching.
        SignedRequest request = SignedRequest.valid().signedWith(SPEC_SECRET)
                .verifiedWith("whsec_not*base64!", "whsec_", SPEC_SECRET);

        assertThat(request.verify().deliveryId()).isEqualTo(SPEC_ID);
    }

    @Test
    void verify_withOnlyUndecodableSecrets_isRejectedAsNoMatchWithoutNamingThem() {
        SignatureVerificationException rejection = SignedRequest.valid()
                .verifiedWith("whsec_not*base64!", "whsec_").rejection();

        assertThat(rejection).hasMessage("no signature in webhook-signature matches an active secret");
        assertThat(rejection.getCause()).isNull();
    }

    @Test
    void verify_signedWithASecretTheTriggerNoLongerHolds_isRejected() {
        SignedRequest request = SignedRequest.valid().signedWith(SPEC_SECRET).verifiedWith(OTHER_SECRET);

        assertThat(request.rejection()).hasMessage("no signature in webhook-signature matches an active secret");
    }

    @Test
    void verify_withTamperedBody_isRejected() {
        assertThat(SignedRequest.valid().withBodyTamperedAfterSigning("{\"test\": 2432232315}").rejection())
                .hasMessage("no signature in webhook-signature matches an active secret");
    }

    @Test
    void verify_withTamperedId_isRejected() {
        assertThat(SignedRequest.valid().withIdTamperedAfterSigning("msg_p5jXN8AQM9LWM0D4loKWxJel").rejection())
                .hasMessage("no signature in webhook-signature matches an active secret");
    }

    @Test
    void verify_withTimestampChangedAfterSigningButInsideTheWindow_isRejected() {
        assertThat(SignedRequest.valid().withTimestampTamperedAfterSigning(10).rejection())
                .hasMessage("no signature in webhook-signature matches an active secret");
    }

    @Test
    void verify_withV1aEntryBeforeAValidV1_ignoresItAndIsAccepted() throws Exception {
        // v1a is the asymmetric (ed25519) version: not ours to check, but it must not spoil the v1 entry.
        SignedRequest request = SignedRequest.valid().withSignaturesBefore(
                "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==");

        assertThat(request.verify().deliveryId()).isEqualTo(SPEC_ID);
    }

    @Test
    void verify_withMalformedBase64EntryBeforeAValidOne_ignoresItAndIsAccepted() throws Exception {
        SignedRequest request = SignedRequest.valid().withSignaturesBefore("v1,not*base64!", "v1", "garbage");

        assertThat(request.verify().deliveryId()).isEqualTo(SPEC_ID);
    }

    @Test
    void verify_withOnlyAV1aEntry_isRejectedForHavingNoV1Signature() {
        SignedRequest request = SignedRequest.valid().withSignatureHeader(
                "v1a," + SPEC_SIGNATURE.substring("v1,".length()));

        assertThat(request.rejection()).hasMessage("webhook-signature has no v1 signature");
    }

    @Test
    void verify_withTheRightMacUnderTheWrongVersionLabel_isRejected() {
        // The genuine HMAC labelled v2 must not count: only v1 entries are HMAC-SHA256.
        SignedRequest request = SignedRequest.valid();
        String genuine = request.signatureWith(SPEC_SECRET);
        request.withSignatureHeader("v2" + genuine.substring(2));

        assertThat(request.rejection()).hasMessage("webhook-signature has no v1 signature");
    }

    @Test
    void verify_everyRejection_neverMentionsASecret() {
        List<Supplier<SignedRequest>> failures = List.of(
                () -> SignedRequest.valid().withoutHeader("webhook-id"),
                () -> SignedRequest.valid().withoutHeader("webhook-timestamp"),
                () -> SignedRequest.valid().withoutHeader("webhook-signature"),
                () -> SignedRequest.valid().withOldTimestamp(),
                () -> SignedRequest.valid().withFutureTimestamp(),
                () -> SignedRequest.valid().withTimestampHeader("soon"),
                () -> SignedRequest.valid().withSignatureHeader("v1a,abc"),
                () -> SignedRequest.valid().signedWith(OTHER_SECRET),
                () -> SignedRequest.valid().signedWith(SPEC_SECRET).verifiedWith(OTHER_SECRET),
                () -> SignedRequest.valid().withBodyTamperedAfterSigning("{}"),
                () -> SignedRequest.valid().withIdTamperedAfterSigning("msg_other"));
        String otherKey = OTHER_SECRET.substring("whsec_".length());

        for (Supplier<SignedRequest> failure : failures) {
            SignatureVerificationException rejection = failure.get().rejection();
            assertThat(rejection.getMessage())
                    .isNotBlank()
                    .doesNotContain(SPEC_SECRET, SPEC_KEY, OTHER_SECRET, otherKey);
            assertThat(rejection.getCause()).isNull();
        }
    }

    // --- secretProblem ----------------------------------------------------------------------------------

    @Test
    void secretProblem_withoutWhsecPrefix_namesThePrefixButNotTheSecret() {
        assertThat(scheme.secretProblem(SPEC_KEY))
                .isEqualTo("a standard-webhooks secret starts with 'whsec_'")
                .doesNotContain(SPEC_KEY);
        assertThat(scheme.secretProblem(null)).isEqualTo("a standard-webhooks secret starts with 'whsec_'");
    }

    @Test
    void secretProblem_withBadBase64_saysBase64ButNotTheSecret() {
        String secret = "whsec_not*base64!MfKQ9r8GKYqrTwjUPD8I";
        assertThat(scheme.secretProblem(secret))
                .isEqualTo("a standard-webhooks secret is 'whsec_' followed by base64")
                .doesNotContain(secret);
    }

    @Test
    void secretProblem_withKeyShorterThan24Bytes_namesTheSpecsMinimum() {
        String twentyThreeBytes = "whsec_" + Base64.getEncoder().encodeToString(new byte[23]);
        String twentyFourBytes = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);

        assertThat(scheme.secretProblem(twentyThreeBytes))
                .isEqualTo("a standard-webhooks secret needs at least 24 bytes of key")
                .doesNotContain(twentyThreeBytes);
        assertThat(scheme.secretProblem("whsec_")).isEqualTo("a standard-webhooks secret needs at least 24 bytes of key");
        assertThat(scheme.secretProblem(twentyFourBytes)).isNull();
    }

    @Test
    void secretProblem_withKeyLongerThan64Bytes_namesTheSpecsMaximum() {
        String sixtyFiveBytes = "whsec_" + Base64.getEncoder().encodeToString(new byte[65]);
        String sixtyFourBytes = "whsec_" + Base64.getEncoder().encodeToString(new byte[64]);

        assertThat(scheme.secretProblem(sixtyFiveBytes)).isEqualTo("a standard-webhooks secret has at most 64 bytes of key");
        assertThat(scheme.secretProblem(sixtyFourBytes)).isNull();
    }

    @Test
    void secretProblem_withGoodKey_isNull() {
        assertThat(scheme.secretProblem(SPEC_SECRET)).isNull();
        assertThat(scheme.secretProblem(OTHER_SECRET)).isNull();
    }
}
