package io.hookrun.webhook;

import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.signature.SignatureScheme;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.signature.WebhookRequest;
import io.hookrun.lambda.http.HttpResponses;
import io.hookrun.lambda.snapstart.HttpApiPriming;
import io.hookrun.lambda.snapstart.SnapStartPriming;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * WebhookFunction's SnapStart hooks ({@link SnapStartPriming}). Each step warms what the first webhook of a restored
 * environment would otherwise load and run for the first time, and none writes anything:
 * <ul>
 *   <li><b>signature schemes</b>: every scheme signs a synthetic delivery with a throw-away secret and verifies it
 *       (HMAC-SHA256 and the JCA provider lookup, base64, the constant-time compare): every accepted webhook pays
 *       this, and it is pure computation.</li>
 *   <li><b>event envelope</b>: a synthetic CloudEvent serialised and measured as the steps queue would send it
 *       ({@code StepQueue.prepareEvent}: JSON writing, no call), and read back.</li>
 *   <li><b>unknown trigger</b>: a request for a trigger id that cannot exist, through the handler's path: the
 *       API Gateway event read from JSON, {@link WebhookIngestion} (header limits, the trigger cache, one DynamoDB
 *       {@code GetItem}: the SDK client, its signer, marshallers and HTTP connection code), the 404 problem written
 *       back. It ends at the trigger lookup, before any signature check, rate limit, claim or queue: unknown
 *       triggers are not cached either ({@link TriggerCache}), so it leaves no trace but a log line.</li>
 * </ul>
 * The webhook opens no database connection and holds no random state of its own: {@code new SecureRandom()} on
 * Lambda is NativePRNG, which mixes fresh {@code /dev/urandom} bytes into every output, so the instances created at
 * init (secret sealing, {@code TriggerSecret}) stay unique after a restore
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html), which the base hook checks.
 */
@Context
public class WebhookPriming extends SnapStartPriming {

    /** A trigger id no one can have created: ids are chosen by admins, this one carries a random UUID. */
    static final String UNKNOWN_TRIGGER = "snapstart-priming-" + UUID.randomUUID();

    private final BeanProvider<SignatureVerifier> signatures;
    private final BeanProvider<StepQueue> queue;
    private final BeanProvider<JsonText> jsonText;
    private final BeanProvider<JsonMapper> json;
    private final BeanProvider<WebhookIngestion> ingestion;
    private final BeanProvider<HttpResponses> responses;
    private final BeanProvider<Clock> clock;

    public WebhookPriming(BeanProvider<SignatureVerifier> signatures, BeanProvider<StepQueue> queue,
                          BeanProvider<JsonText> jsonText, BeanProvider<JsonMapper> json,
                          BeanProvider<WebhookIngestion> ingestion, BeanProvider<HttpResponses> responses,
                          BeanProvider<Clock> clock) {
        this.signatures = signatures;
        this.queue = queue;
        this.jsonText = jsonText;
        this.json = json;
        this.ingestion = ingestion;
        this.responses = responses;
        this.clock = clock;
    }

    @Override
    protected List<Step> steps() {
        return List.of(
                new Step("signature schemes", this::signAndVerify),
                new Step("event envelope", this::envelope),
                new Step("unknown trigger request", this::unknownTrigger));
    }

    private void signAndVerify() throws Exception {
        SignatureVerifier verifier = signatures.get();
        byte[] body = "{\"priming\":true}".getBytes(StandardCharsets.UTF_8);
        Instant now = clock.get().instant();
        SecureRandom random = new SecureRandom();
        int verified = 0;
        for (String name : verifier.schemeNames()) {
            if (SignatureSettings.NONE.equals(name)) {
                continue; // takes no secret, verifies nothing
            }
            SignatureScheme scheme = verifier.scheme(name).orElseThrow();
            SignatureSettings settings = SignatureSettings.of(name);
            String secret = scheme.newSecret(random);
            Map<String, String> headers;
            try {
                headers = scheme.sign(settings, secret, "msg_snapstart_priming", "priming.event", now, body);
            } catch (IllegalArgumentException e) {
                continue; // a configurable scheme (generic hmac) signs only with a trigger's own settings
            }
            verifier.verify(settings, new WebhookRequest(headers, body), List.of(secret), now);
            verified++;
        }
        if (verified == 0) {
            throw new IllegalStateException("no signature scheme could sign with its defaults");
        }
    }

    private void envelope() {
        Object data = jsonText.get().parse("{\"order\":{\"id\":\"o-1\",\"lines\":[{\"sku\":\"a\",\"qty\":2}]}}");
        CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, "evt-snapstart-priming", "/hooks/" + UNKNOWN_TRIGGER,
                CloudEvent.WEBHOOK_RECEIVED, clock.get().instant().toString(), "application/json", data,
                UNKNOWN_TRIGGER, "snapstart-priming", UUID.randomUUID().toString());
        queue.get().prepareEvent(event);
        jsonText.get().parse(jsonText.get().write(event.toJson()));
    }

    private void unknownTrigger() throws Exception {
        HttpApiPriming.expectStatus(HttpApiPriming.request(json.get(), "POST", "/hooks/" + UNKNOWN_TRIGGER,
                Map.of("triggerId", UNKNOWN_TRIGGER), Map.of("content-type", "application/json"), "{}",
                request -> switch (ingestion.get().accept(request.path(), request.pathParameter("triggerId").orElse(null),
                        request.headers(), request.body(), Duration.ofSeconds(5))) {
                    case IngestionOutcome.UnknownTrigger unknown -> responses.get().problem(404, "unknown-trigger",
                            "Unknown trigger", "no trigger has the id '" + unknown.triggerId() + "'");
                    case IngestionOutcome other -> throw new IllegalStateException(
                            "an unknown trigger was answered " + other.getClass().getSimpleName());
                }), 404);
    }
}
