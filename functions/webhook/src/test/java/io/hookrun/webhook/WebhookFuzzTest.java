package io.hookrun.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.core.idempotency.ClaimResult;
import io.hookrun.core.idempotency.DeliveryKey;
import io.hookrun.core.idempotency.IdempotencyStore;
import io.hookrun.core.idempotency.InMemoryIdempotencyStore;
import io.hookrun.core.message.InMemoryStepQueue;
import io.hookrun.core.signature.HmacSettings;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.time.SettableClock;
import io.hookrun.core.trigger.EventSettings;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerSecret;
import io.hookrun.lambda.LambdaHandler;
import io.hookrun.lambda.TestLambdaContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8's hostile-input property: whatever arrives (random, huge, non-ASCII and case-duplicated headers; random
 * bytes, deep JSON, invalid UTF-8, huge numbers, U+FFFF; any content type; any trigger id), the webhook function
 * answers below 500, and a request it does not accept (anything but 202) reaches neither the queue nor the claims
 * table. Some requests are signed genuinely with the trigger's own scheme (one trigger per scheme), so the paths
 * after the signature check are explored too, not only the refusals.
 *
 * <p>The real {@link WebhookHandler}, built as {@code WebhookHandlerTest} builds it, over the in-memory twins
 * ({@link TwinStores}); the claims twin is wrapped to count the claims written ({@link WrittenClaims}). A failing
 * sample is printed whole by jqwik (and shrunk), so it can be replayed as a unit test.
 */
class WebhookFuzzTest {

    static final String COUNT_CLAIMS = "hookrun.test.count-claims";
    private static final Duration REMAINING = Duration.ofSeconds(10);
    private static final int MAX_BODY_BYTES = 16_384;
    private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String GITHUB_SECRET = "It's a Secret to Everybody";
    private static final String STRIPE_SECRET = "whsec_test_secret_0123456789abcdef";
    private static final String HMAC_SECRET = "shared-secret-from-sender";
    private static final HmacSettings HMAC = new HmacSettings("X-Signature", "sha256=", HmacSettings.Encoding.HEX,
            HmacSettings.Algorithm.SHA256, HmacSettings.Signed.TIMESTAMP_BODY, ".", "X-Timestamp", "X-Delivery-Id",
            null, "X-Event-Type");
    /** trigger id -> (settings, secret); "open" is the unsigned one. */
    private static final Map<String, Object[]> TRIGGERS = Map.of(
            "sw", new Object[] {SignatureSettings.of("standard-webhooks"), WHSEC},
            "gh", new Object[] {SignatureSettings.of("github"), GITHUB_SECRET},
            "st", new Object[] {SignatureSettings.of("stripe"), STRIPE_SECRET},
            "hm", new Object[] {new SignatureSettings("hmac", null, HMAC), HMAC_SECRET},
            "open", new Object[] {SignatureSettings.of("none"), null});

    private static WebhookHandler handler;
    private static InMemoryStepQueue queue;
    private static WrittenClaims claims;
    private static SettableClock clock;
    private static SignatureVerifier verifier;
    private static final AtomicInteger requests = new AtomicInteger();

    @BeforeContainer
    static void startHandler() {
        handler = new WebhookHandler(LambdaHandler.lambdaBuilder().properties(Map.of(
                "hookrun.table-name", "hookrun-test",
                "hookrun.steps-queue-url", "http://127.0.0.1:1/000000000000/steps",
                "hookrun.max-body-bytes", MAX_BODY_BYTES,
                COUNT_CLAIMS, true)));
        queue = handler.getApplicationContext().getBean(InMemoryStepQueue.class);
        claims = handler.getApplicationContext().getBean(WrittenClaims.class);
        clock = handler.getApplicationContext().getBean(SettableClock.class);
        verifier = handler.getApplicationContext().getBean(SignatureVerifier.class);
        InMemoryTriggerStore triggers = handler.getApplicationContext().getBean(InMemoryTriggerStore.class);
        Instant now = clock.instant();
        TRIGGERS.forEach((id, trigger) -> triggers.save(new Trigger(id, "order-flow", (SignatureSettings) trigger[0],
                trigger[1] == null ? List.of() : List.of(TriggerSecret.current((String) trigger[1], now)),
                EventSettings.DEFAULTS, now, now)));
    }

    @AfterContainer
    static void closeHandler() {
        handler.close();
    }

