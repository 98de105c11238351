package io.hookrun.lambda.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem document: every error hookrun answers over HTTP has this shape.
 *
 * @param type     a URI naming the kind of problem; clients switch on it, not on {@code title}
 * @param title    a short summary that does not change between occurrences
 * @param status   the HTTP status code, repeated for clients that only see the body
 * @param detail   what went wrong with this request; never contains secrets or stack traces
 * @param problems every individual problem, when one request has several (definition validation)
 * @param errors   structured individual problems (an event's JSON Schema violations: pointer and message)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(String type, String title, int status, @Nullable String detail,
                            @Nullable List<String> problems, @Nullable List<?> errors) {

    /** Base of the {@code type} URIs; they identify problems and need not resolve. */
    public static final String TYPE_BASE = "https://hookrun.dev/problems/";

    public static ProblemDetail of(int status, String slug, String title, String detail) {
        return new ProblemDetail(TYPE_BASE + slug, title, status, detail, null, null);
    }

    public ProblemDetail withProblems(List<String> problems) {
        return new ProblemDetail(type, title, status, detail, List.copyOf(problems), errors);
    }

    /** {@code errors} are serialised as they are: records annotated for Serde, or plain Java JSON values. */
    public ProblemDetail withErrors(List<?> errors) {
        return new ProblemDetail(type, title, status, detail, problems, List.copyOf(errors));
    }
}
