package io.hookrun.database.credentials;

import java.sql.SQLException;

/**
 * The credentials of the next database connection, asked once per physical connection the pool opens (a
 * Lambda-sized pool opens a handful per instance lifetime, so this is not on the per-query path).
 */
public interface DatabaseCredentialsSource {

    /** The credentials to try now. */
    DatabaseCredentials current() throws SQLException;

    /**
     * The credentials to try once more after the server refused {@code rejected} (SQLState {@code 28P01} or
     * {@code 28000}): fresh ones when the source can get them (a rotated secret, a new token), or {@code rejected}
     * itself when there is nothing newer to try, in which case the caller does not try again.
     */
    DatabaseCredentials afterAuthenticationFailure(DatabaseCredentials rejected) throws SQLException;

    /** For messages and logs: where the credentials come from (a secret id, "IAM token for user x"), never a value. */
    String describe();

    /**
     * Drops whatever credentials are held, so that the next connection reads them anew. For a SnapStart
     * {@code beforeCheckpoint} hook that opened connections while priming: the snapshot then holds no password.
     */
    default void forget() {
    }
}
