package io.hookrun.local.template;

import io.hookrun.testsupport.emulator.AwsDefaults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.hookrun.local.template.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * no credential in any function's environment; the database functions read exactly the
 * database secret, or connect with IAM tokens as exactly one proxy user; the webhook stays out of it (and out of the
 * VPC); and infra/aws/database.yaml's outputs are template.yaml's database parameters, name for name. Nothing local
 * enforces IAM, so the statements are checked here, resolved the way CloudFormation would for each mode.
 */
class TemplateDatabaseSecretsTest {

    static final Set<String> DATABASE_FUNCTIONS = Set.of("WorkflowStepFunction", "RunSweeperFunction", "HealthFunction",
            "HealthMetricsFunction", "AdminFunction");
    static final Set<String> DATABASE_PARAMETERS = Set.of("DatabaseUrl", "DatabaseUsername", "DatabaseSecretArn", "DatabaseIamAuth",
            "DatabaseProxyResourceId", "DatabaseSubnetIds", "DatabaseSecurityGroupIds");
    static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:hookrun-db-AbCdEf";

    private static SamTemplate template;
    private static SamTemplate databaseStack;

    @BeforeAll
    static void read() throws Exception {
        template = SamTemplate.read(Path.of("../../template.yaml"));
        databaseStack = SamTemplate.read(Path.of("../../infra/aws/database.yaml"));
    }

    @Test
    void noFunctionEnvironment_carriesAPasswordOrASecretValue() {
        template.functions().forEach((id, function) -> function.environment().forEach((name, value) -> {
            assertThat(name).as(id).doesNotContain("PASSWORD");
            if (name.contains("SECRET") || name.contains("TOKEN") || name.contains("CREDENTIAL")) {
                // Where a secret lives (an id, an ARN, a name prefix), never the secret.
                assertThat(name).as(id + " " + name).matches(".*_(ID|ARN|PREFIX)$");
            }
            assertThat(String.valueOf(value)).as(id + " " + name).doesNotContain("resolve:secretsmanager", "resolve:ssm-secure");
        }));
    }

    @Test
    void noParameterIsNoEcho_theDatabasePasswordParameterIsGone() {
        assertThat(template.parameters()).doesNotContainKey("DatabasePassword");
        template.parameters().forEach((name, definition) -> assertThat(map(definition)).as(name).doesNotContainKey("NoEcho"));
        databaseStack.parameters().forEach((name, definition) -> assertThat(map(definition)).as(name).doesNotContainKey("NoEcho"));
    }

    @Test
    void withASecret_eachDatabaseFunctionGetsItsArn_andMayReadThatSecretOnly() {
        Map<String, Object> parameters = parameters("false", SECRET_ARN, "");
        for (String id : DATABASE_FUNCTIONS) {
            Map<String, Object> properties = resolvedProperties(id, parameters);

            assertThat(environment(properties)).as(id)
                    .containsEntry("HOOKRUN_DATABASE_SECRET_ID", SECRET_ARN)
                    .containsEntry("HOOKRUN_DATABASE_IAM_AUTH", "false")
                    .containsEntry("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://db.example:5432/hookrun")
                    .doesNotContainKey("DATASOURCES_DEFAULT_PASSWORD");
            assertThat(statements(properties, "secretsmanager:")).as(id)
                    .filteredOn(s -> SECRET_ARN.equals(s.get("Resource")))
                    .singleElement().satisfies(s -> assertThat(actions(s)).containsExactly("secretsmanager:GetSecretValue"));
            assertThat(statements(properties, "rds-db:")).as(id).isEmpty();
        }
    }

