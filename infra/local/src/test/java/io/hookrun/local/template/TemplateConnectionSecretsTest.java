package io.hookrun.local.template;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static io.hookrun.local.template.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection secrets (ADR 0007): only the workflow-step function may read them, only {@code GetSecretValue}, only
 * under {@code hookrun/connections/}, and the prefix it reads ({@code HOOKRUN_CONNECTIONS_SECRET_PREFIX}) is the one
 * its policy names. Nothing local enforces IAM, so the statements are checked here.
 */
class TemplateConnectionSecretsTest {

    static final String PREFIX = "hookrun/connections/";
    static final String RESOURCE =
            "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:" + PREFIX + "*";

    private static SamTemplate template;

    @BeforeAll
    static void read() throws Exception {
        template = SamTemplate.read(Path.of("../../template.yaml"));
    }

    /** The one wildcard the template may grant: secrets under the connections prefix (their ARNs end in a random suffix). */
    static boolean isConnectionSecretsPrefix(Object resource) {
        return Map.of("Fn::Sub", RESOURCE).equals(resource);
    }

    @Test
    void workflowStepFunction_mayReadConnectionSecrets_underThePrefixItReads_andNothingElse() {
        // Its other Secrets Manager statement reads the callback key, one secret by reference (TemplateCallbacksTest).
        List<Map<String, Object>> statements = secretsStatements("WorkflowStepFunction").stream()
                .filter(s -> !Map.of("Ref", "CallbackKey").equals(s.get("Resource"))).toList();

        assertThat(statements).singleElement().satisfies(s -> {
            assertThat(s).containsEntry("Effect", "Allow").containsEntry("Resource", Map.of("Fn::Sub", RESOURCE));
            assertThat(strings(s.get("Action"))).containsExactly("secretsmanager:GetSecretValue");
            assertThat(s).doesNotContainKey("Condition");
        });
        assertThat(template.functions().get("WorkflowStepFunction").environment())
                .containsEntry("HOOKRUN_CONNECTIONS_SECRET_PREFIX", PREFIX);
    }

    @Test
    void noOtherFunction_readsConnectionSecrets() {
        for (String id : template.functions().keySet()) {
            if (!id.equals("WorkflowStepFunction")) {
                assertThat(secretsStatements(id)).as(id)
                        .noneMatch(s -> String.valueOf(s.get("Resource")).contains(PREFIX));
            }
        }
    }

    private static List<Map<String, Object>> secretsStatements(String functionId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        Object policies = map(map(template.resources().get(functionId)).get("Properties")).get("Policies");
        for (Object policy : policies instanceof List<?> l ? l : List.of()) {
            Object listed = map(policy).get("Statement");
            for (Object statement : listed instanceof List<?> l ? l : List.of()) {
                Map<String, Object> s = map(statement);
                if (strings(s.get("Action")).stream().anyMatch(a -> a.startsWith("secretsmanager:"))) {
                    statements.add(s);
                }
            }
        }
        return statements;
    }

    private static List<String> strings(Object value) {
        return value instanceof Collection<?> c ? c.stream().map(String::valueOf).toList()
                : value == null ? List.of() : List.of(String.valueOf(value));
    }
}
