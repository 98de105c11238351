package io.hookrun.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI 3.1 document ({@code openapi/hookrun.json}) against the official OpenAPI 3.1 schema and against the
 * route table it describes ({@link AdminRoutes#table()}), both ways (ADR 0009); and each documented admin operation,
 * sent through the real AdminHandler with in-memory stores, is routed (never the router's 404 or a 405).
 */
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
            "trace");
    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AdminApi api;
    private static JsonNode document;
    private static String text;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        document = JSON.readTree(text);
        api = new AdminApi();
    }

    @AfterAll
    static void close() {
        api.close();
    }

    @Test
    void theDocumentIsOpenApi31_andEveryRefResolves() {
        assertThat(document.path("openapi").asText()).matches("3\\.1\\.\\d+");
        assertThat(document.path("info").path("title").asText()).isNotBlank();
        assertThat(document.path("servers").isArray()).isTrue();
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref + " resolves").isFalse();
        });
    }

    @Test
    void everyOperationId_isUnique() {
        List<String> ids = new ArrayList<>();
        document.path("paths").forEach(path -> path.properties().stream().filter(e -> METHODS.contains(e.getKey()))
                .forEach(operation -> ids.add(operation.getValue().path("operationId").asText())));

        assertThat(ids).isNotEmpty().doesNotHaveDuplicates().doesNotContain("");
    }

    @Test
    void theDocumentIsValidAgainstTheOfficialOpenApi31Schema() throws IOException {
        Schema schema = officialSchema();

        List<Error> errors = schema.validate(text, InputFormat.JSON);

        assertThat(errors).as("violations of the OpenAPI 3.1 schema").isEmpty();
    }

    @Test
    void theOfficialSchemaCheck_catchesABrokenDocument() throws IOException {
        ObjectNode broken = document.deepCopy();
        broken.remove("info");
        ((ObjectNode) broken.path("paths").path("/admin/runs")).putObject("fetch").put("summary", "not a method");

        List<Error> errors = officialSchema().validate(JSON.writeValueAsString(broken), InputFormat.JSON);

        assertThat(errors).as("the validator is not vacuous").isNotEmpty();
    }

    @Test
    void everyRouteOfTheTable_isDocumentedWithTheSameMethodAndPath() {
        Map<String, Set<String>> documented = documentedOperations();

        assertThat(table()).isNotEmpty().allSatisfy(route -> assertThat(documented)
                .as(route.method() + " " + route.template())
                .hasEntrySatisfying(route.template(),
                        methods -> assertThat(methods).contains(route.method().toLowerCase(Locale.ROOT))));
    }

    @Test
    void everyDocumentedAdminOperation_isARouteOfTheTable() {
        Set<String> routes = new HashSet<>();
        table().forEach(r -> routes.add(r.method().toLowerCase(Locale.ROOT) + " " + r.template()));

        documentedOperations().forEach((path, methods) -> {
            if (path.startsWith("/admin/")) {
                methods.forEach(method -> assertThat(routes).as(method + " " + path).contains(method + " " + path));
            }
        });
    }

    @Test
    void everyPathParameter_isDeclaredUnderTheNameTheTemplateGivesIt() {
        document.path("paths").properties().forEach(path -> {
            Set<String> names = new HashSet<>();
            Matcher m = TEMPLATE_PARAMETER.matcher(path.getKey());
            while (m.find()) {
                names.add(m.group(1));
            }
            path.getValue().properties().stream().filter(e -> METHODS.contains(e.getKey())).forEach(operation -> {
                Set<String> declared = new HashSet<>();
                List<JsonNode> parameters = new ArrayList<>();
                path.getValue().path("parameters").forEach(parameters::add);
                operation.getValue().path("parameters").forEach(parameters::add);
                for (JsonNode parameter : parameters) {
                    JsonNode resolved = parameter.has("$ref") ? document.at(parameter.get("$ref").asText().substring(1))
                            : parameter;
                    if (resolved.path("in").asText().equals("path")) {
                        declared.add(resolved.path("name").asText());
                    }
                }
                assertThat(declared).as(operation.getKey() + " " + path.getKey()).isEqualTo(names);
            });
        });
    }

    @Test
    void everyDocumentedAdminOperation_isRouted_throughTheRealHandler() {
        Map<String, String> values = seed();
        List<String[]> operations = new ArrayList<>();
        documentedOperations().forEach((path, methods) -> {
            if (path.startsWith("/admin/")) {
                methods.forEach(method -> operations.add(new String[] {method, path}));
            }
        });
        // Deletions last, the most specific first, so every other operation finds its resources.
        operations.sort(Comparator.<String[], Boolean>comparing(o -> o[0].equals("delete"))
                .thenComparing(o -> o[0].equals("delete") ? -o[1].length() : 0));

        assertThat(operations).hasSizeGreaterThanOrEqualTo(table().size());
        for (String[] operation : operations) {
            String template = operation[1];
            String path = fill(template, values);
            JsonNode requestBody = document.path("paths").path(template).path(operation[0]).path("requestBody");
            AdminApi.Response response = api.send(operation[0].toUpperCase(Locale.ROOT), path, Map.of(),
                    requestBody.isMissingNode() ? null : body(requestBody));

            assertThat(response.status()).as(operation[0] + " " + path + ": " + response.body())
                    .isNotEqualTo(405).isNotEqualTo(404).isLessThan(500);
        }
    }

    @Test
    void getOpenApiJson_servesTheDocument() {
        AdminApi.Response response = api.get("/admin/openapi.json");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("content-type", "application/json");
        assertThat(response.body()).isEqualTo(text);
    }

    @Test
    void noSchemaOfTheDocument_exposesATriggerSecretValue_exceptTheRotationAnswer() {
        JsonNode trigger = document.at("/components/schemas/Trigger");
        JsonNode secret = document.at("/components/schemas/TriggerSecret/properties");

        assertThat(trigger.path("properties").path("signature").path("properties").has("secrets")).isTrue();
        assertThat(secret.has("value")).isFalse();
        assertThat(secret.has("secret")).isFalse();
        assertThat(document.at("/components/schemas/RotatedSecret/properties").has("secret")).isTrue();
        assertThat(document.at("/components/schemas/TriggerRequest/properties/signature/properties/secrets/writeOnly")
                .asBoolean()).isTrue();
    }

    /** Resources for every path parameter of the table: a workflow with two versions, a trigger, a run. */
    private static Map<String, String> seed() {
        api.put("/admin/workflows/order-flow", Definitions.VALID);
        api.put("/admin/workflows/order-flow", Definitions.VALID);
        api.put("/admin/triggers/orders", TRIGGER);
        Run run = AdminHandlerTest.run("orders", RunStatus.QUEUED, TwinStoreFactory.NOW);
        run = new Run(run.id(), run.triggerId(), "order-flow", run.eventId(), run.status(), run.input(), null, null,
                null, Definitions.VALID, run.createdAt(), null, null);
        api.stores().runs.createRun(run);
        return Map.of("workflowId", "order-flow", "triggerId", "orders", "version", "1", "runId",
                run.id().toString());
    }

    private static final String TRIGGER = "{\"workflowId\": \"order-flow\", \"signature\": {\"scheme\":"
            + " \"standard-webhooks\", \"secrets\": [\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\","
            + " \"whsec_C2FtcGxlLXNlY3JldC1mb3Itcm90YXRpb24=\"]}}";

    /** A body the operation takes, chosen by the schema the document gives it. */
    private static String body(JsonNode requestBody) {
        String schema = requestBody.path("content").path("application/json").path("schema").path("$ref").asText();
        if (schema.endsWith("/AslDefinition")) {
            return Definitions.VALID;
        }
        if (schema.endsWith("/TriggerRequest")) {
            return TRIGGER;
        }
        return "{}";
    }

    /** The template with the seeded values; {@code {secretId}}: one the trigger holds now (a PUT replaces them). */
    private static String fill(String template, Map<String, String> values) {
        Matcher m = TEMPLATE_PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String value = m.group(1).equals("secretId")
                    ? api.stores().triggers.find("orders").orElseThrow().secrets().getFirst().id()
                    : values.getOrDefault(m.group(1), UUID.randomUUID().toString());
            m.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        return m.appendTail(path).toString();
    }

    private static List<AdminRoutes.RouteSpec> table() {
        return api.handlerRoutes().table();
    }

    /** Path template, parameter names as written, to its documented methods. */
    private static Map<String, Set<String>> documentedOperations() {
        Map<String, Set<String>> operations = new LinkedHashMap<>();
        document.path("paths").properties().forEach(path -> {
            Set<String> methods = new HashSet<>();
            path.getValue().fieldNames().forEachRemaining(name -> {
                if (METHODS.contains(name)) {
                    methods.add(name);
                }
            });
            assertThat(operations.put(path.getKey(), methods)).as("one path per template: " + path.getKey())
                    .isNull();
        });
        return operations;
    }


    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    /**
     * The official schema, read from the test resources; nothing is fetched (the draft 2020-12 meta-schema it names
     * ships inside the validator).
     */
    private static Schema officialSchema() throws IOException {
        String schemaText;
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi/oas-3.1-schema-2022-10-07.json")) {
            schemaText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaLoader(loader -> loader.block(iri -> {
                    String scheme = iri.getScheme() == null ? "" : iri.getScheme().toLowerCase(Locale.ROOT);
                    return scheme.equals("http") || scheme.equals("https");
                })));
        return registry.getSchema(schemaText);
    }
}