    @Test
    void withIamAuth_eachDatabaseFunctionMayConnectAsTheOneProxyUser_andReadsNoDatabaseSecret() {
        Map<String, Object> parameters = parameters("true", SECRET_ARN, "prx-0123abcd");
        for (String id : DATABASE_FUNCTIONS) {
            Map<String, Object> properties = resolvedProperties(id, parameters);

            assertThat(environment(properties)).as(id)
                    .containsEntry("HOOKRUN_DATABASE_SECRET_ID", "")
                    .containsEntry("HOOKRUN_DATABASE_IAM_AUTH", "true")
                    .containsEntry("DATASOURCES_DEFAULT_USERNAME", "hookrun");
            assertThat(statements(properties, "rds-db:")).as(id).singleElement().satisfies(s -> {
                assertThat(actions(s)).containsExactly("rds-db:connect");
                assertThat(s.get("Resource")).isEqualTo("arn:aws:rds-db:" + AwsDefaults.REGION + ":" + AwsDefaults.ACCOUNT_ID
                        + ":dbuser:prx-0123abcd/hookrun");
            });
            assertThat(statements(properties, "secretsmanager:")).as(id).noneMatch(s -> SECRET_ARN.equals(s.get("Resource")));
        }
    }

    @Test
    void theWebhook_touchesNoDatabase_andStaysOutsideTheVpc() {
        Map<String, Object> properties = resolvedProperties("WebhookFunction", parameters("true", SECRET_ARN, "prx-0123abcd"));

        assertThat(properties).doesNotContainKey("VpcConfig");
        assertThat(environment(properties)).doesNotContainKeys("DATASOURCES_DEFAULT_URL", "HOOKRUN_DATABASE_SECRET_ID");
        assertThat(statements(properties, "rds-db:")).isEmpty();
        assertThat(statements(properties, "secretsmanager:")).isEmpty();
    }

    @Test
    void theFunctionsWithADatabase_areExactlyTheFive_eachInTheDatabaseVpcWhenThereIsOne() {
        Set<String> withDatabase = new TreeSet<>();
        template.functions().forEach((id, function) -> {
            if (function.environment().containsKey("DATASOURCES_DEFAULT_URL")) {
                withDatabase.add(id);
            }
        });
        assertThat(withDatabase).containsExactlyInAnyOrderElementsOf(DATABASE_FUNCTIONS);
        for (String id : DATABASE_FUNCTIONS) {
            Map<String, Object> properties = resolvedProperties(id, parameters("false", SECRET_ARN, ""));
            assertThat(map(properties.get("VpcConfig"))).as(id).containsEntry("SubnetIds", List.of("subnet-a", "subnet-b"))
                    .containsEntry("SecurityGroupIds", List.of("sg-functions"));
        }
    }

    @Test
    void theDatabaseStacksOutputs_areTemplateYamlsDatabaseParameters_nameForName() {
        Set<String> outputs = map(databaseStack.root().get("Outputs")).keySet();

        // Every output can be passed as a parameter override (CloudFormation refuses unknown parameters) ...
        assertThat(template.parameters().keySet()).containsAll(outputs);
        // ... and together they are everything template.yaml needs to reach the database.
        assertThat(outputs).containsExactlyInAnyOrderElementsOf(DATABASE_PARAMETERS);
        assertThat(template.parameters().keySet().stream().filter(p -> p.startsWith("Database")).toList())
                .containsExactlyInAnyOrderElementsOf(DATABASE_PARAMETERS);
    }

