package io.hookrun.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.hookrun.core.time.Deadline;
import io.hookrun.core.trace.TraceContext;
import io.hookrun.core.trace.TraceHeader;
import io.hookrun.lambda.logging.LogContext;
import io.hookrun.lambda.telemetry.MetricNames;
import io.hookrun.lambda.telemetry.Metrics;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextProvider;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.MDC;

import java.io.Closeable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * <p>Around every invocation ({@link #handleRequest}): the MDC gets the Lambda {@code requestId} and the X-Ray
 * {@code traceId}, {@link TraceContext} the trace header the runtime gives the invocation (so the messages it sends
 * and the calls it makes continue that trace), the first invocation of an instance counts {@code ColdStart}, and the
 * function's {@link Metrics} are flushed once at the end, whatever happened; the MDC and trace are then cleared, so
 * nothing leaks into the next invocation.
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

    /**
     * The Lambda Java runtime sets each invocation's trace header as this system property before calling the handler
     * (aws-lambda-java-runtime-interface-client, {@code AWSLambda}; the X-Ray SDK's {@code LambdaSegmentContext}
     * reads it too): a Java process cannot change its own environment per invocation.
     */
    static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    /** Lambda's reserved variable for the trace header: the fallback when the property is absent. */
    static final String TRACE_HEADER_ENVIRONMENT = "_X_AMZN_TRACE_ID";

    protected final ApplicationContext applicationContext;
    /** The function's metrics, flushed after every invocation. */
    protected final Metrics metrics;
    /** True until the first invocation of this instance has counted its {@code ColdStart}. */
    private final AtomicBoolean coldStart = new AtomicBoolean(true);
    /**
     * Told by the SnapStart runtime that this instance was resumed from a snapshot: what priming recorded in the
     * metrics before the snapshot is dropped (synthetic requests are not traffic), and the next invocation counts
     * {@code ColdStart}. A field, because the CRaC context holds its resources weakly.
     */
    private final Resource snapshotListener = new Resource() {
        @Override
        public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        }

        @Override
        public void afterRestore(org.crac.Context<? extends Resource> context) {
            restoredFromSnapshot();
        }
    };

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
        this.metrics = context.getBean(Metrics.class);
        context.inject(this);
        running = context;
        Core.getGlobalContext().register(snapshotListener);
    }

    /** What {@link #snapshotListener} does after a restore; package-private so tests can run it without CRaC. */
    void restoredFromSnapshot() {
        metrics.discard();
        countNextInvocationAsColdStart();
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
        Invocation invocation = Invocation.of(context);
        Optional<TraceHeader> trace = invocationTrace();
        MDC.put(LogContext.REQUEST_ID, invocation.requestId());
        trace.ifPresent(header -> MDC.put(LogContext.TRACE_ID, header.root()));
        TraceContext.set(trace.orElse(null));
        try {
            if (coldStart.getAndSet(false)) {
                metrics.count(MetricNames.COLD_START, Map.of());
            }
            return handle(input, invocation);
        } finally {
            try {
                metrics.flush();
            } finally {
                TraceContext.clear();
                MDC.clear();
            }
        }
    }

    /**
     * Makes the next invocation count {@code ColdStart} again: for an instance restored from a SnapStart snapshot,
     * whose handler was constructed (and maybe primed) before the snapshot was taken.
     */
    public void countNextInvocationAsColdStart() {
        coldStart.set(true);
    }

    /** The invocation's trace header: the runtime's system property, else the environment variable. */
    static Optional<TraceHeader> invocationTrace() {
        Optional<TraceHeader> property = TraceHeader.parse(System.getProperty(TRACE_HEADER_PROPERTY));
        return property.isPresent() ? property : TraceHeader.parse(System.getenv(TRACE_HEADER_ENVIRONMENT));
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
