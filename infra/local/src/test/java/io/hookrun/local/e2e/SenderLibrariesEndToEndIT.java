package io.hookrun.local.e2e;

import io.hookrun.local.cli.HookrunCliAccess;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compatibility with real senders, proven with their own code: deliveries signed by the official Standard Webhooks
 * library ({@code standardwebhooks}), GitHub's ({@code @octokit/webhooks-methods}) and Stripe's SDK
 * ({@code stripe.webhooks.generateTestHeaderString}), run by node (see {@link SenderLibraries}), are posted with
 * exactly the headers those libraries produced through the HTTP API of the stack {@code ./hookrun local} runs.
 * Each is accepted (202) and its run ends SUCCEEDED with the sender's delivery id as the event id; the same delivery
 * again is answered from the first (same run id, {@code Idempotent-Replayed: true}) and starts nothing; the same
 * headers on a tampered body get 401. Standard Webhooks v1a is signed with node's Ed25519, per the spec, as the
 * {@code standardwebhooks} package signs v1 only. Rotation ({@code POST /admin/triggers/{id}/secrets}, generated or
 * dictated) keeps the old and the new secret valid during the overlap, and {@code DELETE} retires the old one. The
 * other way round, what {@code hookrun send} signs passes each library's own verifier.
 *
 * <p>Skipped, saying why, when node 20+ or npm is missing or {@code npm ci} cannot reach a registry.
 */
class SenderLibrariesEndToEndIT {

    private static final String TOKEN = "senders-e2e-token";
    private static final String WORKFLOW = "echo-event";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static SenderLibraries libraries;
    private static LocalCloud cloud;
    private static HookrunClient client;

    @BeforeAll
    static void start() throws Exception {
        libraries = SenderLibraries.installOrSkip();
        System.out.println("senders' libraries: " + libraries.versions());
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken(TOKEN));
        client = new HookrunClient(cloud.httpApi(), TOKEN);
        HookrunClient.expectSaved(client.admin("PUT", "/admin/workflows/" + WORKFLOW, """
                {"QueryLanguage": "JSONata", "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true,
                  "Output": {"id": "{% $states.input.id %}", "type": "{% $states.input.type %}", "data": "{% $states.input.data %}"}}}}"""));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void standardWebhooksLibrary_v1_isAccepted_runs_deduplicatesByWebhookId_andATamperedBodyIs401() {
        String secret = "whsec_" + Base64.getEncoder().encodeToString(bytes(32));
        String trigger = trigger("standard-webhooks", secret);
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        String body = sample("standard-webhooks-order-created.json");

        Map<String, String> headers = libraries.sign(Map.of("sender", "standardwebhooks", "secret", secret, "id", id,
                "timestamp", Instant.now().getEpochSecond(), "body", body));

        assertThat(headers.get("webhook-signature")).startsWith("v1,");
        acceptedOnce_replayed_andTamperingRefused(trigger, json(headers), body, id, "dev.hookrun.webhook.received");
    }

    @Test
    void standardWebhooks_v1a_ed25519SignedPerTheSpec_isVerifiedWithTheTriggersWhpkPublicKey() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded(); // X.509 SubjectPublicKeyInfo: a 12-byte header, then the raw key
        String publicKey = "whpk_" + Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        String trigger = trigger("standard-webhooks", publicKey);
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        String body = sample("standard-webhooks-order-created.json");

