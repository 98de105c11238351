package io.hookrun.webhook;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.idempotency.ClaimResult;
import io.hookrun.core.idempotency.DeliveryClaims;
import io.hookrun.core.idempotency.IdempotencyStore;
import io.hookrun.core.idempotency.DeliveryKey;
import io.hookrun.core.idempotency.DeliveryRecord;
import io.hookrun.core.idempotency.InMemoryIdempotencyStore;
import io.hookrun.core.idempotency.RunIdGenerator;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.InMemoryStepQueue;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.signature.SignedRequest;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.core.time.SettableClock;
import io.hookrun.core.trigger.EventSettings;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.webhook.IngestionOutcome.Accepted;
import io.hookrun.webhook.IngestionOutcome.InvalidEvent;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.hookrun.webhook.FixtureScheme.DELIVERY;
import static io.hookrun.webhook.FixtureScheme.EVENT;
import static io.hookrun.webhook.FixtureScheme.genuine;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event contract of ADR 0006 through the real {@link WebhookIngestion}: what each content type becomes, CloudEvents
 * in both modes, where the delivery id and event type come from, the event-type filter, the JSON Schema and the JSON
 * limits. Verification is {@link FixtureScheme}'s (the schemes have tests of their own); the twins stand in for
 * DynamoDB and SQS.
 */
class EventContractTest {

    private static final String WORKFLOW = "flow";
    private static final Duration REMAINING = Duration.ofSeconds(20);

    private final SettableClock clock = new SettableClock(SignedRequest.valid().now());
    private final InMemoryTriggerStore triggerStore = new InMemoryTriggerStore();
    private final InMemoryIdempotencyStore claimStore = new InMemoryIdempotencyStore();
    private final AtomicInteger claimsTaken = new AtomicInteger();
    private final InMemoryStepQueue queue = new InMemoryStepQueue();
    private final HookrunConfiguration config = new HookrunConfiguration("hookrun-test", "http://queue.test/steps",
            1_048_576, Duration.ofHours(72), Duration.ofSeconds(30), Duration.ofSeconds(10));
    private final JsonText json = new JsonText(ObjectMapper.getDefault());
    private final JsonBodyReader jsonReader = new JsonBodyReader(JsonLimits.DEFAULTS);
    private final EventBodyReader bodyReader = new EventBodyReader(jsonReader);
    private final WebhookIngestion ingestion = new WebhookIngestion(
            new TriggerCache(triggerStore, clock, config, new WebhookConfiguration(100)),
            new SignatureVerifier(List.of(FixtureScheme.headerIds(), FixtureScheme.bodyIds(),
                    new StandardWebhooksScheme())),
            new DeliveryClaims(countingClaims(), new RunIdGenerator(clock), config),
            queue, new CloudEventReader(jsonReader, bodyReader), bodyReader,
            new EventSchemas(new EventSchemaCompiler()), json, clock, config);

    /** The claim store, counting the claims taken: a refused event takes none. */
    private IdempotencyStore countingClaims() {
        return new IdempotencyStore() {
            @Override
            public ClaimResult claim(DeliveryKey key, String proposedRunId, String claimToken, String payloadHash,
                                     Instant now, Instant leaseExpiresAt, Instant expiresAt) {
                claimsTaken.incrementAndGet();
                return claimStore.claim(key, proposedRunId, claimToken, payloadHash, now, leaseExpiresAt, expiresAt);
            }

            @Override
            public boolean complete(DeliveryKey key, String claimToken, int responseStatus, String responseBody) {
                return claimStore.complete(key, claimToken, responseStatus, responseBody);
            }

            @Override
            public boolean abandon(DeliveryKey key, String claimToken, Instant now) {
                return claimStore.abandon(key, claimToken, now);
            }
        };
    }

    private static EventSettings events(String pointer, List<String> types, String schema, List<String> contentTypes,
                                        Integer maxBodyBytes) {
        return new EventSettings(pointer, types, schema, contentTypes, maxBodyBytes, null);
    }

    private void trigger(String id, String scheme, EventSettings events) {
        triggerStore.save(new Trigger(id, WORKFLOW, SignatureSettings.of(scheme), List.of(), events,
                clock.instant(), clock.instant()));
    }

    /** "plain": ids in headers, default event settings. */
    EventContractTest() {
        trigger("plain", "fixture-headers", EventSettings.DEFAULTS);
    }

