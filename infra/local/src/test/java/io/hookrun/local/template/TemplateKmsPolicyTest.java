package io.hookrun.local.template;

import io.hookrun.aws.kms.KmsKeyWrapper;
import io.hookrun.core.secrets.SealedSecrets;
import io.hookrun.core.secrets.SecretCipher;
import io.hookrun.core.trigger.TriggerSecret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.hookrun.local.template.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trigger secrets are sealed under the template's KMS key, and only the functions that read or write triggers may
 * use it: the webhook to unwrap (Decrypt), the admin to wrap and unwrap (GenerateDataKey, Decrypt), each request
 * bound to a trigger by its encryption context. As with the table, nothing local enforces IAM, so the requests the
 * real KMS wrapper makes are checked against each function's statements here, the way IAM evaluates them.
 */
class TemplateKmsPolicyTest {

    private static final String KEY = "SecretsKey";
    private static final String KEY_VARIABLE = "HOOKRUN_SECRETS_KMS_KEY_ID";
    private static final Map<String, Object> KEY_ARN = Map.of("Fn::GetAtt", List.of(KEY, "Arn"));

    private static SamTemplate template;

    @BeforeAll
    static void read() throws Exception {
        template = SamTemplate.read(Path.of("../../template.yaml"));
    }

    @Test
    void secretsKey_rotatesYearly_hasAnAlias_andOutlivesTheStack() {
        Map<String, Object> key = map(template.resources().get(KEY));
        Map<String, Object> alias = map(template.resources().get("SecretsKeyAlias"));

        assertThat(key).containsEntry("Type", "AWS::KMS::Key").containsEntry("DeletionPolicy", "Retain")
                .containsEntry("UpdateReplacePolicy", "Retain");
        assertThat(map(key.get("Properties"))).containsEntry("EnableKeyRotation", true).containsKey("KeyPolicy");
        assertThat(map(alias.get("Properties"))).containsEntry("TargetKeyId", Map.of("Ref", KEY));
    }

    @Test
    void onlyTheFunctionsThatReadOrWriteTriggers_getTheKeyId() {
        template.functions().forEach((id, function) -> {
            if (Set.of("WebhookFunction", "AdminFunction").contains(id)) {
                assertThat(function.environment()).as(id).containsEntry(KEY_VARIABLE, Map.of("Ref", KEY));
            } else {
                assertThat(function.environment()).as(id).doesNotContainKey(KEY_VARIABLE);
            }
        });
    }

    @Test
    void webhookFunction_mayOnlyUnwrap_andAdminFunction_wrapAndUnwrap_others_nothing() {
        assertThat(kmsActions("WebhookFunction")).containsExactly("kms:Decrypt");
        assertThat(kmsActions("AdminFunction")).containsExactlyInAnyOrder("kms:GenerateDataKey", "kms:Decrypt");
        for (String id : List.of("WorkflowStepFunction", "RunSweeperFunction", "HealthFunction")) {
            assertThat(kmsActions(id)).as(id).isEmpty();
        }
    }

    @Test
    void theRequestsOfTheRealKmsWrapper_areAllowed_forTheFunctionsThatMakeThem() {
        RecordingKms kms = new RecordingKms();
        SecretCipher cipher = new SecretCipher(new KmsKeyWrapper(kms, "key-id"), new SecureRandom());
        SealedSecrets sealed = cipher.seal("orders", List.of(TriggerSecret.current("a-sender-secret", Instant.EPOCH)));
        cipher.open("orders", sealed);

        assertThat(kms.calls).extracting(RecordingKms.Call::action).containsExactly("kms:GenerateDataKey", "kms:Decrypt");
        for (RecordingKms.Call call : kms.calls) {
            assertThat(allows("AdminFunction", call.action(), call.contextKeys())).as("admin " + call).isTrue();
        }
        assertThat(allows("WebhookFunction", "kms:Decrypt", kms.calls.get(1).contextKeys())).isTrue();
        assertThat(allows("WebhookFunction", "kms:GenerateDataKey", kms.calls.get(0).contextKeys())).isFalse();
    }

