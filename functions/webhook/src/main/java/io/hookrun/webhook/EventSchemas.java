package io.hookrun.webhook;

import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compiled event schemas of a warm function, keyed by the SHA-256 of the schema text: a trigger whose schema
 * changes gets the new one at once, triggers sharing a schema share its compilation, and compiling (which loads the
 * 2020-12 meta-schema) happens once per schema rather than once per webhook. Bounded to {@value #MAX_ENTRIES},
 * dropping the one used least recently. Lambda gives an instance one request at a time, so a lock costs nothing.
 */
@Singleton
public class EventSchemas {

    static final int MAX_ENTRIES = 64;

    private final EventSchemaCompiler compiler;
    private final Map<String, EventSchemaCompiler.CompiledSchema> compiled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EventSchemaCompiler.CompiledSchema> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public EventSchemas(EventSchemaCompiler compiler) {
        this.compiler = compiler;
    }

    /**
     * @throws IllegalStateException when the stored schema cannot be compiled: the admin API refuses such schemas, so
     *                               this is a bug or a hand-edited table, answered 500 and logged
     */
    public EventSchemaCompiler.CompiledSchema of(String triggerId, String schemaText) {
        String key = sha256(schemaText);
        synchronized (compiled) {
            EventSchemaCompiler.CompiledSchema schema = compiled.get(key);
            if (schema != null) {
                return schema;
            }
        }
        EventSchemaCompiler.CompiledSchema schema;
        try {
            schema = compiler.compile(schemaText);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("trigger " + triggerId + " has an event schema that cannot be compiled: "
                    + e.getMessage(), e);
        }
        synchronized (compiled) {
            compiled.put(key, schema);
        }
        return schema;
    }

    int size() {
        synchronized (compiled) {
            return compiled.size();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
