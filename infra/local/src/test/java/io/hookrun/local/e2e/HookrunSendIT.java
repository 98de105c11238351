package io.hookrun.local.e2e;

import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.local.cli.HookrunCliAccess;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import io.hookrun.testsupport.emulator.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./hookrun send} against the local stack {@code ./hookrun local} runs: each sample body of
 * {@code events/webhook/bodies/} signed in its scheme is accepted and its run succeeds; {@code --repeat} shows
 * deduplication; refusals print the problem and exit 1.
 */
class HookrunSendIT {

    private static final String TOKEN = "send-it-token";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String WORKFLOW = "echo-event";
    private static LocalCloud cloud;
    private static HookrunClient client;

    @BeforeAll
    static void start() throws Exception {
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
    void repeat_sendsTheSameDeliveryAgain_andOnlyTheFirstStartsARun() throws Exception {
        String trigger = trigger("standard-webhooks", SECRET);

        HookrunCliAccess.Result result = send(trigger, "--file", body("standard-webhooks-order-created.json"),
                "--secret", SECRET, "--id", "msg_repeat_1", "--repeat", "3");

        assertThat(result.status()).as(result.err()).isZero();
        List<String> lines = result.outLines();
        assertThat(lines).filteredOn("HTTP 202"::equals).hasSize(3);
        assertThat(lines).filteredOn("Idempotent-Replayed: true"::equals).hasSize(2);
        List<String> answers = lines.stream().filter(l -> l.startsWith("{")).toList();
        assertThat(answers).hasSize(3).containsOnly(answers.getFirst());
        Map<String, Object> accepted = HookrunClient.json(answers.getFirst());
        assertThat(accepted).containsEntry("eventId", "msg_repeat_1").containsEntry("status", "QUEUED");
        assertThat(client.awaitFinished((String) accepted.get("runId"), EndToEndSuite.RUN_TIMEOUT))
                .containsEntry("status", "SUCCEEDED");
        assertThat(client.runs(trigger)).hasSize(1);
        assertThat(result.err()).contains("signed with standard-webhooks", "(copy 3 of 3)").doesNotContain(SECRET);
    }

    @Test
    void v1a_signedWithAWhskPrivateKey_isAcceptedByATriggerHoldingItsWhpkPublicKey() throws Exception {
        String privateKey = StandardWebhooksScheme.newPrivateKey(new SecureRandom());
        String trigger = trigger("standard-webhooks", StandardWebhooksScheme.publicKeyOf(privateKey));

        Map<String, Object> output = sentAndRun(trigger, "standard-webhooks-order-created.json", "--secret", privateKey, "--id", "msg_v1a_1");

        assertThat(output).containsEntry("id", "msg_v1a_1").containsEntry("type", "dev.hookrun.webhook.received");
    }

    @Test
    void githubPushAndPing_areAccepted_asComGithubEvents() throws Exception {
        String trigger = trigger("github", "gh-send-secret");

        Map<String, Object> push = sentAndRun(trigger, "github-push.json", "--scheme", "github", "--event-type", "push",
                "--secret", "gh-send-secret");
        Map<String, Object> ping = sentAndRun(trigger, "github-ping.json", "--scheme", "github", "--event-type", "ping",
                "--secret", "gh-send-secret");

        assertThat(push).containsEntry("type", "com.github.push");
        assertThat(ping).containsEntry("type", "com.github.ping");
    }

    @Test
    void stripeInvoicePaid_isAccepted_withTheEventsOwnId() throws Exception {
        String trigger = trigger("stripe", "whsec_sendItStripeSecret0123456789abcd");

        Map<String, Object> output = sentAndRun(trigger, "stripe-invoice-paid.json", "--scheme", "stripe",
                "--secret", "whsec_sendItStripeSecret0123456789abcd");

        assertThat(output).containsEntry("id", "evt_1QhookrunInvoicePaid01").containsEntry("type", "com.stripe.invoice.paid");
    }

    @Test
    void hmac_withTheTriggersSettingsAsJson_isAccepted_withTheBodysId() throws Exception {
        String settings = """
                {"header": "X-Signature", "prefix": "sha256=", "encoding": "hex", "algorithm": "sha256", "signed": "timestamp-body",
                 "timestampHeader": "X-Timestamp", "deliveryIdPointer": "/id", "eventTypeHeader": "X-Event-Type"}""";
        String trigger = trigger("hmac", "partner-secret", ", \"hmac\": " + settings);

        Map<String, Object> output = sentAndRun(trigger, "hmac-order-shipped.json", "--scheme", "hmac", "--hmac-settings", settings,
                "--event-type", "order.shipped", "--secret", "partner-secret");

        assertThat(output).containsEntry("id", "ship_7f3a9c");
    }

    @Test
    void cloudEvents_structuredAndBinary_keepTheirIdAndType() throws Exception {
        String trigger = trigger("hmac", "ce-secret", ", \"hmac\": {\"header\": \"X-Signature\", \"prefix\": \"sha256=\","
                + " \"encoding\": \"hex\", \"algorithm\": \"sha256\", \"signed\": \"body\"}");
        String[] hmac = {"--scheme", "hmac", "--hmac-header", "X-Signature", "--hmac-prefix", "sha256=", "--secret", "ce-secret"};

        Map<String, Object> structured = sentAndRun(trigger, "cloudevents-structured.json",
                concat(hmac, "--content-type", "application/cloudevents+json"));
        Map<String, Object> binary = sentAndRun(trigger, "cloudevents-binary-data.json", concat(hmac,
                "--header", "ce-specversion: 1.0", "--header", "ce-id: B234-1234-1234", "--header", "ce-source: /shop/orders",
                "--header", "ce-type: com.example.order.created"));

        assertThat(structured).containsEntry("id", "A234-1234-1234").containsEntry("type", "com.example.order.created")
                .containsEntry("data", Map.of("orderId", "o-1003", "amount", 120));
        assertThat(binary).containsEntry("id", "B234-1234-1234").containsEntry("type", "com.example.order.created")
                .containsEntry("data", Map.of("orderId", "o-1004", "amount", 75));
    }

    @Test
    void aWrongSecret_prints401WithTheProblem_andExits1() {
        String trigger = trigger("standard-webhooks", SECRET);

        HookrunCliAccess.Result result = send(trigger, "--data", "{\"n\":1}", "--secret", "whsec_" + "A".repeat(43) + "=");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.outLines().getFirst()).isEqualTo("HTTP 401");
        assertThat(result.out()).contains("\"status\":401", "webhook-signature");
        assertThat(client.runs(trigger)).isEmpty();
    }

