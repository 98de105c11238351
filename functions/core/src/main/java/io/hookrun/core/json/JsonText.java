package io.hookrun.core.json;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON text to and from plain Java values (maps, lists, strings, numbers, booleans, null): the form in which
 * event data, workflow inputs and outputs are stored, queued and returned. One place, one mapper (Micronaut Serde).
 */
@Singleton
public class JsonText {

    private final JsonMapper json;

    public JsonText(JsonMapper json) {
        this.json = json;
    }

    /** Parses JSON text; null stays null. Fails with an unchecked exception on text that is not JSON. */
    public Object parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text.getBytes(StandardCharsets.UTF_8), Argument.OBJECT_ARGUMENT);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + e.getMessage(), e);
        }
    }

    /** Serialises a value (a record annotated for Serde, or plain Java values) to JSON text. */
    public String write(Object value) {
        try {
            return new String(json.writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
