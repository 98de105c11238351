package io.hookrun.database.credentials;

import com.zaxxer.hikari.HikariDataSource;
import io.hookrun.testsupport.emulator.LocalPostgres;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real PostgreSQL whose password for the function's user is changed server-side ({@code ALTER ROLE ... PASSWORD},
 * what the rotation's setSecret step does) while the secret in (fake) Secrets Manager is updated: the pool, built
 * once by Micronaut as a function builds it, opens its next connection with the new password without a restart.
 * Everything the pool and the credentials log (at DEBUG) is captured and must hold no password and no secret JSON.
 */
@Timeout(120)
class SecretRotationIT {

    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:hookrun-db-AbCdEf";
    private static final String USER = "hookrun_app";

    private static LocalPostgres postgres;

    @BeforeAll
    static void startPostgresWithPasswordLoginForTheAppUser() throws Exception {
        postgres = LocalPostgres.start();
        try (Connection admin = postgres.dataSource().getConnection(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE " + USER + " LOGIN PASSWORD 'initial-not-used'");
            // The embedded server trusts local logins; the app user must prove its password, as on RDS.
            Path hba;
            try (ResultSet file = sql.executeQuery("SHOW hba_file")) {
                file.next();
                hba = Path.of(file.getString(1));
            }
            Files.writeString(hba, "host all " + USER + " 127.0.0.1/32 scram-sha-256\nhost all " + USER + " ::1/128 scram-sha-256\n"
                    + Files.readString(hba));
            sql.execute("SELECT pg_reload_conf()");
        }
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void afterTheServerSidePasswordChanges_andTheSecretIsUpdated_thePoolsNextConnectionUsesTheNewPassword() throws Exception {
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();
        setPassword(first);
        FakeSecretsManagerClient secretsManager = new FakeSecretsManagerClient(SECRET_ARN, FakeSecret.json(USER, first));
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of(
                        "datasources.default.url", appUrl(),
                        "hookrun.database.secret-id", SECRET_ARN,
                        // The first read and the refusal fall within one test second.
                        "hookrun.database.credentials-reread-interval", "0s"))
                .singletons(secretsManager)
                .start()) {
            DataSource dataSource = context.getBean(DataSource.class);
            assertThat(dataSource.unwrap(HikariDataSource.class).getUsername()).isNull();
            assertThat(secretsManager.getSecretValueCalls).as("nothing is read before the first connection").hasValue(0);

            assertThat(currentUser(dataSource)).isEqualTo(USER);
            assertThat(secretsManager.getSecretValueCalls).hasValue(1);

            setPassword(second);
            secretsManager.rotate(FakeSecret.json(USER, second));
            assertThatThrownBy(() -> DriverManager.getConnection(appUrl(), USER, first).close())
                    .as("the old password is really refused now").isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
            // The pool's next physical connection: after maxLifetime, or a SnapStart restore that evicts connections.
            dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();

            assertThat(currentUser(dataSource)).isEqualTo(USER);
            assertThat(secretsManager.getSecretValueCalls).hasValue(2);
        } finally {
            System.setErr(stderr);
        }
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged).as("the credentials said what they did").contains("re-read after the server refused");
        assertThat(logged).doesNotContain(first).doesNotContain(second).doesNotContain("\"password\"");
    }

    @Test
    void aSecretWithAWrongPassword_failsTheCall_withoutEndlessReads() throws Exception {
        setPassword("right-" + UUID.randomUUID());
        FakeSecretsManagerClient secretsManager = new FakeSecretsManagerClient(SECRET_ARN, FakeSecret.json(USER, "wrong"));
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("datasources.default.url", appUrl(), "hookrun.database.secret-id", SECRET_ARN,
                        "datasources.default.connection-timeout", 1_000))
                .singletons(secretsManager)
                .start()) {
            DataSource dataSource = context.getBean(DataSource.class);

            assertThatThrownBy(() -> currentUser(dataSource)).isInstanceOf(SQLException.class);
            // One read, and at most one more per 5 s re-read interval however often the pool retried within 1 s.
            assertThat(secretsManager.getSecretValueCalls.get()).isBetween(1, 2);
        }
    }

    private static void setPassword(String password) throws SQLException {
        try (Connection admin = postgres.dataSource().getConnection(); Statement sql = admin.createStatement()) {
            sql.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
        }
    }

    /** No user in the URL: the driver lets URL parameters win over the credentials it is given. */
    private static String appUrl() {
        return "jdbc:postgresql://localhost:" + postgres.port() + "/postgres";
    }

    private static String currentUser(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
             ResultSet result = sql.executeQuery("SELECT current_user")) {
            result.next();
            return result.getString(1);
        }
    }
}
