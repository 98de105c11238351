package io.hookrun.local.template;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.hookrun.local.template.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template's part of callbacks (ADR 0007): a generated key secret, read only by the function that signs task
 * tokens and the one that verifies them, and the callback route on the admin function without the IAM authorizer.
 */
class TemplateCallbacksTest {

    private static final String KEY = "CallbackKey";
    private static final String VARIABLE = "HOOKRUN_CALLBACKS_KEY_SECRET_ID";

    private static SamTemplate template;

    @BeforeAll
    static void read() throws Exception {
        template = SamTemplate.read(Path.of("../../template.yaml"));
    }

    @Test
    void theKeyIsAGeneratedSecretOf64LettersAndDigits() {
        Map<String, Object> key = map(template.resources().get(KEY));

        assertThat(key).containsEntry("Type", "AWS::SecretsManager::Secret");
        Map<String, Object> generate = map(map(key.get("Properties")).get("GenerateSecretString"));
        assertThat(generate).containsEntry("PasswordLength", 64).containsEntry("ExcludePunctuation", true)
                .doesNotContainKey("SecretStringTemplate");
        assertThat(map(key.get("Properties"))).doesNotContainKey("SecretString");
    }

    @Test
    void onlyWorkflowStepAndAdminGetTheKey_andReadOnlyThatSecret() {
        template.functions().forEach((id, function) -> {
            boolean reads = id.equals("WorkflowStepFunction") || id.equals("AdminFunction");
            if (reads) {
                assertThat(function.environment()).as(id).containsEntry(VARIABLE, Map.of("Ref", KEY));
            } else {
                assertThat(function.environment()).as(id).doesNotContainKey(VARIABLE);
            }
            List<Map<String, Object>> onKey = statements(id).stream()
                    .filter(s -> Map.of("Ref", KEY).equals(s.get("Resource"))).toList();
            if (reads) {
                assertThat(onKey).as(id).singleElement().satisfies(s -> {
                    assertThat(s).containsEntry("Effect", "Allow");
                    assertThat(s.get("Action")).isEqualTo(List.of("secretsmanager:GetSecretValue"));
                });
            } else {
                assertThat(onKey).as(id).isEmpty();
            }
        });
    }

    @Test
    void theCallbackRouteIsOnTheAdminFunction_withoutTheIamAuthorizer() {
        SamTemplate.Function admin = template.functions().get("AdminFunction");

        assertThat(admin.routes()).contains(new SamTemplate.HttpRoute("POST", "/callbacks/{token}/{action}", false),
                new SamTemplate.HttpRoute("ANY", "/admin/{proxy+}", true));
        Map<String, Object> event = map(map(map(map(template.resources().get("AdminFunction")).get("Properties"))
                .get("Events")).get("Callbacks"));
        // No Auth at all: the API has no default authorizer, so a route without one is open; SAM refuses
        // "Authorizer: NONE" unless a DefaultAuthorizer exists (caught by TemplateCfnLintIT's SAM transform).
        assertThat(map(event.get("Properties"))).doesNotContainKey("Auth");
        template.functions().forEach((id, function) -> {
            if (!id.equals("AdminFunction")) {
                assertThat(function.routes()).as(id).noneMatch(r -> r.path().startsWith("/callbacks"));
            }
        });
    }

    private static List<Map<String, Object>> statements(String functionId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        Object policies = map(map(template.resources().get(functionId)).get("Properties")).get("Policies");
        if (policies instanceof List<?> list) {
            for (Object policy : list) {
                if (map(policy).get("Statement") instanceof List<?> each) {
                    each.forEach(s -> statements.add(map(s)));
                }
            }
        }
        return statements;
    }
}
