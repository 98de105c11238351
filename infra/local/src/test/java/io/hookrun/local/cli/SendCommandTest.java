package io.hookrun.local.cli;

import io.hookrun.core.signature.GitHubScheme;
import io.hookrun.core.signature.HmacScheme;
import io.hookrun.core.signature.HmacSettings;
import io.hookrun.core.signature.NoneScheme;
import io.hookrun.core.signature.SignatureScheme;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.signature.SignatureVerificationException;
import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.core.signature.StripeScheme;
import io.hookrun.core.signature.VerifiedDelivery;
import io.hookrun.core.signature.WebhookRequest;
import io.hookrun.local.admin.LocalStackFile;
import io.hookrun.local.cli.HookrunCli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code hookrun send}'s arguments and signing, with no network: the headers it produces are checked by the very
 * scheme the webhook function verifies with, and every mistake on the command line is a usage error that says what
 * to do. Sending through the local stack is {@code HookrunSendIT}.
 */
class SendCommandTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private static final String URL = "http://127.0.0.1:3000";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> environment = Map.of("ORDERS_SECRET", SECRET);
    private final SignatureVerifier schemes = new SignatureVerifier(List.of(new StandardWebhooksScheme(), new GitHubScheme(),
            new StripeScheme(), new HmacScheme(), new NoneScheme()));

    private SendCommand command(Path stackFile, String stdin) {
        return new SendCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                stackFile, schemes, Clock.fixed(NOW, ZoneOffset.UTC), RandomGenerator.of("L64X128MixRandom"),
                environment::get, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }

    private SendCommand.Delivery delivery(String... args) throws IOException {
        return command(Path.of("no-stack-here.json"), "").delivery(new ArrayList<>(List.of(args)));
    }

    private VerifiedDelivery verify(SendCommand.Delivery delivery, SignatureScheme scheme, SignatureSettings settings,
                                    String secret) throws SignatureVerificationException {
        return scheme.verify(new WebhookRequest(delivery.headers(), delivery.body()), settings, List.of(secret), NOW);
    }

    @Test
    void standardWebhooks_isTheDefault_andItsHeadersVerifyWithTheScheme() throws Exception {
        SendCommand.Delivery delivery = delivery("orders", "--data", "{\"orderId\":\"o-1\"}", "--secret-env", "ORDERS_SECRET",
                "--url", URL);

        VerifiedDelivery verified = verify(delivery, new StandardWebhooksScheme(), SignatureSettings.of("standard-webhooks"), SECRET);

        assertThat(delivery.url()).isEqualTo(URI.create("http://127.0.0.1:3000/hooks/orders"));
        assertThat(new String(delivery.body(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"o-1\"}");
        assertThat(delivery.headers()).containsEntry("Content-Type", "application/json")
                .containsEntry("webhook-timestamp", Long.toString(NOW.getEpochSecond()));
        assertThat(verified.deliveryId()).matches("msg_[0-9A-Za-z]{27}");
        assertThat(verified.signedAt()).isEqualTo(NOW);
    }

    @Test
    void aWhskPrivateKey_signsV1a_whichVerifiesWithItsWhpkPublicKey() throws Exception {
        String privateKey = StandardWebhooksScheme.newPrivateKey(new SecureRandom());

        SendCommand.Delivery delivery = delivery("orders", "--data", "{}", "--secret", privateKey, "--url", URL);

        assertThat(delivery.headers().get("webhook-signature")).startsWith("v1a,");
        assertThat(verify(delivery, new StandardWebhooksScheme(), SignatureSettings.of("standard-webhooks"),
                StandardWebhooksScheme.publicKeyOf(privateKey)).deliveryId()).startsWith("msg_");
    }

    @Test
    void github_sendsAUuidDeliveryAndTheEventType_andVerifies() throws Exception {
        SendCommand.Delivery delivery = delivery("gh", "--scheme", "github", "--event-type", "push", "--data", "{\"ref\":\"main\"}",
                "--secret", "gh-secret", "--url", URL);

        VerifiedDelivery verified = verify(delivery, new GitHubScheme(), SignatureSettings.of("github"), "gh-secret");

        assertThat(verified.deliveryId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(verified.eventType()).isEqualTo("push");
        assertThat(delivery.headers()).doesNotContainKey("Idempotency-Key");
        assertThatThrownBy(() -> delivery("gh", "--scheme", "github", "--secret", "s", "--url", URL))
                .hasMessageContaining("pass --event-type");
    }

    @Test
    void stripe_signsTheBodyWithItsIdInside_andRefusesAnotherId() throws Exception {
        String body = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}";
        SendCommand.Delivery delivery = delivery("billing", "--scheme", "stripe", "--data", body, "--secret", "whsec_abc",
                "--url", URL);

        VerifiedDelivery verified = verify(delivery, new StripeScheme(), SignatureSettings.of("stripe"), "whsec_abc");

        assertThat(delivery.headers().get("Stripe-Signature")).startsWith("t=" + NOW.getEpochSecond() + ",v1=");
        assertThat(verified.deliveryIdPointer()).isEqualTo("/id");
        assertThat(delivery.headers()).doesNotContainKey("Idempotency-Key");
        assertThatThrownBy(() -> delivery("billing", "--scheme", "stripe", "--data", body, "--secret", "whsec_abc", "--id", "x"))
                .hasMessageContaining("takes the delivery id from the body (/id)");
    }

    @Test
    void hmac_signsAsTheSettingsSay_andVerifiesWithThem() throws Exception {
        SendCommand.Delivery delivery = delivery("partner", "--scheme", "hmac", "--data", "{\"n\":1}", "--secret", "s3cret",
                "--url", URL, "--id", "d-1", "--event-type", "order.shipped", "--hmac-settings", """
                        {"header": "X-Signature", "prefix": "sha256=", "signed": "timestamp-body", "timestampHeader": "X-Timestamp",
                         "deliveryIdHeader": "X-Delivery-Id", "eventTypeHeader": "X-Event-Type"}""");
        HmacSettings settings = HmacOptions.take(new ArrayList<>(List.of("--hmac-settings", """
                {"header": "X-Signature", "prefix": "sha256=", "signed": "timestamp-body", "timestampHeader": "X-Timestamp",
                 "deliveryIdHeader": "X-Delivery-Id", "eventTypeHeader": "X-Event-Type"}""")));

        VerifiedDelivery verified = verify(delivery, new HmacScheme(), new SignatureSettings("hmac", null, settings), "s3cret");

        assertThat(verified.deliveryId()).isEqualTo("d-1");
        assertThat(verified.eventType()).isEqualTo("order.shipped");
        assertThat(delivery.headers()).containsEntry("X-Timestamp", Long.toString(NOW.getEpochSecond()))
                .doesNotContainKey("Idempotency-Key");
        assertThatThrownBy(() -> delivery("partner", "--scheme", "hmac", "--secret", "s", "--url", URL))
                .hasMessageContaining("the hmac scheme needs the trigger's settings");
        assertThatThrownBy(() -> delivery("partner", "--scheme", "hmac", "--secret", "s", "--url", URL,
                "--hmac-header", "X-Sig", "--hmac-event-type-header", "X-Type")).hasMessageContaining("pass --event-type");
    }

    @Test
    void aSchemeWithoutDeliveryIdHeader_sendsTheIdAsIdempotencyKey_andNoneNeedsNoSecret() throws Exception {
        SendCommand.Delivery unsigned = delivery("open", "--scheme", "none", "--data", "{}", "--id", "k-1", "--url", URL);
        SendCommand.Delivery hmac = delivery("partner", "--scheme", "hmac", "--hmac-header", "X-Sig", "--data", "{}",
                "--secret", "s", "--url", URL);

        assertThat(unsigned.headers()).containsOnlyKeys("Content-Type", "Idempotency-Key").containsEntry("Idempotency-Key", "k-1");
        assertThat(hmac.headers().get("Idempotency-Key")).startsWith("msg_");
        assertThat(verify(hmac, new HmacScheme(), new SignatureSettings("hmac", null, HmacOptions.take(
                new ArrayList<>(List.of("--hmac-header", "X-Sig")))), "s")).isNotNull();
    }

    @Test
    void theIdTimestampContentTypeAndExtraHeaders_areTheOnesGiven() throws Exception {
        SendCommand.Delivery delivery = delivery("orders", "--data", "{}", "--secret", SECRET, "--url", URL, "--id", "msg_fixed",
                "--timestamp", "1700000000", "--content-type", "application/cloudevents+json",
                "--header", "ce-source: /tests", "--header", "X-Trace:abc");

        assertThat(delivery.headers()).containsEntry("webhook-id", "msg_fixed").containsEntry("webhook-timestamp", "1700000000")
                .containsEntry("Content-Type", "application/cloudevents+json")
                .containsEntry("ce-source", "/tests").containsEntry("X-Trace", "abc");
        assertThat(delivery.headers().get("webhook-signature"))
                .isEqualTo(StandardWebhooksScheme.sign(SECRET, "msg_fixed", "1700000000", "{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theBody_isTheFilesBytesExactly_orStdin_orEmptyWithNoContentType(@TempDir Path dir) throws Exception {
        byte[] bytes = "{\"a\": 1}\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("body.json"), bytes);

        SendCommand.Delivery fromFile = delivery("orders", "--file", file.toString(), "--secret", SECRET, "--url", URL);
        SendCommand.Delivery fromStdin = command(Path.of("none"), "piped").delivery(
                new ArrayList<>(List.of("orders", "--file", "-", "--secret", SECRET, "--url", URL)));
        SendCommand.Delivery empty = delivery("orders", "--secret", SECRET, "--url", URL);

        assertThat(fromFile.body()).isEqualTo(bytes);
        assertThat(verify(fromFile, new StandardWebhooksScheme(), SignatureSettings.of("standard-webhooks"), SECRET)).isNotNull();
        assertThat(fromStdin.body()).isEqualTo("piped".getBytes(StandardCharsets.UTF_8));
        assertThat(empty.body()).isEmpty();
        assertThat(empty.headers()).doesNotContainKey("Content-Type");
    }

    @Test
    void aDeployedApisStage_isKeptInTheUrl_andTheTriggerIdIsEncoded() throws Exception {
        SendCommand.Delivery delivery = delivery("orders eu", "--secret", SECRET,
                "--url", "https://abc.execute-api.eu-west-1.amazonaws.com/prod/");

        assertThat(delivery.url()).hasToString("https://abc.execute-api.eu-west-1.amazonaws.com/prod/hooks/orders%20eu");
    }

    @Test
    void api_isTheSameAsUrl_asEveryCommandTakesIt_andRegionIsAccepted() throws Exception {
        SendCommand.Delivery delivery = delivery("orders", "--secret", SECRET, "--api", URL, "--region", "eu-west-1");

        assertThat(delivery.url()).isEqualTo(URI.create("http://127.0.0.1:3000/hooks/orders"));
    }

    @Test
    void withoutUrl_itSendsToTheRunningLocalStack_orSaysItIsNotRunning(@TempDir Path dir) throws Exception {
        Path stackFile = dir.resolve("local.json");
        new LocalStackFile(URI.create("http://127.0.0.1:3456"), "token", ProcessHandle.current().pid()).write(stackFile);

        SendCommand.Delivery delivery = command(stackFile, "").delivery(new ArrayList<>(List.of("orders", "--secret", SECRET)));

        assertThat(delivery.url()).hasToString("http://127.0.0.1:3456/hooks/orders");
        assertThatThrownBy(() -> delivery("orders", "--secret", SECRET)).isInstanceOf(IOException.class)
                .hasMessageContaining("./hookrun local is not running here").hasMessageContaining("--api");
    }

    @Test
    void hmacSettings_fromJson_withOptionsOverridingFields() {
        List<String> args = new ArrayList<>(List.of("t", "--hmac-settings", """
                {"header": "X-Signature", "prefix": "sha256=", "encoding": "base64", "algorithm": "sha512",
                 "signed": "timestamp-body", "timestampHeader": "X-Timestamp", "deliveryIdHeader": "X-Id"}""",
                "--hmac-header", "X-Sig", "--hmac-separator", ":", "--hmac-event-type-header", "X-Event"));

        HmacSettings settings = HmacOptions.take(args);

        assertThat(settings).isEqualTo(new HmacSettings("X-Sig", "sha256=", HmacSettings.Encoding.BASE64,
                HmacSettings.Algorithm.SHA512, HmacSettings.Signed.TIMESTAMP_BODY, ":", "X-Timestamp", "X-Id", null, "X-Event"));
        assertThat(args).containsExactly("t");
    }

    @Test
    void hmacOptions_defaultToHexSha256OverTheBody_andRefuseWhatTheyDoNotKnow() {
        assertThat(HmacOptions.take(new ArrayList<>(List.of("--hmac-header", "X-Signature"))))
                .isEqualTo(new HmacSettings("X-Signature", null, HmacSettings.Encoding.HEX, HmacSettings.Algorithm.SHA256,
                        HmacSettings.Signed.BODY, null, null, null, null, null));
        assertThat(HmacOptions.take(new ArrayList<>(List.of("x")))).isNull();
        assertThatThrownBy(() -> HmacOptions.take(new ArrayList<>(List.of("--hmac-header", "X", "--hmac-algorithm", "md5"))))
                .hasMessage("hmac algorithm takes one of [sha256, sha512], not 'md5'");
        assertThatThrownBy(() -> HmacOptions.take(new ArrayList<>(List.of("--hmac-settings", "{\"headr\": \"X\"}"))))
                .hasMessageContaining("unknown field 'headr'");
        assertThatThrownBy(() -> HmacOptions.take(new ArrayList<>(List.of("--hmac-settings", "[1]"))))
                .hasMessageContaining("takes a JSON object");
        assertThatThrownBy(() -> HmacOptions.take(new ArrayList<>(List.of("--hmac-prefix", "sha1="))))
                .hasMessageContaining("needs the signature's header");
    }

    @Test
    void mistakes_areUsageErrorsThatSayWhatToDo() {
        assertThatThrownBy(() -> delivery("orders", "--url", URL)).isInstanceOf(UsageException.class)
                .hasMessageContaining("pass --secret-env <VAR>");
        assertThatThrownBy(() -> delivery("orders", "--url", URL, "--secret-env", "UNSET_VAR"))
                .hasMessageContaining("the environment variable UNSET_VAR is not set");
        assertThatThrownBy(() -> delivery("orders", "--secret", SECRET, "--secret-env", "ORDERS_SECRET"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> delivery("orders", "--secret", SECRET, "--data", "{}", "--file", "x.json"))
                .hasMessageContaining("--file or with --data, not both");
        assertThatThrownBy(() -> delivery("orders", "--secret", SECRET, "--scheme", "svix"))
                .hasMessage("unknown scheme 'svix'; hookrun knows [github, hmac, none, standard-webhooks, stripe]");
        assertThatThrownBy(() -> delivery("orders", "--secret", SECRET, "--hmac-header", "X-Sig"))
                .hasMessage("--hmac-* options go with --scheme hmac");
        assertThatThrownBy(() -> delivery("orders", "--secret", SECRET, "--file", "no/such/body.json"))
                .hasMessage("no body file at no/such/body.json");
        assertThatThrownBy(() -> delivery("orders", "--secret", SECRET, "--header", "no-colon"))
                .hasMessageContaining("--header takes 'Name: value'");
        assertThatThrownBy(() -> delivery("orders", "extra", "--secret", SECRET)).hasMessageContaining("send takes one <triggerId>");
        assertThatThrownBy(() -> delivery("--secret", SECRET)).hasMessageContaining("send takes one <triggerId>");
        assertThatThrownBy(() -> delivery("orders", "--secret", SECRET, "--url", "ftp://x")).hasMessageContaining("--api (or --url) takes");
        assertThatThrownBy(() -> delivery("orders", "--secret", SECRET, "--url", URL, "--api", URL))
                .hasMessageContaining("give the API's base URL with --api or with --url, not both");
        assertThatThrownBy(() -> delivery("orders", "--secret", SECRET, "--timestamp", "yesterday"))
                .hasMessage("--timestamp takes a number");
        assertThatThrownBy(() -> delivery("p", "--scheme", "hmac", "--secret", "s", "--url", URL, "--hmac-header", "X-Sig",
                "--hmac-signed", "timestamp-body")).hasMessageContaining("timestampHeader is required when signed is timestamp-body");
        assertThatThrownBy(() -> delivery("orders", "--secret", "whsec_not*base64!", "--url", URL))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("the standard-webhooks scheme cannot sign with this secret")
                .message().doesNotContain("not*base64!");
    }

    @Test
    void theSecret_isNeverPrinted() throws Exception {
        delivery("orders", "--data", "{}", "--secret", SECRET, "--url", URL);
        delivery("orders", "--data", "{}", "--secret-env", "ORDERS_SECRET", "--url", URL);

        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("signed with standard-webhooks", "webhook-id: msg_")
                .doesNotContain(SECRET).doesNotContain(SECRET.substring("whsec_".length()));
    }

    @Test
    void usage_listsSend() {
        assertThat(HookrunCli.USAGE).contains("send <triggerId> [--file <path> | --data '<body>']", "--repeat N", "--secret-env");
    }
}
