package io.hookrun.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.hookrun.core.time.Deadline;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextProvider;

import java.io.Closeable;
import java.time.Duration;
import java.util.Optional;

/**
 * Base of every hookrun Lambda handler: one application context per function instance, built in the constructor
 * (so SnapStart snapshots it), and an invocation handed to {@link #handle} as plain values.
 *
 * <p>Why not micronaut-aws's {@code MicronautRequestHandler}: its {@code handleRequest} (final) registers the Lambda
 * {@code Context} as a new singleton on every invocation ({@code HandlerUtils.configureWithContext}). Nothing ever
 * removes them, so a warm function keeps every Context it has seen and each bean lookup scans them all: per-call
 * cost grows with the number of calls served (0.6 ms per call at first, 7-9 ms by call 6,000 on the health
 * handler; UpstreamRequestHandlerLeakIT reproduces it, micronaut-aws 4.11.0). Here the Context is never registered;
 * what the code needs of it (request id, remaining time) is passed as an {@link Invocation}, and WarmHandlerIT
 * checks that 20,000 invocations leave no Context behind and do not slow down.
 *
 * <p>Two constructors, as micronaut-aws handlers have: the no-argument one for the Lambda runtime, and one taking
 * an {@link ApplicationContextBuilder} for tests and {@code ./hookrun local}.
 *
 * @param <I> the event type the Lambda runtime deserialises
 * @param <O> the response type
 */
public abstract class LambdaHandler<I, O> implements RequestHandler<I, O>, ApplicationContextProvider, Closeable {

    /**
     * The context of the handler most recently constructed in this class loader: on Lambda, the only one. Only
     * {@link LambdaEventSerializer} reads it, because the Lambda runtime creates that serializer by itself and offers
     * no other way to hand it the handler's JSON mapper.
     */
    private static volatile ApplicationContext running;

    protected final ApplicationContext applicationContext;

    /** Used by the Lambda runtime: environments {@code function, lambda}, as micronaut-aws sets them. */
    protected LambdaHandler() {
        this(lambdaBuilder());
    }

    /** Used by {@code ./hookrun local} and tests: the context is built from this builder. */
    protected LambdaHandler(ApplicationContextBuilder builder) {
        ApplicationContext context = builder.build();
        if (!context.isRunning()) {
            context.start();
        }
        this.applicationContext = context;
        context.inject(this);
        running = context;
    }

    /** The context of the handler this JVM runs, once one is constructed and while it is open. */
    static Optional<ApplicationContext> runningContext() {
        ApplicationContext context = running;
        return context != null && context.isRunning() ? Optional.of(context) : Optional.empty();
    }

    /**
     * The builder Lambda's context starts from: the environments micronaut-aws sets ({@code function, lambda}), but
     * singletons created when first used, not at start-up: a liveness probe must not build a database pool, and a
     * cold start pays only for what its first request needs. Not {@code LambdaApplicationContextBuilder}: it turns
     * eager singletons on, and {@code eagerInitSingletons(false)} cannot turn them off again (it only ever adds
     * to the set of eagerly created annotations, micronaut-inject 4.10).
     */
    public static ApplicationContextBuilder lambdaBuilder() {
        return ApplicationContext.builder().environments("function", "lambda").eagerInitConfiguration(true);
    }

    @Override
    public final O handleRequest(I input, Context context) {
        return handle(input, Invocation.of(context));
    }

    /** Handles one event; {@code invocation} says which request this is and how long it may take. */
    protected abstract O handle(I input, Invocation invocation);

    @Override
    public ApplicationContext getApplicationContext() {
        return applicationContext;
    }

    @Override
    public void close() {
        applicationContext.close();
    }

    /**
     * What the code needs of the Lambda {@code Context}, without holding on to it.
     *
     * @param requestId the Lambda request id ({@code "-"} when invoked without a context)
     * @param deadline  when the invocation times out
     */
    public record Invocation(String requestId, Deadline deadline) {

        /** From the runtime's context; a null context (a direct call) has no deadline. */
        public static Invocation of(Context context) {
            if (context == null) {
                return new Invocation("-", Deadline.none());
            }
            String id = context.getAwsRequestId() == null ? "-" : context.getAwsRequestId();
            return new Invocation(id, Deadline.in(Duration.ofMillis(context.getRemainingTimeInMillis())));
        }
    }
}
