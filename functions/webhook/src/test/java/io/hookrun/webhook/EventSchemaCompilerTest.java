package io.hookrun.webhook;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the admin API can ask before storing a schema, and how data is checked against one. */
class EventSchemaCompilerTest {

    private final EventSchemaCompiler compiler = new EventSchemaCompiler();

    @Test
    void usableSchema_hasNoProblems() {
        assertThat(compiler.problems("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}"))
                .isEmpty();
    }

    @Test
    void schemaBreakingTheMetaSchema_isRefusedSayingWhere() {
        List<String> problems = compiler.problems("{\"type\": \"objekt\", \"minLength\": -1}");

        assertThat(problems).isNotEmpty();
        assertThat(String.join("\n", problems)).contains("/type").contains("/minLength");
    }

    @Test
    void textThatIsNotJson_isRefused() {
        assertThat(compiler.problems("{\"type\": ")).isNotEmpty();
        assertThatThrownBy(() -> compiler.compile("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void referenceToTheClasspath_isBlocked_andNothingIsFetched() {
        assertThat(compiler.problems("{\"$ref\": \"classpath:application.yml\"}")).isNotEmpty();
        assertThat(compiler.problems("{\"$ref\": \"http://127.0.0.1:1/schema.json\"}")).isNotEmpty();
    }

    @Test
    void everyViolationIsReported_withItsPointer() {
        EventSchemaCompiler.CompiledSchema schema = compiler.compile("""
                {"type": "object", "required": ["id"], "additionalProperties": false,
                 "properties": {"id": {"type": "string"}, "n": {"type": "integer", "maximum": 10},
                                "items": {"type": "array", "items": {"type": "string"}}}}""");

        List<SchemaViolation> violations = schema.validate(Map.of("n", new BigDecimal("10.5"),
                "items", List.of("a", 2), "extra", true));

        assertThat(violations).extracting(SchemaViolation::pointer)
                .contains("", "/n", "/items/1");
        assertThat(violations).extracting(SchemaViolation::message).anySatisfy(m -> assertThat(m).contains("id"));
    }

    @Test
    void formatIsAsserted() {
        EventSchemaCompiler.CompiledSchema schema = compiler.compile("{\"type\": \"string\", \"format\": \"email\"}");

        assertThat(schema.validate("not an address")).hasSize(1);
        assertThat(schema.validate("ada@example.com")).isEmpty();
    }

    @Test
    void schemasAreCachedByText() {
        EventSchemas schemas = new EventSchemas(compiler);

        EventSchemaCompiler.CompiledSchema first = schemas.of("t1", "{\"type\": \"object\"}");

        assertThat(schemas.of("t2", "{\"type\": \"object\"}")).isSameAs(first);
        assertThat(schemas.of("t1", "{\"type\": \"array\"}")).isNotSameAs(first);
        assertThat(schemas.size()).isEqualTo(2);
    }

    @Test
    void storedSchemaThatCannotCompile_isABug_notTheSendersFault() {
        assertThatThrownBy(() -> new EventSchemas(compiler).of("t1", "{\"type\": 7}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trigger t1");
    }
}
