package io.hookrun.testsupport.emulator;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A process that starts PostgreSQL in {@code args[0]}, commits a row, says {@code ready} on stdout and waits to be
 * killed: how a {@code ./hookrun local} killed with SIGKILL leaves its PostgreSQL.
 */
public final class PostgresHolder {

    private PostgresHolder() {
    }

    public static void main(String[] args) throws Exception {
        LocalPostgres postgres = LocalPostgres.inDirectory(Path.of(args[0]));
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             Statement s = c.createStatement()) {
            s.execute("create table kept (v text)");
            s.execute("insert into kept values ('committed before the kill')");
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
