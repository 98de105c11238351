package io.hookrun.webhook;

/**
 * Every way a genuine (signed) delivery's event can be refused before it is claimed, with its HTTP status and the
 * stable slug of its RFC 9457 problem type ({@code https://hookrun.dev/problems/<slug>}); senders switch on the slug.
 */
public enum EventProblem {
    /** The Content-Type is not one hookrun reads and the trigger does not list it. */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    /** The Content-Type names a charset other than UTF-8. */
    UNSUPPORTED_CHARSET(415, "unsupported-charset", "Unsupported charset"),
    /** A text body (JSON, form, text) is not valid UTF-8. */
    INVALID_UTF8(400, "invalid-utf8", "Invalid UTF-8"),
    /** The body is declared JSON but is not JSON. */
    MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
    /** A JSON object names the same member twice. */
    DUPLICATE_JSON_KEY(400, "duplicate-json-key", "Duplicate JSON key"),
    /** JSON nested deeper than the limit. */
    JSON_TOO_DEEP(400, "json-too-deep", "JSON too deep"),
    /** A JSON string (value or member name) longer than the limit. */
    JSON_STRING_TOO_LONG(400, "json-string-too-long", "JSON string too long"),
    /** A JSON number written with more characters than the limit. */
    JSON_NUMBER_TOO_LONG(400, "json-number-too-long", "JSON number too long"),
    /** An {@code application/x-www-form-urlencoded} body with a broken percent escape. */
    MALFORMED_FORM(400, "malformed-form", "Malformed form body"),
    /** A CloudEvent (structured or binary) missing a required attribute or breaking the spec's rules. */
    INVALID_CLOUDEVENT(400, "invalid-cloudevent", "Invalid CloudEvent"),
    /** No delivery id anywhere: no scheme id, no trigger pointer, no CloudEvent id, no Idempotency-Key. */
    MISSING_DELIVERY_ID(400, "missing-delivery-id", "Missing delivery id"),
    /** A delivery id that is not a usable id (an object, an array, null, a boolean, empty). */
    INVALID_DELIVERY_ID(400, "invalid-delivery-id", "Invalid delivery id"),
    /** An event type (from a body pointer) that is not a string. */
    INVALID_EVENT_TYPE(400, "invalid-event-type", "Invalid event type");

    private final int status;
    private final String slug;
    private final String title;

    EventProblem(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }
}