        Map<String, String> headers = libraries.sign(Map.of("sender", "standardwebhooks-v1a",
                "privateKeyPkcs8", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()), "id", id,
                "timestamp", Instant.now().getEpochSecond(), "body", body));

        assertThat(headers.get("webhook-signature")).startsWith("v1a,");
        acceptedOnce_replayed_andTamperingRefused(trigger, json(headers), body, id, "dev.hookrun.webhook.received");
    }

    @Test
    void octokitSignedGitHubPush_isAccepted_runs_deduplicatesByXGitHubDelivery_andATamperedBodyIs401_andPingIsAccepted() {
        String secret = HexFormat.of().formatHex(bytes(20));
        String trigger = trigger("github", secret);
        String pushId = UUID.randomUUID().toString();
        String push = sample("github-push.json");
        String pingId = UUID.randomUUID().toString();
        String ping = sample("github-ping.json");

        Map<String, String> pushHeaders = libraries.sign(Map.of("sender", "github", "secret", secret, "id", pushId,
                "event", "push", "body", push));
        Map<String, String> pingHeaders = libraries.sign(Map.of("sender", "github", "secret", secret, "id", pingId,
                "event", "ping", "body", ping));

        assertThat(pushHeaders.get("X-Hub-Signature-256")).matches("sha256=[0-9a-f]{64}");
        acceptedOnce_replayed_andTamperingRefused(trigger, github(pushHeaders), push, pushId, "com.github.push");
        HttpResponse<String> pinged = deliver(trigger, github(pingHeaders), ping);
        assertThat(pinged.statusCode()).as(pinged.body()).isEqualTo(202);
        assertThat(finishedRun(pinged)).containsEntry("id", pingId).containsEntry("type", "com.github.ping");
        assertThat(client.runs(trigger)).hasSize(2);
    }

    @Test
    void stripeSdkSignedEvent_isAccepted_runs_aRetryResignedWithANewTimestampIsReplayedByEventId_andATamperedBodyIs401()
            throws Exception {
        String secret = "whsec_" + HexFormat.of().formatHex(bytes(16));
        String trigger = trigger("stripe", secret);
        String body = sample("stripe-invoice-paid.json");
        long now = Instant.now().getEpochSecond();

        Map<String, String> headers = libraries.sign(Map.of("sender", "stripe", "secret", secret, "timestamp", now, "body", body));
        Map<String, String> retryHeaders = libraries.sign(Map.of("sender", "stripe", "secret", secret, "timestamp", now + 7,
                "body", body));

        assertThat(headers.get("Stripe-Signature")).matches("t=\\d+,v1=[0-9a-f]{64}");
        String runId = acceptedOnce_replayed_andTamperingRefused(trigger, stripe(headers), body, "evt_1QhookrunInvoicePaid01",
                "com.stripe.invoice.paid");
        // Stripe signs every attempt anew (a new t=): the event id still names the delivery.
        HttpResponse<String> retried = deliver(trigger, stripe(retryHeaders), body);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
        assertThat(retried.headers().firstValue("idempotent-replayed")).contains("true");
        assertThat(HookrunClient.json(retried.body())).containsEntry("runId", runId);
        assertThat(client.runs(trigger)).hasSize(1);
    }

    @Test
    void hookrunSend_signsDeliveriesTheSendersOwnVerifiersAccept() throws Exception {
        String standardSecret = "whsec_" + Base64.getEncoder().encodeToString(bytes(32));
        String githubSecret = HexFormat.of().formatHex(bytes(20));
        String stripeSecret = "whsec_" + HexFormat.of().formatHex(bytes(16));
        String order = sample("standard-webhooks-order-created.json");
        String push = sample("github-push.json");
        String invoice = sample("stripe-invoice-paid.json");

        HookrunCliAccess.Signed standard = HookrunCliAccess.signed("t", "--url", "http://127.0.0.1:9", "--data", order,
                "--secret", standardSecret);
        HookrunCliAccess.Signed github = HookrunCliAccess.signed("t", "--url", "http://127.0.0.1:9", "--data", push,
                "--scheme", "github", "--event-type", "push", "--secret", githubSecret);
        HookrunCliAccess.Signed stripe = HookrunCliAccess.signed("t", "--url", "http://127.0.0.1:9", "--data", invoice,
                "--scheme", "stripe", "--secret", stripeSecret);

        assertThat(libraries.verificationError("standardwebhooks", standardSecret, standard.headers(), order)).isNull();
        assertThat(libraries.verificationError("github", githubSecret, github.headers(), push)).isNull();
        assertThat(libraries.verificationError("stripe", stripeSecret, stripe.headers(), invoice)).isNull();
        // The verifiers are not lenient: another secret fails each of them.
        assertThat(libraries.verificationError("standardwebhooks", "whsec_" + Base64.getEncoder().encodeToString(bytes(32)),
                standard.headers(), order)).isNotNull();
        assertThat(libraries.verificationError("github", githubSecret + "x", github.headers(), push)).isNotNull();
        assertThat(libraries.verificationError("stripe", stripeSecret + "x", stripe.headers(), invoice)).isNotNull();
    }

    /** A sender's library, as the rotation test drives it: the secret it holds, a new delivery number n. */
    private record Sender(String scheme, IntFunction<String> body, BiFunction<String, Integer, Map<String, String>> headers) {
    }

    private static Sender standardWebhooksSender() {
        String body = sample("standard-webhooks-order-created.json");
        return new Sender("standard-webhooks", n -> body, (secret, n) -> json(libraries.sign(Map.of("sender", "standardwebhooks",
                "secret", secret, "id", "msg_rotation_" + n, "timestamp", Instant.now().getEpochSecond(), "body", body))));
    }

    private static Sender githubSender() {
        String body = sample("github-push.json");
        return new Sender("github", n -> body, (secret, n) -> github(libraries.sign(Map.of("sender", "github",
                "secret", secret, "id", UUID.nameUUIDFromBytes(("rotation-" + n).getBytes(StandardCharsets.UTF_8)).toString(),
                "event", "push", "body", body))));
    }

    private static Sender stripeSender() {
        IntFunction<String> body = n -> sample("stripe-invoice-paid.json").replace("evt_1QhookrunInvoicePaid01", "evt_rotation_" + n);
        return new Sender("stripe", body, (secret, n) -> stripe(libraries.sign(Map.of(
                "sender", "stripe", "secret", secret, "timestamp", Instant.now().getEpochSecond(), "body", body.apply(n)))));
    }

    @Test
    void rotation_standardWebhooks_generatedSecret_bothVerifyDuringTheOverlap_theRetiredOneIsRefused() {
        rotation(standardWebhooksSender(), "whsec_" + Base64.getEncoder().encodeToString(bytes(32)), null);
    }

    @Test
    void rotation_github_secretTheSenderDictates_bothVerifyDuringTheOverlap_theRetiredOneIsRefused() {
        rotation(githubSender(), HexFormat.of().formatHex(bytes(20)), HexFormat.of().formatHex(bytes(20)));
    }

    @Test
    void rotation_stripe_secretTheSenderDictates_bothVerifyDuringTheOverlap_theRetiredOneIsRefused() {
        rotation(stripeSender(), "whsec_" + HexFormat.of().formatHex(bytes(16)), "whsec_" + HexFormat.of().formatHex(bytes(16)));
    }

    /**
     * A trigger with {@code oldSecret}; {@code POST /admin/triggers/{id}/secrets} adds {@code dictated} (null: hookrun
     * generates one) with an overlap; deliveries the library signs with either secret are accepted; once the old one
     * is retired ({@code DELETE}) its deliveries get 401 and the new one's are still accepted. The webhook function
     * caches a trigger for up to 10 s ({@code HOOKRUN_TRIGGER_CACHE_TTL}), so a change is awaited that long.
     */
    private static void rotation(Sender sender, String oldSecret, String dictated) {
        String trigger = trigger(sender.scheme(), oldSecret);
        String oldId = secretIds(trigger).getFirst();

        HttpResponse<String> rotated = client.admin("POST", "/admin/triggers/" + trigger + "/secrets",
                dictated == null ? "{\"overlapSeconds\": 3600}" : "{\"secret\": \"" + dictated + "\", \"overlapSeconds\": 3600}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        Map<String, Object> answer = HookrunClient.json(rotated.body());
        String newSecret = (String) answer.get("secret");
        assertThat(newSecret).isNotBlank().isNotEqualTo(oldSecret);
        if (dictated != null) {
            assertThat(newSecret).isEqualTo(dictated);
        }
        assertThat(client.admin("GET", "/admin/triggers/" + trigger, null).body()).doesNotContain(newSecret).doesNotContain(oldSecret);

        int[] n = {0};
        assertThat(awaitStatus(() -> deliver(trigger, sender.headers().apply(newSecret, ++n[0]),
                sender.body().apply(n[0])), 202)).as("signed with the new secret").isEqualTo(202);
        HttpResponse<String> old = deliver(trigger, sender.headers().apply(oldSecret, ++n[0]), sender.body().apply(n[0]));
        assertThat(old.statusCode()).as("signed with the old secret, during the overlap: " + old.body()).isEqualTo(202);

        HttpResponse<String> retired = client.admin("DELETE", "/admin/triggers/" + trigger + "/secrets/" + oldId, null);
        assertThat(retired.statusCode()).as(retired.body()).isBetween(200, 204);
        assertThat(awaitStatus(() -> deliver(trigger, sender.headers().apply(oldSecret, ++n[0]),
                sender.body().apply(n[0])), 401)).as("signed with the retired secret").isEqualTo(401);
        HttpResponse<String> current = deliver(trigger, sender.headers().apply(newSecret, ++n[0]), sender.body().apply(n[0]));
        assertThat(current.statusCode()).as("signed with the new secret, after: " + current.body()).isEqualTo(202);
    }

    /** Sends fresh deliveries until one gets {@code status} or 20 s pass; the last status. */
    private static int awaitStatus(Supplier<HttpResponse<String>> delivery, int status) {
        Instant deadline = Instant.now().plusSeconds(20);
        int last;
        do {
            last = delivery.get().statusCode();
            if (last == status) {
                return last;
            }
            sleep(Duration.ofMillis(500));
        } while (Instant.now().isBefore(deadline));
        return last;
    }

    @SuppressWarnings("unchecked")
    private static List<String> secretIds(String trigger) {
        Map<String, Object> read = HookrunClient.json(HookrunClient.expect(client.admin("GET", "/admin/triggers/" + trigger, null), 200).body());
        Object secrets = read.containsKey("secrets") ? read.get("secrets") : ((Map<String, Object>) read.get("signature")).get("secrets");
        return ((List<Map<String, Object>>) secrets).stream().map(s -> (String) s.get("id")).toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Posts the signed delivery, then the same again, then the same headers over a tampered body; returns the run id.
     * The run must end SUCCEEDED with the sender's delivery id as the event's id and the scheme's event type.
     */
    private static String acceptedOnce_replayed_andTamperingRefused(String trigger, Map<String, String> headers, String body,
                                                                    String deliveryId, String eventType) {
        HttpResponse<String> first = deliver(trigger, headers, body);
        HttpResponse<String> again = deliver(trigger, headers, body);
        // Still valid JSON, one value changed: what an attacker replaying captured headers would send.
        String tamperedBody = body.replaceFirst("\"(o-1001|octocat|in_1QhookrunInvoice0001)\"", "\"$1x\"");
        assertThat(tamperedBody).isNotEqualTo(body);
        HttpResponse<String> tampered = deliver(trigger, headers, tamperedBody);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.headers().firstValue("idempotent-replayed")).isEmpty();
        Map<String, Object> accepted = HookrunClient.json(first.body());
        assertThat(accepted).containsEntry("status", "QUEUED").containsEntry("eventId", deliveryId);
        assertThat(finishedRun(first)).containsEntry("id", deliveryId).containsEntry("type", eventType)
                .containsEntry("data", HookrunClient.json(body));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(again.headers().firstValue("idempotent-replayed")).contains("true");
        assertThat(HookrunClient.json(again.body())).containsEntry("runId", accepted.get("runId"));
        assertThat(tampered.statusCode()).as(tampered.body()).isEqualTo(401);
        assertThat(tampered.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(client.runs(trigger)).as("runs of " + trigger).hasSize(1);
        return (String) accepted.get("runId");
    }

    /** The output of the run a 202 announced, once it ended SUCCEEDED: the echo workflow's {id, type, data}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> finishedRun(HttpResponse<String> accepted) {
        String runId = (String) HookrunClient.json(accepted.body()).get("runId");
        Map<String, Object> run;
        try {
            run = client.awaitFinished(runId, EndToEndSuite.RUN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("SUCCEEDED");
        return (Map<String, Object>) run.get("output");
    }

    /** A trigger of {@code scheme} with {@code secret}, running the echo workflow. */
    private static String trigger(String scheme, String secret) {
        String trigger = EndToEndSuite.unique(scheme);
        HookrunClient.expect(client.admin("PUT", "/admin/triggers/" + trigger, """
                {"workflowId": "%s", "signature": {"scheme": "%s", "secrets": ["%s"]}}""".formatted(WORKFLOW, scheme, secret)), 200);
        return trigger;
    }

    static HttpResponse<String> deliver(String trigger, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.httpApi().resolve("/hooks/" + trigger))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What every JSON sender adds to its signature headers. */
    private static Map<String, String> json(Map<String, String> signed) {
        Map<String, String> headers = new HashMap<>(signed);
        headers.put("Content-Type", "application/json");
        return headers;
    }

    /** GitHub's request: its content type and user agent (docs.github.com, "Webhook events and payloads"). */
    private static Map<String, String> github(Map<String, String> signed) {
        Map<String, String> headers = json(signed);
        headers.put("User-Agent", "GitHub-Hookshot/a1b2c3d");
        return headers;
    }

    /** Stripe's request: JSON with a charset parameter, and its user agent (docs.stripe.com, "Webhooks"). */
    private static Map<String, String> stripe(Map<String, String> signed) {
        Map<String, String> headers = new HashMap<>(signed);
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
        return headers;
    }

    static String sample(String file) {
        try {
            return Files.readString(EventFiles.DIRECTORY.resolve(EventFiles.WEBHOOK_BODIES + file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
