package io.hookrun.health;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * HealthFunction pings the database and never migrates it, so its jar carries the pool and the driver but neither
 * Flyway nor Micronaut Data (ADR 0004): its pom depends on {@code database}, not {@code run-history}. The test class
 * path is the function's runtime class path plus test libraries, so what is absent here is absent from the jar.
 */
class HealthClassPathTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "org.flywaydb.core.Flyway",
            "io.micronaut.data.jdbc.runtime.JdbcOperations",
            "io.micronaut.data.annotation.Repository",
            "io.hookrun.runhistory.JdbcRunHistory"})
    void healthClassPath_doesNotCarry(String className) {
        assertThatExceptionOfType(ClassNotFoundException.class)
                .isThrownBy(() -> Class.forName(className, false, getClass().getClassLoader()));
    }
}
