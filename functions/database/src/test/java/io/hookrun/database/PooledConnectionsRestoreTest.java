package io.hookrun.database;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is left of the database in a snapshot: before it, the pool's own DataSource forgets the credentials it opened
 * connections with (no password in the snapshot); a pool that has not started is not started by the hook.
 */
class PooledConnectionsRestoreTest {

    /** Stands in for h-secrets-db's RotatingCredentialsDataSource: holds credentials until told to forget them. */
    public static final class CredentialsHoldingDataSource implements DataSource {
        int forgotten;

        public void forgetCredentials() {
            forgotten++;
        }

        @Override public Connection getConnection() throws SQLException {
            throw new SQLException("no database in this test");
        }
        @Override public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }
        @Override public PrintWriter getLogWriter() {
            return null;
        }
        @Override public void setLogWriter(PrintWriter out) {
        }
        @Override public void setLoginTimeout(int seconds) {
        }
        @Override public int getLoginTimeout() {
            return 0;
        }
        @Override public Logger getParentLogger() {
            return Logger.getGlobal();
        }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }
        @Override public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    @Test
    void beforeSnapshot_makesThePoolsDataSourceForgetItsCredentials_withoutStartingThePool() {
        CredentialsHoldingDataSource opener = new CredentialsHoldingDataSource();
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(opener);
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).start()) {
            context.registerSingleton(DataSource.class, pool);

            int pools = context.getBean(PooledConnectionsRestore.class).beforeSnapshot();

            assertThat(opener.forgotten).isEqualTo(1);
            assertThat(pools).as("no started pool to evict").isZero();
            assertThat(pool.getHikariPoolMXBean()).as("still not started").isNull();
        }
    }
}
