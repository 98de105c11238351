package io.hookrun.database.credentials;

/**
 * A database secret that is not usable: not JSON, not an object, or without a user name or password. The message
 * names the secret and what is missing or wrong, never a value from it, and there is no cause: the JSON parser's own
 * messages quote the characters around an error, which may be the password.
 */
public final class DatabaseSecretException extends RuntimeException {

    public DatabaseSecretException(String message) {
        super(message, null, false, false);
    }
}
