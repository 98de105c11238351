package io.hookrun.database.credentials;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Credentials from a database secret (RDS shape, {@link RdsSecret}), read when the pool opens its first connection,
 * then held and re-read:
 * <ul>
 *   <li>when the server refuses them ({@code 28P01} invalid password, {@code 28000} invalid authorization): the
 *       secret was rotated since it was read. The connection is tried once more with what the secret says now. So
 *       a rotation costs no restart and no failed call, only one more {@code GetSecretValue};</li>
 *   <li>when they are older than {@code maxAge} (15 minutes by default), before the next connection, so that an
 *       instance does not keep a superseded password for its whole life: after a rotation the old password keeps
 *       working only until the rotation's last step, and a new connection must not depend on the refusal path
 *       alone. If that re-read fails (Secrets Manager unreachable), the held credentials are used all the same and
 *       the read is tried again {@code rereadInterval} later: the server, not this class, decides whether they
 *       still work.</li>
 * </ul>
 *
 * <p><b>Why on the first connection and not at init.</b> Lambda SnapStart snapshots the memory of the initialized
 * function and restores it in every new execution environment, for as long as that version is published. A
 * password read at init would be in the snapshot: encrypted there (AWS encrypts snapshots), but restored days
 * later, after any number of rotations. The pool opens no connection at init ({@code minimum-idle 0},
 * {@code initialization-fail-timeout -1}, migrations on first use), so reading the secret with the first
 * connection keeps it out of the snapshot and costs one {@code GetSecretValue} (tens of milliseconds) on the first
 * call that touches the database. Should anything open a connection before the snapshot (priming), the
 * credentials held then are only a first guess: the refusal path above replaces them on the first connection
 * after a rotation. It also means an outage of Secrets Manager fails the calls that need a new connection (as
 * outages, retried), not the function's init.
 *
 * <p>Re-reads after a refusal are at most one per {@code rereadInterval} (5 s by default), and none when another
 * thread re-read since the refused credentials were handed out: a wrong password in the secret costs one
 * {@code GetSecretValue} per interval, not one per connection attempt. Nothing here logs or prints a secret value.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/snapstart-security.html">Lambda SnapStart security (encrypted snapshots, uniqueness)</a>
 * @see <a href="https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda.html">Secrets Manager rotation: the old password stays valid until finishSecret</a>
 */
public final class SecretCredentialsSource implements DatabaseCredentialsSource {

    private static final Logger LOG = LoggerFactory.getLogger(SecretCredentialsSource.class);

    private final DatabaseSecretSource secret;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration rereadInterval;
    /** Not synchronized: a monitor held across the network call would pin a virtual thread to its carrier. */
    private final ReentrantLock lock = new ReentrantLock();
    private DatabaseCredentials held;
    private Instant readAt;
    private Instant nextAgeReadAt;

    /**
     * @param maxAge         credentials older than this are re-read before the next connection
     * @param rereadInterval the least time between two reads after the first one
     */
    public SecretCredentialsSource(DatabaseSecretSource secret, Clock clock, Duration maxAge, Duration rereadInterval) {
        this.secret = secret;
        this.clock = clock;
        this.maxAge = maxAge;
        this.rereadInterval = rereadInterval;
    }

    @Override
    public DatabaseCredentials current() throws SQLException {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (held == null) {
                return read(now);
            }
            if (!now.isBefore(nextAgeReadAt)) {
                try {
                    DatabaseCredentials previous = held;
                    DatabaseCredentials fresh = read(now);
                    if (!fresh.equals(previous)) {
                        LOG.info("database secret {} changed since it was last read (re-read after {})", secret.secretId(), maxAge);
                    }
                    return fresh;
                } catch (SQLException | RuntimeException e) {
                    nextAgeReadAt = now.plus(rereadInterval);
                    LOG.warn("database secret {} could not be re-read ({}); the credentials read at {} are used until it can",
                            secret.secretId(), e.getClass().getSimpleName(), readAt);
                }
            }
            return held;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DatabaseCredentials afterAuthenticationFailure(DatabaseCredentials rejected) throws SQLException {
        lock.lock();
        try {
            if (held != null && !held.equals(rejected)) {
                return held; // re-read by another connection attempt since these were handed out
            }
            Instant now = clock.instant();
            if (readAt != null && now.isBefore(readAt.plus(rereadInterval))) {
                return rejected;
            }
            DatabaseCredentials fresh = read(now);
            LOG.info("database secret {} re-read after the server refused the credentials of user {}: {}", secret.secretId(),
                    rejected.username(), fresh.equals(rejected) ? "unchanged" : "changed, trying them");
            return fresh;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String describe() {
        return "secret " + secret.secretId();
    }

    @Override
    public void forget() {
        lock.lock();
        try {
            held = null;
            readAt = null;
            nextAgeReadAt = null;
        } finally {
            lock.unlock();
        }
    }

    private DatabaseCredentials read(Instant now) throws SQLException {
        DatabaseCredentials fresh = RdsSecret.parse(secret.secretId(), secret.read()).credentials();
        held = fresh;
        readAt = now;
        nextAgeReadAt = now.plus(maxAge);
        return fresh;
    }
}
