package io.hookrun.admin;

import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/** The default {@link SchemaCheck}: a schema must be a JSON object; nothing more is checked yet. */
@Singleton
public class JsonObjectSchemaCheck implements SchemaCheck {

    @Override
    public List<String> problems(Object schema) {
        return schema instanceof Map<?, ?> ? List.of() : List.of("event.schema must be a JSON object (a JSON Schema)");
    }
}
