package io.hookrun.core.message;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serde;
import io.micronaut.serde.exceptions.SerdeException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads a {@link CloudEvent} in the CloudEvents JSON event format
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md): extension attributes are
 * top-level members next to the context attributes, so they cannot be a record component; {@code data} and
 * {@code data_base64} are never both written; absent optional attributes are left out, while {@code data} is written
 * as {@code null} when there is none (runs have always seen {@code data: null} for an empty body).
 *
 * <p>A hand-written serde rather than {@code @JsonAnyGetter}/{@code @JsonAnySetter} on the record: it spells the
 * format out in one place, and JSON values are written exactly as parsed (a {@code null} member inside {@code data}
 * stays, a {@link BigDecimal} keeps its digits).
 */
@Singleton
public class CloudEventSerde implements Serde<CloudEvent> {

    @Override
    public void serialize(Encoder encoder, EncoderContext context, Argument<? extends CloudEvent> type,
                          CloudEvent event) throws IOException {
        Encoder object = encoder.encodeObject(type);
        member(object, "specversion", event.specversion());
        member(object, "id", event.id());
        member(object, "source", event.source());
        member(object, "type", event.type());
        optional(object, "time", event.time());
        optional(object, "datacontenttype", event.datacontenttype());
        optional(object, "dataschema", event.dataschema());
        optional(object, "subject", event.subject());
        for (Map.Entry<String, Object> extension : event.extensions().entrySet()) {
            member(object, extension.getKey(), extension.getValue());
        }
        member(object, "hookruntriggerid", event.hookruntriggerid());
        member(object, "hookrunworkflowid", event.hookrunworkflowid());
        member(object, "hookrunrunid", event.hookrunrunid());
        if (event.dataBase64() != null) {
            member(object, "data_base64", event.dataBase64());
        } else {
            member(object, "data", event.data());
        }
        object.finishStructure();
    }

    @Override
    public CloudEvent deserialize(Decoder decoder, DecoderContext context, Argument<? super CloudEvent> type)
            throws IOException {
        if (!(decoder.decodeArbitrary() instanceof Map<?, ?> members)) {
            throw new SerdeException("a CloudEvent is a JSON object");
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        members.forEach((name, value) -> {
            String key = String.valueOf(name);
            if (!CloudEvent.CONTEXT_ATTRIBUTES.contains(key) && !CloudEvent.HOOKRUN_EXTENSIONS.contains(key)
                    && !key.equals("data") && !key.equals("data_base64")) {
                extensions.put(key, value);
            }
        });
        return new CloudEvent(text(members, "specversion"), text(members, "id"), text(members, "source"),
                text(members, "type"), text(members, "time"), text(members, "datacontenttype"),
                text(members, "dataschema"), text(members, "subject"),
                members.get("data_base64") == null ? members.get("data") : null, text(members, "data_base64"),
                extensions, text(members, "hookruntriggerid"), text(members, "hookrunworkflowid"),
                text(members, "hookrunrunid"));
    }

    private static String text(Map<?, ?> members, String name) {
        Object value = members.get(name);
        return value == null ? null : value.toString();
    }

    private static void optional(Encoder object, String name, String value) throws IOException {
        if (value != null) {
            member(object, name, value);
        }
    }

    private static void member(Encoder object, String name, Object value) throws IOException {
        object.encodeKey(name);
        value(object, value);
    }

    /** A JSON value as the ingestion path and {@code JsonText} produce them: maps, lists, strings, numbers... */
    private static void value(Encoder encoder, Object value) throws IOException {
        switch (value) {
            case null -> encoder.encodeNull();
            case String text -> encoder.encodeString(text);
            case Boolean bool -> encoder.encodeBoolean(bool);
            case Integer number -> encoder.encodeInt(number);
            case Long number -> encoder.encodeLong(number);
            case Short number -> encoder.encodeShort(number);
            case Byte number -> encoder.encodeByte(number);
            case BigInteger number -> encoder.encodeBigInteger(number);
            case BigDecimal number -> encoder.encodeBigDecimal(number);
            case Double number -> encoder.encodeDouble(number);
            case Float number -> encoder.encodeFloat(number);
            case Map<?, ?> map -> {
                Encoder object = encoder.encodeObject(Argument.OBJECT_ARGUMENT);
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    object.encodeKey(String.valueOf(entry.getKey()));
                    value(object, entry.getValue());
                }
                object.finishStructure();
            }
            case List<?> list -> {
                Encoder array = encoder.encodeArray(Argument.OBJECT_ARGUMENT);
                for (Object item : list) {
                    value(array, item);
                }
                array.finishStructure();
            }
            default -> throw new SerdeException("a CloudEvent holds JSON values, not " + value.getClass().getName());
        }
    }
}
