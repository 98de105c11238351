package io.hookrun.database.credentials;

import io.hookrun.core.time.SettableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RotatingCredentialsDataSourceTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final Properties driverProperties = new Properties();
    private FakeSecret secret;
    private RotatingCredentialsDataSource dataSource;

    @BeforeEach
    void setUp() {
        FakeDriver.reset("first");
        secret = new FakeSecret("hookrun", "first");
        driverProperties.setProperty("socketTimeout", "10");
        dataSource = new RotatingCredentialsDataSource("jdbc:fake:db", driverProperties, FakeDriver.class.getName(),
                new SecretCredentialsSource(secret, clock, Duration.ofMinutes(15), Duration.ofSeconds(5)));
    }

    @Test
    void eachConnection_getsTheDriverPropertiesAndTheSecretsCredentials() throws SQLException {
        driverProperties.setProperty("sslmode", "verify-full"); // set after construction: read at each connection

        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection).isNotNull();
        }

        assertThat(FakeDriver.ATTEMPTS).singleElement().satisfies(p -> assertThat(p)
                .containsEntry("user", "hookrun").containsEntry("password", "first")
                .containsEntry("socketTimeout", "10").containsEntry("sslmode", "verify-full"));
        assertThat(driverProperties).doesNotContainKeys("user", "password");
    }

    @Test
    void afterARotation_aRefusedLoginIsRetriedOnce_withTheSecretAsItIsNow() throws SQLException {
        dataSource.getConnection();
        clock.advance(Duration.ofMinutes(1));
        secret.rotate("hookrun", "second");
        FakeDriver.reset("second"); // the rotation's setSecret step changed the password in the database

        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection).isNotNull();
        }

        assertThat(FakeDriver.ATTEMPTS).extracting(p -> p.getProperty("password")).containsExactly("first", "second");
        assertThat(secret.reads).hasValue(2);
    }

    @Test
    void aRefusalWithNothingNewerInTheSecret_isNotRetried() {
        FakeDriver.reset("something-else");
        clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
        assertThat(FakeDriver.ATTEMPTS).hasSize(1);
    }

    @Test
    void aFailureThatIsNotAboutCredentials_isNotRetried_andTheSecretNotReRead() {
        FakeDriver.failure = new SQLException("Connection refused", "08001");

        assertThatThrownBy(dataSource::getConnection).hasMessage("Connection refused");
        assertThat(FakeDriver.ATTEMPTS).hasSize(1);
        assertThat(secret.reads).hasValue(1);
    }

    @Test
    void theInvalidAuthorizationSpecificationState_countsAsARefusedLogin_too() {
        assertThat(RotatingCredentialsDataSource.isAuthenticationFailure(new SQLException("no", "28000"))).isTrue();
        assertThat(RotatingCredentialsDataSource.isAuthenticationFailure(new SQLException("wrap", "08001",
                new SQLException("FATAL", "28P01")))).isTrue();
        assertThat(RotatingCredentialsDataSource.isAuthenticationFailure(new SQLException("down", "08006"))).isFalse();
    }

    @Test
    void credentialsThePoolPasses_areIgnored_theSourceDecides() throws SQLException {
        dataSource.getConnection("someone", "else");

        assertThat(FakeDriver.ATTEMPTS).singleElement().satisfies(p -> assertThat(p)
                .containsEntry("user", "hookrun").containsEntry("password", "first"));
    }
}
