package io.hookrun.admin;

import java.util.List;

/**
 * Checks a trigger's {@code event.schema} when it is stored. The default ({@link JsonObjectSchemaCheck}) only
 * requires a JSON object; the ingestion work replaces it (a bean with {@code @Replaces(JsonObjectSchemaCheck.class)})
 * with one that compiles the schema as JSON Schema draft 2020-12, so a schema that cannot be used is refused here,
 * not at the first delivery.
 */
public interface SchemaCheck {

    /**
     * Why {@code schema} cannot be used, each problem phrased for the {@code event.schema} field and quoting nothing
     * from it; empty when it can.
     *
     * @param schema the JSON value given as {@code event.schema}: a {@code Map} for an object
     */
    List<String> problems(Object schema);
}