    private IngestionOutcome send(String trigger, Map<String, String> headers, String body) {
        return send(trigger, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private IngestionOutcome send(String trigger, Map<String, String> headers, byte[] body) {
        return ingestion.accept(trigger, headers, body, REMAINING);
    }

    /** The event an accepted outcome queued: the last one on the queue. */
    private CloudEvent queued(IngestionOutcome outcome) {
        assertThat(outcome).isInstanceOf(Accepted.class);
        CloudEvent last = queue.events().getLast();
        assertThat(last.hookrunrunid()).isEqualTo(((Accepted) outcome).runId());
        return last;
    }

    /** A delivery to "plain" with a delivery id header and this content type. */
    private CloudEvent accepted(String contentType, String body) {
        return queued(send("plain", genuine(DELIVERY, "d-1", "content-type", contentType), body));
    }

    private void assertRefused(IngestionOutcome outcome, EventProblem problem, String detailPart) {
        assertThat(outcome).isInstanceOfSatisfying(InvalidEvent.class, invalid -> {
            assertThat(invalid.problem()).isEqualTo(problem);
            assertThat(invalid.detail()).contains(detailPart);
        });
        assertThat(queue.events()).isEmpty();
        assertThat(claimsTaken).as("nothing is claimed for a refused event").hasValue(0);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asJson(CloudEvent event) {
        return (Map<String, Object>) json.parse(json.write(event));
    }

    @Nested
    class ContentTypes {

        @Test
        void json_isParsed_andKeepsItsMemberOrderAndExactDecimals() {
            CloudEvent event = accepted("application/json", "{\"b\": 1, \"a\": 0.10, \"n\": null}");

            Map<String, Object> expected = new java.util.LinkedHashMap<>();
            expected.put("b", 1);
            expected.put("a", new BigDecimal("0.10"));
            expected.put("n", null);
            assertThat(event.data()).isEqualTo(expected);
            assertThat(((Map<?, ?>) event.data()).keySet()).map(Object::toString).containsExactly("b", "a", "n");
            assertThat(event.datacontenttype()).isEqualTo("application/json");
            assertThat(json.write(event)).contains("\"data\":{\"b\":1,\"a\":0.10,\"n\":null}");
        }

        @Test
        void plusJsonType_isParsed_andKeepsItsMediaType() {
            CloudEvent event = accepted("application/vnd.api+json; charset=utf-8", "[1, \"two\"]");

            assertThat(event.data()).isEqualTo(List.of(1, "two"));
            assertThat(event.datacontenttype()).isEqualTo("application/vnd.api+json");
        }

        @Test
        void form_becomesAnObject_withRepeatedFieldsAsArrays() {
            CloudEvent event = accepted("application/x-www-form-urlencoded",
                    "name=Ada+Lovelace&tag=a&tag=b%26c&empty=&flag&caf%C3%A9=%E2%82%AC");

            assertThat(event.data()).isEqualTo(Map.of("name", "Ada Lovelace", "tag", List.of("a", "b&c"),
                    "empty", "", "flag", "", "café", "€"));
            assertThat(event.datacontenttype()).isEqualTo("application/json");
        }

        @Test
        void githubFormMode_thePayloadFieldBecomesTheData_asInJsonMode() {
            CloudEvent event = accepted("application/x-www-form-urlencoded",
                    "payload=%7B%22zen%22%3A%22Keep+it+logically+awesome.%22%2C%22hook_id%22%3A1%7D");

            assertThat(event.data()).isEqualTo(Map.of("zen", "Keep it logically awesome.", "hook_id", 1));
        }

        @Test
        void payloadFieldNextToOthers_isParsedInPlace() {
            CloudEvent event = accepted("application/x-www-form-urlencoded", "payload=%5B1%5D&other=x");

            assertThat(event.data()).isEqualTo(Map.of("payload", List.of(1), "other", "x"));
        }

        @Test
        void formWithABrokenPercentEscape_isRefused() {
            assertRefused(send("plain", genuine(DELIVERY, "d-1", "content-type", "application/x-www-form-urlencoded"),
                    "a=%G1"), EventProblem.MALFORMED_FORM, "two hexadecimal digits");
        }

        @Test
        void textPlain_staysAString() {
            CloudEvent event = accepted("text/plain; charset=utf-8", "hello {world}");

            assertThat(event.data()).isEqualTo("hello {world}");
            assertThat(event.datacontenttype()).isEqualTo("text/plain; charset=utf-8");
        }

        @Test
        void snsJsonSentAsTextPlain_isParsed() {
            String notification = "{\"Type\": \"Notification\", \"MessageId\": \"22b80b92\", \"Message\": \"hi\"}";

            CloudEvent event = accepted("text/plain; charset=UTF-8", notification);

            assertThat(event.data()).isEqualTo(Map.of("Type", "Notification", "MessageId", "22b80b92",
                    "Message", "hi"));
            assertThat(event.datacontenttype()).isEqualTo("application/json");
        }

        @ParameterizedTest
        @ValueSource(strings = {"42", "true", "\"quoted\"", "{not json", "[1, 2"})
        void textThatIsNotAJsonObjectOrArray_staysText(String text) {
            assertThat(accepted("text/plain", text).data()).isEqualTo(text);
        }

        @ParameterizedTest
        @ValueSource(strings = {"application/json", "application/pdf", "text/plain", "application/cloudevents-batch+json"})
        void emptyBody_isDataNull_whateverTheType(String contentType) {
            CloudEvent event = accepted(contentType, "");

            assertThat(event.data()).isNull();
            assertThat(event.dataBase64()).isNull();
            assertThat(asJson(event)).containsEntry("data", null).doesNotContainKey("datacontenttype");
        }

        @Test
        void typeTheTriggerLists_travelsAsDataBase64_andNoDataMember() {
            trigger("pdfs", "fixture-headers", events(null, List.of(), null, List.of("application/pdf", "image/*"),
                    null));
            byte[] pdf = {'%', 'P', 'D', 'F', (byte) 0xE2, (byte) 0xFF, 0};

            CloudEvent event = queued(send("pdfs", genuine(DELIVERY, "d-1", "content-type", "application/pdf"), pdf));

            assertThat(event.dataBase64()).isEqualTo(Base64.getEncoder().encodeToString(pdf));
            assertThat(event.datacontenttype()).isEqualTo("application/pdf");
            assertThat(asJson(event)).containsEntry("data_base64", Base64.getEncoder().encodeToString(pdf))
                    .doesNotContainKey("data");
            assertThat(queued(send("pdfs", genuine(DELIVERY, "d-2", "content-type", "image/png"), pdf)).dataBase64())
                    .isNotNull();
        }

        @Test
        void typeNobodyLists_is415_namingWhatIsAccepted() {
            assertRefused(send("plain", genuine(DELIVERY, "d-1", "content-type", "application/xml"), "<a/>"),
                    EventProblem.UNSUPPORTED_MEDIA_TYPE, "this trigger does not accept application/xml; it accepts "
                            + "application/json, application/*+json, application/x-www-form-urlencoded, text/plain, "
                            + "application/cloudevents+json, or an empty body");
        }

        @Test
        void cloudEventsBatch_is415_sayingToSendEachEventAlone() {
            assertRefused(send("plain", genuine(DELIVERY, "d-1", "content-type", "application/cloudevents-batch+json"),
                    "[]"), EventProblem.UNSUPPORTED_MEDIA_TYPE, "send each event in its own request");
        }

        @Test
        void anotherCharset_is415() {
            assertRefused(send("plain", genuine(DELIVERY, "d-1", "content-type", "text/plain; charset=iso-8859-1"),
                    "caf\u00e9"), EventProblem.UNSUPPORTED_CHARSET, "iso-8859-1");
        }

        @Test
        void invalidUtf8_is400_forEveryTextType() {
            byte[] invalid = {'"', (byte) 0xC3, (byte) 0x28, '"'};
            for (String type : List.of("application/json", "text/plain", "application/x-www-form-urlencoded")) {
                assertRefused(send("plain", genuine(DELIVERY, "d-1", "content-type", type), invalid),
                        EventProblem.INVALID_UTF8, "offset 1");
            }
        }

        @Test
        void noContentType_jsonIsParsed() {
            assertThat(queued(send("plain", genuine(DELIVERY, "d-1"), "{\"a\": 1}")).data()).isEqualTo(Map.of("a", 1));
        }

        @Test
        void noContentType_andNotJson_is415() {
            assertRefused(send("plain", genuine(DELIVERY, "d-1"), "a=1"), EventProblem.UNSUPPORTED_MEDIA_TYPE,
                    "no Content-Type");
        }

        @Test
        void contentTypeThatIsNoMediaType_is415() {
            assertRefused(send("plain", genuine(DELIVERY, "d-1", "content-type", "json"), "{}"),
                    EventProblem.UNSUPPORTED_MEDIA_TYPE, "not a media type");
        }
    }

    @Nested
    class JsonLimitsAndSyntax {

        private IngestionOutcome sendJson(String body) {
            return send("plain", genuine(DELIVERY, "d-1", "content-type", "application/json"), body);
        }

        @Test
        void nesting64Deep_isAccepted() {
            assertThat(sendJson("[".repeat(64) + "]".repeat(64))).isInstanceOf(Accepted.class);
        }

        @Test
        void nesting65Deep_isJsonTooDeep() {
            assertRefused(sendJson("[".repeat(65) + "]".repeat(65)), EventProblem.JSON_TOO_DEEP,
                    "deeper than 64 levels");
        }

        @Test
        void objectsCountAsLevelsToo() {
            assertRefused(sendJson("{\"a\":".repeat(65) + "1" + "}".repeat(65)), EventProblem.JSON_TOO_DEEP,
                    "deeper than 64");
        }

        @Test
        void stringOver256KiB_isJsonStringTooLong() {
            assertRefused(sendJson("\"" + "x".repeat(262_145) + "\""), EventProblem.JSON_STRING_TOO_LONG,
                    "a string of 262145 characters at line 1, column 1; at most 262144");
        }

        @Test
        void memberNameOver256KiB_isJsonStringTooLong() {
            assertRefused(sendJson("{\"" + "k".repeat(262_145) + "\": 1}"), EventProblem.JSON_STRING_TOO_LONG,
                    "a member name");
        }

        @Test
        void numberOf100Characters_isAccepted() {
            assertThat(sendJson("[" + "9".repeat(100) + "]")).isInstanceOf(Accepted.class);
        }

        @Test
        void numberOver100Characters_isJsonNumberTooLong() {
            assertRefused(sendJson("[1." + "5".repeat(99) + "]"), EventProblem.JSON_NUMBER_TOO_LONG,
                    "a number of 101 characters");
        }

        @Test
        void shortNumberWithAHugeExponent_isRefused_soNobodyWritesOutABillionDigits() {
            assertRefused(sendJson("{\"id\": 1e999999999}"), EventProblem.JSON_NUMBER_TOO_LONG,
                    "exponent is out of range");
            assertThat(sendJson("[1e308, 2.5e-300]")).isInstanceOf(Accepted.class);
        }

        @Test
        void exponentBeyondAnInt_isRefusedLikeAnyHugeExponent_notABug() {
            // Found by WebhookFuzzTest: Jackson cannot even build this BigDecimal (its scale is an int).
            assertRefused(sendJson("{\"n\": 1e99999999999}"), EventProblem.JSON_NUMBER_TOO_LONG,
                    "exponent is out of range");
            assertRefused(sendJson("[1e-999999999999999999999999999999]"), EventProblem.JSON_NUMBER_TOO_LONG,
                    "exponent is out of range");
        }

        @Test
        void duplicateMember_isRefused() {
            assertRefused(sendJson("{\"amount\": 1, \"amount\": 1000}"), EventProblem.DUPLICATE_JSON_KEY,
                    "names the same member twice in one object, at line 1, column 15");
        }

        @Test
        void trailingContent_isMalformed() {
            assertRefused(sendJson("{} {}"), EventProblem.MALFORMED_JSON, "has more after its JSON value");
        }

        @Test
        void malformedJson_givesThePosition_butNoPieceOfTheBody() {
            IngestionOutcome outcome = sendJson("{\"card\": 4111x}");

            assertRefused(outcome, EventProblem.MALFORMED_JSON, "unexpected input at line 1, column");
            assertThat(((InvalidEvent) outcome).detail()).doesNotContain("4111").doesNotContain("card");
        }
    }

    @Nested
    class CloudEvents {

        private static final String STRUCTURED = """
                {"specversion": "1.0", "id": "ce-42", "source": "https://shop.example/orders", "type": "order.paid",
                 "time": "2026-12-01T08:00:00+01:00", "subject": "order-7", "dataschema": "https://shop.example/s.json",
                 "datacontenttype": "application/json", "traceparent": "00-abc-def-01", "retries": 2,
                 "hookrunrunid": "forged-run", "data": {"amount": 250}}
                """;

        @Test
        void structured_keepsItsIdAttributesAndExtensions_andHookrunSetsItsOwn() {
            IngestionOutcome outcome = send("plain", genuine("content-type", "application/cloudevents+json"),
                    STRUCTURED);

            CloudEvent event = queued(outcome);
            assertThat(((Accepted) outcome).eventId()).isEqualTo("ce-42");
            assertThat(event.id()).isEqualTo("ce-42");
            assertThat(event.source()).isEqualTo("https://shop.example/orders");
            assertThat(event.type()).isEqualTo("order.paid");
            assertThat(event.time()).isEqualTo("2026-12-01T08:00:00+01:00");
            assertThat(event.subject()).isEqualTo("order-7");
            assertThat(event.dataschema()).isEqualTo("https://shop.example/s.json");
            assertThat(event.datacontenttype()).isEqualTo("application/json");
            assertThat(event.data()).isEqualTo(Map.of("amount", 250));
            assertThat(event.extensions()).isEqualTo(Map.of("traceparent", "00-abc-def-01", "retries", 2));
            assertThat(event.hookrunrunid()).isEqualTo(((Accepted) outcome).runId()).isNotEqualTo("forged-run");
            assertThat(event.hookruntriggerid()).isEqualTo("plain");
            assertThat(claimStore.record(new DeliveryKey("plain", "ce-42"))).as("the CloudEvent id is the delivery id")
                    .isPresent();
            assertThat(asJson(event)).containsEntry("traceparent", "00-abc-def-01").containsEntry("retries", 2)
                    .containsEntry("hookrunrunid", event.hookrunrunid());
        }

        @Test
        void structuredWithDataBase64_keepsIt() {
            CloudEvent event = queued(send("plain", genuine("content-type", "application/cloudevents+json"), """
                    {"specversion": "1.0", "id": "b-1", "source": "/s", "type": "t", "datacontenttype": "image/png",
                     "data_base64": "iVBORw0KGgo="}"""));

            assertThat(event.dataBase64()).isEqualTo("iVBORw0KGgo=");
            assertThat(asJson(event)).doesNotContainKey("data");
        }

        @Test
        void schemeDeliveryIdWinsOverTheCloudEventId_forTheClaim_butTheEventKeepsItsId() {
            CloudEvent event = queued(send("plain", genuine(DELIVERY, "hdr-1", "content-type",
                    "application/cloudevents+json"), STRUCTURED));

            assertThat(event.id()).isEqualTo("ce-42");
            assertThat(claimStore.record(new DeliveryKey("plain", "hdr-1"))).isPresent();
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "{\"id\": \"1\", \"source\": \"/s\", \"type\": \"t\"}|specversion is required",
                "{\"specversion\": \"0.3\", \"id\": \"1\", \"source\": \"/s\", \"type\": \"t\"}|must be \"1.0\"",
                "{\"specversion\": \"1.0\", \"source\": \"/s\", \"type\": \"t\"}|id is required",
                "{\"specversion\": \"1.0\", \"id\": \"\", \"source\": \"/s\", \"type\": \"t\"}|id is required",
                "{\"specversion\": \"1.0\", \"id\": \"1\", \"type\": \"t\"}|source is required",
                "{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"/s\"}|type is required",
                "{\"specversion\": \"1.0\", \"id\": 1, \"source\": \"/s\", \"type\": \"t\"}|id must be a string",
                "{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"/s\", \"type\": \"t\", \"time\": \"yesterday\"}|RFC 3339",
                "{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"/s\", \"type\": \"t\", \"Bad_Name\": \"x\"}|'Bad_Name'",
                "{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"/s\", \"type\": \"t\", \"abcdefghijklmnopqrstu\": \"x\"}|at most 20",
                "{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"/s\", \"type\": \"t\", \"ext\": {\"a\": 1}}|string, a number or a boolean",
                "{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"/s\", \"type\": \"t\", \"data\": 1, \"data_base64\": \"AA==\"}|not both",
                "{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"/s\", \"type\": \"t\", \"data_base64\": \"%%%\"}|not valid base64",
                "[1]|a JSON object"})
        void structuredBreakingTheSpec_isInvalidCloudEvent(String row) {
            String[] parts = row.split("\\|");

            assertRefused(send("plain", genuine("content-type", "application/cloudevents+json"), parts[0]),
                    EventProblem.INVALID_CLOUDEVENT, parts[1]);
        }

        @Test
        void binary_attributesFromCeHeadersPercentDecoded_bodyIsTheData() {
            IngestionOutcome outcome = send("plain", genuine("ce-specversion", "1.0", "ce-id", "bin-7",
                    "ce-source", "/sensors/7", "ce-type", "reading.taken", "ce-subject", "caf%C3%A9%20%22A%22",
                    "ce-time", "2026-12-01T07:59:00Z", "ce-traceparent", "00-1-2-01", "ce-hookruntriggerid", "other",
                    "content-type", "application/json"), "{\"celsius\": 21.5}");

            CloudEvent event = queued(outcome);
            assertThat(((Accepted) outcome).eventId()).isEqualTo("bin-7");
            assertThat(event.id()).isEqualTo("bin-7");
            assertThat(event.source()).isEqualTo("/sensors/7");
            assertThat(event.type()).isEqualTo("reading.taken");
            assertThat(event.subject()).isEqualTo("café \"A\"");
            assertThat(event.time()).isEqualTo("2026-12-01T07:59:00Z");
            assertThat(event.extensions()).isEqualTo(Map.of("traceparent", "00-1-2-01"));
            assertThat(event.hookruntriggerid()).isEqualTo("plain");
            assertThat(event.data()).isEqualTo(Map.of("celsius", new BigDecimal("21.5")));
            assertThat(event.datacontenttype()).isEqualTo("application/json");
        }

        @Test
        void binaryWithTextBody_followsTheContentTypeRules() {
            CloudEvent event = queued(send("plain", genuine("ce-specversion", "1.0", "ce-id", "bin-8",
                    "ce-source", "/s", "ce-type", "t", "content-type", "text/plain"), "just text"));

            assertThat(event.data()).isEqualTo("just text");
        }

        @Test
        void binaryMissingSource_isInvalidCloudEvent() {
            assertRefused(send("plain", genuine("ce-specversion", "1.0", "ce-id", "1", "ce-type", "t"), ""),
                    EventProblem.INVALID_CLOUDEVENT, "ce-source is required");
        }

        @Test
        void binaryWithABrokenPercentEscape_isInvalidCloudEvent() {
            assertRefused(send("plain", genuine("ce-specversion", "1.0", "ce-id", "1", "ce-source", "/s",
                    "ce-type", "t", "ce-subject", "100%"), ""), EventProblem.INVALID_CLOUDEVENT, "ce-subject");
        }

        @Test
        void wrappedBody_typeFromTheSchemesEventType_sourceTheTrigger_idTheDeliveryId_timeNow() {
            CloudEvent event = queued(send("plain", genuine(DELIVERY, "gh-1", EVENT, "push",
                    "content-type", "application/json"), "{}"));

            assertThat(event.type()).isEqualTo("com.example.push");
            assertThat(event.source()).isEqualTo("/hooks/plain");
            assertThat(event.id()).isEqualTo("gh-1");
            assertThat(event.time()).isEqualTo(clock.instant().toString());
            assertThat(event.specversion()).isEqualTo("1.0");
        }

        @Test
        void wrappedBodyWithoutEventType_isWebhookReceived() {
            assertThat(accepted("application/json", "{}").type()).isEqualTo(CloudEvent.WEBHOOK_RECEIVED);
        }
    }

    @Nested
    class DeliveryIds {

        @Test
        void schemeBodyPointer_givesTheIdAndTheType() {
            trigger("stripe-like", "fixture-body", EventSettings.DEFAULTS);

            CloudEvent event = queued(send("stripe-like", genuine("content-type", "application/json"),
                    "{\"id\": \"evt_1\", \"type\": \"invoice.paid\"}"));

            assertThat(event.id()).isEqualTo("evt_1");
            assertThat(event.type()).isEqualTo("com.example.invoice.paid");
        }

        @Test
        void pointerToANumber_usesItsDecimalText() {
            trigger("numbered", "fixture-body", EventSettings.DEFAULTS);

            assertThat(queued(send("numbered", genuine("content-type", "application/json"),
                    "{\"id\": 12345678901234567890, \"type\": \"t\"}")).id()).isEqualTo("12345678901234567890");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"id\": {\"a\": 1}}|an object", "{\"id\": [1]}|an array", "{\"id\": null}|null",
                "{\"id\": true}|a boolean", "{\"id\": \"\"}|an empty string"})
        void pointerToSomethingThatIsNoId_isInvalidDeliveryId(String row) {
            trigger("stripe-like", "fixture-body", EventSettings.DEFAULTS);
            String[] parts = row.split("\\|");

            assertRefused(send("stripe-like", genuine("content-type", "application/json"), parts[0]),
                    EventProblem.INVALID_DELIVERY_ID, "not " + parts[1]);
        }

        @Test
        void eventTypePointerToANonString_isInvalidEventType() {
            trigger("stripe-like", "fixture-body", EventSettings.DEFAULTS);

            assertRefused(send("stripe-like", genuine("content-type", "application/json"),
                    "{\"id\": \"e\", \"type\": 7}"), EventProblem.INVALID_EVENT_TYPE, "/type");
        }

        @Test
        void triggersIdempotencyKeyPointer_whenTheSchemeHasNone() {
            trigger("pointed", "fixture-headers", events("/order/ref", List.of(), null, List.of(), null));

            assertThat(queued(send("pointed", genuine("content-type", "application/json"),
                    "{\"order\": {\"ref\": \"o-9\"}}")).id()).isEqualTo("o-9");
        }

        @Test
        void schemeHeaderWinsOverTheTriggersPointer() {
            trigger("pointed", "fixture-headers", events("/order/ref", List.of(), null, List.of(), null));

            assertThat(queued(send("pointed", genuine(DELIVERY, "hdr", "content-type", "application/json"),
                    "{\"order\": {\"ref\": \"o-9\"}}")).id()).isEqualTo("hdr");
        }

        @Test
        void idempotencyKeyHeader_lastResort_quotedOrNot() {
            assertThat(queued(send("plain", genuine("idempotency-key", "\"key-1\"", "content-type",
                    "application/json"), "{}")).id()).isEqualTo("key-1");
            assertThat(queued(send("plain", genuine("Idempotency-Key", "key-2", "content-type", "application/json"),
                    "{}")).id()).isEqualTo("key-2");
        }

        @Test
        void noIdAnywhere_isMissingDeliveryId_explainingTheSources() {
            assertRefused(send("plain", genuine("content-type", "application/json"), "{\"id\": \"not used\"}"),
                    EventProblem.MISSING_DELIVERY_ID, "the trigger names no event.idempotencyKeyPointer, the request "
                            + "is not a CloudEvent, and it has no Idempotency-Key header");
        }

        @Test
        void pointerThatFindsNothing_fallsThroughToTheNextSource() {
            trigger("pointed", "fixture-headers", events("/ref", List.of(), null, List.of(), null));

            assertRefused(send("pointed", genuine("content-type", "application/json"), "{}"),
                    EventProblem.MISSING_DELIVERY_ID, "nothing at the trigger's idempotencyKeyPointer /ref");
            assertThat(queued(send("pointed", genuine("content-type", "application/json", "idempotency-key", "k"),
                    "{}")).id()).isEqualTo("k");
        }

        @Test
        void sameIdWithAnotherBody_isDeliveryIdReused_andStartsNothingMore() {
            queued(send("plain", genuine(DELIVERY, "d-1", "content-type", "application/json"), "{\"a\": 1}"));

            assertThat(send("plain", genuine(DELIVERY, "d-1", "content-type", "application/json"), "{\"a\": 2}"))
                    .isEqualTo(new IngestionOutcome.DeliveryIdReused("d-1"));
            assertThat(queue.events()).hasSize(1);
        }
    }

    @Nested
    class Filter {

        Filter() {
            trigger("orders", "fixture-headers", events(null, List.of("order.created", "order.paid"), null, List.of(),
                    null));
        }

        @Test
        void listedType_isAccepted() {
            assertThat(send("orders", genuine(DELIVERY, "d-1", EVENT, "order.paid", "content-type",
                    "application/json"), "{}")).isInstanceOf(Accepted.class);
        }

        @Test
        void otherType_isFiltered_recordedWithTheClaim_startsNothing_andItsReplaySaysFilteredAgain() {
            Map<String, String> headers = genuine(DELIVERY, "d-1", EVENT, "order.refunded", "content-type",
                    "application/json");

            IngestionOutcome first = send("orders", headers, "{}");

            assertThat(first).isEqualTo(new IngestionOutcome.Filtered("d-1", "order.refunded"));
            assertThat(queue.events()).isEmpty();
            DeliveryRecord claim = claimStore.record(new DeliveryKey("orders", "d-1")).orElseThrow();
            assertThat(claim.status()).isEqualTo(DeliveryRecord.Status.COMPLETED);
            assertThat(claim.responseStatus()).isEqualTo(202);
            Map<String, Object> filteredAnswer = new java.util.HashMap<>(Map.of("eventId", "d-1", "status", "FILTERED"));
            filteredAnswer.put("runId", null);
            assertThat(json.parse(claim.responseBody())).isEqualTo(filteredAnswer);
            assertThat(claim.responseBody()).doesNotContain(claim.runId());

            IngestionOutcome replay = send("orders", headers, "{}");

            assertThat(replay).isEqualTo(new IngestionOutcome.Replayed(202, claim.responseBody()));
            assertThat(queue.events()).isEmpty();
        }

        @Test
        void noEventTypeAtAll_isFiltered() {
            assertThat(send("orders", genuine(DELIVERY, "d-2", "content-type", "application/json"), "{}"))
                    .isInstanceOf(IngestionOutcome.Filtered.class);
        }

        @Test
        void cloudEventType_isWhatTheFilterReads() {
            String event = "{\"specversion\": \"1.0\", \"id\": \"c-1\", \"source\": \"/s\", \"type\": \"order.created\"}";

            assertThat(send("orders", genuine("content-type", "application/cloudevents+json"), event))
                    .isInstanceOf(Accepted.class);
        }

        @Test
        void filteredEvent_isNotCheckedAgainstTheSchema() {
            trigger("strict", "fixture-headers", events(null, List.of("wanted"), "{\"type\": \"object\", "
                    + "\"required\": [\"x\"]}", List.of(), null));

            assertThat(send("strict", genuine(DELIVERY, "d-1", EVENT, "unwanted", "content-type", "application/json"),
                    "{}")).isInstanceOf(IngestionOutcome.Filtered.class);
        }
    }

    @Nested
    class Schema {

        private static final String ORDER_SCHEMA = """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "required": ["orderId", "amount"],
                 "properties": {"orderId": {"type": "string"}, "amount": {"type": "integer", "minimum": 1},
                                "lines": {"type": "array", "items": {"type": "object", "required": ["sku"]}}}}
                """;

        Schema() {
            trigger("schema", "fixture-headers", events(null, List.of(), ORDER_SCHEMA, List.of("application/pdf"),
                    null));
        }

        @Test
        void validData_isAccepted() {
            assertThat(send("schema", genuine(DELIVERY, "d-1", "content-type", "application/json"),
                    "{\"orderId\": \"o-1\", \"amount\": 250}")).isInstanceOf(Accepted.class);
        }

        @Test
        void invalidData_isRefusedWithEveryViolation_andNothingIsClaimedOrQueued() {
            IngestionOutcome outcome = send("schema", genuine(DELIVERY, "d-1", "content-type", "application/json"),
                    "{\"amount\": \"250\", \"lines\": [{\"sku\": \"a\"}, {}]}");

            assertThat(outcome).isInstanceOfSatisfying(IngestionOutcome.SchemaViolations.class, refused -> {
                assertThat(refused.eventId()).isEqualTo("d-1");
                assertThat(refused.violations()).extracting(SchemaViolation::pointer)
                        .containsExactlyInAnyOrder("", "/amount", "/lines/1");
                assertThat(refused.violations()).allSatisfy(v -> assertThat(v.message()).isNotBlank());
                assertThat(refused.violations()).anySatisfy(v -> assertThat(v.message()).contains("orderId"));
            });
            assertThat(queue.events()).isEmpty();
            assertThat(claimsTaken).hasValue(0);
        }

        @Test
        void emptyBody_isNullData_andAnObjectSchemaRefusesIt() {
            assertThat(send("schema", genuine(DELIVERY, "d-1"), "")).isInstanceOf(IngestionOutcome.SchemaViolations.class);
        }

        @Test
        void binaryData_isNotCheckedAgainstTheSchema() {
            assertThat(send("schema", genuine(DELIVERY, "d-1", "content-type", "application/pdf"), "%PDF"))
                    .isInstanceOf(Accepted.class);
        }

        @Test
        void structuredCloudEvent_itsDataIsWhatTheSchemaChecks() {
            assertThat(send("schema", genuine("content-type", "application/cloudevents+json"),
                    "{\"specversion\": \"1.0\", \"id\": \"c\", \"source\": \"/s\", \"type\": \"t\", "
                            + "\"data\": {\"orderId\": \"o\", \"amount\": 1}}")).isInstanceOf(Accepted.class);
        }
    }

    @Nested
    class Order {

        @Test
        void triggersOwnBodyLimit_isPayloadTooLarge() {
            trigger("small", "fixture-headers", events(null, List.of(), null, List.of(), 16));

            assertThat(send("small", genuine(DELIVERY, "d-1", "content-type", "application/json"),
                    "{\"a\": \"0123456789\"}")).isEqualTo(new IngestionOutcome.PayloadTooLarge(19, 16, true));
        }

        @Test
        void nothingIsParsedBeforeTheSignatureChecksOut() {
            assertThat(send("plain", Map.of("content-type", "application/json", DELIVERY, "d-1"), "{broken"))
                    .isEqualTo(new IngestionOutcome.InvalidSignature("missing x-fixture-signature header"));
        }

        @Test
        void contentTypeIsCheckedBeforeTheDeliveryId() {
            assertRefused(send("plain", genuine("content-type", "application/xml"), "<a/>"),
                    EventProblem.UNSUPPORTED_MEDIA_TYPE, "application/xml");
        }
    }
}
