package io.hookrun.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Singleton;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Drives one warm handler through many invocations, each with a new Lambda {@link Context} as the runtime gives it,
 * and records what a leak would show: how long each call took, and which Contexts are still reachable afterwards.
 */
final class WarmInvocations {

    private final List<WeakReference<Context>> contexts = new ArrayList<>();
    private final long[] nanos;

    private WarmInvocations(int calls) {
        this.nanos = new long[calls];
    }

    /**
     * Invokes {@code handler} {@code calls} times with input {@code "call-<i>"}, a new context each time, and hands
     * each answer to {@code check}. The contexts are created and dropped inside this method, so that nothing but the
     * handler can keep one alive once it returns.
     */
    static WarmInvocations run(RequestHandler<String, String> handler, int calls, BiConsumer<String, String> check) {
        WarmInvocations run = new WarmInvocations(calls);
        for (int i = 0; i < calls; i++) {
            String input = "call-" + i;
            TrackedContext context = new TrackedContext("request-" + i);
            run.contexts.add(new WeakReference<>(context));
            long start = System.nanoTime();
            String answer = handler.handleRequest(input, context);
            run.nanos[i] = System.nanoTime() - start;
            check.accept(input, answer);
        }
        return run;
    }

    /** How many of the contexts are still reachable after full collections (a few tries: {@code gc()} is a hint). */
    int reachableContextsAfterGc() throws InterruptedException {
        int reachable = reachable();
        for (int attempt = 0; attempt < 10 && reachable > 0; attempt++) {
            System.gc();
            Thread.sleep(100);
            reachable = reachable();
        }
        return reachable;
    }

    private int reachable() {
        return (int) contexts.stream().filter(reference -> reference.get() != null).count();
    }

    /** The median time of calls {@code from} (inclusive) to {@code to} (exclusive), in microseconds. */
    double medianMicros(int from, int to) {
        long[] window = Arrays.copyOfRange(nanos, from, to);
        Arrays.sort(window);
        return window[window.length / 2] / 1_000.0;
    }

    /** The time calls {@code from} to {@code to} took together, in milliseconds. */
    double totalMillis(int from, int to) {
        return Arrays.stream(nanos, from, to).sum() / 1_000_000.0;
    }

    /** A bean the test handlers look up on every call, as a handler resolving its service would. */
    @Singleton
    static class Greeter {
        String greet(String name) {
            return "hello " + name;
        }
    }

    /** A Lambda context as the runtime creates one per invocation: its own request id, logger and deadline. */
    static final class TrackedContext implements Context {

        private final String requestId;
        private final long deadline = System.currentTimeMillis() + 20_000;

        TrackedContext(String requestId) {
            this.requestId = requestId;
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/warm";
        }

        @Override
        public String getLogStreamName() {
            return "warm";
        }

        @Override
        public String getFunctionName() {
            return "warm";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:warm";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, deadline - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                }

                @Override
                public void log(byte[] message) {
                }
            };
        }
    }
}
