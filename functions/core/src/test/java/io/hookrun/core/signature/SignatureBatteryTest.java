package io.hookrun.core.signature;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static io.hookrun.core.signature.SignedRequest.OTHER_SECRET;
import static io.hookrun.core.signature.SignedRequest.SPEC_BODY;
import static io.hookrun.core.signature.SignedRequest.SPEC_ID;
import static io.hookrun.core.signature.SignedRequest.SPEC_SECRET;
import static io.hookrun.core.signature.SignedRequest.SPEC_SIGNATURE;
import static io.hookrun.core.signature.SignedRequest.SPEC_TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The table of issue 8: every scheme against genuine, tampered, stale, rotated, malformed and foreign requests, each
 * row with the exact outcome. Known vectors pin the algorithms: the Standard Webhooks spec's {@code v1} vector, the
 * {@code v1a} (Ed25519) vector of Svix's server (the spec's reference sender), GitHub's documented vector, and a
 * Stripe vector produced by stripe-node's own {@code generateTestHeaderString}.
 */
class SignatureBatteryTest {

    static final StandardWebhooksScheme STANDARD = new StandardWebhooksScheme();
    static final GitHubScheme GITHUB = new GitHubScheme();
    static final StripeScheme STRIPE = new StripeScheme();
    static final HmacScheme HMAC = new HmacScheme();
    static final NoneScheme NONE = new NoneScheme();

    // --- Standard Webhooks ------------------------------------------------------------------------------------
    static final Instant SPEC_NOW = Instant.ofEpochSecond(SPEC_TIMESTAMP + 1);
    /** svix-webhooks, server/svix-server/src/worker.rs test_asymmetric_key_signing: the spec's own v1a example. */
    static final String ED_PRIVATE = "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==";
    static final String ED_PUBLIC = "whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=";
    static final String ED_SIGNATURE = "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==";
    /** Another key pair: a 32-byte seed form of {@code whsk_}. */
    static final String OTHER_ED_PRIVATE = "whsk_" + Base64.getEncoder().encodeToString(
            "another-ed25519-seed-of-32-bytes".getBytes(StandardCharsets.US_ASCII));
    static final String OTHER_ED_PUBLIC = StandardWebhooksScheme.publicKeyOf(OTHER_ED_PRIVATE);

    // --- GitHub: docs.github.com "Validating webhook deliveries", "Testing the webhook payload validation" -------
    static final String GITHUB_SECRET = "It's a Secret to Everybody";
    static final String GITHUB_BODY = "Hello, World!";
    static final String GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    static final String GITHUB_DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

    // --- Stripe: stripe-node 20.x webhooks.generateTestHeaderString({payload, secret, timestamp: 1700000000}) ---
    static final String STRIPE_SECRET = "whsec_test_secret_0123456789abcdef";
    static final String STRIPE_OTHER_SECRET = "whsec_rotated_secret_abcdefghijklmnop";
    static final String STRIPE_BODY = "{\"id\":\"evt_1NG8Du2eZvKYlo2CUI79vXWy\",\"object\":\"event\",\"type\":\"invoice.paid\"}";
    static final long STRIPE_T = 1_700_000_000L;
    static final String STRIPE_V1 = "ecb45a1a39375c763624ccf5e0ad4f6d6ae5db0cb12d7d1b25cfe4a563f566b7";
    static final Instant STRIPE_NOW = Instant.ofEpochSecond(STRIPE_T + 1);