    @Property(tries = 500, shrinking = ShrinkingMode.BOUNDED)
    void noInputIsAnswered5xx_andNoRefusedInputReachesTheQueueOrTheClaims(@ForAll("deliveries") Delivery delivery) {
        int queuedBefore = queue.events().size();
        int claimsBefore = claims.written();

        APIGatewayV2HTTPResponse response = handler.handleRequest(delivery.event(),
                new TestLambdaContext("WebhookFunction", "fuzz-" + requests.incrementAndGet(), REMAINING));

        // Printed with the run: shows the signed paths are reached (202s), not only refusals.
        Statistics.collect(delivery.triggerId() != null && TRIGGERS.containsKey(delivery.triggerId())
                ? delivery.triggerId() : "unknown", response.getStatusCode());
        assertThat(response.getStatusCode()).as("status of %s, answered %s", delivery, response.getBody())
                .isBetween(200, 499);
        if (response.getStatusCode() != 202) {
            assertThat(queue.events()).as("queued although answered %s: %s", response.getStatusCode(), delivery)
                    .hasSize(queuedBefore);
            assertThat(claims.written()).as("claimed although answered %s: %s", response.getStatusCode(), delivery)
                    .isEqualTo(claimsBefore);
        }
    }

    // --- what arrives -----------------------------------------------------------------------------------------

    /** How the body travels in the API Gateway event. */
    enum Transport { TEXT, BASE64, BROKEN_BASE64 }

    /** Whether the request carries a genuine signature of the trigger's scheme. */
    enum Signing { UNSIGNED, SIGNED, SIGNED_THEN_BODY_CHANGED }

    record Header(String name, String value) {
        @Override
        public String toString() {
            return printable(name, 80) + ": " + printable(value, 200);
        }
    }

