package io.hookrun.lambda;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.ref.Reference;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reproduces, for the upstream report, what {@link WarmHandlerIT} guards against: the same 20,000-call loop on a
 * micronaut-aws {@code MicronautRequestHandler}, whose final {@code handleRequest} registers each invocation's Context
 * as a singleton ({@code HandlerUtils.configureWithContext}). It prints the time per 1,000 calls at the start, around
 * call 6,000 and at the end, and how many Contexts are still reachable after a full collection.
 *
 * <p>A measurement, not a check of hookrun: it runs only when asked, so the build never depends on upstream staying as
 * it is.
 * {@code ./mvnw -o -pl functions/lambda -am verify -Dit.test=UpstreamRequestHandlerLeakIT
 * -Dfailsafe.failIfNoSpecifiedTests=false -Dhookrun.upstream-leak=true}
 */
@EnabledIfSystemProperty(named = "hookrun.upstream-leak", matches = "true")
class UpstreamRequestHandlerLeakIT {

    /**
     * The same work as {@link WarmHandlerIT.GreetingHandler}, on micronaut-aws's handler base, with the same context
     * (hookrun's {@link LambdaHandler#lambdaBuilder()}): only the handler base differs.
     */
    static final class UpstreamGreetingHandler extends MicronautRequestHandler<String, String> {

        UpstreamGreetingHandler(ApplicationContextBuilder builder) {
            super(builder);
        }

        @Override
        public String execute(String input) {
            return getApplicationContext().getBean(WarmInvocations.Greeter.class).greet(input);
        }
    }

    @Test
    void micronautRequestHandler_twentyThousandInvocations() throws Exception {
        int calls = WarmHandlerIT.CALLS;
        int window = WarmHandlerIT.WINDOW;
        try (UpstreamGreetingHandler handler = new UpstreamGreetingHandler(LambdaHandler.lambdaBuilder())) {
            WarmInvocations run = WarmInvocations.run(handler, calls, (input, answer) ->
                    assertThat(answer).isEqualTo("hello " + input));
            int reachable = run.reachableContextsAfterGc();
            Reference.reachabilityFence(handler);

            System.out.printf(Locale.ROOT, "MicronautRequestHandler, %d calls of one warm handler (Java %s):%n", calls,
                    System.getProperty("java.version"));
            for (int end : new int[]{window, 6 * window, calls}) {
                System.out.printf(Locale.ROOT, "  calls %5d-%5d: %8.1f ms per 1,000 calls (median %.3f ms per call)%n",
                        end - window + 1, end, run.totalMillis(end - window, end),
                        run.medianMicros(end - window, end) / 1_000);
            }
            System.out.printf(Locale.ROOT, "  Lambda Contexts still reachable after System.gc(): %d of %d%n",
                    reachable, calls);
        }
    }
}
