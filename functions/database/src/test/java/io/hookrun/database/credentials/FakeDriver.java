package io.hookrun.database.credentials;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:fake:} URLs that accepts one password (as PostgreSQL does after a rotation) and
 * records the properties of every attempt. Loaded by class name, as the pool loads drivers, so its state is static:
 * each test calls {@link #reset}.
 */
public final class FakeDriver implements Driver {

    static final List<Properties> ATTEMPTS = new CopyOnWriteArrayList<>();
    static volatile String acceptedPassword;
    static volatile SQLException failure;

    static void reset(String password) {
        ATTEMPTS.clear();
        acceptedPassword = password;
        failure = null;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        ATTEMPTS.add(info);
        if (failure != null) {
            throw failure;
        }
        if (!info.getProperty("password").equals(acceptedPassword)) {
            throw new SQLException("FATAL: password authentication failed for user \"" + info.getProperty("user") + "\"", "28P01");
        }
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> method.getName().equals("isClosed") ? Boolean.FALSE : null);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url.startsWith("jdbc:fake:");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
