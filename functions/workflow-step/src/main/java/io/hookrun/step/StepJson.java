package io.hookrun.step;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON text (as stored in PostgreSQL) to and from the plain Java values the interpreter works on. */
@Singleton
public class StepJson {

    private final JsonMapper json;

    public StepJson(JsonMapper json) {
        this.json = json;
    }

    public Object parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text.getBytes(StandardCharsets.UTF_8), Argument.OBJECT_ARGUMENT);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON does not parse", e);
        }
    }

    public String write(Object value) {
        try {
            return new String(json.writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
