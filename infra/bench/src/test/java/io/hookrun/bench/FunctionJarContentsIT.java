package io.hookrun.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the built function jars must not carry, since every class in a jar is cold-start time: the functions that never
 * migrate the schema (webhook, health) have no Flyway and no Reactor, and health no Jackson databind (the webhook
 * carries it for the JSON Schema validator of triggers' {@code event.schema}, loaded only when a trigger declares
 * one; ADR 0006); no jar carries the
 * local stand-ins; and each registers exactly one Lambda serializer, hookrun's own (a second one, such as
 * micronaut-aws-lambda-events-serde's, would make the runtime refuse to start the function or build a second
 * Micronaut context on every cold start).
 */
class FunctionJarContentsIT {

    private static final String SERIALIZER_SERVICES =
            "META-INF/services/com.amazonaws.services.lambda.runtime.CustomPojoSerializer";
    private static final Path FUNCTIONS = Path.of(System.getProperty("hookrun.functions.directory", "../../functions"));

    @ParameterizedTest
    @ValueSource(strings = {"webhook", "health"})
    void functionsThatDoNotMigrate_carryNoFlywayOrReactor(String module) throws IOException {
        assertThat(classEntries(module)).as("%s-lambda.jar", module)
                .noneMatch(name -> name.startsWith("org/flywaydb/"))
                .noneMatch(name -> name.startsWith("reactor/"));
    }

    /**
     * The webhook reads no Secrets Manager secret (workflow-step, admin and health do: connections, the callback key,
     * the database credentials), so the SDK module, optional in {@code aws}, stays out of its jar.
     */
    @ParameterizedTest
    @ValueSource(strings = {"webhook"})
    void functionsThatReadNoSecretsManagerSecret_carryNoSecretsManagerClient(String module) throws IOException {
        assertThat(classEntries(module)).as("%s-lambda.jar", module)
                .noneMatch(name -> name.startsWith("software/amazon/awssdk/services/secretsmanager/"));
    }

    /** Issue 10: every SDK client is built with url-connection-client; SDK 2.57 would add Apache HttpClient 5 too. */
    @ParameterizedTest
    @ValueSource(strings = {"webhook", "health", "admin", "workflow-step"})
    void noFunction_carriesTheApacheHttpClientItNeverUses(String module) throws IOException {
        assertThat(classEntries(module)).as("%s-lambda.jar", module)
                .noneMatch(name -> name.startsWith("org/apache/hc/"))
                .noneMatch(name -> name.startsWith("software/amazon/awssdk/http/apache5/"))
                .anyMatch(name -> name.startsWith("software/amazon/awssdk/http/urlconnection/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"health"})
    void functionsWithoutJsonSchemas_carryNoJacksonDatabind(String module) throws IOException {
        assertThat(classEntries(module)).as("%s-lambda.jar", module)
                .noneMatch(name -> name.startsWith("com/fasterxml/jackson/databind/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook", "health", "admin", "workflow-step", "deploy-check"})
    void noFunction_carriesTheLocalStandInsOrEverySerdeOfEveryLambdaEvent(String module) throws IOException {
        assertThat(classEntries(module)).as("%s-lambda.jar", module)
                .noneMatch(name -> name.startsWith("com/amazonaws/services/dynamodbv2/local/"))
                .noneMatch(name -> name.startsWith("org/elasticmq/"))
                .noneMatch(name -> name.startsWith("io/zonky/"))
                .noneMatch(name -> name.startsWith("io/micronaut/aws/lambda/events/serde/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook", "health", "admin", "workflow-step", "deploy-check"})
    void everyFunction_registersHookrunsEventSerializerAndNoOther(String module) throws IOException {
        try (JarFile jar = new JarFile(jar(module).toFile())) {
            ZipEntry services = jar.getEntry(SERIALIZER_SERVICES);
            assertThat(services).as("%s-lambda.jar registers a CustomPojoSerializer", module).isNotNull();
            try (InputStream in = jar.getInputStream(services)) {
                List<String> registered = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
                assertThat(registered).containsExactly("io.hookrun.lambda.LambdaEventSerializer");
            }
        }
    }

    /**
     * The CodeDeploy PreTraffic hook reaches hookrun only by invoking the new function versions, and CodeDeploy with
     * the SDK's SigV4 signer: no table, queue, key or database client, no Flyway, no Apache HTTP client (the SDK's
     * default since 2.3x, excluded for url-connection-client), and none of the functions' own code.
     */
    @org.junit.jupiter.api.Test
    void deployCheck_carriesTheLambdaClientAndTheSigner_andNothingOfTheStoresItNeverTouches() throws IOException {
        assertThat(classEntries("deploy-check"))
                .anyMatch(name -> name.startsWith("software/amazon/awssdk/services/lambda/"))
                .anyMatch(name -> name.startsWith("software/amazon/awssdk/http/auth/aws/signer/"))
                .anyMatch(name -> name.startsWith("io/hookrun/deploycheck/"))
                .noneMatch(name -> name.startsWith("software/amazon/awssdk/services/dynamodb/"))
                .noneMatch(name -> name.startsWith("software/amazon/awssdk/services/sqs/"))
                .noneMatch(name -> name.startsWith("software/amazon/awssdk/services/kms/"))
                .noneMatch(name -> name.startsWith("software/amazon/awssdk/services/secretsmanager/"))
                .noneMatch(name -> name.startsWith("org/apache/hc/"))
                .noneMatch(name -> name.startsWith("org/postgresql/"))
                .noneMatch(name -> name.startsWith("org/flywaydb/"))
                .noneMatch(name -> name.startsWith("io/hookrun/webhook/"))
                .noneMatch(name -> name.startsWith("io/hookrun/admin/"));
    }

    private static List<String> classEntries(String module) throws IOException {
        try (JarFile jar = new JarFile(jar(module).toFile())) {
            return jar.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class")).toList();
        }
    }

    private static Path jar(String module) {
        Path jar = FUNCTIONS.resolve(module).resolve("target").resolve(module + "-lambda.jar");
        assertThat(jar).as("built by ./mvnw package").isRegularFile();
        return jar;
    }
}
