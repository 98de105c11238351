package io.hookrun.database.credentials;

import java.util.Objects;

/**
 * A user name and the password (or RDS IAM authentication token) that goes with it, for one connection attempt.
 * {@link #toString()} never shows the password: a record's generated one would put it in any log line or exception
 * message that prints the value.
 */
public record DatabaseCredentials(String username, String password) {

    public DatabaseCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[username=" + username + ", password=<redacted>]";
    }
}
