package io.hookrun.core.signature;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A Standard Webhooks request under construction, in the style of the standard-webhooks Java library's test
 * fixture: start from {@link #valid()} (the spec's own test vector, verified one second after it was signed)
 * and break exactly one thing, e.g. {@code SignedRequest.valid().withOldTimestamp().rejection()}.
 * Every change re-signs the request with the signing secret, unless it is a tampering that happens after signing.
 * Public for the tests of the functions that receive webhooks ({@code functions/webhook}).
 */
public final class SignedRequest {

    public static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public static final String SPEC_KEY = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    public static final long SPEC_TIMESTAMP = 1614265330L;
    public static final String SPEC_BODY = "{\"test\": 2432232314}";
    public static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    /** Another valid 32-byte secret, for rotations and wrong-secret cases. */
    public static final String OTHER_SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("another-32-byte-signing-key-0001".getBytes(StandardCharsets.US_ASCII));

    private final StandardWebhooksScheme scheme = new StandardWebhooksScheme();

    private Instant now = Instant.ofEpochSecond(SPEC_TIMESTAMP + 1);
    private String id = SPEC_ID;
    private String timestamp = Long.toString(SPEC_TIMESTAMP);
    private String body = SPEC_BODY;
    private String signingSecret = SPEC_SECRET;
    private List<String> activeSecrets = List.of(SPEC_SECRET);
    private final List<String> signaturesBefore = new ArrayList<>();
    private final List<String> signaturesAfter = new ArrayList<>();
    private String signatureOverride;
    private String idAfterSigning;
    private String timestampAfterSigning;
    private String bodyAfterSigning;
    private final List<String> omittedHeaders = new ArrayList<>();
    private UnaryOperator<String> headerNames = UnaryOperator.identity();

    private SignedRequest() {
    }

    public static SignedRequest valid() {
        return new SignedRequest();
    }

    public Instant now() {
        return now;
    }

    /** Another delivery: a different {@code webhook-id}, signed. */
    public SignedRequest withId(String deliveryId) {
        this.id = deliveryId;
        return this;
    }

    /** Another body, signed (as a sender signs what it sends, valid JSON or not). */
    public SignedRequest withBody(String signedBody) {
        this.body = signedBody;
        return this;
    }

    /** Signed at {@code now + seconds} (negative: in the past); the signature itself is genuine. */
    public SignedRequest withTimestampSecondsFromNow(long seconds) {
        this.timestamp = Long.toString(now.getEpochSecond() + seconds);
        return this;
    }

    public SignedRequest withOldTimestamp() {
        return withTimestampSecondsFromNow(-301);
    }

    public SignedRequest withFutureTimestamp() {
        return withTimestampSecondsFromNow(301);
    }

    /** A timestamp header that is not a number; the signature covers it, so only parsing can refuse it. */
    public SignedRequest withTimestampHeader(String raw) {
        this.timestamp = raw;
        return this;
    }

    public SignedRequest withoutHeader(String name) {
        omittedHeaders.add(name);
        return this;
    }

    public SignedRequest withHeaderNames(UnaryOperator<String> rename) {
        this.headerNames = rename;
        return this;
    }

    public SignedRequest withUpperCaseHeaderNames() {
        return withHeaderNames(name -> name.toUpperCase(Locale.ROOT));
    }

    public SignedRequest signedWith(String secret) {
        this.signingSecret = secret;
        return this;
    }

    /** The secrets the trigger holds, in order (a rotation holds several). */
    public SignedRequest verifiedWith(String... secrets) {
        this.activeSecrets = List.of(secrets);
        return this;
    }

    /** Entries placed before the genuine signature in {@code webhook-signature}. */
    public SignedRequest withSignaturesBefore(String... entries) {
        signaturesBefore.addAll(List.of(entries));
        return this;
    }

    public SignedRequest withSignaturesAfter(String... entries) {
        signaturesAfter.addAll(List.of(entries));
        return this;
    }

    /** Replaces the whole {@code webhook-signature} header. */
    public SignedRequest withSignatureHeader(String raw) {
        this.signatureOverride = raw;
        return this;
    }

    public SignedRequest withBodyTamperedAfterSigning(String tampered) {
        this.bodyAfterSigning = tampered;
        return this;
    }

    public SignedRequest withIdTamperedAfterSigning(String tampered) {
        this.idAfterSigning = tampered;
        return this;
    }

    public SignedRequest withTimestampTamperedAfterSigning(long secondsFromNow) {
        this.timestampAfterSigning = Long.toString(now.getEpochSecond() + secondsFromNow);
        return this;
    }

    /** A genuine signature entry of this request's content under {@code secret}. */
    public String signatureWith(String secret) {
        return StandardWebhooksScheme.sign(secret, id, timestamp, body.getBytes(StandardCharsets.UTF_8));
    }

    public List<String> activeSecrets() {
        return activeSecrets;
    }

    public WebhookRequest toRequest() {
        List<String> entries = new ArrayList<>(signaturesBefore);
        entries.add(signatureWith(signingSecret));
        entries.addAll(signaturesAfter);
        String signature = signatureOverride != null ? signatureOverride : String.join(" ", entries);

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("webhook-id", idAfterSigning != null ? idAfterSigning : id);
        headers.put("webhook-timestamp", timestampAfterSigning != null ? timestampAfterSigning : timestamp);
        headers.put("webhook-signature", signature);
        omittedHeaders.forEach(headers::remove);
        Map<String, String> renamed = new LinkedHashMap<>();
        headers.forEach((name, value) -> renamed.put(headerNames.apply(name), value));
        String sentBody = bodyAfterSigning != null ? bodyAfterSigning : body;
        return new WebhookRequest(renamed, sentBody.getBytes(StandardCharsets.UTF_8));
    }

    public VerifiedDelivery verify() throws SignatureVerificationException {
        return scheme.verify(toRequest(), SignatureSettings.of(StandardWebhooksScheme.NAME), activeSecrets, now);
    }

    /** The refusal this request must cause; fails the test if it is accepted. */
    public SignatureVerificationException rejection() {
        VerifiedDelivery accepted;
        try {
            accepted = verify();
        } catch (SignatureVerificationException e) {
            return e;
        }
        throw new AssertionError("expected the request to be rejected, but it was accepted as " + accepted);
    }
}
