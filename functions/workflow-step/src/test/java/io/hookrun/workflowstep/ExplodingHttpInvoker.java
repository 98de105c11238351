package io.hookrun.workflowstep;

import io.hookrun.asl.HttpInvoker;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * For {@link AbandonedStepIT}: replaces the JDK HTTP client of {@code http:invoke} tasks in a context started with
 * {@code hookrun.test.http=explode}, and fails every call with an exception nothing expects (not an I/O error, not a
 * failure of the state), the way a bug in evaluation would.
 */
@Singleton
@Replaces(HttpInvoker.class)
@Requires(property = "hookrun.test.http", value = "explode")
public class ExplodingHttpInvoker implements HttpInvoker {

    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public HttpResult invoke(HttpCall call) {
        calls.incrementAndGet();
        throw new IllegalStateException("evaluation exploded calling " + call.uri().getHost());
    }

    int calls() {
        return calls.get();
    }
}