    // --- hmac -------------------------------------------------------------------------------------------------
    static final String HMAC_SECRET = "shared-secret-from-sender";
    static final String HMAC_OTHER_SECRET = "the-next-shared-secret";
    static final Instant HMAC_NOW = Instant.ofEpochSecond(1_700_000_001L);
    static final HmacSettings GITHUB_LIKE = new HmacSettings("X-Signature", "sha256=", HmacSettings.Encoding.HEX,
            HmacSettings.Algorithm.SHA256, HmacSettings.Signed.BODY, null, null, "X-Delivery-Id", null, "X-Event-Type");
    /** HMAC-SHA512, base64, over timestamp ":" body; openssl dgst -sha512 -hmac ... -binary | base64. */
    static final HmacSettings TIMESTAMPED = new HmacSettings("X-Sig", null, HmacSettings.Encoding.BASE64,
            HmacSettings.Algorithm.SHA512, HmacSettings.Signed.TIMESTAMP_BODY, ":", "X-Timestamp", null, "/order",
            null);
    static final String TIMESTAMPED_BODY = "{\"order\":\"A-1\"}";
    static final String TIMESTAMPED_SIGNATURE =
            "PH2Fx6l3wsgCE1iaC9nqdla6e5B9a0v/hd6okObZF35v0OoZDnkNec27Q57FfgfauFVk7iQWXzOh/hpy0n5cNQ==";

