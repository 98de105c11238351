package io.hookrun.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookrun.lambda.http.ProblemDetail;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bodies of {@code GET /health/readiness} and {@code GET /health}: {@link Ready} with 200, {@link NotReady} with
 * 503. {@code GET /health} adds what is deployed ({@link BuildInfo}); readiness leaves those members out.
 */
final class HealthAnswer {

    private HealthAnswer() {
    }

    /** 200: every critical component is UP; {@code status} says UP or DEGRADED, {@code degraded} names which. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Ready(HealthStatus status, @Nullable String version, @Nullable String commit, @Nullable String deployedAt,
                 @Nullable String functionVersion, Instant checkedAt, Map<String, ComponentHealth> components,
                 List<String> degraded) {
    }

    /**
     * 503, an RFC 9457 problem ({@code application/problem+json}): {@code detail} and {@code down} name each critical
     * component that is DOWN and why, {@code components} has them all. {@code status} is the HTTP status, as RFC 9457
     * defines the member; {@code readiness} is {@code DOWN}.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record NotReady(String type, String title, int status, String detail, HealthStatus readiness,
                    @Nullable String version, @Nullable String commit, @Nullable String deployedAt,
                    @Nullable String functionVersion, Instant checkedAt, List<String> down, List<String> degraded,
                    Map<String, ComponentHealth> components) {
    }

    /** The body for {@code report}; {@code build} is null for readiness, set for {@code GET /health}. */
    static Object of(ReadinessCheck.Report report, @Nullable BuildInfo build) {
        String version = build == null ? null : build.version();
        String commit = build == null ? null : build.commit();
        String deployedAt = build == null ? null : build.deployedAt();
        String functionVersion = build == null ? null : build.functionVersion();
        if (report.ready()) {
            return new Ready(report.status(), version, commit, deployedAt, functionVersion, report.checkedAt(),
                    report.components(), report.degraded());
        }
        String detail = "hookrun cannot do its job: " + report.down().stream()
                .map(name -> name + " (" + report.components().get(name).detail() + ")")
                .collect(Collectors.joining(", "));
        return new NotReady(ProblemDetail.TYPE_BASE + "not-ready", "Not ready", 503, detail, report.status(),
                version, commit, deployedAt, functionVersion, report.checkedAt(), report.down(), report.degraded(),
                report.components());
    }
}
