package io.hookrun.database;

import com.zaxxer.hikari.HikariDataSource;
import io.hookrun.testsupport.emulator.LocalPostgres;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool around a simulated SnapStart snapshot, against a real PostgreSQL: no connection opened before the
 * snapshot is handed out after it. Identity is the server's: {@code pg_backend_pid()} names the server process of a
 * connection, so a new pid is a new connection.
 */
class PooledConnectionsRestoreIT {

    @Test
    void afterEviction_theNextQueryRunsOnAFreshConnection_andTheOldOneIsClosedOnTheServer() throws Exception {
        try (LocalPostgres database = LocalPostgres.start();
             ApplicationContext context = LambdaDataSourceDefaultsTest.context(database.jdbcUrl(), Map.of())) {
            HikariDataSource pool = LambdaDataSourceDefaultsTest.pool(context);
            int before = backendPid(pool);
            assertThat(backendPid(pool)).as("a warm pool reuses its connection").isEqualTo(before);
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(1);

            int pools = context.getBean(PooledConnectionsRestore.class).evictConnections();

            assertThat(pools).isEqualTo(1);
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).as("the idle one closed at once").isZero();
            int after = backendPid(pool);
            assertThat(after).isNotEqualTo(before);
            assertThat(serverHasBackend(pool, before)).as("the old connection is gone on the server too").isFalse();
        }
    }

    @Test
    void aConnectionInUseDuringEviction_isClosedWhenReturned_notPooledAgain() throws Exception {
        try (LocalPostgres database = LocalPostgres.start();
             ApplicationContext context = LambdaDataSourceDefaultsTest.context(database.jdbcUrl(), Map.of())) {
            HikariDataSource pool = LambdaDataSourceDefaultsTest.pool(context);
            int busyPid;
            try (Connection busy = pool.getConnection()) {
                busyPid = backendPid(busy);
                context.getBean(PooledConnectionsRestore.class).evictConnections();
            }
            assertThat(backendPid(pool)).isNotEqualTo(busyPid);
        }
    }

    private static int backendPid(HikariDataSource pool) throws Exception {
        try (Connection connection = pool.getConnection()) {
            return backendPid(connection);
        }
    }

    private static int backendPid(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            return result.getInt(1);
        }
    }

    private static boolean serverHasBackend(HikariDataSource pool, int pid) throws Exception {
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
            result.next();
            return result.getInt(1) > 0;
        }
    }
}
