package io.hookrun.webhook;

import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.signature.WebhookRequest;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a CloudEvent a sender sent, in either mode of the CloudEvents 1.0 HTTP binding
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md), which also says
 * how to tell them apart: a Content-Type of {@code application/cloudevents+json} is structured mode (the body is the
 * event, in the JSON format), otherwise a {@code ce-specversion} header is binary mode (attributes in {@code ce-*}
 * headers, percent-decoded as section 3.1.3.2 requires; the body is the data, read by {@link EventBodyReader}).
 *
 * <p>Checked as the spec requires: {@code specversion} 1.0; {@code id}, {@code source}, {@code type} non-empty
 * strings; {@code time} RFC 3339; extension names lower-case letters and digits, at most 20; extension values
 * strings, numbers or booleans; {@code data} and {@code data_base64} not both, and {@code data_base64} valid base64.
 * hookrun's own extension names ({@code hookrun*}) are dropped: hookrun sets them.
 */
@Singleton
public class CloudEventReader {

    /** A CloudEvent the sender sent and what it carries. */
    record Read(SenderCloudEvent event, EventData data, Object document) {
    }

    private static final String HEADER_PREFIX = "ce-";

    private final JsonBodyReader json;
    private final EventBodyReader bodies;

    public CloudEventReader(JsonBodyReader json, EventBodyReader bodies) {
        this.json = json;
        this.bodies = bodies;
    }

    /** The request's CloudEvent, or empty when it carries none (the body is then wrapped into one). */
    Optional<Read> read(WebhookRequest request, List<String> listedTypes) throws EventRefusedException {
        Optional<String> contentType = request.header("content-type");
        Optional<MediaType> type = contentType.flatMap(MediaType::parse);
        if (type.isPresent() && type.get().essence().equals(MediaType.CLOUDEVENT)) {
            return Optional.of(structured(type.get(), request.body()));
        }
        if (request.headers().containsKey("ce-specversion")) {
            return Optional.of(binary(request, listedTypes));
        }
        return Optional.empty();
    }

    private Read structured(MediaType type, byte[] body) throws EventRefusedException {
        if (!type.utf8OrNoCharset()) {
            throw new EventRefusedException(EventProblem.UNSUPPORTED_CHARSET, "the body is declared "
                    + type.parameters().get("charset") + "; hookrun reads text as UTF-8 only");
        }
        if (body.length == 0) {
            throw invalid("a structured CloudEvent (" + MediaType.CLOUDEVENT + ") needs a body: the event");
        }
        Object document = json.read(Utf8Text.decode(body, "the body"), "the body");
        if (!(document instanceof Map<?, ?> members)) {
            throw invalid("a structured CloudEvent is a JSON object");
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        members.forEach((name, value) -> {
            if (value != null) { // the JSON format reads a null member as an absent attribute
                attributes.put((String) name, value);
            }
        });
        Object data = attributes.remove("data");
        Object dataBase64 = attributes.remove("data_base64");
        if (data != null && dataBase64 != null) {
            throw invalid("a CloudEvent has data or data_base64, not both");
        }
        String base64 = null;
        if (dataBase64 != null) {
            if (!(dataBase64 instanceof String text)) {
                throw invalid("data_base64 must be a string");
            }
            try {
                Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw invalid("data_base64 is not valid base64");
            }
            base64 = text;
        }
        Object contentTypeValue = attributes.get("datacontenttype");
        if (contentTypeValue != null && !(contentTypeValue instanceof String)) {
            throw invalid("datacontenttype must be a string");
        }
        SenderCloudEvent event = attributes(attributes, "");
        return new Read(event, new EventData((String) contentTypeValue, data, base64), document);
    }

    private Read binary(WebhookRequest request, List<String> listedTypes) throws EventRefusedException {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            String name = header.getKey();
            if (name.startsWith(HEADER_PREFIX) && name.length() > HEADER_PREFIX.length()) {
                String attribute = name.substring(HEADER_PREFIX.length()).toLowerCase(Locale.ROOT);
                if (!attribute.equals("datacontenttype")) { // binary mode carries it as Content-Type
                    attributes.put(attribute, percentDecode(attribute, header.getValue()));
                }
            }
        }
        SenderCloudEvent event = attributes(attributes, HEADER_PREFIX);
        EventData data = bodies.read(request.header("content-type"), request.body(), listedTypes);
        return new Read(event, data, data.isJson() ? data.data() : null);
    }

    private static SenderCloudEvent attributes(Map<String, Object> attributes, String prefix)
            throws EventRefusedException {
        Object specversion = attributes.get("specversion");
        if (specversion == null) {
            throw invalid(prefix + "specversion is required");
        }
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw invalid(prefix + "specversion must be \"1.0\": hookrun reads CloudEvents 1.0");
        }
        String id = required(attributes, "id", prefix);
        String source = required(attributes, "source", prefix);
        String type = required(attributes, "type", prefix);
        String time = optional(attributes, "time", prefix);
        if (time != null) {
            try {
                OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                throw invalid(prefix + "time must be an RFC 3339 timestamp, like 2026-12-01T09:00:00Z");
            }
        }
        String dataschema = optional(attributes, "dataschema", prefix);
        String subject = optional(attributes, "subject", prefix);
        Map<String, Object> extensions = new LinkedHashMap<>();
        for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
            String name = attribute.getKey();
            if (CloudEvent.CONTEXT_ATTRIBUTES.contains(name) || CloudEvent.HOOKRUN_EXTENSIONS.contains(name)) {
                continue;
            }
            if (!CloudEvent.EXTENSION_NAME.matcher(name).matches()) {
                throw invalid("the extension attribute " + prefix + quoted(name) + " has a name CloudEvents does not "
                        + "allow: lower-case letters a-z and digits only, at most 20 characters");
            }
            Object value = attribute.getValue();
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw invalid("the extension attribute " + prefix + name + " must be a string, a number or a boolean");
            }
            extensions.put(name, value);
        }
        return new SenderCloudEvent(id, source, type, time, dataschema, subject, extensions);
    }

    private static String required(Map<String, Object> attributes, String name, String prefix)
            throws EventRefusedException {
        String value = optional(attributes, name, prefix);
        if (value == null || value.isEmpty()) {
            throw invalid(prefix + name + " is required and must be a non-empty string");
        }
        return value;
    }

    private static String optional(Map<String, Object> attributes, String name, String prefix)
            throws EventRefusedException {
        Object value = attributes.get(name);
        if (value != null && !(value instanceof String)) {
            throw invalid(prefix + name + " must be a string");
        }
        return (String) value;
    }

    /** The HTTP binding's section 3.1.3.2: {@code %XX} escapes of UTF-8 bytes, decoded on receipt. */
    private static String percentDecode(String attribute, String value) throws EventRefusedException {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int low = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw invalid("the header ce-" + attribute + " has a '%' not followed by two hexadecimal digits");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                throw invalid("the header ce-" + attribute + " has a character outside ASCII: percent-encode it");
            }
        }
        return Utf8Text.decode(bytes.toByteArray(), "the header ce-" + attribute);
    }

    /** A name as the sender wrote it, cut short: it may be anything, and it is echoed in a detail. */
    private static String quoted(String name) {
        return "'" + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "'";
    }

    private static EventRefusedException invalid(String detail) {
        return new EventRefusedException(EventProblem.INVALID_CLOUDEVENT, detail);
    }
}
