package io.hookrun.webhook;

import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a verified body into CloudEvent data by its Content-Type (ADR 0006):
 * <ul>
 *   <li>an empty body is {@code data: null}, whatever the type;</li>
 *   <li>{@code application/json} and every {@code +json} type are parsed ({@link JsonBodyReader}, with its limits);</li>
 *   <li>{@code application/x-www-form-urlencoded} becomes an object of its fields (a repeated field an array). A form
 *       whose only field is {@code payload} holding a JSON object or array (GitHub's "form" content type) becomes that
 *       JSON, exactly as if GitHub had sent it as {@code application/json}; a {@code payload} field next to others
 *       is parsed in place; one that is not JSON stays a string;</li>
 *   <li>{@code text/plain} stays a string, unless it is a JSON object or array (Amazon SNS posts its JSON
 *       notifications as {@code text/plain}): then it is parsed. A text that only looks like JSON stays text;
 *       {@code "42"} stays the string {@code "42"};</li>
 *   <li>a type the trigger lists in {@code event.contentTypes} travels as {@code data_base64};</li>
 *   <li>no Content-Type at all: the body is parsed as JSON when it is JSON, else refused 415;</li>
 *   <li>anything else is 415, naming what is accepted.</li>
 * </ul>
 * Text bodies (JSON, form, text) must be UTF-8: a charset parameter naming another one is 415, invalid bytes 400.
 */
@Singleton
public class EventBodyReader {

    static final List<String> READ_TYPES = List.of(MediaType.JSON, "application/*+json", MediaType.FORM,
            MediaType.TEXT, MediaType.CLOUDEVENT);

    private final JsonBodyReader json;

    public EventBodyReader(JsonBodyReader json) {
        this.json = json;
    }

    /**
     * @param contentType the Content-Type header; empty when the request has none
     * @param listedTypes the trigger's {@code event.contentTypes}
     */
    public EventData read(Optional<String> contentType, byte[] body, List<String> listedTypes)
            throws EventRefusedException {
        if (body.length == 0) {
            return EventData.NONE;
        }
        if (contentType.isEmpty()) {
            return withoutContentType(body, listedTypes);
        }
        MediaType type = MediaType.parse(contentType.get()).orElseThrow(() -> new EventRefusedException(
                EventProblem.UNSUPPORTED_MEDIA_TYPE, "the Content-Type is not a media type (type/subtype); "
                + accepted(listedTypes)));
        if (type.essence().equals(MediaType.CLOUDEVENT_BATCH)) {
            throw new EventRefusedException(EventProblem.UNSUPPORTED_MEDIA_TYPE, "CloudEvents batch mode ("
                    + MediaType.CLOUDEVENT_BATCH + ") is not supported: send each event in its own request, in "
                    + "structured (" + MediaType.CLOUDEVENT + ") or binary (ce-* headers) mode");
        }
        if (type.isJson()) {
            return new EventData(type.essence(), json.read(text(type, body), "the body"), null);
        }
        if (type.essence().equals(MediaType.FORM)) {
            return new EventData(MediaType.JSON, form(text(type, body)), null);
        }
        if (type.essence().equals(MediaType.TEXT)) {
            String text = text(type, body);
            if (JsonBodyReader.looksLikeJsonContainer(text)) {
                Optional<Object> parsed = jsonIfItIs(text, "the body");
                if (parsed.isPresent()) {
                    return new EventData(MediaType.JSON, parsed.get(), null);
                }
            }
            return new EventData(type.value(), text, null);
        }
        if (listedTypes.stream().anyMatch(type::matches)) {
            return new EventData(type.value(), null, Base64.getEncoder().encodeToString(body));
        }
        throw new EventRefusedException(EventProblem.UNSUPPORTED_MEDIA_TYPE, "this trigger does not accept "
                + type.essence() + "; " + accepted(listedTypes));
    }

    /** What the 415 detail lists: the types hookrun reads, then the trigger's own. */
    static String accepted(List<String> listedTypes) {
        List<String> all = new ArrayList<>(READ_TYPES);
        all.addAll(listedTypes);
        return "it accepts " + String.join(", ", all) + ", or an empty body";
    }

    private EventData withoutContentType(byte[] body, List<String> listedTypes) throws EventRefusedException {
        String text;
        try {
            text = Utf8Text.decode(body, "the body");
        } catch (EventRefusedException notText) {
            throw noContentType(listedTypes);
        }
        try {
            return new EventData(MediaType.JSON, json.read(text, "the body"), null);
        } catch (EventRefusedException e) {
            if (e.problem() == EventProblem.MALFORMED_JSON) {
                throw noContentType(listedTypes);
            }
            throw e; // JSON, but too deep or too long: say that, not "send a Content-Type"
        }
    }

    private static EventRefusedException noContentType(List<String> listedTypes) {
        return new EventRefusedException(EventProblem.UNSUPPORTED_MEDIA_TYPE, "the request has no Content-Type and "
                + "its body is not JSON; send a Content-Type: " + accepted(listedTypes));
    }

    private Object form(String text) throws EventRefusedException {
        Map<String, Object> fields = FormBodyReader.read(text);
        Object payload = fields.get("payload");
        if (payload instanceof String payloadText && JsonBodyReader.looksLikeJsonContainer(payloadText)) {
            Optional<Object> parsed = jsonIfItIs(payloadText, "the form field 'payload'");
            if (parsed.isPresent() && fields.size() == 1) {
                return parsed.get();
            }
            parsed.ifPresent(value -> fields.put("payload", value));
        }
        return fields;
    }

    /** The text parsed, if it is JSON; a limit it breaks is still refused (it is JSON, and too big). */
    private Optional<Object> jsonIfItIs(String text, String what) throws EventRefusedException {
        try {
            return Optional.of(json.read(text, what)); // an object or array: never null
        } catch (EventRefusedException e) {
            if (e.problem() == EventProblem.MALFORMED_JSON) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String text(MediaType type, byte[] body) throws EventRefusedException {
        if (!type.utf8OrNoCharset()) {
            throw new EventRefusedException(EventProblem.UNSUPPORTED_CHARSET, "the body is declared "
                    + type.parameters().get("charset") + "; hookrun reads text as UTF-8 only");
        }
        return Utf8Text.decode(body, "the body");
    }
}
