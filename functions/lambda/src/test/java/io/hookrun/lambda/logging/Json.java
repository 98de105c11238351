package io.hookrun.lambda.logging;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.util.Map;

/** A parsed JSON object, for asserting on log lines and EMF documents. */
public record Json(Map<String, Object> members) {

    private static final JsonMapper MAPPER = JsonMapper.createDefault();

    /** Parses one JSON object; fails the test when the text is not one. */
    public static Json parse(String text) throws IOException {
        return new Json(MAPPER.readValue(text, Argument.mapOf(String.class, Object.class)));
    }

    public String text(String name) {
        Object value = members.get(name);
        return value == null ? null : value.toString();
    }

    public boolean has(String name) {
        return members.containsKey(name);
    }

    @SuppressWarnings("unchecked")
    public Json object(String name) {
        return new Json((Map<String, Object>) members.get(name));
    }

    public Object get(String name) {
        return members.get(name);
    }
}