    static Stream<SignatureCase> cases() {
        List<SignatureCase> all = new ArrayList<>();
        all.addAll(standardWebhooks());
        all.addAll(github());
        all.addAll(stripe());
        all.addAll(hmac());
        all.addAll(none());
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void battery(SignatureCase row) {
        if (row.refusal != null) {
            assertThatThrownBy(row::verify).as(row.name)
                    .isInstanceOf(SignatureVerificationException.class)
                    .hasMessage(row.refusal)
                    .hasNoCause();
        } else {
            try {
                assertThat(row.verify()).as(row.name).isEqualTo(row.accepted);
            } catch (SignatureVerificationException e) {
                fail(row.name + " was refused: " + e.getMessage());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusals_neverShowASecretOrASignature(SignatureCase row) {
        if (row.refusal == null) {
            return;
        }
        SignatureVerificationException refusal = catchRefusal(row);
        assertThat(refusal.getMessage()).as(row.name)
                .doesNotContain(row.secretForms())
                // no hex MAC (64+ digits) and no base64 MAC (43+ characters) in any message
                .doesNotContainPattern("[0-9a-fA-F]{40,}")
                .doesNotContainPattern("[A-Za-z0-9+/]{40,}");
    }

    private static SignatureVerificationException catchRefusal(SignatureCase row) {
        try {
            row.verify();
        } catch (SignatureVerificationException e) {
            return e;
        }
        throw new AssertionError(row.name + " was accepted");
    }

    // === standard-webhooks =====================================================================================

    /** A spec-vector request: the spec's id, timestamp and body, signed as given. */
    private static SignatureCase spec(String name, String signatureHeader) {
        return SignatureCase.of(name, STANDARD).secrets(SPEC_SECRET).at(SPEC_NOW)
                .header("webhook-id", SPEC_ID).header("webhook-timestamp", Long.toString(SPEC_TIMESTAMP))
                .header("webhook-signature", signatureHeader).body(SPEC_BODY);
    }

    /** A request signed now + {@code offset} seconds with each of {@code signers}. */
    private static SignatureCase signed(String name, String id, long offset, String body, String... signers) {
        String timestamp = Long.toString(SPEC_NOW.getEpochSecond() + offset);
        List<String> entries = new ArrayList<>();
        for (String signer : signers) {
            entries.add(StandardWebhooksScheme.sign(signer, id, timestamp, body.getBytes(StandardCharsets.UTF_8)));
        }
        return SignatureCase.of(name, STANDARD).secrets(SPEC_SECRET).at(SPEC_NOW)
                .header("webhook-id", id).header("webhook-timestamp", timestamp)
                .header("webhook-signature", String.join(" ", entries)).body(body);
    }

    private static VerifiedDelivery specDelivery(long offset) {
        return VerifiedDelivery.fromHeaders(SPEC_ID, null, Instant.ofEpochSecond(SPEC_NOW.getEpochSecond() + offset));
    }

    static List<SignatureCase> standardWebhooks() {
        VerifiedDelivery spec = VerifiedDelivery.fromHeaders(SPEC_ID, null, Instant.ofEpochSecond(SPEC_TIMESTAMP));
        String noMatch = "no signature in webhook-signature matches an active secret";
        String bigKey = "whsec_" + Base64.getEncoder().encodeToString(new byte[64]);
        return List.of(
                spec("spec vector v1", SPEC_SIGNATURE).accepts(spec),
                spec("spec vector v1a (Ed25519, Svix's test key)", ED_SIGNATURE).secrets(ED_PUBLIC).accepts(spec),
                spec("v1a and v1 offered, trigger holds both kinds", SPEC_SIGNATURE + " " + ED_SIGNATURE)
                        .secrets(ED_PUBLIC, SPEC_SECRET).accepts(spec),
                spec("v1a offered, trigger moved to Ed25519 and still holds the old whsec", ED_SIGNATURE)
                        .secrets(SPEC_SECRET, ED_PUBLIC).accepts(spec),
                spec("tampered body", SPEC_SIGNATURE).body("{\"test\": 2432232315}").refuses(noMatch),
                spec("tampered id", SPEC_SIGNATURE).header("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJel")
                        .refuses(noMatch),
                spec("tampered timestamp inside the window", SPEC_SIGNATURE)
                        .header("webhook-timestamp", Long.toString(SPEC_TIMESTAMP + 1)).refuses(noMatch),
                spec("v1a over a tampered body", ED_SIGNATURE).secrets(ED_PUBLIC).body("{}").refuses(noMatch),
                spec("wrong secret", SPEC_SIGNATURE).secrets(OTHER_SECRET).refuses(noMatch),
                spec("v1a from another key pair", ED_SIGNATURE).secrets(OTHER_ED_PUBLIC).refuses(noMatch),
                spec("v1a only, trigger holds only whsec secrets", ED_SIGNATURE)
                        .refuses("webhook-signature has no v1 signature"),
                spec("v1 only, trigger holds only a whpk key", SPEC_SIGNATURE).secrets(ED_PUBLIC)
                        .refuses("webhook-signature has no v1a signature"),
                spec("Ed25519 signature labelled v1 (wrong key type)", "v1" + ED_SIGNATURE.substring(3))
                        .secrets(ED_PUBLIC).refuses("webhook-signature has no v1a signature"),
                spec("HMAC labelled v1a (wrong key type)", "v1a" + SPEC_SIGNATURE.substring(2))
                        .secrets(ED_PUBLIC, SPEC_SECRET).refuses(noMatch),
                spec("the sender's whsk private key stored on the trigger verifies nothing", ED_SIGNATURE)
                        .secrets(ED_PRIVATE).refuses("webhook-signature has no v1 signature"),
                spec("neither v1 nor v1a offered, trigger holds both kinds", "v2,abc")
                        .secrets(SPEC_SECRET, ED_PUBLIC).refuses("webhook-signature has no v1 or v1a signature"),
                spec("secret without the whsec_ prefix, as the spec libraries take it", SPEC_SIGNATURE)
                        .secrets(SignedRequest.SPEC_KEY).accepts(spec),
                spec("malformed entries before a valid one", "v1,not*base64! v1 garbage v1a,%% " + SPEC_SIGNATURE)
                        .accepts(spec),
                spec("33 signatures", (SPEC_SIGNATURE + " ").repeat(33))
                        .refuses("webhook-signature has more than 32 signatures"),
                spec("upper-case header names", SPEC_SIGNATURE).without("webhook-id").without("webhook-timestamp")
                        .without("webhook-signature").header("WEBHOOK-ID", SPEC_ID)
                        .header("Webhook-Timestamp", Long.toString(SPEC_TIMESTAMP))
                        .header("WEBHOOK-SIGNATURE", SPEC_SIGNATURE).accepts(spec),
                spec("missing webhook-id", SPEC_SIGNATURE).without("webhook-id").refuses("missing webhook-id header"),
                spec("missing webhook-timestamp", SPEC_SIGNATURE).without("webhook-timestamp")
                        .refuses("missing webhook-timestamp header"),
                spec("blank webhook-signature", "  ").refuses("missing webhook-signature header"),
                spec("timestamp with a fraction", SPEC_SIGNATURE).header("webhook-timestamp", "1614265330.0")
                        .refuses("webhook-timestamp is not a Unix time in seconds"),
                spec("timestamp in milliseconds", SPEC_SIGNATURE).header("webhook-timestamp", "1614265330000")
                        .refuses("webhook-timestamp looks like milliseconds; it must be a Unix time in seconds"),
                spec("timestamp beyond a long", SPEC_SIGNATURE).header("webhook-timestamp", "99999999999999999999")
                        .refuses("webhook-timestamp is not a Unix time in seconds"),
                signed("exactly 300 s old (the boundary is inside)", SPEC_ID, -300, SPEC_BODY, SPEC_SECRET)
                        .accepts(specDelivery(-300)),
                signed("301 s old", SPEC_ID, -301, SPEC_BODY, SPEC_SECRET)
                        .refuses("webhook-timestamp is more than 300 seconds in the past"),
                signed("exactly 300 s ahead", SPEC_ID, 300, SPEC_BODY, SPEC_SECRET).accepts(specDelivery(300)),
                signed("301 s ahead", SPEC_ID, 301, SPEC_BODY, SPEC_SECRET)
                        .refuses("webhook-timestamp is more than 300 seconds in the future"),
                signed("61 s old with the trigger's tolerance at 60 s", SPEC_ID, -61, SPEC_BODY, SPEC_SECRET)
                        .settings(new SignatureSettings(StandardWebhooksScheme.NAME, Duration.ofSeconds(60), null))
                        .refuses("webhook-timestamp is more than 60 seconds in the past"),
                signed("v1a 301 s old", SPEC_ID, -301, SPEC_BODY, ED_PRIVATE).secrets(ED_PUBLIC)
                        .refuses("webhook-timestamp is more than 300 seconds in the past"),
                signed("several signatures, only the second from an active secret", SPEC_ID, 0, SPEC_BODY,
                        OTHER_SECRET, SPEC_SECRET).accepts(specDelivery(0)),
                signed("rotation: trigger holds old and new, sender signs with the new", SPEC_ID, 0, SPEC_BODY,
                        OTHER_SECRET).secrets(OTHER_SECRET, SPEC_SECRET).accepts(specDelivery(0)),
                signed("rotation: trigger holds new and old, sender still signs with the old", SPEC_ID, 0,
                        SPEC_BODY, SPEC_SECRET).secrets(OTHER_SECRET, SPEC_SECRET).accepts(specDelivery(0)),
                signed("v1a rotation: two public keys, the second signs", SPEC_ID, 0, SPEC_BODY, OTHER_ED_PRIVATE)
                        .secrets(ED_PUBLIC, OTHER_ED_PUBLIC).accepts(specDelivery(0)),
                signed("Unicode body", SPEC_ID, 0, "{\"name\":\"Zoë 🚀 東京\"}", SPEC_SECRET)
                        .accepts(specDelivery(0)),
                signed("empty body", SPEC_ID, 0, "", SPEC_SECRET).accepts(specDelivery(0)),
                signed("64-byte key, the spec's upper bound", SPEC_ID, 0, SPEC_BODY, bigKey).secrets(bigKey)
                        .accepts(specDelivery(0)));
    }

    // === github ================================================================================================

    private static SignatureCase gh(String name) {
        return SignatureCase.of(name, GITHUB).secrets(GITHUB_SECRET).at(SPEC_NOW)
                .header("X-Hub-Signature-256", GITHUB_SIGNATURE).header("X-GitHub-Delivery", GITHUB_DELIVERY)
                .header("X-GitHub-Event", "push").header("Content-Type", "application/json").body(GITHUB_BODY);
    }

    private static SignatureCase ghSigned(String name, String secret, String body) {
        return gh(name).body(body)
                .header("X-Hub-Signature-256", GitHubScheme.signature(secret, body.getBytes(StandardCharsets.UTF_8)));
    }

    static List<SignatureCase> github() {
        VerifiedDelivery push = VerifiedDelivery.fromHeaders(GITHUB_DELIVERY, "push", null);
        String noMatch = "X-Hub-Signature-256 does not match an active secret";
        String malformed = "X-Hub-Signature-256 is not 'sha256=' followed by 64 hex digits";
        return List.of(
                gh("GitHub's documented vector").accepts(push),
                gh("upper-case hex").header("X-Hub-Signature-256", "sha256="
                        + GITHUB_SIGNATURE.substring(7).toUpperCase(Locale.ROOT)).accepts(push),
                gh("the ping event").header("X-GitHub-Event", "ping")
                        .accepts(VerifiedDelivery.fromHeaders(GITHUB_DELIVERY, "ping", null)),
                gh("lower-case header names").without("X-Hub-Signature-256").without("X-GitHub-Delivery")
                        .without("X-GitHub-Event").header("x-hub-signature-256", GITHUB_SIGNATURE)
                        .header("x-github-delivery", GITHUB_DELIVERY).header("x-github-event", "push").accepts(push),
                gh("tampered body").body("Hello, World?").refuses(noMatch),
                gh("wrong secret").secrets("It's a secret to everybody").refuses(noMatch),
                gh("rotation: the second secret matches").secrets("the-new-secret", GITHUB_SECRET).accepts(push),
                gh("rotation: the first secret matches").secrets(GITHUB_SECRET, "the-old-secret").accepts(push),
                gh("missing X-Hub-Signature-256").without("X-Hub-Signature-256")
                        .refuses("missing X-Hub-Signature-256 header"),
                gh("only the legacy SHA-1 X-Hub-Signature").without("X-Hub-Signature-256")
                        .header("X-Hub-Signature", "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59")
                        .refuses("missing X-Hub-Signature-256 header (the SHA-1 X-Hub-Signature is not accepted)"),
                gh("missing X-GitHub-Delivery").without("X-GitHub-Delivery")
                        .refuses("missing X-GitHub-Delivery header"),
                gh("missing X-GitHub-Event").without("X-GitHub-Event").refuses("missing X-GitHub-Event header"),
                gh("a sha1= value in the SHA-256 header").header("X-Hub-Signature-256",
                        "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59").refuses(malformed),
                gh("63 hex digits").header("X-Hub-Signature-256", GITHUB_SIGNATURE.substring(0, 70))
                        .refuses(malformed),
                gh("no sha256= prefix").header("X-Hub-Signature-256", GITHUB_SIGNATURE.substring(7))
                        .refuses(malformed),
                gh("non-ASCII digits").header("X-Hub-Signature-256", "sha256=" + "１".repeat(64)).refuses(malformed),
                gh("two signatures in the header").header("X-Hub-Signature-256", GITHUB_SIGNATURE + ","
                        + GITHUB_SIGNATURE).refuses(malformed),
                ghSigned("Unicode body and Unicode secret (UTF-8 bytes as the key)", "geheimnis-ß-ключ",
                        "{\"title\":\"naïve café ☕\"}").secrets("geheimnis-ß-ключ").accepts(push),
                ghSigned("empty body", GITHUB_SECRET, "").accepts(push));
    }

    // === stripe ================================================================================================

    private static SignatureCase st(String name, String header) {
        return SignatureCase.of(name, STRIPE).secrets(STRIPE_SECRET).at(STRIPE_NOW)
                .header("Stripe-Signature", header).body(STRIPE_BODY);
    }

    private static String v1(String secret, long t) {
        return StripeScheme.v1(secret, t, STRIPE_BODY.getBytes(StandardCharsets.UTF_8));
    }

    static List<SignatureCase> stripe() {
        VerifiedDelivery event = new VerifiedDelivery(null, "/id", null, "/type", Instant.ofEpochSecond(STRIPE_T));
        String valid = "t=" + STRIPE_T + ",v1=" + STRIPE_V1;
        String noMatch = "no v1 signature in Stripe-Signature matches an active secret";
        long old = STRIPE_NOW.getEpochSecond() - 300;
        long stale = STRIPE_NOW.getEpochSecond() - 301;
        long ahead = STRIPE_NOW.getEpochSecond() + 301;
        byte[] decodedKey = Base64.getDecoder().decode("test/secret/0123456789abcdef");
        String signedWithDecodedKey = HexFormat.of().formatHex(HmacFunction.SHA256.mac(decodedKey,
                (STRIPE_T + "." + STRIPE_BODY).getBytes(StandardCharsets.UTF_8)));
        return List.of(
                st("stripe-node's generated vector", valid).accepts(event),
                st("v1 before t", "v1=" + STRIPE_V1 + ",t=" + STRIPE_T).accepts(event),
                st("v0 and an unknown scheme alongside", "t=" + STRIPE_T + ",v0=" + "0".repeat(64) + ",v1="
                        + STRIPE_V1 + ",v9=abc,junk").accepts(event),
                st("spaces after the commas", "t=" + STRIPE_T + ", v1=" + STRIPE_V1).accepts(event),
                st("upper-case hex", "t=" + STRIPE_T + ",v1=" + STRIPE_V1.toUpperCase(Locale.ROOT)).accepts(event),
                st("several v1, the second genuine (Stripe signs with every endpoint secret)", "t=" + STRIPE_T
                        + ",v1=" + v1(STRIPE_OTHER_SECRET, STRIPE_T) + ",v1=" + STRIPE_V1).accepts(event),
                st("rotation: trigger holds two secrets, the second signs", valid)
                        .secrets(STRIPE_OTHER_SECRET, STRIPE_SECRET).accepts(event),
                st("v0 only", "t=" + STRIPE_T + ",v0=" + STRIPE_V1)
                        .refuses("Stripe-Signature has no v1 signature"),
                st("two timestamps", "t=" + STRIPE_T + ",t=" + STRIPE_T + ",v1=" + STRIPE_V1)
                        .refuses("Stripe-Signature has more than one timestamp (t=)"),
                st("no timestamp", "v1=" + STRIPE_V1).refuses("Stripe-Signature has no timestamp (t=)"),
                st("timestamp not a number", "t=soon,v1=" + STRIPE_V1)
                        .refuses("Stripe-Signature timestamp is not a Unix time in seconds"),
                st("missing header", valid).without("Stripe-Signature").refuses("missing Stripe-Signature header"),
                st("tampered body", valid).body(STRIPE_BODY.replace("invoice.paid", "invoice.voided"))
                        .refuses(noMatch),
                st("timestamp changed after signing", "t=" + (STRIPE_T + 1) + ",v1=" + STRIPE_V1).refuses(noMatch),
                st("wrong secret", valid).secrets(STRIPE_OTHER_SECRET).refuses(noMatch),
                st("signed with the base64-decoded secret (as Standard Webhooks would key it)",
                        "t=" + STRIPE_T + ",v1=" + signedWithDecodedKey).refuses(noMatch),
                st("a malformed v1 only", "t=" + STRIPE_T + ",v1=xyz").refuses(noMatch),
                st("exactly 300 s old", "t=" + old + ",v1=" + v1(STRIPE_SECRET, old))
                        .accepts(new VerifiedDelivery(null, "/id", null, "/type", Instant.ofEpochSecond(old))),
                st("301 s old", "t=" + stale + ",v1=" + v1(STRIPE_SECRET, stale))
                        .refuses("Stripe-Signature timestamp is more than 300 seconds in the past"),
                st("exactly 300 s ahead", "t=" + (ahead - 1) + ",v1=" + v1(STRIPE_SECRET, ahead - 1))
                        .accepts(new VerifiedDelivery(null, "/id", null, "/type", Instant.ofEpochSecond(ahead - 1))),
                st("Unicode body", "t=" + STRIPE_T + ",v1=" + StripeScheme.v1(STRIPE_SECRET, STRIPE_T,
                        "{\"id\":\"evt_ü\",\"type\":\"customer.créé\",\"name\":\"東京 🚀\"}"
                                .getBytes(StandardCharsets.UTF_8)))
                        .body("{\"id\":\"evt_ü\",\"type\":\"customer.créé\",\"name\":\"東京 🚀\"}").accepts(event),
                st("empty body", "t=" + STRIPE_T + ",v1=" + StripeScheme.v1(STRIPE_SECRET, STRIPE_T, new byte[0]))
                        .body("").accepts(event),
                st("301 s ahead (Stripe's libraries would take it; ADR 0006 does not)",
                        "t=" + ahead + ",v1=" + v1(STRIPE_SECRET, ahead))
                        .refuses("Stripe-Signature timestamp is more than 300 seconds in the future"));
    }

    // === hmac ==================================================================================================

    private static SignatureCase githubLike(String name) {
        String signature = "sha256=" + HexFormat.of().formatHex(HmacFunction.SHA256.mac(
                HMAC_SECRET.getBytes(StandardCharsets.UTF_8), "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        return SignatureCase.of(name, HMAC).settings(new SignatureSettings("hmac", null, GITHUB_LIKE))
                .secrets(HMAC_SECRET).at(HMAC_NOW).header("X-Signature", signature).header("X-Delivery-Id", "d-1")
                .header("X-Event-Type", "order.created").body("{\"a\":1}");
    }

    private static SignatureCase timestamped(String name) {
        return SignatureCase.of(name, HMAC).settings(new SignatureSettings("hmac", null, TIMESTAMPED))
                .secrets(HMAC_SECRET).at(HMAC_NOW).header("X-Sig", TIMESTAMPED_SIGNATURE)
                .header("X-Timestamp", "1700000000").body(TIMESTAMPED_BODY);
    }

    static List<SignatureCase> hmac() {
        VerifiedDelivery githubLike = VerifiedDelivery.fromHeaders("d-1", "order.created", null);
        VerifiedDelivery timestamped = new VerifiedDelivery(null, "/order", null, null,
                Instant.ofEpochSecond(1_700_000_000L));
        String genuine = githubLike("").headers.get("X-Signature");
        String hex = genuine.substring("sha256=".length());
        String otherHex = HexFormat.of().formatHex(HmacFunction.SHA256.mac(
                HMAC_OTHER_SECRET.getBytes(StandardCharsets.UTF_8), "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        String urlSafeUnpadded = TIMESTAMPED_SIGNATURE.replace('+', '-').replace('/', '_').replace("=", "");
        return List.of(
                githubLike("sha256 hex with a prefix, delivery id and event type headers").accepts(githubLike),
                githubLike("upper-case hex and prefix").header("X-Signature", "SHA256=" + hex.toUpperCase(Locale.ROOT))
                        .accepts(githubLike),
                githubLike("two signatures, comma-separated, the second genuine")
                        .header("X-Signature", "sha256=" + otherHex + ",sha256=" + hex).accepts(githubLike),
                githubLike("two signatures, space-separated, the first genuine")
                        .header("X-Signature", "sha256=" + hex + " sha256=" + otherHex).accepts(githubLike),
                githubLike("rotation: the trigger's second secret matches").secrets(HMAC_OTHER_SECRET, HMAC_SECRET)
                        .accepts(githubLike),
                githubLike("event type header absent").without("X-Event-Type")
                        .accepts(VerifiedDelivery.fromHeaders("d-1", null, null)),
                githubLike("signature without the configured prefix").header("X-Signature", hex)
                        .refuses("X-Signature has no hex signature after 'sha256='"),
                githubLike("missing signature header").without("X-Signature")
                        .refuses("missing X-Signature header"),
                githubLike("missing delivery id header").without("X-Delivery-Id")
                        .refuses("missing X-Delivery-Id header"),
                githubLike("tampered body").body("{\"a\":2}").refuses("no signature in X-Signature matches an active secret"),
                githubLike("wrong secret").secrets(HMAC_OTHER_SECRET)
                        .refuses("no signature in X-Signature matches an active secret"),
                githubLike("no settings").settings(SignatureSettings.of("hmac"))
                        .refuses("the trigger's hmac settings are incomplete"),
                timestamped("sha512 base64 of timestamp:body (openssl vector), delivery id by pointer")
                        .accepts(timestamped),
                timestamped("URL-safe unpadded base64").header("X-Sig", urlSafeUnpadded).accepts(timestamped),
                timestamped("timestamp changed after signing").header("X-Timestamp", "1700000001")
                        .refuses("no signature in X-Sig matches an active secret"),
                timestamped("tampered body").body("{\"order\":\"A-2\"}")
                        .refuses("no signature in X-Sig matches an active secret"),
                timestamped("missing timestamp header").without("X-Timestamp")
                        .refuses("missing X-Timestamp header"),
                timestamped("timestamp in milliseconds").header("X-Timestamp", "1700000000000")
                        .refuses("X-Timestamp looks like milliseconds; it must be a Unix time in seconds"),
                timestamped("stale beyond the trigger's 30 s tolerance").at(HMAC_NOW.plusSeconds(30))
                        .settings(new SignatureSettings("hmac", Duration.ofSeconds(30), TIMESTAMPED))
                        .refuses("X-Timestamp is more than 30 seconds in the past"),
                timestamped("signed 301 s ahead").at(HMAC_NOW.minusSeconds(302))
                        .refuses("X-Timestamp is more than 300 seconds in the future"),
                timestamped("exactly 300 s old").at(Instant.ofEpochSecond(1_700_000_300L)).accepts(timestamped),
                timestamped("301 s old").at(Instant.ofEpochSecond(1_700_000_301L))
                        .refuses("X-Timestamp is more than 300 seconds in the past"),
                githubLike("Unicode body").body("{\"name\":\"Zoë 東京 🚀\"}").header("X-Signature", "sha256="
                        + HexFormat.of().formatHex(HmacFunction.SHA256.mac(HMAC_SECRET.getBytes(StandardCharsets.UTF_8),
                        "{\"name\":\"Zoë 東京 🚀\"}".getBytes(StandardCharsets.UTF_8)))).accepts(githubLike),
                githubLike("empty body").body("").header("X-Signature", "sha256=" + HexFormat.of().formatHex(
                        HmacFunction.SHA256.mac(HMAC_SECRET.getBytes(StandardCharsets.UTF_8), new byte[0])))
                        .accepts(githubLike),
                timestamped("hex where base64 is configured").header("X-Sig", hex)
                        .refuses("X-Sig has no base64 signature"));
    }

    // === none ==================================================================================================

    static List<SignatureCase> none() {
        VerifiedDelivery nothing = new VerifiedDelivery(null, null, null, null, null);
        return List.of(
                SignatureCase.of("no headers at all", NONE).at(SPEC_NOW).body("anything").accepts(nothing),
                SignatureCase.of("a forged signature header is ignored", NONE).at(SPEC_NOW)
                        .header("webhook-signature", "v1,AAAA").header("X-Hub-Signature-256", "sha256=00")
                        .body(new byte[] {(byte) 0xff, 0, (byte) 0xfe}).accepts(nothing));
    }
}
