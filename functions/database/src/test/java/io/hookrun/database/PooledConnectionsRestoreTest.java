package io.hookrun.database;

import com.zaxxer.hikari.HikariDataSource;
import io.hookrun.database.credentials.DatabaseCredentials;
import io.hookrun.database.credentials.DatabaseCredentialsSource;
import io.hookrun.database.credentials.RotatingCredentialsDataSource;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is left of the database in a snapshot: before it, the pool's own DataSource forgets the credentials it opened
 * connections with (no password in the snapshot); a pool that has not started is not started by the hook.
 */
class PooledConnectionsRestoreTest {

    /** A credentials source that only counts how often it was told to forget what it holds. */
    static final class CountingCredentialsSource implements DatabaseCredentialsSource {
        int forgotten;

        @Override
        public DatabaseCredentials current() throws SQLException {
            throw new SQLException("no database in this test");
        }

        @Override
        public DatabaseCredentials afterAuthenticationFailure(DatabaseCredentials rejected) {
            return rejected;
        }

        @Override
        public String describe() {
            return "counting source";
        }

        @Override
        public void forget() {
            forgotten++;
        }
    }

    @Test
    void beforeSnapshot_makesThePoolsDataSourceForgetItsCredentials_withoutStartingThePool() {
        CountingCredentialsSource credentials = new CountingCredentialsSource();
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(new RotatingCredentialsDataSource("jdbc:postgresql://127.0.0.1:1/none", new Properties(),
                "org.postgresql.Driver", credentials));
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).start()) {
            context.registerSingleton(DataSource.class, pool);

            int pools = context.getBean(PooledConnectionsRestore.class).beforeSnapshot();

            assertThat(credentials.forgotten).isEqualTo(1);
            assertThat(pools).as("no started pool to evict").isZero();
            assertThat(pool.getHikariPoolMXBean()).as("still not started").isNull();
        }
    }
}