    @Test
    void aRequestWithoutTheTriggerContext_orWithAnotherContextKey_isRefusedToEveryFunction() {
        for (String id : template.functions().keySet()) {
            for (String action : List.of("kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt")) {
                assertThat(allows(id, action, List.of())).as("%s %s without context", id, action).isFalse();
                assertThat(allows(id, action, List.of("hookrun:trigger", "aws:other"))).as("%s %s", id, action).isFalse();
            }
        }
    }

    /** The actions of {@code functionId}'s statements that name {@code kms:} actions, all on the key. */
    private static List<String> kmsActions(String functionId) {
        List<String> actions = new ArrayList<>();
        for (Map<String, Object> s : kmsStatements(functionId)) {
            assertThat(s.get("Resource")).as(functionId + " names the key by its ARN").isEqualTo(KEY_ARN);
            actions.addAll(strings(s.get("Action")));
        }
        return actions;
    }

    /**
     * IAM's answer for one request on the key: some Allow statement names the action and the key, and its conditions
     * hold. Only the operators the template uses are understood; any other fails the test instead of being guessed.
     */
    private static boolean allows(String functionId, String action, List<String> contextKeys) {
        for (Map<String, Object> s : kmsStatements(functionId)) {
            if (!"Allow".equals(s.get("Effect")) || !strings(s.get("Action")).contains(action) || !KEY_ARN.equals(s.get("Resource"))) {
                continue;
            }
            boolean holds = true;
            for (Map.Entry<String, Object> condition : map(s.get("Condition")).entrySet()) {
                Map<String, Object> operands = map(condition.getValue());
                assertThat(operands.keySet()).as("condition keys of " + functionId).containsOnly("kms:EncryptionContextKeys");
                Object value = operands.get("kms:EncryptionContextKeys");
                holds &= switch (condition.getKey()) {
                    case "ForAllValues:StringEquals" -> strings(value).containsAll(contextKeys);
                    case "Null" -> "false".equals(String.valueOf(value)) != contextKeys.isEmpty();
                    default -> throw new AssertionError("condition operator not understood: " + condition.getKey());
                };
            }
            if (holds) {
                return true;
            }
        }
        return false;
    }

    private static List<Map<String, Object>> kmsStatements(String functionId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        Object policies = map(map(template.resources().get(functionId)).get("Properties")).get("Policies");
        for (Object policy : policies instanceof List<?> l ? l : List.of()) {
            for (Object statement : (List<?>) map(policy).get("Statement")) {
                Map<String, Object> s = map(statement);
                if (strings(s.get("Action")).stream().anyMatch(a -> a.startsWith("kms:"))) {
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

    /** A KmsClient that records each request's IAM action and encryption context keys and returns a fixed key. */
    private static final class RecordingKms implements KmsClient {

        record Call(String action, List<String> contextKeys) { }

        final List<Call> calls = new ArrayList<>();
        private final byte[] dataKey = new byte[32];

        @Override
        public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
            calls.add(new Call("kms:GenerateDataKey", List.copyOf(request.encryptionContext().keySet())));
            return GenerateDataKeyResponse.builder().plaintext(SdkBytes.fromByteArray(dataKey.clone()))
                    .ciphertextBlob(SdkBytes.fromByteArray(new byte[]{1, 2, 3})).build();
        }

        @Override
        public DecryptResponse decrypt(DecryptRequest request) {
            calls.add(new Call("kms:Decrypt", List.copyOf(request.encryptionContext().keySet())));
            return DecryptResponse.builder().plaintext(SdkBytes.fromByteArray(dataKey.clone())).build();
        }

        @Override
        public String serviceName() {
            return "kms";
        }

        @Override
        public void close() {
        }
    }
}