    @Test
    void anUnknownTrigger_prints404_andExits1() {
        HookrunCliAccess.Result result = send("no-such-trigger", "--data", "{}", "--secret", SECRET);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.outLines().getFirst()).isEqualTo("HTTP 404");
    }

    @Test
    void withNothingListening_itSaysSo() {
        int closedPort = FreePorts.find();

        HookrunCliAccess.Result result = HookrunCliAccess.run("send", "t", "--data", "{}", "--secret", SECRET,
                "--url", "http://127.0.0.1:" + closedPort);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("nothing answers at http://127.0.0.1:" + closedPort + "/hooks/t");
        assertThat(result.out()).isEmpty();
    }

    static String trigger(String scheme, String secret) {
        return trigger(scheme, secret, "");
    }

    /** A trigger of the echo workflow; {@code more} is added to the signature object (e.g. {@code , "hmac": {...}}). */
    static String trigger(String scheme, String secret, String more) {
        String trigger = EndToEndSuite.unique(scheme);
        HookrunClient.expect(client.admin("PUT", "/admin/triggers/" + trigger, """
                {"workflowId": "%s", "signature": {"scheme": "%s", "secrets": ["%s"]%s}}"""
                .formatted(WORKFLOW, scheme, secret, more)), 200);
        return trigger;
    }

    /** Sends the sample body with {@code args}; expects 202 and a run that SUCCEEDED; returns its output. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> sentAndRun(String trigger, String sample, String... args) throws InterruptedException {
        HookrunCliAccess.Result result = send(trigger, concat(new String[] {"--file", body(sample)}, args));
        assertThat(result.status()).as(result.out() + result.err()).isZero();
        assertThat(result.outLines().getFirst()).isEqualTo("HTTP 202");
        String runId = (String) HookrunClient.json(result.outLines().getLast()).get("runId");
        Map<String, Object> run = client.awaitFinished(runId, EndToEndSuite.RUN_TIMEOUT);
        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("SUCCEEDED");
        return (Map<String, Object>) run.get("output");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static String body(String file) {
        return EventFiles.DIRECTORY.resolve(EventFiles.WEBHOOK_BODIES + file).toString();
    }

    private static HookrunCliAccess.Result send(String trigger, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "send";
        all[1] = trigger;
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "--url";
        all[args.length + 3] = cloud.httpApi().toString();
        return HookrunCliAccess.run(all);
    }
}
