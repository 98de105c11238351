package io.hookrun.database.credentials;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The physical connections of the Hikari pool, each opened with the credentials {@link DatabaseCredentialsSource}
 * gives at that moment, and opened once more with fresh ones when the server refuses them (SQLState {@code 28P01}
 * invalid password or {@code 28000} invalid authorization specification, PostgreSQL's answers to a wrong password
 * and to a refused IAM token). The pool, and every connection already open, stays as it is: a rotated password
 * is picked up by the next connection the pool opens, with no restart.
 *
 * <p>Why a DataSource and not a pool hook: HikariCP 6.3.3 (the version Micronaut's BOM brings) has no credentials
 * provider ({@code HikariCredentialsProvider} arrived in HikariCP 7), and setting a new password through its MXBean
 * would only take effect after a failure nobody would be there to observe. Hikari uses a DataSource it is given as
 * is (it applies neither the JDBC URL nor the driver properties to it), so this class passes both to the driver
 * itself: the live {@code datasources.*.data-source-properties} (timeouts, {@code sslmode}) plus {@code user} and
 * {@code password}.
 */
public final class RotatingCredentialsDataSource implements DataSource {

    /** SQLStates of a refused login: PostgreSQL's invalid_password and invalid_authorization_specification. */
    static final Set<String> AUTHENTICATION_FAILED = Set.of("28P01", "28000");

    private final String url;
    private final Properties driverProperties;
    private final String driverClassName;
    private final DatabaseCredentialsSource credentials;
    private volatile Driver driver;
    private volatile int loginTimeoutSeconds;
    private volatile PrintWriter logWriter;

    /**
     * @param driverProperties read at each connection (not copied now), so defaults applied to the pool's
     *                         configuration after this is built still count
     */
    public RotatingCredentialsDataSource(String url, Properties driverProperties, String driverClassName,
                                         DatabaseCredentialsSource credentials) {
        this.url = url;
        this.driverProperties = driverProperties;
        this.driverClassName = driverClassName;
        this.credentials = credentials;
    }

    @Override
    public Connection getConnection() throws SQLException {
        DatabaseCredentials tried = credentials.current();
        try {
            return connect(tried);
        } catch (SQLException refused) {
            if (!isAuthenticationFailure(refused)) {
                throw refused;
            }
            DatabaseCredentials fresh = credentials.afterAuthenticationFailure(tried);
            if (fresh.equals(tried)) {
                throw refused;
            }
            try {
                return connect(fresh);
            } catch (SQLException again) {
                again.addSuppressed(refused);
                throw again;
            }
        }
    }

    /** Credentials come from the source only; the pool passes none (its username and password are unset). */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    /**
     * Drops the credentials held, for a SnapStart {@code beforeCheckpoint} hook (reach this through the pool bean:
     * {@code dataSource.unwrap(HikariDataSource.class).getDataSource()}): connections opened while priming leave no
     * password in the snapshot.
     */
    public void forgetCredentials() {
        credentials.forget();
    }

    /** The source of the credentials, for whoever needs to tell how this pool authenticates. */
    public DatabaseCredentialsSource credentialsSource() {
        return credentials;
    }

    static boolean isAuthenticationFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && AUTHENTICATION_FAILED.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private Connection connect(DatabaseCredentials with) throws SQLException {
        Properties properties = new Properties();
        synchronized (driverProperties) {
            driverProperties.forEach((key, value) -> properties.put(key, String.valueOf(value)));
        }
        properties.setProperty("user", with.username());
        properties.setProperty("password", with.password());
        if (loginTimeoutSeconds > 0) {
            properties.putIfAbsent("loginTimeout", Integer.toString(loginTimeoutSeconds));
        }
        Connection connection = driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("the driver " + driverClassName + " does not accept the URL " + url, "08001");
        }
        return connection;
    }

    private Driver driver() throws SQLException {
        Driver loaded = driver;
        if (loaded == null) {
            try {
                // This class's loader: ./hookrun local loads each function in a loader of its own, which
                // DriverManager's caller checks would not see.
                loaded = (Driver) Class.forName(driverClassName, true, getClass().getClassLoader())
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new SQLException("JDBC driver " + driverClassName + " cannot be loaded", "08001", e);
            }
            driver = loaded;
        }
        return loaded;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException(getClass().getSimpleName() + " wraps no " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