    /** One request as API Gateway hands it over; {@code triggerId} null: a path without one. */
    record Delivery(String triggerId, byte[] body, String contentType, List<Header> headers, Signing signing,
                    Transport transport, String deliveryId, String eventType) {

        APIGatewayV2HTTPEvent event() {
            // Text transport is what API Gateway does for text bodies: the handler sees the UTF-8 of that text.
            byte[] received = transport == Transport.TEXT
                    ? new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8) : body;
            Map<String, String> headerMap = new LinkedHashMap<>();
            for (Header header : headers) {
                headerMap.put(header.name(), header.value());
            }
            if (contentType != null) {
                headerMap.put("Content-Type", contentType);
            }
            if (signing != Signing.UNSIGNED && triggerId != null && TRIGGERS.containsKey(triggerId)) {
                headerMap.putAll(signatureHeaders(triggerId, received, deliveryId, eventType));
                if (triggerId.equals("open")) {
                    headerMap.put("Idempotency-Key", deliveryId); // its scheme carries no delivery id
                }
            }
            if (signing == Signing.SIGNED_THEN_BODY_CHANGED) {
                received = java.util.Arrays.copyOf(received, received.length + 1);
                received[received.length - 1] = ' ';
            }
            String wire = switch (transport) {
                case TEXT -> new String(received, StandardCharsets.UTF_8);
                case BASE64 -> Base64.getEncoder().encodeToString(received);
                case BROKEN_BASE64 -> "%%" + Base64.getEncoder().encodeToString(received);
            };
            String path = "/hooks/" + (triggerId == null ? "" : triggerId);
            return APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0")
                    .withRouteKey("POST /hooks/{triggerId}")
                    .withRawPath(path)
                    .withHeaders(headerMap)
                    .withPathParameters(triggerId == null ? null : Map.of("triggerId", triggerId))
                    .withBody(wire)
                    .withIsBase64Encoded(transport != Transport.TEXT)
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST")
                                    .withPath(path).build())
                            .build())
                    .build();
        }

        @Override
        public String toString() {
            return "Delivery[trigger=" + (triggerId == null ? "(none)" : printable(triggerId, 120))
                    + ", signing=" + signing + ", transport=" + transport
                    + ", contentType=" + (contentType == null ? "(none)" : printable(contentType, 120))
                    + ", deliveryId=" + printable(deliveryId, 120) + ", eventType=" + printable(eventType, 60)
                    + ", headers=" + headers + ", body(" + body.length + " bytes)="
                    + (body.length <= 2048 ? "base64:" + Base64.getEncoder().encodeToString(body)
                    : "starts " + printable(new String(body, 0, 300, StandardCharsets.ISO_8859_1), 300)) + "]";
        }
    }

    private static Map<String, String> signatureHeaders(String triggerId, byte[] body, String deliveryId,
                                                        String eventType) {
        SignatureSettings settings = (SignatureSettings) TRIGGERS.get(triggerId)[0];
        String secret = (String) TRIGGERS.get(triggerId)[1];
        try {
            return verifier.scheme(settings.scheme()).orElseThrow()
                    .sign(settings, secret == null ? "" : secret, deliveryId, eventType, clock.instant(), body);
        } catch (RuntimeException e) {
            return Map.of(); // e.g. a Map.of refusing a null value: the request simply goes unsigned
        }
    }

    /** Escapes everything outside printable ASCII, and shortens, so a sample prints on one readable line. */
    static String printable(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().limit(max).forEach(c -> {
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.appendCodePoint(c);
            } else if (c <= 0xffff) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.append(String.format("\\u{%X}", c));
            }
        });
        out.append('"');
        long length = text.codePoints().count();
        return length > max ? out + "...(" + length + " code points)" : out.toString();
    }

    @Provide
    Arbitrary<Delivery> deliveries() {
        Arbitrary<Signing> signing = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(5, Signing.SIGNED),
                net.jqwik.api.Tuple.of(2, Signing.UNSIGNED),
                net.jqwik.api.Tuple.of(1, Signing.SIGNED_THEN_BODY_CHANGED));
        return Combinators.combine(triggerIds(), bodies(), contentTypes(), headers(), signing, transports(),
                        deliveryIds(), eventTypes())
                .as(Delivery::new);
    }

    private static Arbitrary<Transport> transports() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(Transport.TEXT)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Transport.BASE64)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Transport.BROKEN_BASE64)));
    }

    private static Arbitrary<String> triggerIds() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.of(TRIGGERS.keySet())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", " ", "../admin", "a/b", "%00", "SW", "sw ", "😀",
                        "x".repeat(2_000), "\u0000", "\uFFFF", "orders?x=1", "a\nb")),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().all().ofMaxLength(300)));
    }

    private static Arbitrary<String> deliveryIds() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.strings().alpha().numeric().withChars('_', '-')
                        .ofMinLength(1).ofMaxLength(40).map(s -> "msg_" + s)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(400)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", " ", "a.b", "x".repeat(1_024), "\uFFFF", "id\u0000",
                        "ünïcödé-😀")));
    }

    private static Arbitrary<String> eventTypes() {
        return Arbitraries.oneOf(
                Arbitraries.of("push", "ping", "invoice.paid", "order.created"),
                Arbitraries.strings().all().ofMaxLength(200));
    }

    private static Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(
                Arbitraries.of("application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
                        "application/cloudevents+json", "application/cloudevents+json; charset=UTF-8",
                        "application/cloudevents-batch+json", "text/plain", "text/plain; charset=iso-8859-1",
                        "application/x-www-form-urlencoded", "application/octet-stream", "application/xml",
                        "multipart/form-data; boundary=x", "", ";;;", "application/json; charset=utf-16",
                        "application/vnd.custom+json", "image/png", "*/*", "application/json;;charset=\"\"",
                        "text/plain; charset=utf-8; charset=ascii"),
                Arbitraries.just((String) null),
                Arbitraries.strings().all().ofMaxLength(120));
    }

    private static Arbitrary<List<Header>> headers() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("webhook-id", "Webhook-Id", "WEBHOOK-SIGNATURE", "webhook-signature",
                        "webhook-timestamp", "X-Hub-Signature-256", "x-hub-signature-256", "X-Hub-Signature",
                        "X-GitHub-Delivery", "X-GitHub-Event", "Stripe-Signature", "stripe-signature",
                        "X-Signature", "X-Timestamp", "X-Delivery-Id", "X-Event-Type", "ce-id", "Ce-Id",
                        "ce-type", "ce-source", "ce-specversion", "ce-time", "ce-datacontenttype", "ce-subject",
                        "ce-myextension", "Idempotency-Key", "content-type", "Content-Type", "content-length",
                        "content-encoding", "transfer-encoding", "host", "x-forwarded-for"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(64));
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMaxLength(100),
                Arbitraries.strings().all().ofMaxLength(100),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(8_000).ofMaxLength(40_000),
                Arbitraries.of("", " ", "v1,AAAA", "v1a,AAAA", "t=1,v1=zz", "sha256=00", "1.0", "0", "-1",
                        "99999999999999999999", "1614265331", "1e3", "\uFFFF", "gzip", "chunked"),
                Arbitraries.longs().map(n -> Long.toString(n)));
        Arbitrary<Header> header = Combinators.combine(names, values).as(Header::new);
        // Some names twice, in another letter case: which one wins must never matter for the status class.
        Arbitrary<List<Header>> doubled = Combinators.combine(names, values, values)
                .as((name, first, second) -> List.of(new Header(name.toLowerCase(Locale.ROOT), first),
                        new Header(name.toUpperCase(Locale.ROOT), second)));
        return Combinators.combine(header.list().ofMaxSize(6), doubled.list().ofMaxSize(2))
                .as((single, pairs) -> {
                    List<Header> all = new ArrayList<>(single);
                    pairs.forEach(all::addAll);
                    return all;
                });
    }

    private static Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(
                acceptableEvents().map(WebhookFuzzTest::utf8),
                acceptableEvents().map(WebhookFuzzTest::utf8),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2_048),
                Arbitraries.just(new byte[0]),
                deepJson().map(WebhookFuzzTest::utf8),
                hugeNumbers().map(WebhookFuzzTest::utf8),
                awkwardCharacters().map(WebhookFuzzTest::utf8),
                invalidUtf8(),
                events().map(WebhookFuzzTest::utf8),
                forms().map(WebhookFuzzTest::utf8),
                Arbitraries.integers().between(MAX_BODY_BYTES - 64, MAX_BODY_BYTES + 64)
                        .map(n -> utf8("\"" + "x".repeat(n) + "\"")));
    }

    private static Arbitrary<String> deepJson() {
        return Arbitraries.integers().between(1, 4_000).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth) + "]".repeat(depth),
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                "[".repeat(depth),
                "{\"id\":\"d\",\"data\":" + "[".repeat(depth) + "]".repeat(depth) + "}"));
    }

    private static Arbitrary<String> hugeNumbers() {
        return Arbitraries.integers().between(1, 5_000).flatMap(digits -> Arbitraries.of(
                "{\"n\":" + "9".repeat(digits) + "}",
                "-" + "1".repeat(digits),
                "0." + "0".repeat(digits) + "1",
                "{\"n\":1e" + "9".repeat(Math.min(digits, 30)) + "}",
                "[1e-" + "9".repeat(Math.min(digits, 30)) + "]",
                "{\"id\":" + "7".repeat(digits) + ",\"type\":1}"));
    }

    private static Arbitrary<String> awkwardCharacters() {
        return Arbitraries.of(
                "{\"s\":\"\uFFFF\"}", "{\"s\":\"\\uFFFF\"}", "{\"s\":\"\uFFFE\"}", "{\"s\":\"\\uFFFE\"}",
                "{\"s\":\"\\u0000\"}", "{\"s\":\"\u0001\u0008\u000B\"}", "{\"s\":\"\\uD800\"}",
                "{\"s\":\"\\uDC00\\uD800\"}", "\"\\u0000\"", "{\"\uFFFF\":1}", "{\"id\":\"\uFFFF\",\"type\":\"\u0000\"}",
                "\uFEFF{\"a\":1}", "{\"a\":1}\u0000", "{\"a\":1} trailing", "{\"a\":1}{\"b\":2}", "{\"a\":NaN}",
                "{\"a\":Infinity}", "{'a':1}", "{\"a\":1,}", "[,]", "null", "true", "\"\"", "{\"__proto__\":{}}",
                "{\"a\":\"" + "\uD83D\uDE00".repeat(2_000) + "\"}", "text with \uFFFF and \u0007 inside");
    }

    private static Arbitrary<byte[]> invalidUtf8() {
        return Arbitraries.of(
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'},
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'},
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}'},
                new byte[] {'"', (byte) 0xE2, (byte) 0x82, '"'},
                new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'},
                new byte[] {(byte) 0x80});
    }

    private static Arbitrary<String> events() {
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(300).map(WebhookFuzzTest::jsonString);
        Arbitrary<String> anyValue = Arbitraries.oneOf(anyText, Arbitraries.of("null", "1", "[]", "{}", "true",
                "-0", "1.5e300", "[\"a\",{\"b\":null}]"));
        return Arbitraries.oneOf(
                Combinators.combine(anyValue, anyValue, anyValue)
                        .as((id, type, data) -> "{\"id\":" + id + ",\"type\":" + type + ",\"data\":" + data + "}"),
                Combinators.combine(anyValue, anyValue, anyValue, anyValue, anyValue)
                        .as((id, source, type, data, specversion) -> "{\"specversion\":" + specversion
                                + ",\"id\":" + id + ",\"source\":" + source + ",\"type\":" + type
                                + ",\"data\":" + data + "}"),
                Combinators.combine(anyValue, anyValue)
                        .as((id, b64) -> "{\"specversion\":\"1.0\",\"id\":" + id + ",\"source\":\"/s\",\"type\":\"t\","
                                + "\"data_base64\":" + b64 + "}"),
                Arbitraries.of("[{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"}]"));
    }

    /**
     * Well-formed events with an id and a type (so Stripe's pointers and the type filter find them) carrying awkward
     * content inside: they get past parsing, so the envelope, its size and its characters are exercised.
     */
    private static Arbitrary<String> acceptableEvents() {
        Arbitrary<String> awkwardValues = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(500).map(WebhookFuzzTest::jsonString),
                Arbitraries.of("\"\uFFFF\uFFFE\"", "\"\\uFFFF\\uFFFE\\u0000\\u001F\"", "\"\\uD800\"",
                        "\"\\uDFFF\\uD800x\"", "\"\u0085\u2028\u2029\"", "1e308", "-1e-308", "1" + "0".repeat(99),
                        "[[[[[[[[[[]]]]]]]]]]", "{\"\":{\"\":{}}}", "\"" + "\\\"".repeat(500) + "\""),
                Arbitraries.integers().between(1, 15_000).map(n -> "\"" + "é".repeat(n / 2) + "\""));
        Arbitrary<String> ids = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(30)
                .map(s -> "\"evt_" + s + "\"");
        return Combinators.combine(ids, Arbitraries.of("\"invoice.paid\"", "\"push\"", "\"order.created\""),
                        awkwardValues)
                .as((id, type, value) -> "{\"id\":" + id + ",\"type\":" + type + ",\"data\":{\"v\":" + value + "}}");
    }

    private static Arbitrary<String> forms() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200)
                        .map(s -> "payload=" + java.net.URLEncoder.encode(s, StandardCharsets.UTF_8)),
                Arbitraries.of("payload=%7B%22id%22%3A1%7D", "payload=%ZZ", "a=1&a=2&=&&=x", "payload=", "%",
                        "payload=%7B" + "%5B".repeat(3_000), "a=" + "b".repeat(10_000)));
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.chars().forEach(c -> {
            if (c == '"' || c == '\\' || c < 0x20) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.append('"').toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // --- counting the claims written --------------------------------------------------------------------------

    /**
     * The claims twin, counting the claims it writes (a {@code claim} that comes back {@code Claimed}): "no claim
     * was written" is then exact, whatever the delivery id was. Only in contexts that set {@link #COUNT_CLAIMS}.
     */
    static final class WrittenClaims implements IdempotencyStore {
        private final InMemoryIdempotencyStore delegate = new InMemoryIdempotencyStore();
        private final AtomicInteger written = new AtomicInteger();

        int written() {
            return written.get();
        }

        @Override
        public ClaimResult claim(DeliveryKey key, String proposedRunId, String claimToken, String payloadHash,
                                 Instant now, Instant leaseExpiresAt, Instant expiresAt) {
            ClaimResult result = delegate.claim(key, proposedRunId, claimToken, payloadHash, now, leaseExpiresAt,
                    expiresAt);
            if (result instanceof ClaimResult.Claimed) {
                written.incrementAndGet();
            }
            return result;
        }

        @Override
        public boolean complete(DeliveryKey key, String claimToken, int responseStatus, String responseBody) {
            return delegate.complete(key, claimToken, responseStatus, responseBody);
        }

        @Override
        public boolean abandon(DeliveryKey key, String claimToken, Instant now) {
            return delegate.abandon(key, claimToken, now);
        }
    }

    @Factory
    @Requires(property = COUNT_CLAIMS, value = "true")
    static class CountingClaims {
        @Singleton
        @Replaces(InMemoryIdempotencyStore.class)
        WrittenClaims writtenClaims() {
            return new WrittenClaims();
        }
    }
}
