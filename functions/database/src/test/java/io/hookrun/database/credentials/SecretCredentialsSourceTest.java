package io.hookrun.database.credentials;

import io.hookrun.core.time.SettableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCredentialsSourceTest {

    private static final Duration MAX_AGE = Duration.ofMinutes(15);
    private static final Duration REREAD = Duration.ofSeconds(5);
    private static final DatabaseCredentials FIRST = new DatabaseCredentials("hookrun", "first");
    private static final DatabaseCredentials SECOND = new DatabaseCredentials("hookrun", "second");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T12:00:00Z"));
    private FakeSecret secret;
    private SecretCredentialsSource source;

    @BeforeEach
    void setUp() {
        secret = new FakeSecret("hookrun", "first");
        source = new SecretCredentialsSource(secret, clock, MAX_AGE, REREAD);
    }

    @Test
    void nothingIsReadBeforeTheFirstConnection_thenOnceForMany() throws SQLException {
        assertThat(secret.reads).hasValue(0);

        assertThat(source.current()).isEqualTo(FIRST);
        clock.advance(Duration.ofMinutes(10));
        assertThat(source.current()).isEqualTo(FIRST);

        assertThat(secret.reads).hasValue(1);
    }

    @Test
    void aRotatedSecret_isReadAfterTheServerRefusesTheOldPassword() throws SQLException {
        DatabaseCredentials tried = source.current();
        secret.rotate("hookrun", "second");
        clock.advance(Duration.ofMinutes(1));

        assertThat(source.afterAuthenticationFailure(tried)).isEqualTo(SECOND);
        assertThat(source.current()).isEqualTo(SECOND);
        assertThat(secret.reads).hasValue(2);
    }

    @Test
    void anUnchangedSecret_afterARefusal_givesTheRefusedCredentialsBack_soTheCallerStops() throws SQLException {
        DatabaseCredentials tried = source.current();
        clock.advance(Duration.ofMinutes(1));

        assertThat(source.afterAuthenticationFailure(tried)).isEqualTo(tried);
        assertThat(secret.reads).hasValue(2);
    }

    @Test
    void refusalsInQuickSuccession_readTheSecretAtMostOncePerInterval() throws SQLException {
        DatabaseCredentials tried = source.current();
        clock.advance(Duration.ofSeconds(10));
        source.afterAuthenticationFailure(tried);
        clock.advance(Duration.ofSeconds(1));
        source.afterAuthenticationFailure(tried);
        source.afterAuthenticationFailure(tried);

        assertThat(secret.reads).hasValue(2);
        clock.advance(REREAD);
        source.afterAuthenticationFailure(tried);
        assertThat(secret.reads).hasValue(3);
    }

    @Test
    void aRefusalOfCredentialsAlreadyReplaced_usesTheNewOnesWithoutAnotherRead() throws SQLException {
        DatabaseCredentials stale = source.current();
        secret.rotate("hookrun", "second");
        clock.advance(Duration.ofMinutes(1));
        source.afterAuthenticationFailure(stale); // a first connection attempt re-read
        clock.advance(Duration.ofMinutes(1));

        assertThat(source.afterAuthenticationFailure(stale)).isEqualTo(SECOND); // a second one, refused with the same
        assertThat(secret.reads).hasValue(2);
    }

    @Test
    void credentialsOlderThanTheMaxAge_areReadAgainBeforeTheNextConnection() throws SQLException {
        source.current();
        secret.rotate("hookrun", "second");
        clock.advance(MAX_AGE.minusSeconds(1));
        assertThat(source.current()).isEqualTo(FIRST);

        clock.advance(Duration.ofSeconds(1));
        assertThat(source.current()).isEqualTo(SECOND);
        assertThat(secret.reads).hasValue(2);
    }

    @Test
    void whenTheAgeReReadFails_theHeldCredentialsAreUsed_andTheReadIsRetriedAfterTheInterval() throws SQLException {
        source.current();
        clock.advance(MAX_AGE);
        secret.failing();

        assertThat(source.current()).isEqualTo(FIRST);
        assertThat(source.current()).isEqualTo(FIRST);
        assertThat(secret.reads).hasValue(2);

        secret.working().rotate("hookrun", "second");
        clock.advance(REREAD);
        assertThat(source.current()).isEqualTo(SECOND);
    }

    @Test
    void whenTheFirstReadFails_theConnectionFails_asAnOutage() {
        secret.failing();

        assertThatThrownBy(source::current).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    }

    @Test
    void forgottenCredentials_areReadAgain_byTheNextConnection() throws SQLException {
        source.current();
        secret.rotate("hookrun", "second");

        source.forget();

        assertThat(source.current()).isEqualTo(SECOND);
        assertThat(secret.reads).hasValue(2);
    }

    @Test
    void itDescribesItselfByTheSecretId_only() {
        assertThat(source.describe()).isEqualTo("secret hookrun-db");
    }
}
