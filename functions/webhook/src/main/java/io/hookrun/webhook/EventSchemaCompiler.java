package io.hookrun.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles a trigger's {@code event.schema} (JSON Schema, draft 2020-12 unless its {@code $schema} names another)
 * with networknt's json-schema-validator, and says why a schema cannot be used. The webhook function compiles
 * through {@link EventSchemas}; the admin API can call {@link #problems} to refuse a schema at
 * {@code PUT /admin/triggers/{id}} (it depends only on the validator and Jackson, so it can move to a shared module
 * as is).
 *
 * <p>Each schema gets a registry of its own: the validator keys loaded schemas by {@code $id}, and two triggers'
 * schemas with the same {@code $id} must not see each other's. Nothing is fetched: the validator's default loader
 * reads no network resource, and {@code classpath:}, {@code resource:}, {@code file:} and {@code jar:} references are
 * blocked too, so a schema reaches only itself and the bundled meta-schemas. {@code format} is asserted (a value
 * that is not an {@code email} fails), where 2020-12 would only annotate it: a trigger that writes a format means
 * it. Patterns use the JDK's regular expressions.
 */
@Singleton
public class EventSchemaCompiler {

    /** A schema ready to validate data; safe to share between threads. */
    public static final class CompiledSchema {
        private final Schema schema;

        private CompiledSchema(Schema schema) {
            this.schema = schema;
        }

        /** Every violation, in the validator's order; empty when {@code data} (plain Java JSON values) is valid. */
        public List<SchemaViolation> validate(Object data) {
            List<SchemaViolation> violations = new ArrayList<>();
            for (Error error : schema.validate(node(data))) {
                violations.add(new SchemaViolation(pointer(error), error.getMessage()));
            }
            return violations;
        }
    }

    private static final SchemaRegistryConfig CONFIG = SchemaRegistryConfig.builder()
            .formatAssertionsEnabled(true)
            .locale(Locale.ROOT)
            .build();

    /**
     * @throws IllegalArgumentException when the text is not a usable schema; the message says why
     */
    public CompiledSchema compile(String schemaText) {
        List<String> problems = problems(schemaText);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the event schema cannot be used: " + String.join("; ", problems));
        }
        return new CompiledSchema(registry().getSchema(schemaText));
    }

    /** Why {@code schemaText} cannot be used as an event schema: not JSON, not a schema, a broken reference. */
    public List<String> problems(String schemaText) {
        SchemaRegistry registry = registry();
        Schema metaSchema = registry.getSchema(SchemaLocation.of(Dialects.getDraft202012().getId()));
        List<String> problems = new ArrayList<>();
        try {
            for (Error error : metaSchema.validate(schemaText, com.networknt.schema.InputFormat.JSON)) {
                problems.add("schema" + pointer(error) + ": " + error.getMessage());
            }
            if (problems.isEmpty()) {
                registry.getSchema(schemaText).initializeValidators();
            }
        } catch (SchemaException | IllegalArgumentException e) {
            problems.add(e.getMessage() == null ? "not a usable JSON Schema" : e.getMessage());
        } catch (RuntimeException e) {
            problems.add("not valid JSON");
        }
        return problems;
    }

    private static SchemaRegistry registry() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaRegistryConfig(CONFIG)
                .schemaLoader(loader -> loader.block(iri -> {
                    String scheme = iri.getScheme() == null ? "" : iri.getScheme().toLowerCase(Locale.ROOT);
                    return scheme.equals("classpath") || scheme.equals("resource") || scheme.equals("file")
                            || scheme.equals("jar");
                })));
    }

    private static String pointer(Error error) {
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        return location.equals("/") ? "" : location;
    }

    /** Plain Java JSON values (as {@link JsonBodyReader} builds them) as the validator's Jackson tree. */
    static JsonNode node(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (value) {
            case null -> nodes.nullNode();
            case String text -> nodes.textNode(text);
            case Boolean bool -> nodes.booleanNode(bool);
            case Integer number -> nodes.numberNode(number);
            case Long number -> nodes.numberNode(number);
            case BigInteger number -> nodes.numberNode(number);
            case BigDecimal number -> nodes.numberNode(number);
            case Double number -> nodes.numberNode(number);
            case Map<?, ?> map -> {
                ObjectNode object = nodes.objectNode();
                map.forEach((name, member) -> object.set(String.valueOf(name), node(member)));
                yield object;
            }
            case List<?> list -> {
                ArrayNode array = nodes.arrayNode();
                list.forEach(item -> array.add(node(item)));
                yield array;
            }
            default -> nodes.textNode(value.toString());
        };
    }
}
