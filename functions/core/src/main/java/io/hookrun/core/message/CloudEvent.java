package io.hookrun.core.message;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An accepted webhook as a CloudEvents 1.0 event (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md).
 * It is the body of the SQS message the webhook function sends and the input of the run it starts, written in the
 * JSON event format (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md) through
 * {@link #toJson()} and {@link #fromJson}: the context attributes, the extension attributes as top-level members,
 * then {@code data} or {@code data_base64}, never both. Absent optional attributes are left out; {@code data} is
 * written as {@code null} when there is none (runs have always seen {@code data: null} for an empty body).
 *
 * <p>Extensions are top-level members, so they cannot be a record component that Serde writes by name: the record
 * is written as the object {@link #toJson()} builds ({@code @JsonValue}) and read through {@link #fromJson}
 * (a delegating {@code @JsonCreator}), which keeps the format in one place.
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
 * @param hookrunrunid      the run this event starts, already announced to the sender in the 202; null only in
 *                          the event the webhook function builds before the delivery is claimed
 */
@Serdeable
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
        extensions = Collections.unmodifiableMap(own);
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

    /** This event, starting run {@code runId} (known once the delivery is claimed). */
    public CloudEvent withRunId(String runId) {
        return new CloudEvent(specversion, id, source, type, time, datacontenttype, dataschema, subject, data,
                dataBase64, extensions, hookruntriggerid, hookrunworkflowid, runId);
    }

    /** This event as a JSON object in the JSON event format, members in the spec's order. */
    @JsonValue
    public Map<String, Object> toJson() {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("specversion", specversion);
        members.put("id", id);
        members.put("source", source);
        members.put("type", type);
        putIfPresent(members, "time", time);
        putIfPresent(members, "datacontenttype", datacontenttype);
        putIfPresent(members, "dataschema", dataschema);
        putIfPresent(members, "subject", subject);
        members.putAll(extensions);
        members.put("hookruntriggerid", hookruntriggerid);
        members.put("hookrunworkflowid", hookrunworkflowid);
        members.put("hookrunrunid", hookrunrunid);
        if (dataBase64 != null) {
            members.put("data_base64", dataBase64);
        } else {
            members.put("data", data);
        }
        return members;
    }

    /** Reads an event in the JSON event format: every member that is no context attribute is an extension. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CloudEvent fromJson(Map<String, Object> members) {
        Map<String, Object> extensions = new LinkedHashMap<>(members);
        CONTEXT_ATTRIBUTES.forEach(extensions::remove);
        HOOKRUN_EXTENSIONS.forEach(extensions::remove);
        extensions.remove("data");
        extensions.remove("data_base64");
        String dataBase64 = text(members, "data_base64");
        return new CloudEvent(text(members, "specversion"), text(members, "id"), text(members, "source"),
                text(members, "type"), text(members, "time"), text(members, "datacontenttype"),
                text(members, "dataschema"), text(members, "subject"),
                dataBase64 == null ? members.get("data") : null, dataBase64, extensions,
                text(members, "hookruntriggerid"), text(members, "hookrunworkflowid"), text(members, "hookrunrunid"));
    }

    private static void putIfPresent(Map<String, Object> members, String name, String value) {
        if (value != null) {
            members.put(name, value);
        }
    }

    private static String text(Map<String, Object> members, String name) {
        Object value = members.get(name);
        return value == null ? null : value.toString();
    }
}
