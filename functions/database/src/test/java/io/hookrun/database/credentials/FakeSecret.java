package io.hookrun.database.credentials;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/** A secret whose value a test rotates, counting reads; {@link #failing()} makes reads fail as an outage would. */
final class FakeSecret implements DatabaseSecretSource {

    private volatile String value;
    private volatile boolean failing;
    final AtomicInteger reads = new AtomicInteger();

    FakeSecret(String username, String password) {
        rotate(username, password);
    }

    static String json(String username, String password) {
        return "{\"engine\":\"postgres\",\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"port\":5432}";
    }

    void rotate(String username, String password) {
        value = json(username, password);
    }

    FakeSecret failing() {
        failing = true;
        return this;
    }

    FakeSecret working() {
        failing = false;
        return this;
    }

    @Override
    public String read() throws SQLException {
        reads.incrementAndGet();
        if (failing) {
            throw new SQLException("database secret " + secretId() + " cannot be read from Secrets Manager: SdkClientException", "08001");
        }
        return value;
    }

    @Override
    public String secretId() {
        return "hookrun-db";
    }
}
