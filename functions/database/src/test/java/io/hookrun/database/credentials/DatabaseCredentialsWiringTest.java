package io.hookrun.database.credentials;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which credentials the pool a function builds uses, by configuration; no connection is opened. */
class DatabaseCredentialsWiringTest {

    private static final String PROXY_URL = "jdbc:postgresql://hookrun-proxy.proxy-abc123.us-east-1.rds.amazonaws.com:5432/hookrun";

    private static ApplicationContext context(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of("datasources.default.url", PROXY_URL, "aws.region", "us-east-1"));
        properties.putAll(extra);
        return ApplicationContext.builder().deduceEnvironment(false).properties(properties).start();
    }

    private static HikariDataSource pool(ApplicationContext context) throws Exception {
        return context.getBean(DataSource.class).unwrap(HikariDataSource.class);
    }

    @Test
    void withNeitherSecretNorIam_thePoolKeepsItsConfiguredUserAndPassword() throws Exception {
        try (ApplicationContext context = context(Map.of("datasources.default.username", "postgres",
                "datasources.default.password", "local-only", "hookrun.database.secret-id", ""))) {
            HikariDataSource pool = pool(context);

            assertThat(pool.getDataSource()).isNull();
            assertThat(pool.getUsername()).isEqualTo("postgres");
            assertThat(pool.getPassword()).isEqualTo("local-only");
        }
    }

    @Test
    void withASecretId_thePoolAsksTheSecret_andHasNoPasswordOfItsOwn() throws Exception {
        try (ApplicationContext context = context(Map.of("datasources.default.username", "ignored",
                "hookrun.database.secret-id", "arn:aws:secretsmanager:us-east-1:123456789012:secret:hookrun-db-AbCdEf"))) {
            HikariDataSource pool = pool(context);

            assertThat(pool.getDataSource()).isInstanceOfSatisfying(RotatingCredentialsDataSource.class, ds -> assertThat(ds.credentialsSource())
                    .isInstanceOf(SecretCredentialsSource.class)
                    .satisfies(s -> assertThat(s.describe()).isEqualTo("secret arn:aws:secretsmanager:us-east-1:123456789012:secret:hookrun-db-AbCdEf")));
            assertThat(pool.getUsername()).isNull();
            assertThat(pool.getPassword()).isNull();
        }
    }

    @Test
    void withIamAuth_thePoolSignsTokensForTheUrlsHostAsTheConfiguredUser_overVerifiedTls() throws Exception {
        try (ApplicationContext context = context(Map.of("datasources.default.username", "hookrun", "hookrun.database.iam-auth", true,
                // the secret is the proxy's business then, not the function's
                "hookrun.database.secret-id", "arn:aws:secretsmanager:us-east-1:123456789012:secret:hookrun-db-AbCdEf"))) {
            HikariDataSource pool = pool(context);

            assertThat(pool.getDataSource()).isInstanceOfSatisfying(RotatingCredentialsDataSource.class, ds -> assertThat(ds.credentialsSource())
                    .isInstanceOf(IamAuthTokenSource.class)
                    .satisfies(s -> assertThat(s.describe()).isEqualTo("RDS IAM authentication token for user hookrun at "
                            + "hookrun-proxy.proxy-abc123.us-east-1.rds.amazonaws.com:5432")));
            assertThat(pool.getDataSourceProperties()).containsEntry("sslmode", "verify-full")
                    .containsEntry("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory")
                    .containsEntry("socketTimeout", "10");
            assertThat(pool.getUsername()).isNull();
        }
    }

    @Test
    void withIamAuthButNoUser_theFunctionDoesNotStart_andSaysWhatIsMissing() {
        assertThatThrownBy(() -> {
            try (ApplicationContext context = context(Map.of("hookrun.database.iam-auth", true))) {
                pool(context);
            }
        }).hasStackTraceContaining("hookrun.database.iam-auth needs datasources.default.username");
    }
}
