package io.hookrun.core.message;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An accepted webhook as a CloudEvents 1.0 event (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md).
 * It is the body of the SQS message the webhook function sends and the input of the run it starts, written in the
 * JSON event format (structured mode) by {@link CloudEventSerde}: the context attributes, the extension attributes
 * as top-level members, then {@code data} or {@code data_base64}, never both.
 *
 * <p>A CloudEvent the sender sent (structured or binary mode) keeps its attributes and extensions; any other body is
 * wrapped into one. hookrun's own routing data are the extensions {@code hookruntriggerid}, {@code hookrunworkflowid}
 * and {@code hookrunrunid}: always set by hookrun, whatever a sender put under those names.
 *
 * @param time              RFC 3339; null when a sender's CloudEvent has none
 * @param datacontenttype   the media type of {@code data} (or of the bytes in {@code dataBase64}); null: none
 * @param data              the event payload as a JSON value (object, array, string, number, boolean), or null
 * @param dataBase64        binary data as base64 ({@code data_base64}); when set, {@code data} is not written
 * @param extensions        the sender's extension attributes (names as {@link #EXTENSION_NAME} allows; values
 *                          strings, numbers or booleans), without hookrun's own; never null
 * @param hookruntriggerid  the trigger that received the webhook
 * @param hookrunworkflowid the workflow the trigger pointed to when the webhook arrived
 * @param hookrunrunid      the run this event starts, already announced to the sender in the 202
 */
public record CloudEvent(String specversion, String id, String source, String type, @Nullable String time,
                         @Nullable String datacontenttype, @Nullable String dataschema, @Nullable String subject,
                         @Nullable Object data, @Nullable String dataBase64, Map<String, Object> extensions,
                         String hookruntriggerid, String hookrunworkflowid, String hookrunrunid) {

    public static final String SPEC_VERSION = "1.0";
    public static final String WEBHOOK_RECEIVED = "dev.hookrun.webhook.received";
    /**
     * What an extension attribute may be called: lower-case ASCII letters and digits, at most 20 characters (the
     * spec's "Attribute Naming Convention"; the length is a SHOULD there, a rule here).
     */
    public static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,20}");
    /** The context attributes the spec defines (its "required" and "optional" ones), not extensions. */
    public static final Set<String> CONTEXT_ATTRIBUTES = Set.of("specversion", "id", "source", "type", "time",
            "datacontenttype", "dataschema", "subject");
    /** hookrun's extension attributes: set by hookrun only. */
    public static final Set<String> HOOKRUN_EXTENSIONS = Set.of("hookruntriggerid", "hookrunworkflowid",
            "hookrunrunid");

    public CloudEvent {
        Map<String, Object> own = new TreeMap<>();
        if (extensions != null) {
            extensions.forEach((name, value) -> {
                if (!HOOKRUN_EXTENSIONS.contains(name) && !CONTEXT_ATTRIBUTES.contains(name) && value != null) {
                    own.put(name, value);
                }
            });
        }
        extensions = java.util.Collections.unmodifiableMap(own);
        if (dataBase64 != null && data != null) {
            throw new IllegalArgumentException("a CloudEvent has data or data_base64, not both");
        }
    }

    /** A wrapped webhook: no subject, schema or extensions of its own, JSON or text data. */
    public CloudEvent(String specversion, String id, String source, String type, String time,
                      @Nullable String datacontenttype, @Nullable Object data,
                      String hookruntriggerid, String hookrunworkflowid, String hookrunrunid) {
        this(specversion, id, source, type, time, datacontenttype, null, null, data, null, Map.of(),
                hookruntriggerid, hookrunworkflowid, hookrunrunid);
    }
}
