package io.hookrun.health;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What is deployed, for {@code GET /health}. Each value comes from the first of: the environment the template sets
 * ({@code HOOKRUN_VERSION}, {@code HOOKRUN_COMMIT}, {@code HOOKRUN_DEPLOYED_AT}, from the stack's parameters), the
 * build ({@code build.properties}, filtered by Maven: the project version, and the commit when the build was given
 * {@code -Dhookrun.commit=$(git rev-parse HEAD)}), the jar manifest's {@code Implementation-Version}, or
 * {@code "unknown"}. CloudFormation has no intrinsic for the deploy time, hence the parameter.
 *
 * @param version         hookrun's version
 * @param commit          the git commit the jar was built from
 * @param deployedAt      when the stack was deployed (ISO-8601), as {@code sam deploy} was told
 * @param functionVersion the Lambda function version serving ({@code AWS_LAMBDA_FUNCTION_VERSION}): with
 *                        {@code AutoPublishAlias}, a number that changes with every deployed change
 */
@Serdeable
public record BuildInfo(String version, String commit, String deployedAt, @Nullable String functionVersion) {

    static final String UNKNOWN = "unknown";
    private static final String BUILD_PROPERTIES = "/io/hookrun/health/build.properties";

    /** Environment first, then the build. */
    static BuildInfo of(String version, String commit, String deployedAt, String functionVersion) {
        Properties build = buildProperties();
        String manifest = BuildInfo.class.getPackage().getImplementationVersion();
        return new BuildInfo(first(version, build.getProperty("version"), manifest),
                first(commit, build.getProperty("commit")),
                first(deployedAt),
                functionVersion == null || functionVersion.isBlank() ? null : functionVersion);
    }

    /** Makes the bean: the values are read once per function instance. */
    @Factory
    static class BuildInfoFactory {

        @Singleton
        BuildInfo buildInfo(@Value("${hookrun.version:}") String version, @Value("${hookrun.commit:}") String commit,
                            @Value("${hookrun.deployed-at:}") String deployedAt,
                            @Value("${aws.lambda.function.version:}") String functionVersion) {
            return of(version, commit, deployedAt, functionVersion);
        }
    }

    /** The first value that is set: not blank, and not a Maven property left unfiltered ({@code ${...}}). */
    static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank() && !candidate.startsWith("${")) {
                return candidate.strip();
            }
        }
        return UNKNOWN;
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
