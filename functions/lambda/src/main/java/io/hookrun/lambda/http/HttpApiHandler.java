package io.hookrun.lambda.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.DependencyFailures;
import io.hookrun.lambda.LambdaHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Base of the HTTP API handlers: reads the event into an {@link HttpApiRequest} and turns whatever escapes the
 * handler into the right problem. A dependency outage ({@link DependencyFailures}) is 503 with {@code Retry-After}:
 * the caller should retry. Anything else is a bug: 500 with the request id to quote, logged with its stack trace,
 * never with the request body or a secret. Every problem carries the request id as {@code requestId}.
 */
public abstract class HttpApiHandler extends LambdaHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @Inject
    protected HttpResponses responses;

    protected HttpApiHandler() {
    }

    protected HttpApiHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    /** Every problem answered carries the request id ({@link HttpResponses#withRequestId}). */
    @Override
    protected final APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Invocation invocation) {
        return responses.withRequestId(answer(event, invocation), invocation.requestId());
    }

    private APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event, Invocation invocation) {
        HttpApiRequest request;
        try {
            request = HttpApiRequest.of(event);
        } catch (IllegalArgumentException e) {
            return responses.problem(400, "malformed-request", "Malformed request", "the body is marked base64 but is not");
        }
        try {
            return handle(request, invocation);
        } catch (RuntimeException e) {
            return failed(request, invocation, e);
        }
    }

    /** Handles one request; exceptions that escape are answered by {@link #failed}. */
    protected abstract APIGatewayV2HTTPResponse handle(HttpApiRequest request, Invocation invocation);

    private APIGatewayV2HTTPResponse failed(HttpApiRequest request, Invocation invocation, RuntimeException e) {
        if (DependencyFailures.isDependencyFailure(e)) {
            LOG.warn("{} {} (request {}): a dependency is unavailable: {}", request.method(), request.path(),
                    invocation.requestId(), e.toString());
            return responses.problem(ProblemDetail.of(503, "unavailable", "Temporarily unavailable",
                    "a service hookrun depends on did not answer; nothing was changed, retry later"),
                    Map.of("Retry-After", RETRY_AFTER_SECONDS));
        }
        LOG.error("{} {} (request {}) failed with an unexpected error", request.method(), request.path(),
                invocation.requestId(), e);
        return responses.problem(ProblemDetail.of(500, "internal-error", "Internal error",
                "hookrun failed to handle this request; quote request id " + invocation.requestId()
                        + " when reporting it"), Map.of());
    }
}