    @Test
    void theDatabaseStack_requiresTlsAtTheProxy_andOnlyTheProxyRoleReadsTheRdsManagedSecret() {
        Map<String, Object> resources = databaseStack.resources();
        Map<String, Object> proxy = map(map(resources.get("DatabaseProxy")).get("Properties"));
        Map<String, Object> cluster = map(map(resources.get("DatabaseCluster")).get("Properties"));
        Object clusterSecret = Map.of("Fn::GetAtt", List.of("DatabaseCluster", "MasterUserSecret.SecretArn"));

        assertThat(proxy).containsEntry("RequireTLS", true).containsEntry("EngineFamily", "POSTGRESQL");
        assertThat((List<?>) proxy.get("Auth")).singleElement().satisfies(auth -> assertThat(map(auth))
                .containsEntry("SecretArn", clusterSecret).containsEntry("IAMAuth", Map.of("Ref", "ProxyIamAuth")));
        assertThat(cluster).containsEntry("ManageMasterUserPassword", true).doesNotContainKey("MasterUserPassword")
                .containsEntry("StorageEncrypted", true).containsEntry("Engine", "aurora-postgresql");
        assertThat(map(cluster.get("ServerlessV2ScalingConfiguration"))).containsEntry("MinCapacity", Map.of("Ref", "MinCapacity"));

        List<Map<String, Object>> secretReads = new ArrayList<>();
        resources.forEach((id, resource) -> {
            for (Object policy : list(map(map(resource).get("Properties")).get("Policies"))) {
                for (Object statement : list(map(map(policy).get("PolicyDocument")).get("Statement"))) {
                    if (actions(map(statement)).stream().anyMatch(a -> a.startsWith("secretsmanager:"))) {
                        secretReads.add(Map.of("role", id, "statement", statement));
                    }
                }
            }
        });
        assertThat(secretReads).singleElement().satisfies(read -> {
            assertThat(read.get("role")).isEqualTo("ProxyRole");
            assertThat(map(read.get("statement"))).containsEntry("Resource", clusterSecret)
                    .containsEntry("Action", List.of("secretsmanager:GetSecretValue"));
        });
    }

    @Test
    void theDatabaseStacksUrl_pointsAtTheProxy_withVerifiedTls() {
        Object url = map(map(databaseStack.root().get("Outputs")).get("DatabaseUrl")).get("Value");

        assertThat(String.valueOf(map(url).get("Fn::Sub")))
                .startsWith("jdbc:postgresql://${DatabaseProxy.Endpoint}:5432/")
                .contains("sslmode=verify-full")
                .doesNotContain("password", "user=");
    }

    /** Parameter values as a deploy would give them; the subnets make the functions join the VPC. */
    private static Map<String, Object> parameters(String iamAuth, String secretArn, String proxyResourceId) {
        Map<String, Object> parameters = new HashMap<>();
        template.parameterList().forEach(p -> parameters.put(p.name(), p.defaultValue()));
        parameters.put("DatabaseUrl", "jdbc:postgresql://db.example:5432/hookrun");
        parameters.put("DatabaseIamAuth", iamAuth);
        parameters.put("DatabaseSecretArn", secretArn);
        parameters.put("DatabaseProxyResourceId", proxyResourceId);
        parameters.put("DatabaseSubnetIds", List.of("subnet-a", "subnet-b"));
        parameters.put("DatabaseSecurityGroupIds", List.of("sg-functions"));
        return parameters;
    }

    private static Map<String, Object> resolvedProperties(String functionId, Map<String, Object> parameters) {
        Map<String, Object> resources = template.resources();
        Intrinsics intrinsics = new Intrinsics(parameters, id -> resources.containsKey(id) ? id : null,
                (id, attribute) -> resources.containsKey(id) ? id + "." + attribute : null, template.conditions());
        return map(intrinsics.resolve(map(resources.get(functionId)).get("Properties")));
    }

    private static Map<String, Object> environment(Map<String, Object> properties) {
        return map(map(properties.get("Environment")).get("Variables"));
    }

    /** The resolved statements of the function's inline policies with an action of {@code service} (e.g. "rds-db:"). */
    private static List<Map<String, Object>> statements(Map<String, Object> properties, String service) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Object policy : list(properties.get("Policies"))) {
            for (Object statement : list(map(policy).get("Statement"))) {
                Map<String, Object> s = map(statement);
                if (actions(s).stream().anyMatch(a -> a.startsWith(service))) {
                    found.add(s);
                }
            }
        }
        return found;
    }

    private static List<String> actions(Map<String, Object> statement) {
        Object value = statement.get("Action");
        return value instanceof Collection<?> c ? c.stream().map(String::valueOf).toList()
                : value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
